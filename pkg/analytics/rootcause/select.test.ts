import { describe, expect, it } from 'vitest';
import { quantileSorted } from './robust';
import { selectRank } from '../anomaly/stats';
import { quantilesInPlace, Scratch } from './select';

function rng(seed: number) {
  let x = seed;
  return () => (x = (x * 48271) % 2147483647) / 2147483647;
}

const u = rng(42);
/** Awkward shapes for a quickselect: ramps, organ pipe, few distinct values, signed zeros, heavy tail. */
const SHAPES: Record<string, (i: number, n: number) => number> = {
  noise: () => u(),
  ramp: (i) => i,
  descending: (i, n) => n - i,
  organ: (i, n) => Math.min(i, n - i),
  levels: () => Math.floor(u() * 3),
  zeros: () => (u() < 0.5 ? -0 : 0),
  signed: () => [-1, -0, 0, 1][Math.floor(u() * 4)],
  heavy: () => Math.exp(30 * u() ** 3),
};

describe('quantilesInPlace', () => {
  it('equals quantileSorted on a sorted copy, -0 included', () => {
    const qs = [0, 0.05, 0.25, 0.5, 0.5, 0.75, 0.95, 1];
    for (const [name, f] of Object.entries(SHAPES)) {
      for (const n of [1, 2, 3, 4, 5, 8, 17, 100, 1001]) {
        const values = Float64Array.from({ length: n }, (_, i) => f(i, n));
        const sorted = Float64Array.from(values).sort();
        const out = qs.map(() => NaN);
        quantilesInPlace(Float64Array.from(values), n, qs, out);
        // toBe compares with Object.is, so -0 and +0 differ.
        qs.forEach((q, j) => expect(out[j], `${name} n=${n} q=${q}`).toBe(quantileSorted(sorted, q)));
      }
    }
  });
  it('only reads the first n entries', () => {
    const buf = Float64Array.from([3, 1, 2, 100, -100]);
    const out = [0];
    quantilesInPlace(buf, 3, [0.5], out);
    expect(out[0]).toBe(2);
    expect([...buf.subarray(3)]).toEqual([100, -100]);
  });
});

describe('selectRank', () => {
  it('returns rank k with the smaller values before it and the larger after', () => {
    for (const [name, f] of Object.entries(SHAPES)) {
      const n = 500;
      const buf = Float64Array.from({ length: n }, (_, i) => f(i, n));
      const sorted = Float64Array.from(buf).sort();
      for (const k of [0, 1, 124, 250, 499]) {
        const v = selectRank(buf, n, k);
        expect(v === sorted[k], `${name} k=${k}`).toBe(true);
        for (let i = 0; i < k; i++) expect(buf[i] <= v).toBe(true);
        for (let i = k + 1; i < n; i++) expect(buf[i] >= v).toBe(true);
      }
    }
  });
});

describe('Scratch', () => {
  it('grows on demand and keeps what it held', () => {
    const s = new Scratch();
    const a = s.get(10);
    a[3] = 7;
    const b = s.get(100_000);
    expect(b.length).toBeGreaterThanOrEqual(100_000);
    expect(b[3]).toBe(7);
    expect(s.get(5)).toBe(b);
  });
});
