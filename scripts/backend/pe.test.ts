// Dropping a PE file's Authenticode signature: a minimal PE32+ header built here, with a certificate table at
// the end as signtool writes it.
import { describe, expect, it } from 'vitest';
import { exeKind } from './exe-format';
import { authenticodeRange, removeAuthenticode } from './pe';

const HEADER = 0x80;
const SECURITY_ENTRY = HEADER + 24 + 112 + 4 * 8;

function pe(body: number, cert?: Buffer): Buffer {
  const out = Buffer.alloc(body + (cert?.length ?? 0));
  out.write('MZ', 0, 'latin1');
  out.writeUInt32LE(HEADER, 0x3c);
  out.writeUInt32BE(0x50450000, HEADER);
  out.writeUInt16LE(0x8664, HEADER + 4); // x86-64
  out.writeUInt16LE(0x20b, HEADER + 24); // PE32+
  if (cert) {
    cert.copy(out, body);
    out.writeUInt32LE(body, SECURITY_ENTRY);
    out.writeUInt32LE(cert.length, SECURITY_ENTRY + 4);
  }
  return out;
}

describe('removeAuthenticode', () => {
  it('cuts the certificate table off the end and clears its directory entry', () => {
    const signed = pe(1024, Buffer.alloc(200, 7));
    expect(authenticodeRange(signed)).toEqual([1024, 200]);
    const unsigned = removeAuthenticode(signed);
    expect(unsigned.length).toBe(1024);
    expect(authenticodeRange(unsigned)).toBeUndefined();
    expect(unsigned.subarray(0, SECURITY_ENTRY).equals(signed.subarray(0, SECURITY_ENTRY))).toBe(true);
    expect(exeKind(unsigned)).toMatchObject({ format: 'pe', arch: 'amd64' });
  });

  it('leaves an unsigned file as it is', () => {
    const plain = pe(1024);
    expect(removeAuthenticode(plain)).toBe(plain);
  });

  it('refuses a table that does not end the file, and files that are not PE32+', () => {
    const odd = pe(1024, Buffer.alloc(200, 7));
    const longer = Buffer.concat([odd, Buffer.alloc(16)]);
    expect(() => removeAuthenticode(longer)).toThrow(/does not end the file/);
    expect(() => removeAuthenticode(Buffer.from('#!/bin/sh\n'.padEnd(512)))).toThrow(/not a PE file/);
  });
});
