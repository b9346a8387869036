/**
 * Writes pkg/analytics/anomaly/__fixtures__/operational-pinned.json: the operational detector's output on the
 * fixed inputs of operational-pinned-cases.ts, which operational-pinned.test.ts holds every later version to
 * (bit for bit). Run once at the commit whose results are the reference, and again only when a change of the
 * detector's results is intended (say so in the commit):
 *   npx tsx scripts/write-operational-fixture.ts
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { pinnedCases, summarise } from '../pkg/analytics/anomaly/__fixtures__/operational-pinned-cases';
import { detectOperational } from '../pkg/analytics/anomaly/operational';

function main() {
  const root = path.resolve(__dirname, '..');
  const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  const dirty = execFileSync('git', ['status', '--porcelain', '--', 'pkg/analytics/anomaly'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((l) => l && !l.includes('__fixtures__/'));
  const cases = pinnedCases().map((c) => summarise(c.name, detectOperational(c.series, c.opts)));
  const out = path.join(root, 'pkg/analytics/anomaly/__fixtures__/operational-pinned.json');
  const fixture = {
    generatedBy: 'npx tsx scripts/write-operational-fixture.ts',
    detectorCommit: dirty.length ? `${commit} with local changes to pkg/analytics/anomaly` : commit,
    cases,
  };
  fs.writeFileSync(out, JSON.stringify(fixture, null, 1) + '\n');
  console.log(`${path.relative(root, out)}: ${cases.length} cases from ${fixture.detectorCommit}`);
}

main();
