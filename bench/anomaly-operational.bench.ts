// The operational detector (the anomaly query's default) in points per second on one core, against a plain
// EWMA z-score loop measured in the same run (ratio = detector / EWMA), as bundled for the executable. Also
// the fleet case of issue 15: 1,000 series of one day at 1-minute steps, read with the default 3 days of
// history (4,320 points each), timed end to end (goal ≤ 2 s).
import type * as Operational from '../pkg/analytics/anomaly/operational';
import type { BenchRow } from './run';
import { loadAsShipped } from './shipped';
import { ewmaZ, syntheticSeries } from './synthetic';
import { bestCpuTimes } from './timing';

type Detector = Pick<typeof Operational, 'detectOperational'>;

const ROUNDS = 5;

/** A 200-point incident every 5,000 points. */
const SPIKES = (i: number) => (i % 5_000 >= 4_000 && i % 5_000 < 4_200 ? 60 : 0);

export default async function run(): Promise<BenchRow[]> {
  const { detectOperational } = await loadAsShipped<Detector>({ 'pkg/analytics/anomaly/operational': ['detectOperational'] });
  const N = 1_000_000;
  const long = syntheticSeries(N, 15_000, 12345, SPIKES);
  const fleet = Array.from({ length: 1000 }, (_, k) => syntheticSeries(3 * 1440, 60_000, 1000 + k, SPIKES));
  const fleetPoints = fleet.reduce((a, s) => a + s.v.length, 0);
  let sink = 0;
  const [ewma, seasonal, plain, fleetMs] = bestCpuTimes(
    [
      () => (sink += ewmaZ(long.v, 0.01)[N - 1]),
      () => (sink += detectOperational(long, { unit: 's' }).score[N - 1]),
      () => (sink += detectOperational(long, { unit: 's', seasonality: 'none' }).score[N - 1]),
      () => {
        for (const s of fleet) sink += detectOperational(s, { unit: 's' }).score[0];
      },
    ],
    ROUNDS
  );
  if (Number.isNaN(sink)) throw new Error('benchmark produced NaN');
  const rate = (ms: number, points = N) => points / (ms / 1000);
  const row = (name: string, ms: number, note?: string): BenchRow => ({
    name,
    value: rate(ms),
    unit: 'points/s',
    baseline: rate(ewma),
    ratio: rate(ms) / rate(ewma),
    note,
  });
  return [
    { name: 'ewma z-score loop (baseline)', value: rate(ewma), unit: 'points/s' },
    row('operational detector, daily seasonal (≥ 2 days of history)', seasonal),
    row('operational detector, no seasonality', plain),
    {
      name: 'operational detector: 1,000 series × 3 days at 1 min (1 day shown)',
      value: fleetMs,
      unit: 'ms',
      note: `goal ≤ 2000 ms; ${(rate(fleetMs, fleetPoints) / 1e6).toFixed(2)} M points/s`,
    },
  ];
}

if (process.argv[1]?.endsWith('anomaly-operational.bench.ts')) {
  run().then((rows) => console.table(rows));
}
