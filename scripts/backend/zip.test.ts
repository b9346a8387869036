// The zip writer, read back by an independent reader (Python's zipfile): names, Unix modes, contents.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeZip, zipEntry } from './zip';

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
