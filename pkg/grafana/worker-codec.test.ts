import { describe, expect, it } from 'vitest';
import { packNumbers, unpackNumbers } from './worker-codec';

const roundTrip = (v: unknown) => {
  const transfer: ArrayBuffer[] = [];
  const packed = packNumbers(v, transfer);
  return { out: unpackNumbers(structuredClone(packed, { transfer })), transfer };
};

describe('worker codec', () => {
  it('sends long numeric arrays as moved Float64Arrays and gives the same data back', () => {
    const times = Array.from({ length: 100 }, (_, i) => 1.7e12 + i * 60_000);
    const values = times.map((_, i) => (i % 7 === 0 ? null : i % 5 === 0 ? Number.NaN : i === 3 ? -0 : i / 3));
    const input = { series: [{ labels: { gpu: '0' }, times, values, unit: 's' }], short: [1, 2, 3], opts: { k: 2 } };
    const { out, transfer } = roundTrip(input);
    expect(out).toEqual(input);
    expect(Object.is((out as typeof input).series[0]!.values[3], -0)).toBe(true);
    expect(transfer.length).toBe(3); // times, values, values' null mask
    expect(transfer.every((b) => b.byteLength === 0)).toBe(true); // moved, not copied
  });

  it('leaves mixed arrays, typed arrays, class instances and prototype-named keys as they are', () => {
    const mixed = Array.from({ length: 80 }, (_, i) => (i === 40 ? 'x' : i));
    const typed = new Float64Array([1, 2]);
    const labels = JSON.parse('{"__proto__": "p", "constructor": "c"}') as Record<string, string>;
    const input = { mixed, typed, when: new Date(0), labels, nested: [[...Array.from({ length: 70 }, () => null)]] };
    const { out } = roundTrip(input);
    expect(out).toEqual(input);
    expect(Object.keys((out as typeof input).labels)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf((out as typeof input).labels)).toBe(Object.prototype);
  });

  it('copies what it packs: the caller keeps its arrays', () => {
    const values = Array.from({ length: 64 }, (_, i) => i);
    const transfer: ArrayBuffer[] = [];
    packNumbers({ values }, transfer);
    expect(values[63]).toBe(63);
  });
});
