// Fetches what the cost analysis needs and assembles its input: per-GPU utilisation, power and energy
// counter (range queries), per-model token totals and phase seconds (instant rate over the whole
// range × its length, i.e. Prometheus' increase), and serving stats for the opportunities. The query's
// filters go into every query as far as its series carry the labels (cost/filters.ts says which).
import type { DataContext } from '../../datasource/data-context';
import type { CostFilter, GpuInput, ModelUsage } from '../../analytics/cost/types';
import type { FilterValue } from '../../model/query';
import type { SignalSeries } from '../../analytics/rootcause/types';
import { quantileSorted } from '../../analytics/rootcause/robust';
import type { SignalId } from '../../model/ids';
import { buildSignal, type Availability } from '../../signals/build';
import { SIGNAL_BY_ID } from '../../signals/catalog';
import type { SignalDef } from '../../signals/types';
import { promDuration, type QueryRange } from '../promql/range';
import { GPU_GROUP, SERVING_GROUP } from '../rootcause/candidates';
import { fetchSignal, mapLimit } from '../rootcause/fetch-signal';
import { joinGpusToServing } from '../rootcause/join';
import { SharedFetches } from '../shared-fetch';
import { costFilter, labelsMatch, planCostFilters, type TokenSeries } from './filters';

/** The DCGM energy counter itself (mJ), normalized like the catalog's GPU signals. */
const ENERGY_COUNTER: SignalDef = {
  id: 'gpu_energy_rate',
  title: 'GPU energy counter',
  description: 'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION (mJ since boot)',
  kind: 'gauge',
  domain: 'gpu',
  unit: 'none',
  aggregations: ['max'],
  defaultAggregation: 'max',
  variants: [{ family: 'dcgm', series: (c) => c.sel('DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION') }],
};

/** Seconds in vLLM's prefill/decode phases (for the input/output split); vLLM only. */
const phaseDef = (metric: string): SignalDef => ({
  id: 'input_tokens_rate',
  title: metric,
  description: metric,
  kind: 'counter',
  domain: 'serving',
  unit: 's',
  aggregations: ['rate'],
  defaultAggregation: 'rate',
  variants: [{ family: 'vllm', series: (c) => `rate(${c.sel(metric)}[${c.w}])` }],
});

export interface FetchedCostData {
  gpus: GpuInput[];
  models: ModelUsage[];
  /** What the query's filters keep (undefined: no filter beyond the ones in every query). */
  filter?: CostFilter;
  /** Metrics actually used, for `sources`. */
  metricNames: { energy?: string; inputTokens: string; outputTokens: string };
  warnings: string[];
}

type Filters = Record<string, FilterValue>;

/** Totals over the whole range per series: rate over a window as long as the range × its seconds. */
async function totals(data: DataContext, available: Availability, def: SignalDef, groupBy: string[], filters: Filters, range: QueryRange, abort?: AbortSignal): Promise<Array<{ labels: Record<string, string>; value: number }>> {
  const seconds = Math.max(1, Math.round((range.endMs - range.startMs) / 1000));
  const built = buildSignal({ def, aggregation: 'rate', groupBy, filters, rateWindow: `${seconds}s`, available });
  if (!built.expr) return [];
  const res = await data.prometheus.queryInstant(built.expr, range.endMs, abort);
  return res.result.filter((s) => Number.isFinite(s.value)).map((s) => ({ labels: s.labels, value: s.value * seconds }));
}

function perModel(rows: Array<{ labels: Record<string, string>; value: number }>): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) {
    const model = r.labels.model ?? 'unknown';
    out.set(model, (out.get(model) ?? 0) + r.value);
  }
  return out;
}

/** Input and output tokens per (model, instance): all of them for attribution, the filter keeps its part. */
function tokenSeries(inTok: Array<{ labels: Record<string, string>; value: number }>, outTok: Array<{ labels: Record<string, string>; value: number }>): TokenSeries[] {
  const byKey = new Map<string, TokenSeries>();
  const add = (labels: Record<string, string>, input: number, output: number) => {
    const key = JSON.stringify([labels.model, labels.instance, labels.engine]);
    const t = byKey.get(key) ?? { labels, input: 0, output: 0 };
    byKey.set(key, { labels: t.labels, input: t.input + input, output: t.output + output });
  };
  for (const r of inTok) add(r.labels, r.value, 0);
  for (const r of outTok) add(r.labels, 0, r.value);
  return [...byKey.values()];
}

function byKey(series: SignalSeries[]): Map<string, SignalSeries> {
  return new Map(series.map((s) => [`${s.labels.hostname ?? ''}/${s.labels.gpu ?? ''}/${s.labels.pod ?? ''}`, s]));
}

function alignTo(times: number[], s: SignalSeries | undefined): Array<number | null> | undefined {
  if (!s) return undefined;
  const at = new Map(s.times.map((t, i) => [t, s.values[i]]));
  return times.map((t) => at.get(t) ?? null);
}

/**
 * A dashboard's cost queries wait in turn behind the analytics admission limit (2 at a time): the ones
 * queued reuse the inputs fetched for the first for this long. The range is aligned to its step, so
 * only samples arriving late could make a refetch differ.
 */
const COST_INPUT_REUSE_MS = 15_000;
const shared = new WeakMap<DataContext, SharedFetches<FetchedCostData>>();
const detectionIds = new WeakMap<Availability, number>();
let nextDetectionId = 0;

/**
 * The cost inputs for a range and filters. A dashboard's cost panels ask for the same inputs at once
 * (different views): they share one fetch while it runs and for COST_INPUT_REUSE_MS after (shared-fetch.ts).
 */
export function fetchCostData(data: DataContext, available: Availability, range: QueryRange, filters: Filters = {}, abort?: AbortSignal): Promise<FetchedCostData> {
  let runs = shared.get(data);
  if (!runs) shared.set(data, (runs = new SharedFetches({ reuseMs: COST_INPUT_REUSE_MS, maxKept: 2 })));
  let detection = detectionIds.get(available);
  if (detection === undefined) detectionIds.set(available, (detection = nextDetectionId++));
  const key = JSON.stringify([detection, range.startMs, range.endMs, range.stepMs, range.rateWindowMs, filters]);
  return runs.run(key, (signal) => fetchCostDataOnce(data, available, range, filters, signal), abort);
}

async function fetchCostDataOnce(data: DataContext, available: Availability, range: QueryRange, filters: Filters, abort: AbortSignal): Promise<FetchedCostData> {
  const plan = planCostFilters(filters);
  const [util, power, energy, running, waiting, kv] = await mapLimit(
    [
      () => fetchSignal(data, available, { signal: 'gpu_utilization', aggregation: 'avg', groupBy: GPU_GROUP, filters: plan.scope }, range, abort),
      () => fetchSignal(data, available, { signal: 'gpu_power', aggregation: 'avg', groupBy: GPU_GROUP, filters: plan.gpuQuery }, range, abort),
      () => fetchEnergyCounter(data, available, range, plan.gpuQuery, abort),
      () => fetchSignal(data, available, { signal: 'requests_running', aggregation: 'avg', groupBy: SERVING_GROUP, filters: plan.scope }, range, abort),
      () => fetchSignal(data, available, { signal: 'requests_waiting', aggregation: 'avg', groupBy: SERVING_GROUP, filters: plan.servingQuery }, range, abort),
      () => fetchSignal(data, available, { signal: 'kv_cache_usage', aggregation: 'max', groupBy: SERVING_GROUP, filters: plan.servingQuery }, range, abort),
    ],
    4,
    (f) => f()
  );
  const tokenDefs = [SIGNAL_BY_ID.get('input_tokens_rate' as SignalId)!, SIGNAL_BY_ID.get('output_tokens_rate' as SignalId)!];
  const phaseDefs = [phaseDef('vllm:request_prefill_time_seconds_sum'), phaseDef('vllm:request_decode_time_seconds_sum')];
  const [inRows, outRows, prefillRows, decodeRows] = await mapLimit(
    [
      ...tokenDefs.map((def) => ({ def, groupBy: ['model', 'instance'], filters: plan.scope })),
      ...phaseDefs.map((def) => ({ def, groupBy: ['model'], filters: plan.servingQuery })),
    ],
    4,
    (t) => totals(data, available, t.def, t.groupBy, t.filters, range, abort)
  );
  const [inTok, outTok, prefill, decode] = [inRows, outRows, prefillRows, decodeRows].map(perModel);
  const filter = costFilter(plan, tokenSeries(inRows, outRows), running.series.map((s) => s.labels));

  // GPUs: utilisation defines presence; DCGM gives % but the catalog signal is 0–1, cost wants %.
  joinGpusToServing([...util.series, ...running.series]);
  const powerByKey = byKey(power.series);
  const energyByKey = byKey(energy.series);
  const gpus: GpuInput[] = util.series.map((s) => {
    const k = `${s.labels.hostname ?? ''}/${s.labels.gpu ?? ''}/${s.labels.pod ?? ''}`;
    return {
      labels: s.labels,
      times: s.times,
      utilization: s.values.map((v) => (v === null ? null : v * 100)),
      powerW: alignTo(s.times, powerByKey.get(k)),
      energyMj: alignTo(s.times, energyByKey.get(k)),
    };
  });

  // Serving stats per model for the opportunities.
  const models = new Set<string>([...inTok.keys(), ...outTok.keys()]);
  const gpusPerInstance = new Map<string, number>();
  for (const g of gpus) if (g.labels.instance) gpusPerInstance.set(g.labels.instance, (gpusPerInstance.get(g.labels.instance) ?? 0) + 1);
  const keptRunning = running.series.filter((s) => labelsMatch(s.labels, plan.serving));
  const usage: ModelUsage[] = [...models].sort().map((model) => {
    const instances = new Set(keptRunning.filter((s) => s.labels.model === model).map((s) => s.labels.instance ?? s.labels.pod ?? ''));
    const waitVals = waiting.series.filter((s) => s.labels.model === model).flatMap((s) => s.values.filter((v): v is number => v !== null));
    const kvVals = kv.series.filter((s) => s.labels.model === model).flatMap((s) => s.values.filter((v): v is number => v !== null)).sort((a, b) => a - b);
    const perReplica = [...instances].map((i) => gpusPerInstance.get(i)).filter((n): n is number => n !== undefined);
    return {
      model,
      inputTokens: inTok.get(model) ?? 0,
      outputTokens: outTok.get(model) ?? 0,
      prefillSeconds: prefill.get(model),
      decodeSeconds: decode.get(model),
      replicas: instances.size || undefined,
      gpusPerReplica: perReplica.length ? Math.max(...perReplica) : undefined,
      avgWaiting: waitVals.length ? waitVals.reduce((a, b) => a + b, 0) / waitVals.length : undefined,
      kvUsageP95: kvVals.length ? quantileSorted(kvVals, 0.95) : undefined,
    };
  });
  return {
    gpus,
    models: usage,
    filter,
    metricNames: {
      energy: energy.series.length ? 'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION (mJ counter)' : undefined,
      inputTokens: 'input_tokens_rate (prompt-token counters, increase over the range)',
      outputTokens: 'output_tokens_rate (generation-token counters, increase over the range)',
    },
    warnings: [...util.warnings, ...power.warnings],
  };
}

async function fetchEnergyCounter(data: DataContext, available: Availability, range: QueryRange, filters: Filters, abort?: AbortSignal) {
  const built = buildSignal({ def: ENERGY_COUNTER, aggregation: 'max', groupBy: GPU_GROUP, filters, rateWindow: promDuration(range.rateWindowMs), available });
  if (!built.expr) return { series: [] as SignalSeries[], warnings: [] as string[] };
  const res = await data.prometheus.queryRange(built.expr, range.startMs, range.endMs, range.stepMs, abort);
  return {
    series: res.result.map((r) => ({ signal: 'gpu_energy_counter', labels: { ...r.labels }, times: Array.from(r.times), values: Array.from(r.values, (v) => (Number.isFinite(v) ? v : null)) })),
    warnings: res.warnings,
  };
}
