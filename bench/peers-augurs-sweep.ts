// The full comparison behind docs/peer-outliers.md: our peer-outlier detector against augurs' MAD and DBSCAN
// outlier detectors at every sensitivity, raw and with the same majority-of-5 persistence, 5 seeds per group.
// Not a bench (it takes minutes): `AUGURS_DIR=<dir>/node_modules/@bsull/augurs npx tsx bench/peers-augurs-sweep.ts`
// after `npm init -y && npm i @bsull/augurs@0.10.2` in a scratch directory <dir>. Without AUGURS_DIR only ours runs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { peerOutliers } from '../pkg/analytics/anomaly/peers';
import { DAY_POINTS, latencyGroup, temperatureGroup, type PeerGroup } from './peer-fleets';
import { flagQuality, flagsFromIntervals, persistent } from './peer-quality';

type Detector = (g: PeerGroup) => Uint8Array[];

interface Augurs {
  initSync(x: { module: Uint8Array }): void;
  OutlierDetector: new (kind: string, opts: { sensitivity: number }) => {
    detect(y: Float64Array[]): { seriesResults: Array<{ outlierIntervals: Array<{ start: number; end?: number }> }> };
    free(): void;
  };
}

function surge(g: PeerGroup): PeerGroup {
  for (const row of g.series) for (let t = 3000; t < 3800; t++) row[t] *= 2;
  return g;
}

const P = DAY_POINTS;
const SCENARIOS: Array<[string, (seed: number) => PeerGroup]> = [
  ['100 ×1.5', (s) => latencyGroup(100, P, s, { series: 17, from: 3000, to: 3800, effect: 1.5 })],
  ['100 ×3', (s) => latencyGroup(100, P, s, { series: 17, from: 3000, to: 3800, effect: 3 })],
  ['8 ×1.5', (s) => latencyGroup(8, P, s, { series: 2, from: 1000, to: 1800, effect: 1.5 })],
  ['3 ×1.5', (s) => latencyGroup(3, P, s, { series: 1, from: 1000, to: 1800, effect: 1.5 })],
  ['8 ×3', (s) => latencyGroup(8, P, s, { series: 2, from: 1000, to: 1800, effect: 3 })],
  ['3 ×3', (s) => latencyGroup(3, P, s, { series: 1, from: 1000, to: 1800, effect: 3 })],
  ['8 GPUs +15 °C', (s) => temperatureGroup(8, P, s, { series: 3, from: 2000, to: 2800, effect: 15 })],
  ['100 healthy', (s) => latencyGroup(100, P, s)],
  ['100 all ×2', (s) => surge(latencyGroup(100, P, s))],
  ['8 healthy', (s) => latencyGroup(8, P, s)],
  ['3 healthy', (s) => latencyGroup(3, P, s)],
  ['8 GPUs healthy', (s) => temperatureGroup(8, P, s)],
];
const SEEDS = [1, 2, 3, 4, 5];

async function main() {
  const detectors: Array<[string, Detector]> = [['peers (defaults)', (g) => peerOutliers(g.series).flag]];
  const dir = process.env.AUGURS_DIR;
  if (dir) {
    const a = (await import(path.join(dir, 'outlier.js'))) as Augurs;
    a.initSync({ module: readFileSync(path.join(dir, 'outlier_bg.wasm')) });
    const sweep: Array<['mad' | 'dbscan', number[]]> = [
      ['mad', [0.1, 0.3, 0.5, 0.7, 0.9]],
      ['dbscan', [0.5, 0.7, 0.8, 0.9, 0.95, 0.99]],
    ];
    for (const [kind, sensitivities] of sweep) {
      for (const s of sensitivities) {
        const raw: Detector = (g) => {
          const d = new a.OutlierDetector(kind, { sensitivity: s });
          try {
            return d.detect(g.series).seriesResults.map((r) => flagsFromIntervals(g.series[0].length, r.outlierIntervals));
          } finally {
            d.free();
          }
        };
        detectors.push([`augurs ${kind} s=${s}`, raw], [`augurs ${kind} s=${s} +persist`, (g) => raw(g).map((r) => persistent(r))]);
      }
    }
  }
  console.log(`| detector | ${SCENARIOS.map(([n]) => n).join(' | ')} |`);
  console.log(`|---|${SCENARIOS.map(() => '---|').join('')}`);
  for (const [name, detect] of detectors) {
    const cells = SCENARIOS.map(([, make]) => {
      let detected = 0;
      let recall = 0;
      let falseWindows = 0;
      let seriesDays = 0;
      let planted = false;
      for (const seed of SEEDS) {
        const g = make(seed * 7919);
        const q = flagQuality(g, detect(g), DAY_POINTS);
        falseWindows += q.falseWindows;
        seriesDays += q.seriesDays;
        if (q.detected === undefined) continue;
        planted = true;
        detected += q.detected ? 1 : 0;
        recall += q.recall!;
      }
      const fw = (falseWindows / seriesDays).toFixed(2);
      return planted ? `${detected}/${SEEDS.length}, ${(recall / SEEDS.length).toFixed(2)}, fw ${fw}` : `fw ${fw}`;
    });
    console.log(`| ${name} | ${cells.join(' | ')} |`);
  }
  console.log('\nPlanted: detected seeds, share of fault points flagged, false windows per series-day. Healthy: false windows per series-day.');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
