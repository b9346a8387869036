// The compute worker's hand-off: the anomaly detector on 800 series × 2,881 points (a GPU fleet's day
// plus a day of history) run inline and in a one-worker pool, alternating; the difference is what moving
// the series to the worker and the scores back costs. Long numeric arrays travel as moved Float64Arrays
// (pkg/grafana/worker-codec.ts). The executable runs on Bun: `bun bench/worker-handoff.bench.ts` prints
// the same rows there (the Node numbers come from `npm run bench worker-handoff`).
import { inlineCompute, poolCompute } from '../pkg/compute';
import { BACKEND_BUNDLE_OPTIONS } from '../scripts/backend-bundle-options';
import type { BenchRow } from './run';
import { median } from './timing';

const SERIES = 800;
const POINTS = 2881;
const T0 = 1_767_000_000_000;

function input() {
  const series = Array.from({ length: SERIES }, (_, k) => {
    const times = Array.from({ length: POINTS }, (_, i) => T0 + i * 60_000);
    // First day empty (as a 1-day TSDB read over 2 days), then a daily-ish wave with a deterministic wobble.
    const values = times.map((_, i) => (i < 1440 ? null : 50 + 10 * Math.sin(i / 30 + k) + ((i * 37 + k) % 11)));
    return { labels: { gpu: String(k % 8), hostname: `h${k >> 3}` }, name: `s${k}`, valueName: 'value', times, values, config: { unit: 'percent' } };
  });
  const panel = { from: T0 + 1440 * 60_000, to: T0 + 2880 * 60_000 };
  return {
    series,
    own: { detector: { preset: 'operational' as const, sensitivity: 0.5, seasonality: 'none' as const }, panel, wantedHistoryMs: 86_400_000 },
    stopped: { panel, stepMs: 60_000, adaptAfterMs: 7_200_000 },
    answer: { maxPoints: 2_000_000, maxBytes: 64 * 1048576 },
  };
}

export default async function run(): Promise<BenchRow[]> {
  const source = JSON.parse(BACKEND_BUNDLE_OPTIONS.define.LLMOPS_COMPUTE_WORKER_SOURCE) as string;
  const pool = poolCompute(source, 1);
  const task = input();
  const inline: number[] = [];
  const pooled: number[] = [];
  try {
    // One warm-up each, then alternating rounds.
    await inlineCompute.run('anomalyScore', task);
    await pool.run('anomalyScore', task);
    for (let r = 0; r < 5; r++) {
      let t = performance.now();
      await inlineCompute.run('anomalyScore', task);
      inline.push(performance.now() - t);
      t = performance.now();
      await pool.run('anomalyScore', task);
      pooled.push(performance.now() - t);
    }
  } finally {
    await pool.close();
  }
  const a = median(pooled);
  const b = median(inline);
  return [{ name: `anomalyScore ${SERIES} series × ${POINTS} points in a worker (median of 5)`, value: a, unit: 'ms', baseline: b, ratio: a / b, note: `baseline: inline; hand-off ${(a - b).toFixed(0)} ms; ${typeof Bun === 'undefined' ? 'Node' : 'Bun'}` }];
}

declare const Bun: unknown;

if (typeof Bun !== 'undefined' && process.argv[1]?.endsWith('worker-handoff.bench.ts')) void run().then((rows) => console.table(rows));
