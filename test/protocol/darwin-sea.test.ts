// The darwin executables (Node SEAs of the plain bundle, signed ad hoc) cannot start here: no macOS. What can
// be checked is checked on the shipped files: the signature's page hashes match (and a changed byte in any
// page is caught), and the exact blob each one carries runs on a linux Node of the same version through the
// Grafana test host — the same script, flags and Node release, only the OS differs.
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSignature, parseMachO, sectionData } from '../../scripts/backend/macho';
import { nodeBinary } from '../../scripts/backend/node-sea';
import { PLATFORMS, entryName, nodeVersionOf, platformId } from '../../scripts/backend/platforms';
import { injectSeaBlob } from '../../scripts/backend/sea';
import { MACHO_SEA_SECTION, MACHO_SEA_SEGMENT, machoSeaProblem, seaFuse } from '../../scripts/backend/sea-resource';
import { distDatasource, repoRoot, requireExecutable, startPlugin } from '../host';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'llmops-darwin-sea-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const cache = path.join(repoRoot, 'build', 'runtimes');
const linuxX64 = PLATFORMS.find((p) => p.goos === 'linux' && p.goarch === 'amd64')!;

for (const p of PLATFORMS.filter((q) => q.goos === 'darwin')) {
  describe(`${platformId(p)}: Node ${nodeVersionOf(p)} SEA`, () => {
    const file = () => readFileSync(requireExecutable(path.join(distDatasource, entryName(p))));

    it('is signed ad hoc over every page, carries the blob, and any changed page fails the check', () => {
      const bytes = file();
      expect(checkSignature(bytes)).toEqual({ signed: true, adhoc: true, identifier: 'gpx_llmops', badPages: 0 });
      expect(machoSeaProblem(bytes)).toBeUndefined();
      const pages = Math.ceil(parseMachO(bytes).signature!.dataoff / 4096);
      const blobAt = parseMachO(bytes).segments.find((s) => s.name === MACHO_SEA_SEGMENT)!.fileoff;
      for (const at of [100, blobAt + 10, Math.floor(bytes.length / 2)]) {
        bytes[at]! ^= 0x01;
        expect(checkSignature(bytes)).toMatchObject({ badPages: 1, problem: `1 of ${pages} pages do not match their hashes` });
        bytes[at]! ^= 0x01;
      }
    });

    it(`starts from npm's ${p.nodePackage}@${nodeVersionOf(p)}: the Node.js Foundation's signed build, every page as signed`, () => {
      const log = (m: string) => process.stderr.write(`${m}\n`);
      const node = readFileSync(nodeBinary(cache, p, log));
      // HX7739G8FX: the team of "Developer ID Application: Node.js Foundation" (the CMS signature itself was
      // checked by hand with openssl; see the README's platform table).
      expect(checkSignature(node)).toEqual({ signed: true, adhoc: false, identifier: 'node', teamId: 'HX7739G8FX', badPages: 0 });
    });

    it(`its blob, on npm's linux x64 Node ${nodeVersionOf(p)}, handshakes, serves and answers through the test host`, async () => {
      const blob = sectionData(file(), MACHO_SEA_SEGMENT, MACHO_SEA_SECTION)!;
      const twin = path.join(tmp, `linux-twin-${platformId(p)}`);
      const log = (m: string) => process.stderr.write(`${m}\n`);
      copyFileSync(nodeBinary(cache, { ...linuxX64, nodeVersion: nodeVersionOf(p) }, log), twin);
      await injectSeaBlob(twin, blob);
      expect(seaFuse(readFileSync(twin))).toBe('flipped');
      const plugin = await startPlugin({ executable: twin });
      try {
        expect(await plugin.health()).toBe('SERVING');
        const json = await plugin.queryJson([{ refId: 'A', queryType: 'test', model: { seriesCount: 2, points: 5 } }]);
        expect(json.results.A!.frames).toHaveLength(2);
      } finally {
        await plugin.close();
      }
    }, 120_000);
  });
}
