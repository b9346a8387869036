// The plugin archives `npm run build` writes (build/archives/): one per platform with only that platform's
// backend, one with all, each a top folder named by the plugin id. The linux amd64 archive is extracted the
// way Grafana's installer does it (each entry's Unix mode, 0755 forced for *_linux_amd64 and the other
// entry-point suffixes) and the plugin started from there.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PLATFORM_ZIP_LIMIT_BYTES, platformOfFile } from '../../scripts/backend/archives';
import { PLATFORMS, entryName, platformId } from '../../scripts/backend/platforms';
import { repoRoot, startPlugin } from '../host';

const plugin = JSON.parse(readFileSync(path.join(repoRoot, 'dist', 'plugin.json'), 'utf8')) as { id: string; info: { version: string } };
const dir = path.join(repoRoot, 'build', 'archives');
const base = `${plugin.id}-${plugin.info.version}`;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'llmops-archive-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Lists a zip's entries, or extracts it applying Grafana's mode rules (pkg/plugins/storage extractFile). */
const PY = `
import json, os, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
if len(sys.argv) == 2:
    print(json.dumps([[i.filename, (i.external_attr >> 16) & 0o777] for i in z.infolist()]))
    sys.exit(0)
suffixes = ("_linux_amd64", "_linux_arm", "_linux_arm64", "_darwin_amd64", "_darwin_arm64", "_windows_amd64.exe")
for i in z.infolist():
    dest = os.path.join(sys.argv[2], i.filename)
    if i.filename.endswith("/"):
        os.makedirs(dest, exist_ok=True)
        continue
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    with open(dest, "wb") as f:
        f.write(z.read(i))
    os.chmod(dest, 0o755 if i.filename.endswith(suffixes) else (i.external_attr >> 16) & 0o777)
`;

function entries(zip: string): Array<[string, number]> {
  if (!existsSync(zip)) throw new Error(`${path.relative(repoRoot, zip)} is missing: run npm run build (archives need the frontend and every platform)`);
  return JSON.parse(execFileSync('python3', ['-c', PY, zip], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 })) as Array<[string, number]>;
}

describe('plugin archives', () => {
  for (const p of PLATFORMS) {
    it(`${platformId(p)}: top folder ${plugin.id}/, this platform's backend only, exec bits kept`, () => {
      const list = entries(path.join(dir, `${base}.${platformId(p)}.zip`));
      expect(list.every(([name]) => name.startsWith(`${plugin.id}/`))).toBe(true);
      const names = list.map(([n]) => n.slice(plugin.id.length + 1));
      expect(names).toContain('plugin.json');
      expect(names).toContain('datasource/plugin.json');
      expect(names).toContain(`datasource/${entryName(p)}`);
      const foreign = names.filter((n) => !n.endsWith('/') && platformOfFile(n) && platformOfFile(n) !== p);
      expect(foreign).toEqual([]);
      const mode = new Map(list.map(([n, m]) => [n.slice(plugin.id.length + 1), m]));
      expect(mode.get(`datasource/${entryName(p)}`)).toBe(0o755);
    });
  }

  it('the all-platform archive holds every platform\'s entry point', () => {
    const names = entries(path.join(dir, `${base}.zip`)).map(([n]) => n);
    for (const p of PLATFORMS) expect(names).toContain(`${plugin.id}/datasource/${entryName(p)}`);
  });

  it('linux_amd64, installed the way Grafana extracts it, starts and answers', async () => {
    const zip = path.join(dir, `${base}.linux_amd64.zip`);
    entries(zip);
    execFileSync('python3', ['-c', PY, zip, tmp]);
    const p = await startPlugin({ executable: path.join(tmp, plugin.id, 'datasource', 'gpx_llmops_linux_amd64') });
    try {
      expect(await p.health()).toBe('SERVING');
      const json = await p.queryJson([{ refId: 'A', queryType: 'test', model: { seriesCount: 1, points: 5 } }]);
      expect(json.results.A!.frames).toHaveLength(1);
    } finally {
      await p.close();
    }
  });

  it(`holds every platform's archive to the ${PLATFORM_ZIP_LIMIT_BYTES / 1e6} MB goal (issue 16)`, () => {
    const over: string[] = [];
    for (const p of PLATFORMS) {
      const file = path.join(dir, `${base}.${platformId(p)}.zip`);
      const bytes = statSync(file).size;
      console.log(`${path.basename(file)} (${p.packaging}): ${(bytes / 1e6).toFixed(2)} MB${bytes > PLATFORM_ZIP_LIMIT_BYTES ? ' (over the goal)' : ''}`);
      if (bytes > PLATFORM_ZIP_LIMIT_BYTES) over.push(`${platformId(p)}: ${bytes} bytes`);
    }
    expect(over).toEqual([]);
  });
});
