// Cost analysis time: computeCost over a 64-GPU fleet × 30 days at a 5-minute step (552,960 GPU
// samples), against a baseline measured in the same run: one plain pass summing the same samples.
// The full cost query (fetch + compute) is timed against a real Prometheus holding a ~10 h simulator
// history of the `small` fleet, with one plain `signal` query over the same range as its baseline.
import { computeCost } from '../pkg/analytics/cost/compute';
import { DEFAULT_COST_SETTINGS } from '../pkg/analytics/cost/defaults';
import type { CostInput, GpuInput } from '../pkg/analytics/cost/types';
import { createDatasourceInstance } from '../pkg/datasource/instance';
import { costQuery } from '../pkg/queries/cost';
import { signalQuery } from '../pkg/queries/signal';
import type { QueryHandler } from '../pkg/queries/types';
import { HISTORY_MIN, loadHistories, STEP_SECONDS, useScenarioClock } from './rootcause.bench';
import type { BenchRow } from './run';

const STEP = 300_000;
const POINTS = (30 * 86_400_000) / STEP + 1;
const GPUS = 64;

function fleet(): CostInput {
  let s = 7;
  const u = () => (s = (s * 48271) % 2147483647) / 2147483647;
  const times = Array.from({ length: POINTS }, (_, i) => i * STEP);
  const gpus: GpuInput[] = Array.from({ length: GPUS }, (_, g) => ({
    labels: { hostname: `h${g >> 3}`, gpu: String(g & 7), gpu_model: g < 32 ? 'NVIDIA H100 80GB HBM3' : 'NVIDIA L4', model: `m${g % 8}` },
    times,
    utilization: times.map(() => (g % 5 === 0 ? 3 : 40 + 50 * u())),
    powerW: times.map(() => 100 + 500 * u()),
    energyMj: times.map((t) => t * 400),
  }));
  return {
    range: { from: 0, to: times[times.length - 1] },
    gpus,
    models: Array.from({ length: 8 }, (_, m) => ({ model: `m${m}`, inputTokens: 1e10, outputTokens: 2e9, replicas: 4, gpusPerReplica: 2, kvUsageP95: 0.3, avgWaiting: 0 })),
    settings: { ...DEFAULT_COST_SETTINGS, gpuHourlyPrices: {}, apiPrices: {}, electricityPricePerKwh: 0.15 },
  };
}

function best(fn: () => void, repeats = 5): number {
  fn();
  let bestMs = Infinity;
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    fn();
    bestMs = Math.min(bestMs, performance.now() - t);
  }
  return bestMs;
}

export default async function run(): Promise<BenchRow[]> {
  const input = fleet();
  let sink = 0;
  const baseline = best(() => {
    for (const g of input.gpus) for (let i = 0; i < g.utilization.length; i++) sink += (g.utilization[i] ?? 0) + (g.powerW![i] ?? 0);
  });
  const ms = best(() => {
    sink += computeCost(input).summary.totalCost;
  });
  if (!Number.isFinite(sink)) throw new Error('bench produced a non-finite result');
  const samples = GPUS * POINTS;
  return [
    ...(await queryRows()),
    { name: `computeCost ${GPUS} GPUs × 30 d @5m`, value: ms, unit: 'ms', baseline, ratio: ms / baseline },
    { name: 'computeCost throughput', value: samples / (ms / 1000), unit: 'GPU samples/s' },
  ];
}

async function queryRows(): Promise<BenchRow[]> {
  const h = await loadHistories([1]);
  try {
    const to = h.truths[0].endMs;
    const from = to - HISTORY_MIN * 60_000;
    useScenarioClock();
    const instance = createDatasourceInstance({
      id: 1, uid: 'bench', name: 'bench', url: h.prometheus.url, user: '', database: '', basicAuthEnabled: false, basicAuthUser: '',
      jsonData: { timeInterval: `${STEP_SECONDS}s` }, decryptedSecureJsonData: {}, lastUpdatedMS: 1,
    });
    const run = (handler: QueryHandler, query: Record<string, unknown>) =>
      handler({ refId: 'A', query: { refId: 'A', ...query }, range: { from, to }, intervalMs: STEP_SECONDS * 1000, maxDataPoints: 1000, fromAlert: false, instance, signal: new AbortController().signal });
    const time = async (fn: () => Promise<unknown>) => {
      await fn();
      let b = Infinity;
      for (let r = 0; r < 3; r++) {
        const t = performance.now();
        await fn();
        b = Math.min(b, performance.now() - t);
      }
      return b;
    };
    const baseline = await time(() => run(signalQuery, { queryType: 'signal', signal: 'gpu_utilization', groupBy: ['hostname', 'gpu'] }));
    const rows: BenchRow[] = [];
    for (const view of ['summary', 'opportunities']) {
      const ms = await time(() => run(costQuery, { queryType: 'cost', view }));
      rows.push({ name: `cost query (${view}), ${Math.round(HISTORY_MIN / 60)} h of the small fleet`, value: ms, unit: 'ms', baseline, ratio: ms / baseline, note: 'baseline: one signal query' });
    }
    return rows;
  } finally {
    await h.stop();
  }
}
