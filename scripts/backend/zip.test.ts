// The zip writer, read back by an independent reader (Python's zipfile): names, Unix modes, contents.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { strongDeflateAvailable, writeZip, zipEntry } from './zip';

const dir = mkdtempSync(path.join(os.tmpdir(), 'zip-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const READ = `
import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
print(json.dumps([[i.filename, i.external_attr >> 16, i.compress_type, z.read(i).decode('latin1')] for i in z.infolist()]))
`;

describe('writeZip', () => {
  it('writes entries another reader extracts with their Unix modes and exact bytes', () => {
    const big = 'grafana '.repeat(10_000);
    const file = path.join(dir, 'a.zip');
    const bytes = writeZip(file, [
      zipEntry('plugin/', Buffer.alloc(0), 0o755),
      zipEntry('plugin/gpx_llmops_linux_amd64', Buffer.from('#!/bin/sh\n'), 0o755),
      zipEntry('plugin/README.md', Buffer.from(big), 0o644),
    ]);
    expect(bytes).toBeLessThan(big.length / 10); // deflated
    const entries = JSON.parse(execFileSync('python3', ['-c', READ, file], { encoding: 'utf8' })) as Array<[string, number, number, string]>;
    expect(entries).toEqual([
      ['plugin/', 0o040755, 0, ''],
      ['plugin/gpx_llmops_linux_amd64', 0o100755, 0, '#!/bin/sh\n'],
      ['plugin/README.md', 0o100644, 8, big],
    ]);
  });
});

describe('zipEntry', () => {
  it('deflates with libdeflate when installed (smaller than zlib level 9), and the stream inflates to the input', () => {
    // Varied, compressible input larger than the 4 KiB below which zlib is used.
    const words = Array.from({ length: 20_000 }, (_, i) => `series_${(i * 7919) % 1000}{model="m${i % 13}"} ${(i * 0.37).toFixed(2)}`);
    const content = Buffer.from(words.join('\n'));
    const e = zipEntry('x/metrics.txt', content, 0o644);
    expect(e.method).toBe(8);
    expect(inflateRawSync(e.data).equals(content)).toBe(true);
    expect(e.crc).toBe(crc32(content));
    const zlib9 = deflateRawSync(content, { level: 9 }).length;
    if (strongDeflateAvailable()) expect(e.data.length).toBeLessThan(zlib9);
    else expect(e.data.length).toBe(zlib9);
  });
});
