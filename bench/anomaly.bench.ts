// Detector throughput in points per second on one core, with a plain EWMA z-score loop measured in the same
// run as the baseline (ratio = detector throughput / EWMA throughput).
import { detect } from '../pkg/analytics/anomaly/detect';
import { dailyLags, ensembleScores } from '../pkg/analytics/anomaly/ensemble';
import type { BenchRow } from './run';

const N = 1_000_000;
const STEP_MS = 15_000;
const DAY = 86_400_000 / STEP_MS;

function syntheticSeries(n: number): { t: Float64Array; v: Float64Array } {
  let s = 12345;
  const u = () => (s = (s * 48271) % 2147483647) / 2147483647;
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    t[i] = 1_700_000_000_000 + i * STEP_MS;
    const spike = i % 50_000 === 25_000 ? 40 : 0;
    v[i] = 100 + 20 * Math.sin((2 * Math.PI * i) / DAY) + 3 * (u() + u() + u() - 1.5) + spike;
  }
  return { t, v };
}

function ewmaZ(values: Float64Array, alpha: number): Float64Array {
  const out = new Float64Array(values.length);
  let mean = values[0];
  let variance = 0;
  for (let i = 1; i < values.length; i++) {
    const x = values[i];
    const diff = x - mean;
    const sd = Math.sqrt(variance);
    out[i] = sd > 0 ? Math.abs(diff) / sd : 0;
    const incr = alpha * diff;
    mean += incr;
    variance = (1 - alpha) * (variance + diff * incr);
  }
  return out;
}

/** Best of `repeats` timed runs (after one warm-up run), in points per second. */
function pointsPerSecond(n: number, repeats: number, fn: () => unknown): number {
  fn();
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return n / (best / 1000);
}

export default async function run(): Promise<BenchRow[]> {
  const { t, v } = syntheticSeries(N);
  let sink = 0;
  const ewma = pointsPerSecond(N, 5, () => (sink += ewmaZ(v, 0.01)[N - 1]));
  const plain = pointsPerSecond(N, 3, () => (sink += ensembleScores(v)[N - 1]));
  const seasonal = pointsPerSecond(N, 3, () => (sink += ensembleScores(v, undefined, dailyLags(DAY))[N - 1]));
  const full = pointsPerSecond(N, 3, () => (sink += detect({ t, v }).score[N - 1]));
  if (Number.isNaN(sink)) throw new Error('benchmark produced NaN');
  const row = (name: string, value: number): BenchRow => ({
    name,
    value,
    unit: 'points/s',
    baseline: ewma,
    ratio: value / ewma,
  });
  return [
    { name: 'ewma z-score loop (baseline)', value: ewma, unit: 'points/s' },
    row('ensemble score, no seasonality', plain),
    row('ensemble score, daily seasonal', seasonal),
    row('detect() end to end (grid, bands, score, hold-off, windows; daily seasonal)', full),
  ];
}

if (process.argv[1]?.endsWith('anomaly.bench.ts')) {
  run().then((rows) => console.table(rows));
}
