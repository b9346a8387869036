/**
 * Frame contract between the datasource's `cost` query type and the cost panel.
 * One cost query returns the frames of its `view`; a panel usually has one query per view it shows.
 * Frames are recognised by name; missing frames simply hide their section. Money values are in the
 * summary's `currency` (ISO code) unless the panel option overrides it.
 *
 * view=summary -> table frame `cost_summary`, exactly one row:
 *   total_cost (number)             cost over the query range: GPU-hours x price + energy
 *   gpu_cost, energy_cost (number)  the two parts of total_cost
 *   projected_monthly_cost (number) total_cost scaled to 30 days
 *   tokens (number)                 input + output tokens served in the range
 *   cost_per_1m_tokens (number)     total_cost / tokens x 1e6 (null when no tokens)
 *   idle_share (number, 0-1)        share of GPU-hours with the GPU idle
 *   gpu_hours (number)
 *   energy_kwh, carbon_kg, kwh_per_1m_tokens (number, optional) GPU energy, kg CO2e at the configured
 *                                   grid intensity, and energy per million tokens
 *   currency (string)               e.g. "USD"
 *
 * view=by_model -> table frame `cost_by_model`, one row per model:
 *   model (string), cost (number), tokens (number), cost_per_1m_tokens (number),
 *   api_cost (number, optional: what the configured API prices would charge for the same tokens),
 *   kwh_per_1m_tokens, carbon_kg (number, optional: energy per 1M tokens, kg CO2e in the range)
 *
 * view=by_gpu_model -> table frame `cost_by_gpu_model`, one row per GPU model:
 *   gpu_model (string), gpus (number), gpu_hours (number), cost (number), idle_share (number, 0-1)
 *
 * view=over_time -> frames named `over_time`, `meta.type: 'timeseries-multi'`, one per series:
 *   time (time), cost (number: cost per step) with labels {model} or {gpu_model}
 *
 * view=opportunities -> table frame `opportunities`, one row per opportunity:
 *   kind (string: idle_gpus | overprovisioned | cheaper_gpu | api_cheaper | ...),
 *   description (string), entity (string: model / GPU / instance concerned),
 *   estimated_monthly_savings (number), action (string, optional),
 *   counted_monthly_savings (number, optional: what the row adds to the total; actions on the same
 *   model overlap, so only the best one per model counts, the others are 0)
 */
import type { DataFrame, Field } from '@grafana/data';

export const FRAME_NAMES = {
  summary: 'cost_summary',
  byModel: 'cost_by_model',
  byGpuModel: 'cost_by_gpu_model',
  overTime: 'over_time',
  opportunities: 'opportunities',
} as const;

export interface CostSummary {
  totalCost: number;
  gpuCost?: number;
  energyCost?: number;
  projectedMonthlyCost: number;
  tokens?: number;
  costPer1MTokens?: number;
  idleShare?: number;
  gpuHours?: number;
  energyKwh?: number;
  carbonKg?: number;
  kwhPer1MTokens?: number;
  currency?: string;
}

export interface ModelCost {
  model: string;
  cost: number;
  tokens?: number;
  costPer1MTokens?: number;
  apiCost?: number;
  kwhPer1MTokens?: number;
  carbonKg?: number;
}

export interface GpuModelCost {
  gpuModel: string;
  gpus?: number;
  gpuHours?: number;
  cost: number;
  idleShare?: number;
}

export interface CostSeries {
  labels: Record<string, string>;
  points: Array<[number, number]>;
}

export interface Opportunity {
  kind: string;
  description: string;
  entity?: string;
  estimatedMonthlySavings: number;
  /** What this action adds to the total (absent from older backends: then the estimate). */
  countedMonthlySavings?: number;
  action?: string;
}

export interface CostData {
  summary?: CostSummary;
  byModel: ModelCost[];
  byGpuModel: GpuModelCost[];
  overTime: CostSeries[];
  opportunities: Opportunity[];
}

export function field(frame: DataFrame, name: string): Field | undefined {
  return frame.fields.find((f) => f.name === name);
}

export function num(frame: DataFrame, name: string, row: number): number | undefined {
  const v = field(frame, name)?.values[row];
  return v === null || v === undefined || v === '' || !Number.isFinite(Number(v)) ? undefined : Number(v);
}

export function text(frame: DataFrame, name: string, row: number): string | undefined {
  const v = field(frame, name)?.values[row];
  return v === null || v === undefined ? undefined : String(v);
}
