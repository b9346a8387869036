// The degradation inputs as series on one time grid: each input signal goes through the normal signal
// machinery (engine detection, normalized labels, the query's filters), serving inputs per
// model/instance/pod, GPU inputs per GPU joined to the instance they serve (by pod), and every value
// is keyed by its serving series and its time.
import type { DataContext } from '../../datasource/data-context';
import type { DegradationInputs } from '../../analytics/degradation';
import type { Aggregation, SignalId } from '../../model/ids';
import type { FilterValue } from '../../model/query';
import { buildSignal, type Availability } from '../../signals/build';
import { SIGNAL_BY_ID } from '../../signals/catalog';
import { labelKey } from '../promql/frames';
import { promDuration, type QueryRange } from '../promql/range';
import { joinGpusToServing } from '../rootcause/join';
import { mapLimit } from '../rootcause/fetch-signal';

type Labels = Record<string, string>;
type NumericInput = Exclude<keyof DegradationInputs, never>;

interface InputPlan {
  input: NumericInput;
  signal: SignalId;
  aggregation: Aggregation;
  /** Factor to the unit pkg/analytics/degradation expects (GPU utilisation in %). */
  scale?: number;
}

const SERVING_INPUTS: InputPlan[] = [
  { input: 'errorRatio', signal: 'error_ratio', aggregation: 'ratio' },
  { input: 'ttftP95', signal: 'ttft', aggregation: 'p95' },
  { input: 'e2eP95', signal: 'e2e_latency', aggregation: 'p95' },
  { input: 'waiting', signal: 'requests_waiting', aggregation: 'sum' },
  { input: 'running', signal: 'requests_running', aggregation: 'sum' },
  { input: 'kvCacheUsage', signal: 'kv_cache_usage', aggregation: 'max' },
  { input: 'preemptionRate', signal: 'preemption_rate', aggregation: 'rate' },
];
const GPU_INPUTS: InputPlan[] = [
  { input: 'gpuUtilization', signal: 'gpu_utilization', aggregation: 'avg', scale: 100 },
  { input: 'gpuMemoryUsedRatio', signal: 'gpu_memory_used_ratio', aggregation: 'max' },
];
/**
 * A service level is judged over at least 5 minutes (as SLO alerting does): over a 1-minute window a
 * low-traffic model's error ratio jumps on a handful of failed requests and flaps the level.
 */
const MIN_INPUT_WINDOW_MS = 5 * 60_000;
/** Labels that identify a serving series (plus the user's group-by). */
const SERVING_IDENTITY = ['model', 'instance', 'pod'];
const GPU_IDENTITY = ['hostname', 'gpu', 'pod'];
/** Labels only GPU series have: filters on them are applied to the GPU inputs, not the serving ones. */
const GPU_ONLY = new Set(['gpu', 'gpu_model', 'hostname']);

export interface Timeline {
  times: number[];
  /** true: one instant at `times[0]`. */
  instant: boolean;
}

/** One serving series (engine/model/instance …) with its inputs on the timeline. */
export interface ServingInputs {
  labels: Labels;
  inputs: Partial<Record<NumericInput, Array<number | null>>>;
}

export interface FetchedInputs {
  timeline: Timeline;
  servings: ServingInputs[];
  /** The PromQL that ran, for executedQueryString. */
  exprs: string[];
  warnings: string[];
}

interface Fetched {
  plan: InputPlan;
  series: Array<{ labels: Labels; values: Array<number | null> }>;
  expr?: string;
  warnings: string[];
}

function pick(labels: Labels, names: string[]): Labels {
  const out: Labels = {};
  for (const n of names) if (labels[n] !== undefined && labels[n] !== '') out[n] = labels[n]!;
  return out;
}

async function fetchInput(
  data: DataContext,
  available: Availability,
  plan: InputPlan,
  groupBy: string[],
  filters: Record<string, FilterValue>,
  range: QueryRange,
  timeline: Timeline,
  abort?: AbortSignal
): Promise<Fetched> {
  const def = SIGNAL_BY_ID.get(plan.signal)!;
  const built = buildSignal({
    def,
    aggregation: plan.aggregation,
    groupBy,
    filters,
    rateWindow: promDuration(Math.max(range.rateWindowMs, MIN_INPUT_WINDOW_MS)),
    available,
  });
  if (!built.expr) return { plan, series: [], warnings: [] };
  const scale = plan.scale ?? 1;
  const clean = (v: number) => (Number.isFinite(v) ? v * scale : null);
  if (timeline.instant) {
    const res = await data.prometheus.queryInstant(built.expr, timeline.times[0]!, abort);
    return {
      plan,
      expr: built.expr,
      warnings: res.warnings,
      series: res.result.map((s) => ({ labels: s.labels, values: [clean(s.value)] })),
    };
  }
  const res = await data.prometheus.queryRange(built.expr, range.startMs, range.endMs, range.stepMs, abort);
  const index = new Map(timeline.times.map((t, i) => [t, i]));
  return {
    plan,
    expr: built.expr,
    warnings: res.warnings,
    series: res.result.map((s) => {
      const values: Array<number | null> = new Array(timeline.times.length).fill(null);
      for (let i = 0; i < s.times.length; i++) {
        const at = index.get(s.times[i]!);
        if (at !== undefined) values[at] = clean(s.values[i]!);
      }
      return { labels: s.labels, values };
    }),
  };
}

export function timelineFor(range: QueryRange, instant: boolean, instantAt: number): Timeline {
  if (instant) return { times: [instantAt], instant: true };
  const times: number[] = [];
  for (let t = range.startMs; t <= range.endMs; t += range.stepMs) times.push(t);
  return { times, instant: false };
}

/**
 * Fetches every input and lines them up per serving series. GPU values are averaged (utilisation) or
 * maxed (memory) over the GPUs that serve the same model/instance.
 */
export async function fetchDegradationInputs(
  data: DataContext,
  available: Availability,
  req: { groupBy: string[]; filters: Record<string, FilterValue> },
  range: QueryRange,
  timeline: Timeline,
  abort?: AbortSignal
): Promise<FetchedInputs> {
  const servingGroup = [...new Set([...SERVING_IDENTITY, ...req.groupBy.filter((l) => !GPU_ONLY.has(l))])];
  const servingFilters = Object.fromEntries(Object.entries(req.filters).filter(([l]) => !GPU_ONLY.has(l)));
  const gpuFilters = Object.fromEntries(Object.entries(req.filters).filter(([l]) => GPU_ONLY.has(l)));
  const tasks = [
    ...SERVING_INPUTS.map((p) => () => fetchInput(data, available, p, servingGroup, servingFilters, range, timeline, abort)),
    ...GPU_INPUTS.map((p) => () => fetchInput(data, available, p, GPU_IDENTITY, gpuFilters, range, timeline, abort)),
  ];
  const fetched = await mapLimit(tasks, 4, (t) => t());
  const serving = fetched.filter((f) => SERVING_INPUTS.includes(f.plan));
  const gpu = fetched.filter((f) => GPU_INPUTS.includes(f.plan));

  // Serving series, keyed by their identifying labels (engine included: two engines never merge).
  const keyLabels = ['engine', ...servingGroup];
  const servings = new Map<string, ServingInputs>();
  for (const f of serving) {
    for (const s of f.series) {
      const labels = pick(s.labels, keyLabels);
      const k = labelKey(labels);
      let entry = servings.get(k);
      if (!entry) servings.set(k, (entry = { labels, inputs: {} }));
      entry.inputs[f.plan.input] = s.values;
    }
  }

  // GPUs → the model/instance they serve (pod ↔ pod, or pod ↔ host part of the serving instance).
  const joinable = [...servings.values()].map((s) => ({ signal: 'serving', labels: { ...s.labels }, times: [], values: [] }));
  for (const f of gpu) {
    const gpuSeries = f.series.map((s) => ({ signal: f.plan.signal, labels: { ...s.labels }, times: [], values: s.values }));
    joinGpusToServing([...joinable, ...gpuSeries]);
    const byInstance = new Map<string, Array<Array<number | null>>>();
    for (const g of gpuSeries) {
      if (g.labels.instance === undefined) continue;
      const k = `${g.labels.model ?? ''}\u0000${g.labels.instance}`;
      byInstance.set(k, [...(byInstance.get(k) ?? []), g.values]);
    }
    for (const s of servings.values()) {
      const list = byInstance.get(`${s.labels.model ?? ''}\u0000${s.labels.instance ?? ''}`);
      if (!list) continue;
      s.inputs[f.plan.input] = combine(list, timeline.times.length, f.plan.aggregation === 'max' ? 'max' : 'avg');
    }
  }

  return {
    timeline,
    servings: [...servings.values()],
    exprs: fetched.flatMap((f) => (f.expr ? [`${f.plan.input}: ${f.expr}`] : [])),
    warnings: [...new Set(fetched.flatMap((f) => f.warnings))],
  };
}

function combine(list: Array<Array<number | null>>, n: number, how: 'avg' | 'max'): Array<number | null> {
  const out: Array<number | null> = new Array(n).fill(null);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    let count = 0;
    let max = -Infinity;
    for (const values of list) {
      const v = values[i];
      if (v === null || v === undefined) continue;
      sum += v;
      count++;
      if (v > max) max = v;
    }
    if (count) out[i] = how === 'max' ? max : sum / count;
  }
  return out;
}
