// Identifiers that are part of the public query contract (DESIGN.md "Query model: fixed field names").
// Dashboards, alert rules and saved queries depend on these strings: add, never rename.

export const QUERY_TYPES = [
  'promql',
  'signal',
  'anomaly',
  'rootcause',
  'cost',
  'traces',
  'trace',
  'compliance',
] as const;
export type QueryType = (typeof QUERY_TYPES)[number];

export const AGGREGATIONS = ['p50', 'p90', 'p95', 'p99', 'avg', 'max', 'min', 'sum', 'rate', 'ratio'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

/** Signal ids: the catalog in pkg/signals defines one entry per id. */
export const SIGNAL_IDS = [
  // Serving latency (histograms)
  'ttft',
  'itl',
  'e2e_latency',
  'queue_time',
  'tpot',
  'prefill_time',
  'decode_time',
  'inference_time',
  // Request sizes and engine steps (histograms of token counts)
  'prompt_length',
  'output_length',
  'iteration_tokens',
  // Traffic
  'request_rate',
  'error_ratio',
  'abort_ratio',
  'input_tokens_rate',
  'output_tokens_rate',
  // Scheduler and KV cache
  'requests_running',
  'requests_waiting',
  'kv_cache_usage',
  'preemption_rate',
  'prefix_cache_hit_ratio',
  'spec_decode_acceptance',
  // GPU
  'gpu_utilization',
  'gpu_memory_used_ratio',
  'gpu_fb_used_bytes',
  'gpu_temperature',
  'gpu_power',
  'gpu_energy_rate',
  'gpu_xid_errors',
  'gpu_tensor_active',
  'gpu_dram_active',
  'gpu_sm_clock',
  'gpu_pcie_replay_rate',
  'gpu_count',
  // HTTP front end and scrape health
  'http_request_rate',
  'http_error_rate',
  'http_rate_limited_rate',
  'http_auth_error_rate',
  'up',
  'targets_down',
  'targets_missing',
  // Hosts (node_exporter)
  'host_cpu_utilization',
  'host_memory_used_ratio',
  'host_disk_used_ratio',
  'host_network_receive_rate',
  'host_network_transmit_rate',
  // Computed in the backend from other signals
  'degradation_level',
] as const;
export type SignalId = (typeof SIGNAL_IDS)[number];

/** Labels every signal series may carry, whatever the exporter called them. */
export const NORMALIZED_LABELS = [
  'model',
  'instance',
  'engine',
  'gpu',
  'gpu_uuid',
  'gpu_model',
  'hostname',
  'pod',
  'namespace',
  'job',
] as const;
export type NormalizedLabel = (typeof NORMALIZED_LABELS)[number];

export const COST_VIEWS = ['summary', 'by_model', 'by_gpu_model', 'over_time', 'opportunities'] as const;
export type CostView = (typeof COST_VIEWS)[number];

/** Views an instant cost query can reduce to numbers: one per served model, per GPU model, or the fleet. */
export const COST_INSTANT_VIEWS = ['summary', 'by_model', 'by_gpu_model'] as const satisfies readonly CostView[];
export type CostInstantView = (typeof COST_INSTANT_VIEWS)[number];

/**
 * Numbers an instant cost query returns (units are over the query range unless "per hour"):
 * - `cost_per_million_tokens`: (GPU + energy cost) ÷ (input + output tokens) × 1e6, currency per 1M tokens;
 * - `total_cost`: GPU cost + energy cost in the range, currency;
 * - `projected_monthly_cost`: total cost × 730 h ÷ hours the data covers in the range, currency per month;
 * - `gpu_cost_per_hour`: GPU cost ÷ hours with data, currency per hour (mean over those hours);
 * - `idle_share`: idle GPU-hours ÷ measured GPU-hours, 0–1;
 * - `idle_cost_per_hour`: cost of idle GPU-hours ÷ hours with data, currency per hour;
 * - `energy_cost`: energy (kWh) × electricityPricePerKwh in the range, currency (0 when no price is set).
 */
export const COST_METRICS = [
  'cost_per_million_tokens',
  'total_cost',
  'projected_monthly_cost',
  'gpu_cost_per_hour',
  'idle_share',
  'idle_cost_per_hour',
  'energy_cost',
] as const;
export type CostMetric = (typeof COST_METRICS)[number];
export const DEFAULT_COST_METRIC: CostMetric = 'cost_per_million_tokens';

/** Which instant views have each metric (idle cost is priced per GPU model; it is not split to served models). */
export const COST_METRIC_VIEWS: Readonly<Record<CostMetric, readonly CostInstantView[]>> = {
  cost_per_million_tokens: COST_INSTANT_VIEWS,
  total_cost: COST_INSTANT_VIEWS,
  projected_monthly_cost: COST_INSTANT_VIEWS,
  gpu_cost_per_hour: COST_INSTANT_VIEWS,
  idle_share: COST_INSTANT_VIEWS,
  idle_cost_per_hour: ['summary', 'by_gpu_model'],
  energy_cost: COST_INSTANT_VIEWS,
};

/** Kinds of sensitive data the `compliance` query looks for in span attributes and events. */
export const COMPLIANCE_KINDS = ['email', 'phone', 'credit_card', 'api_key', 'ip_address'] as const;

/** Values of the normalized `engine` label. */
export const ENGINES = ['vllm', 'sglang', 'tgi', 'triton', 'trtllm', 'llamacpp', 'nim', 'otel', 'generic'] as const;
export type Engine = (typeof ENGINES)[number];

/** Prometheus label names (before UTF-8 names): also what we accept in groupBy and filters. */
export const LABEL_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Largest |epoch ms| whose nanoseconds fit in int64 (frames' time type ends 2262-04-11), less a day for steps. */
export const MAX_EPOCH_MS = 9_223_372_036_854 - 86_400_000;
