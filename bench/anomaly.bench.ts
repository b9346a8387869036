// Detector throughput in points per second on one core, with a plain EWMA z-score loop measured in the same
// run as the baseline (ratio = detector throughput / EWMA throughput). The machines are shared, so every
// measure is timed in rounds interleaved with the baseline, by the process's CPU time (user + system, which
// time slices lost to other processes do not inflate), and the best round of each is kept.
// The detector is measured as it ships: one esbuild bundle, as in the executable. (Not next to a copy loaded
// module by module through tsx: merely loading that copy in the same process made the bundle's scoring loop
// measurably slower, 45 → 50 ns per point, for reasons inside V8 we did not pin down.)
import type * as Detect from '../pkg/analytics/anomaly/detect';
import type * as Ensemble from '../pkg/analytics/anomaly/ensemble';
import type { BenchRow } from './run';
import { loadAsShipped } from './shipped';
import { ewmaZ, syntheticSeries } from './synthetic';
import { bestCpuTimes } from './timing';

type Detector = Pick<typeof Detect, 'detect' | 'detectColumns'> & Pick<typeof Ensemble, 'dailyLags' | 'ensembleScores'>;

const N = 1_000_000;
const STEP_MS = 15_000;
const DAY = 86_400_000 / STEP_MS;
const ROUNDS = 7;

/** One 40-unit spike every 50,000 points. */
const SPIKES = (i: number) => (i % 50_000 === 25_000 ? 40 : 0);

export default async function run(): Promise<BenchRow[]> {
  const { detect, detectColumns, dailyLags, ensembleScores } = await loadAsShipped<Detector>({
    'pkg/analytics/anomaly/detect': ['detect', 'detectColumns'],
    'pkg/analytics/anomaly/ensemble': ['dailyLags', 'ensembleScores'],
  });
  const { t, v } = syntheticSeries(N, STEP_MS, 12345, SPIKES);
  // A dashboard panel: 50 series of 7 days at 1-minute steps.
  const panel = Array.from({ length: 50 }, (_, k) => syntheticSeries(7 * 1440, 60_000, 1000 + k, SPIKES));
  const panelPoints = panel.reduce((a, s) => a + s.v.length, 0);
  const lags = dailyLags(DAY);
  let sink = 0;
  const ewmaLoop = () => (sink += ewmaZ(v, 0.01)[N - 1]);
  // Two groups, each interleaved with the baseline: the end-to-end calls build large arrays of boxed numbers,
  // and the garbage collector's threads marking them (whose CPU time the process total includes) would
  // otherwise be charged to the scoring rows measured between them.
  // The default detector first, while the process has run nothing else.
  const [ewma, seasonal] = bestCpuTimes(
    [
      ewmaLoop,
      // With lags and no medians given, the ensemble computes the same-phase medians itself, block by block.
      () => (sink += ensembleScores(v, undefined, lags)[N - 1]),
    ],
    ROUNDS
  );
  const [ewmaOthers, plain] = bestCpuTimes([ewmaLoop, () => (sink += ensembleScores(v)[N - 1])], ROUNDS);
  const [ewmaEndToEnd, columns, full, panelMs] = bestCpuTimes(
    [
      ewmaLoop,
      () => (sink += detectColumns({ t, v }).score[N - 1]),
      () => (sink += detect({ t, v }).score[N - 1]),
      () => {
        for (const s of panel) sink += detect({ t: s.t, v: s.v }).score[0];
      },
    ],
    ROUNDS
  );
  if (Number.isNaN(sink)) throw new Error('benchmark produced NaN');
  const rate = (ms: number, points = N) => points / (ms / 1000);
  const row = (name: string, value: number, note?: string, baselineMs = ewma): BenchRow => ({
    name,
    value,
    unit: 'points/s',
    baseline: rate(baselineMs),
    ratio: value / rate(baselineMs),
    note,
  });
  return [
    { name: 'ewma z-score loop (baseline)', value: rate(ewma), unit: 'points/s' },
    row('score only: ensemble, no seasonality (series < 2 days)', rate(plain), undefined, ewmaOthers),
    row(
      'score only: ensemble + daily seasonal, medians included (the default detector on ≥ 2 days)',
      rate(seasonal),
      'goal ≥ 20 M'
    ),
    row('detectColumns() end to end (typed-array output)', rate(columns), undefined, ewmaEndToEnd),
    row('detect() end to end (number|null arrays)', rate(full), 'boxing 3 nullable arrays dominates', ewmaEndToEnd),
    {
      name: 'detect() on a panel: 50 series × 10,080 points (7 d at 1 min)',
      value: panelMs,
      unit: 'ms',
      note: `${(rate(panelMs, panelPoints) / 1e6).toFixed(2)} M points/s`,
    },
  ];
}

if (process.argv[1]?.endsWith('anomaly.bench.ts')) {
  run().then((rows) => console.table(rows));
}
