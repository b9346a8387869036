// Cost query filters → where each applies. Labels both sides carry (namespace, pod, cluster, job …) go
// into every upstream query. Serving labels (model, engine, instance) go into the per-model serving
// queries; the queries that attribute GPUs to models (requests running, tokens) fetch every model so a
// shared GPU is split over all of them, and are filtered afterwards. GPU labels (gpu_model, hostname,
// gpu, gpu_uuid) go into the power and energy queries; utilisation fetches every GPU so a model's
// tokens can be split by its GPU-hours on the kept GPUs.
import type { CostFilter, Labels } from '../../analytics/cost/types';
import type { FilterValue } from '../../model/query';
import { filterToMatcher, matcherAccepts, type Matcher } from '../../signals/matchers';

type Filters = Record<string, FilterValue>;

/** Labels only serving series carry (`instance` on a GPU series is its exporter's). */
const SERVING_LABELS = new Set(['model', 'engine', 'instance']);
/** Labels only GPU series carry. */
const GPU_LABELS = new Set(['gpu', 'gpu_model', 'gpu_uuid', 'hostname']);

export interface CostFilterPlan {
  /** Into every upstream query. */
  scope: Filters;
  /** Scope + serving labels: per-model serving queries (waiting, KV usage, prefill/decode time). */
  servingQuery: Filters;
  /** Scope + GPU labels: per-GPU power and energy. */
  gpuQuery: Filters;
  serving: Matcher[];
  gpu: Matcher[];
}

export function planCostFilters(filters: Filters): CostFilterPlan {
  const scope: Filters = {};
  const serving: Filters = {};
  const gpu: Filters = {};
  for (const [label, value] of Object.entries(filters)) {
    const side = SERVING_LABELS.has(label) ? serving : GPU_LABELS.has(label) ? gpu : scope;
    side[label] = value;
  }
  const matchers = (f: Filters) => Object.entries(f).map(([label, v]) => filterToMatcher(label, v));
  return {
    scope,
    servingQuery: { ...scope, ...serving },
    gpuQuery: { ...scope, ...gpu },
    serving: matchers(serving),
    gpu: matchers(gpu),
  };
}

/** Do these labels pass every matcher? A missing label matches as "" (Prometheus' rule). */
export function labelsMatch(labels: Labels, matchers: Matcher[]): boolean {
  return matchers.every((m) => matcherAccepts(m, labels[m.label] ?? ''));
}

export interface TokenSeries {
  labels: Labels;
  input: number;
  output: number;
}

/**
 * The analytics' filter from the plan and the serving series fetched for attribution: kept tokens per
 * model, and which GPUs stay (GPU labels; for a GPU joined to a serving pod, whether that instance passed).
 */
export function costFilter(plan: CostFilterPlan, tokens: TokenSeries[], running: Labels[]): CostFilter | undefined {
  if (!plan.serving.length && !plan.gpu.length) return undefined;
  const keptTokens = new Map<string, { input: number; output: number }>();
  for (const t of tokens) {
    if (!labelsMatch(t.labels, plan.serving)) continue;
    const model = t.labels.model ?? 'unknown';
    const k = keptTokens.get(model) ?? { input: 0, output: 0 };
    keptTokens.set(model, { input: k.input + t.input, output: k.output + t.output });
  }
  const keptRunning = running.filter((l) => labelsMatch(l, plan.serving));
  for (const l of keptRunning) if (l.model && !keptTokens.has(l.model)) keptTokens.set(l.model, { input: 0, output: 0 });
  const keptInstances = [...new Set(keptRunning.map((l) => l.instance).filter((i): i is string => !!i))];
  return {
    keptTokens,
    gpuScoped: plan.gpu.length > 0,
    gpuMatchers: plan.gpu,
    servingFiltered: plan.serving.length > 0,
    keptInstances,
  };
}
