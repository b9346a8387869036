// Inputs and outputs of the cost analysis (pure data; the query handler fills the inputs from
// Prometheus and the datasource settings).
import type { ApiPrice } from './prices';

export type Labels = Record<string, string>;

/** One GPU's samples at aligned times. Presence (a non-null utilisation sample) counts GPU-time. */
export interface GpuInput {
  /** hostname, gpu, gpu_model (DCGM modelName) and, when the join is known, model. */
  labels: Labels;
  times: number[];
  /** GPU utilisation in % (0–100). */
  utilization: Array<number | null>;
  powerW?: Array<number | null>;
  /** DCGM energy counter, mJ. */
  energyMj?: Array<number | null>;
}

/** Per served model usage over the range. */
export interface ModelUsage {
  model: string;
  inputTokens: number;
  outputTokens: number;
  /** Seconds spent in prefill / decode (e.g. from vllm:request_prefill_time_seconds_sum), for the split. */
  prefillSeconds?: number;
  decodeSeconds?: number;
  /** Serving replicas (instances) of the model and GPUs per replica, for the opportunities. */
  replicas?: number;
  gpusPerReplica?: number;
  /** Mean waiting (queued) and running requests, p95 KV-cache usage (0–1). */
  avgWaiting?: number;
  avgRunning?: number;
  kvUsageP95?: number;
}

export interface CostSettings {
  gpuHourlyPrices: Record<string, number>;
  apiPrices: Record<string, ApiPrice>;
  /** Unset: no energy cost is added (cloud GPU prices already include power). */
  electricityPricePerKwh?: number;
  currency: string;
  /** g CO2e per kWh. */
  gridCarbonIntensity: number;
  /** A GPU below this utilisation (%) counts as idle. */
  idleUtilizationThreshold: number;
  /** Cost weight of one output token relative to one input token when no prefill/decode times exist. */
  outputTokenWeight: number;
}

/** Names of the metrics behind each input, quoted in `sources`. */
export interface MetricNames {
  utilization: string;
  energy: string;
  power: string;
  inputTokens: string;
  outputTokens: string;
  prefill: string;
  decode: string;
}

/**
 * What a filtered cost query keeps. GPUs are attributed to models over the whole fleet first (a GPU
 * without a model label is shared by every model's token weight), then only the kept part is summed,
 * so a filter never moves another model's cost onto the selected ones.
 */
/**
 * What a cost query's filters keep. Plain data (no functions), so it crosses to a compute worker; read with
 * `keepsGpu` (filter.ts).
 */
export interface CostFilter {
  /** Matchers on GPU labels (gpu_model, hostname, gpu …) a GPU must pass. */
  gpuMatchers: Array<{ label: string; op: '=' | '!=' | '=~' | '!~'; value: string }>;
  /** Serving labels (model, engine, instance) are filtered: a GPU joined to a serving pod stays only when its instance (or model) passed. */
  servingFiltered: boolean;
  /** Instances of the serving series that passed the filters. */
  keptInstances: string[];
  /** Tokens of each model from the serving series that pass the filters; a model missing here is filtered out. */
  keptTokens: Map<string, { input: number; output: number }>;
  /** A GPU-side label (gpu_model, hostname, gpu …) is filtered: a model's tokens count by its GPU-hours on the kept GPUs. */
  gpuScoped: boolean;
}

export interface CostInput {
  range: { from: number; to: number };
  /** Filters of the query (absent: the whole fleet). */
  filter?: CostFilter;
  gpus: GpuInput[];
  /** GPU model → count, used for GPU models that have no DCGM series (no utilisation data then). */
  configuredGpuCounts?: Record<string, number>;
  models: ModelUsage[];
  settings: CostSettings;
  metricNames?: Partial<MetricNames>;
}

export interface SummaryRow {
  totalCost: number;
  projectedMonthlyCost: number;
  gpuHours: number;
  gpuCost: number;
  inputTokens: number;
  outputTokens: number;
  tokens: number;
  costPerMillionTokens: number | null;
  idleShare: number | null;
  idleCost: number;
  energyKwh: number;
  energyCost: number;
  carbonKg: number;
  kwhPerMillionTokens: number | null;
  currency: string;
  rangeHours: number;
  /** Hours the GPU data covers inside the range (first to last sample); projections scale from these. */
  coveredHours: number;
}

export interface ModelRow {
  model: string;
  gpuHours: number;
  gpuCost: number;
  energyKwh: number;
  energyCost: number;
  totalCost: number;
  projectedMonthlyCost: number;
  inputTokens: number;
  outputTokens: number;
  costPerMillionTokens: number | null;
  inputCostPerMillionTokens: number | null;
  outputCostPerMillionTokens: number | null;
  /** How input/output cost was split: measured phase times or the output-token weight. */
  splitMethod: 'prefill_decode_time' | 'output_token_weight';
  idleShare: number | null;
  kwhPerMillionTokens: number | null;
  carbonKg: number;
  apiCost: number | null;
  apiCostPerMillionTokens: number | null;
  /** Tokens per month at which self-hosting costs as much as the API. */
  breakEvenTokensPerMonth: number | null;
  monthlyTokens: number;
}

export interface GpuModelRow {
  gpuModel: string;
  priceKey: string | null;
  pricePerHour: number;
  avgGpus: number;
  gpuHours: number;
  avgUtilization: number | null;
  idleShare: number | null;
  idleCost: number;
  gpuCost: number;
  energyKwh: number;
  energyCost: number;
  totalCost: number;
  tokens: number;
  costPerMillionTokens: number | null;
  kwhPerMillionTokens: number | null;
  carbonKg: number;
}

export interface CostSeries {
  labels: Labels;
  times: number[];
  /** Cost rate in currency per hour. */
  values: Array<number | null>;
}

export interface Opportunity {
  id: 'idle_gpus' | 'underused_gpu_type' | 'batching_headroom' | 'quantization' | 'api_cheaper';
  opportunity: string;
  detail: string;
  /** The GPU model or served model concerned. */
  entity: string;
  /** Short recommended step. */
  action: string;
  estimatedMonthlySavings: number;
  /**
   * What this action adds to the fleet total: the best action per model counts, the others for the
   * same model are alternatives to it (0), since their savings overlap.
   */
  countedMonthlySavings: number;
  sources: string[];
}

export interface CostReport {
  summary: SummaryRow;
  byModel: ModelRow[];
  byGpuModel: GpuModelRow[];
  overTimeByModel: CostSeries[];
  overTimeByGpuModel: CostSeries[];
  opportunities: Opportunity[];
  /** Field name → the metrics, prices and settings that produced it. */
  sources: Record<string, string[]>;
  warnings: string[];
}
