import { describe, expect, it } from 'vitest';
import { ByteBuf, crc32c, ulid } from './encoding';
import { labelsFromKey } from './block';
import { XorChunk } from './xor';

describe('TSDB encodings', () => {
  it('CRC32-C matches the standard check value', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
  });

  it('varints match Go encoding/binary', () => {
    const b = new ByteBuf();
    b.uvarint(300);
    b.varint(-3);
    b.varint(1795000000000);
    expect([...b.view().slice(0, 3)]).toEqual([0xac, 0x02, 0x05]);
    // Zig-zag of a ms timestamp: 2·t as a uvarint.
    const c = new ByteBuf();
    c.uvarint(3590000000000);
    expect([...b.view().slice(3)]).toEqual([...c.view()]);
  });

  it('ULIDs are 26 Crockford characters sorting by time', () => {
    const a = ulid(1795000000000, new Uint8Array(10).fill(7));
    const b = ulid(1795000000001, new Uint8Array(10));
    expect(a).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(b > a).toBe(true);
  });

  it('labelsFromKey sorts labels bytewise with __name__ and unescapes values', () => {
    expect(labelsFromKey('m{b="x\\"y",Hostname="h",a="1"}')).toEqual([
      ['Hostname', 'h'],
      ['__name__', 'm'],
      ['a', '1'],
      ['b', 'x"y'],
    ]);
  });

  it('XOR chunk: raw first sample, uvarint delta, one bit for unchanged dod and value', () => {
    const c = new XorChunk();
    c.append(1000, 1.5);
    const one = c.bytes().length;
    expect(one).toBe(2 + 2 + 8); // count, varint(2000) = 2 bytes, 8-byte float
    c.append(16000, 1.5);
    c.append(31000, 1.5);
    const bytes = c.bytes();
    expect([bytes[0], bytes[1]]).toEqual([0, 3]);
    // Second sample: uvarint(15000)=2 bytes + 1 bit; third: 2 bits → fits in one more byte.
    expect(bytes.length).toBe(one + 3);
  });
});
