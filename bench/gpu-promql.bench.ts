// Per-GPU signal PromQL straight to Prometheus: the form sent with one GPU exporter (no cross-exporter
// identity keys, no renames or drops of source spellings) against the general form, alternating, on the
// same data. These are the cost and degradation inputs; on Prometheus 2.x each label_replace costs a
// label-set copy per series per step, which made the cost panels time out at scale.
// Data: SCALE_TSDB (a TSDB the scale bench wrote, e.g. SCALE_REPLICAS=10 SCALE_DURATION=1d) or else the
// simulator's small fleet over 1 day, written to a temp dir. PROMETHEUS_BIN picks the server (default
// `prometheus`; `prometheus3` shows the difference is specific to 2.x).
import { rmSync } from 'node:fs';
import path from 'node:path';
import { buildSignal } from '../pkg/signals/build';
import { SIGNAL_BY_ID } from '../pkg/signals/catalog';
import { FleetDetector } from '../pkg/signals/detect';
import { parseSettings } from '../pkg/datasource/settings';
import { computeRange, promDuration } from '../pkg/queries/promql/range';
import { createUpstreams } from '../pkg/upstream';
import type { SignalId } from '../pkg/model/ids';
import { SCENARIO_END_MS, writeBackfill } from '../simulator/src';
import { startPrometheus, tempDir } from '../test/support/services';
import type { BenchRow } from './run';

const HOUR = 3_600_000;
const CASES: Array<{ name: string; signal: string; aggregation: 'avg' | 'max'; groupBy: string[]; hours: number }> = [
  { name: 'cost: GPU utilisation per GPU, 24 h', signal: 'gpu_utilization', aggregation: 'avg', groupBy: ['hostname', 'gpu', 'gpu_model', 'pod'], hours: 24 },
  { name: 'cost: GPU power per GPU, 24 h', signal: 'gpu_power', aggregation: 'avg', groupBy: ['hostname', 'gpu', 'gpu_model', 'pod'], hours: 24 },
  { name: 'degradation: GPU utilisation per GPU, 6 h', signal: 'gpu_utilization', aggregation: 'avg', groupBy: ['hostname', 'gpu', 'pod'], hours: 6 },
  { name: 'degradation: GPU memory used per GPU, 6 h', signal: 'gpu_memory_used_ratio', aggregation: 'max', groupBy: ['hostname', 'gpu', 'pod'], hours: 6 },
];

export default async function run(): Promise<BenchRow[]> {
  const tsdb = process.env.SCALE_TSDB ?? tempDir('gpu-promql-tsdb');
  const end = SCENARIO_END_MS;
  if (!process.env.SCALE_TSDB) await writeBackfill({ fleet: 'small', duration: '1d', stepSeconds: 60, out: tsdb, format: 'tsdb', end, sensitive: 0 });
  const prom = await startPrometheus({ tsdbDir: tsdb, scrapeInterval: '60s', binary: process.env.PROMETHEUS_BIN });
  const rows: BenchRow[] = [];
  try {
    const parsed = parseSettings({ uid: 'b', name: 'b', url: prom.url, jsonData: { timeInterval: '60s' } } as never);
    if (!parsed.ok) throw new Error(parsed.errors.join(' '));
    const { prometheus } = createUpstreams(parsed.settings);
    const available = await new FleetDetector(prometheus, 60_000, () => end).get();
    for (const c of CASES) {
      const range = computeRange({ from: end - c.hours * HOUR, to: end, intervalMs: 60_000, maxDataPoints: 1000, scrapeIntervalMs: 60_000, maxPointsPerSeries: 11_000 });
      const req = { def: SIGNAL_BY_ID.get(c.signal as SignalId)!, aggregation: c.aggregation, groupBy: c.groupBy, rateWindow: promDuration(range.rateWindowMs), available };
      const lean = buildSignal(req).expr!;
      const general = buildSignal({ ...req, leanSingleExporter: false }).expr!;
      const time = async (expr: string) => {
        const t0 = performance.now();
        const res = await prometheus.queryRange(expr, range.startMs, range.endMs, range.stepMs);
        return { ms: performance.now() - t0, series: res.result.length };
      };
      // Alternating, twice each; the sums are compared.
      let leanMs = 0;
      let generalMs = 0;
      let series = [0, 0];
      for (let round = 0; round < 2; round++) {
        const g = await time(general);
        const l = await time(lean);
        generalMs += g.ms;
        leanMs += l.ms;
        series = [l.series, g.series];
      }
      const ops = (e: string) => (e.match(/label_(replace|join)\(/g) ?? []).length;
      rows.push({
        name: c.name,
        value: leanMs / 2,
        unit: 'ms',
        baseline: generalMs / 2,
        ratio: leanMs / generalMs,
        note: `${series[0]} series (general form ${series[1]}); label functions ${ops(lean)} vs ${ops(general)}; step ${range.stepMs / 1000} s; ${path.basename(process.env.PROMETHEUS_BIN ?? 'prometheus')}`,
      });
    }
  } finally {
    await prom.stop();
    if (!process.env.SCALE_TSDB) rmSync(tsdb, { recursive: true, force: true });
  }
  return rows;
}
