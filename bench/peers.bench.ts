// Peer outliers (pkg/analytics/anomaly/peers.ts): speed and quality, against baselines measured in the same run.
// Speed: CPU time of the detector as shipped (esbuild bundle) on 1,000 replicas × 1 day at 15 s (5,760 points),
// on 125 hosts × 8 GPUs and on 100 replicas; baseline = a plain per-timestamp mean ± 3 sd peer z-score over the
// same data (ratio = detector time ÷ baseline time).
// Quality: synthetic peer groups (bench/peer-fleets.ts), 3 seeds each: one replica's p95 latency ×1.5 or ×3,
// one GPU's temperature +15 °C, healthy groups and a fleet-wide doubling; detection share, share of the fault's
// points flagged (recall) and false windows per series-day, for the detector, the mean/sd baseline and, when
// AUGURS_DIR names an installed @bsull/augurs package (`npm i @bsull/augurs@0.10.2` in a scratch directory;
// it is not a dependency), augurs' MAD and DBSCAN outlier detectors.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type * as Peers from '../pkg/analytics/anomaly/peers';
import { DAY_POINTS, latencyGroup, temperatureGroup, type PeerGroup } from './peer-fleets';
import { flagQuality, flagsFromIntervals, persistent } from './peer-quality';
import type { BenchRow } from './run';
import { loadAsShipped } from './shipped';
import { bestCpuTimes } from './timing';

type Detector = (g: PeerGroup) => Uint8Array[];
const SEEDS = [1, 2, 3];

/** Peer z-score with mean and standard deviation (not robust), 3 sd, the same majority-of-5 persistence. */
function meanSdFlags(series: Float64Array[], k = 3): Uint8Array[] {
  const m = series[0].length;
  const mean = new Float64Array(m);
  const sd = new Float64Array(m);
  for (let t = 0; t < m; t++) {
    let c = 0;
    let s = 0;
    let ss = 0;
    for (const row of series) {
      const v = row[t];
      if (v !== v) continue;
      c++;
      s += v;
      ss += v * v;
    }
    mean[t] = c >= 3 ? s / c : Number.NaN;
    sd[t] = c >= 3 ? Math.sqrt(Math.max(0, ss / c - (s / c) ** 2)) : Number.NaN;
  }
  return series.map((row) => {
    const raw = new Uint8Array(m);
    for (let t = 0; t < m; t++) raw[t] = Math.abs(row[t] - mean[t]) > k * sd[t] ? 1 : 0;
    return persistent(raw);
  });
}

interface Augurs {
  OutlierDetector: new (kind: 'mad' | 'dbscan', opts: { sensitivity: number }) => {
    detect(y: Float64Array[]): { seriesResults: Array<{ outlierIntervals: Array<{ start: number; end?: number }> }> };
    free(): void;
  };
}

/** augurs' outlier module from an installed package directory, its WASM initialised synchronously. */
async function loadAugurs(dir: string): Promise<Augurs> {
  const mod = (await import(path.join(dir, 'outlier.js'))) as Augurs & { initSync: (x: { module: Uint8Array }) => void };
  mod.initSync({ module: readFileSync(path.join(dir, 'outlier_bg.wasm')) });
  return mod;
}

function augursFlags(a: Augurs, kind: 'mad' | 'dbscan', sensitivity: number): Detector {
  return (g) => {
    const d = new a.OutlierDetector(kind, { sensitivity });
    try {
      const out = d.detect(g.series);
      return out.seriesResults.map((r) => persistent(flagsFromIntervals(g.series[0].length, r.outlierIntervals)));
    } finally {
      d.free();
    }
  };
}

const SCENARIOS: Array<{ name: string; make: (seed: number) => PeerGroup; temperature?: boolean }> = [
  { name: '100 replicas, one ×1.5', make: (s) => latencyGroup(100, DAY_POINTS, s, { series: 17, from: 3000, to: 3800, effect: 1.5 }) },
  { name: '100 replicas, one ×3', make: (s) => latencyGroup(100, DAY_POINTS, s, { series: 17, from: 3000, to: 3800, effect: 3 }) },
  { name: '8 replicas, one ×1.5', make: (s) => latencyGroup(8, DAY_POINTS, s, { series: 2, from: 1000, to: 1800, effect: 1.5 }) },
  { name: '3 replicas, one ×1.5', make: (s) => latencyGroup(3, DAY_POINTS, s, { series: 1, from: 1000, to: 1800, effect: 1.5 }) },
  { name: '8 GPUs, one +15 °C', make: (s) => temperatureGroup(8, DAY_POINTS, s, { series: 3, from: 2000, to: 2800, effect: 15 }), temperature: true },
  { name: '100 replicas healthy', make: (s) => latencyGroup(100, DAY_POINTS, s) },
  { name: '100 replicas, all ×2', make: (s) => surge(latencyGroup(100, DAY_POINTS, s)) },
  { name: '8 replicas healthy', make: (s) => latencyGroup(8, DAY_POINTS, s) },
  { name: '3 replicas healthy', make: (s) => latencyGroup(3, DAY_POINTS, s) },
  { name: '8 GPUs healthy', make: (s) => temperatureGroup(8, DAY_POINTS, s), temperature: true },
];

function surge(g: PeerGroup): PeerGroup {
  for (const row of g.series) for (let t = 3000; t < 3800; t++) row[t] *= 2;
  return g;
}

function qualityRows(label: string, detector: (g: PeerGroup, temperature: boolean) => Uint8Array[]): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const sc of SCENARIOS) {
    let detected = 0;
    let recall = 0;
    let falseWindows = 0;
    let seriesDays = 0;
    let planted = false;
    for (const seed of SEEDS) {
      const g = sc.make(seed * 7919);
      const q = flagQuality(g, detector(g, !!sc.temperature), DAY_POINTS);
      falseWindows += q.falseWindows;
      seriesDays += q.seriesDays;
      if (q.detected !== undefined) {
        planted = true;
        detected += q.detected ? 1 : 0;
        recall += q.recall!;
      }
    }
    const fw = falseWindows / seriesDays;
    if (planted) {
      rows.push({ name: `${label}: ${sc.name}: detected`, value: detected / SEEDS.length, unit: 'share' });
      rows.push({ name: `${label}: ${sc.name}: fault points flagged`, value: recall / SEEDS.length, unit: 'share' });
    }
    rows.push({ name: `${label}: ${sc.name}: false windows`, value: fw, unit: 'per series-day' });
  }
  return rows;
}

export default async function run(): Promise<BenchRow[]> {
  const { peerOutliers } = await loadAsShipped<Pick<typeof Peers, 'peerOutliers'>>({
    'pkg/analytics/anomaly/peers': ['peerOutliers'],
  });
  const rows: BenchRow[] = [];

  // Speed.
  const fleet = latencyGroup(1000, DAY_POINTS, 42).series;
  const hosts = Array.from({ length: 125 }, (_, h) => temperatureGroup(8, DAY_POINTS, 100 + h).series);
  const hundred = fleet.slice(0, 100);
  let sink = 0;
  const [base, big, gpus, mid] = bestCpuTimes(
    [
      () => (sink += meanSdFlags(fleet)[0][0]),
      () => (sink += peerOutliers(fleet).score[0][DAY_POINTS - 1]),
      () => hosts.forEach((h) => (sink += peerOutliers(h, { minAbsoluteEffect: 5, minRelativeEffect: 0 }).score[0][0])),
      () => (sink += peerOutliers(hundred).score[0][DAY_POINTS - 1]),
    ],
    5
  );
  const points = 1000 * DAY_POINTS;
  rows.push({ name: 'mean/sd peer z baseline, 1,000 × 5,760', value: base, unit: 'ms' });
  rows.push({ name: 'peerOutliers, 1,000 replicas × 5,760', value: big, unit: 'ms', baseline: base, ratio: big / base, note: `${((points / big) * 1e-3).toFixed(1)} M points/s` });
  rows.push({ name: 'peerOutliers, 125 hosts × 8 GPUs × 5,760', value: gpus, unit: 'ms', baseline: base, ratio: gpus / base });
  rows.push({ name: 'peerOutliers, 100 replicas × 5,760', value: mid, unit: 'ms', baseline: base / 10, ratio: mid / (base / 10), note: 'baseline: a tenth of the 1,000-series one' });

  const augursDir = process.env.AUGURS_DIR;
  const augurs = augursDir ? await loadAugurs(augursDir) : undefined;
  if (augurs) {
    const fleetG = { name: 'fleet', series: fleet };
    const hundredG = { name: 'hundred', series: hundred };
    const [b2, mad100, db100, mad1000, db1000] = bestCpuTimes(
      [
        () => (sink += meanSdFlags(fleet)[0][0]),
        () => (sink += augursFlags(augurs, 'mad', 0.5)(hundredG)[0][0]),
        () => (sink += augursFlags(augurs, 'dbscan', 0.5)(hundredG)[0][0]),
        () => (sink += augursFlags(augurs, 'mad', 0.5)(fleetG)[0][0]),
        () => (sink += augursFlags(augurs, 'dbscan', 0.5)(fleetG)[0][0]),
      ],
      2
    );
    rows.push({ name: 'augurs MAD, 100 replicas × 5,760', value: mad100, unit: 'ms', baseline: b2 / 10, ratio: mad100 / (b2 / 10) });
    rows.push({ name: 'augurs DBSCAN, 100 replicas × 5,760', value: db100, unit: 'ms', baseline: b2 / 10, ratio: db100 / (b2 / 10) });
    rows.push({ name: 'augurs MAD, 1,000 replicas × 5,760', value: mad1000, unit: 'ms', baseline: b2, ratio: mad1000 / b2 });
    rows.push({ name: 'augurs DBSCAN, 1,000 replicas × 5,760', value: db1000, unit: 'ms', baseline: b2, ratio: db1000 / b2 });
  }

  // Quality. Temperatures get the absolute effect floor the query layer would pass for °C.
  const floors = (temperature: boolean) => (temperature ? { minAbsoluteEffect: 5, minRelativeEffect: 0 } : {});
  rows.push(...qualityRows('peers', (g, temperature) => peerOutliers(g.series, floors(temperature)).flag));
  rows.push(...qualityRows('mean/sd baseline', (g) => meanSdFlags(g.series)));
  if (augurs) {
    rows.push(...qualityRows('augurs MAD s=0.5', augursFlags(augurs, 'mad', 0.5)));
    rows.push(...qualityRows('augurs DBSCAN s=0.9', augursFlags(augurs, 'dbscan', 0.9)));
  } else {
    rows.push({ name: 'augurs', value: Number.NaN, unit: '', note: 'not measured: set AUGURS_DIR to an installed @bsull/augurs' });
  }
  if (sink === 42.4242) rows.push({ name: 'sink', value: sink, unit: '' });
  return rows;
}
