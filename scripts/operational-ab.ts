/**
 * The operational detector here against the same detector in another checkout (a tree of an earlier commit,
 * e.g. `git archive <commit> pkg | tar -x -C /tmp/other`), each bundled the way the plugin ships it:
 *   npx tsx scripts/operational-ab.ts outputs <other tree>   every output column compared bit for bit on NAB's
 *                                                            files (local data: ../shared/data/nab) under several
 *                                                            option sets; exits 1 on any difference
 *   npx tsx scripts/operational-ab.ts speed <other tree> [fleet|long|plain] [rounds]
 *                                                            CPU time of the anomaly-operational bench's cases,
 *                                                            both versions alternating in one process
 * For speed work that must not change results; the lasting check is operational-pinned.test.ts.
 */
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import { syntheticSeries } from '../bench/synthetic';
import type { DetectColumns, DetectSeries } from '../pkg/analytics/anomaly/detect';
import type { OperationalOptions } from '../pkg/analytics/anomaly/operational';
import { loadNabCorpus } from '../pkg/analytics/nab/corpus';
import { BACKEND_BUNDLE_OPTIONS } from './backend-bundle-options';

type Detector = (s: DetectSeries, o?: OperationalOptions) => DetectColumns;

async function loadDetector(root: string, dir: string, name: string): Promise<Detector> {
  const outfile = path.join(dir, `${name}.cjs`);
  const contents = "export { detectOperational } from './pkg/analytics/anomaly/operational';";
  await build({ ...BACKEND_BUNDLE_OPTIONS, stdin: { contents, resolveDir: root, loader: 'ts' }, outfile });
  return (createRequire(__filename)(outfile) as { detectOperational: Detector }).detectOperational;
}

const OPTION_SETS: OperationalOptions[] = [
  {},
  { unit: 's' },
  { unit: 'percent', sensitivity: 0.9 },
  { seasonality: 'daily' },
  { seasonality: 'none', sensitivity: 0.2 },
  { unit: 'short', baselineWindowMs: 1_800_000, adaptAfterMs: 3_600_000 },
  // Wide baseline windows (288 and 144 points at NAB's 5-minute step).
  { baselineWindowMs: 86_400_000 },
  { unit: 's', baselineWindowMs: 43_200_000, seasonality: 'daily' },
];

function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

function run(d: Detector, s: DetectSeries, o: OperationalOptions): DetectColumns | string {
  try {
    return d(s, o);
  } catch (e) {
    return String(e);
  }
}

function compareOutputs(here: Detector, other: Detector): number {
  let runs = 0;
  let points = 0;
  let differing = 0;
  const files = loadNabCorpus();
  for (const f of files) {
    // As given (a few files are out of order: both must reject them alike) and sorted by time.
    const order = f.timestamps.map((_, i) => i).sort((i, j) => f.timestamps[i] - f.timestamps[j]);
    const inputs = [
      { t: f.timestamps, v: f.values },
      { t: order.map((i) => f.timestamps[i]), v: order.map((i) => f.values[i]) },
    ];
    for (const s of inputs) {
      for (const o of OPTION_SETS) {
        const a = run(here, s, o);
        const b = run(other, s, o);
        runs++;
        const same =
          typeof a === 'string' || typeof b === 'string'
            ? a === b
            : (['expected', 'lower', 'upper', 'score', 'flag'] as const).every((k) => sameBits(a[k], b[k])) &&
              JSON.stringify([a.windows, a.notices, a.stepMs]) === JSON.stringify([b.windows, b.notices, b.stepMs]);
        if (typeof a !== 'string') points += a.score.length;
        if (!same) {
          differing++;
          console.log(`differs: ${f.name} ${JSON.stringify(o)}`);
        }
      }
    }
  }
  console.log(`${files.length} NAB files × ${OPTION_SETS.length} option sets (as given and sorted): ${runs} runs, ${points} points scored, ${differing} differing`);
  return differing;
}

const SPIKES = (i: number) => (i % 5_000 >= 4_000 && i % 5_000 < 4_200 ? 60 : 0);

function compareSpeed(here: Detector, other: Detector, which: string, rounds: number): void {
  const fleet = which === 'fleet' ? Array.from({ length: 1000 }, (_, k) => syntheticSeries(3 * 1440, 60_000, 1000 + k, SPIKES)) : [];
  const long = which === 'fleet' ? null : syntheticSeries(1_000_000, 15_000, 12345, SPIKES);
  const opts: OperationalOptions = which === 'plain' ? { unit: 's', seasonality: 'none' } : { unit: 's' };
  let sink = 0;
  const time = (d: Detector) => {
    const c0 = process.cpuUsage();
    if (long) sink += d(long, opts).flag.length;
    else for (const s of fleet) sink += d(s, opts).flag.length;
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1000;
  };
  time(other);
  time(here);
  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < rounds; r++) {
    b.push(time(other));
    a.push(time(here));
  }
  const best = (xs: number[]) => Math.min(...xs);
  console.log(`${which}: other ${best(b).toFixed(0)} ms, here ${best(a).toFixed(0)} ms (best of ${rounds} alternating; CPU time); here / other ${(best(a) / best(b)).toFixed(3)}`);
  console.log(`  other: ${b.map((x) => x.toFixed(0)).join(' ')}\n  here:  ${a.map((x) => x.toFixed(0)).join(' ')}  (${sink})`);
}

async function main(argv: string[]) {
  const [mode, otherTree, which = 'fleet', rounds = '5'] = argv;
  if ((mode !== 'outputs' && mode !== 'speed') || !otherTree) {
    console.error('usage: npx tsx scripts/operational-ab.ts outputs|speed <other tree> [fleet|long|plain] [rounds]');
    process.exit(2);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'llmops-ab-'));
  try {
    const here = await loadDetector(path.resolve(__dirname, '..'), dir, 'here');
    const other = await loadDetector(path.resolve(otherTree), dir, 'other');
    if (mode === 'outputs') process.exitCode = compareOutputs(here, other) ? 1 : 0;
    else compareSpeed(here, other, which, Number(rounds));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main(process.argv.slice(2));
