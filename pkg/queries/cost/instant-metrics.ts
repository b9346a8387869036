// What each instant cost metric is: its value in each view's report rows, its Grafana unit and unit in
// words, the formula, and which report.sources entries (metrics, prices, settings) produced it.
// Views a metric has here must match COST_METRIC_VIEWS in pkg/model (a unit test checks both ways).
import { HOURS_PER_MONTH } from '../../analytics/cost/constants';
import type { CostReport, GpuModelRow, ModelRow, SummaryRow } from '../../analytics/cost/types';
import type { CostMetric } from '../../model/ids';
import { currencyUnit } from './frames';

export interface CostMetricDef {
  /** Human name, e.g. for the display name of a fleet-wide number. */
  title: string;
  /** Grafana unit id for the field config. */
  unit: (currency: string) => string;
  /** The unit in words, quoted in the field description and meta.custom. */
  unitText: (currency: string) => string;
  formula: string;
  /** Why a value can be missing (null): told to the user when series are left out. */
  whenMissing: string;
  sources: (r: CostReport) => string[];
  summary?: (s: SummaryRow) => number | null;
  by_model?: (m: ModelRow, rangeHours: number) => number | null;
  by_gpu_model?: (g: GpuModelRow, rangeHours: number) => number | null;
}

const perHourUnit = (c: string) => `suffix: ${c}/h`;
const rangeHoursSource = (r: CostReport) => `÷ hours covered by data (${round(r.summary.coveredHours)} h of the ${round(r.summary.rangeHours)} h range)`;
const round = (x: number) => Math.round(x * 1000) / 1000;
const withEnergyPrice = (list: string[]) =>
  list.some((s) => s.startsWith('electricityPricePerKwh'))
    ? list
    : [...list, 'electricityPricePerKwh not set: energy cost counted as 0'];

export const COST_METRIC_DEFS: Readonly<Record<CostMetric, CostMetricDef>> = {
  cost_per_million_tokens: {
    title: 'Cost per 1M tokens',
    unit: currencyUnit,
    unitText: (c) => `${c} per 1M tokens (input + output)`,
    formula: '(GPU cost + energy cost) ÷ (input + output tokens) × 1e6',
    whenMissing: 'no tokens were counted in the range',
    sources: (r) => r.sources.cost_per_1m_tokens,
    summary: (s) => s.costPerMillionTokens,
    by_model: (m) => m.costPerMillionTokens,
    by_gpu_model: (g) => g.costPerMillionTokens,
  },
  total_cost: {
    title: 'Total cost',
    unit: currencyUnit,
    unitText: (c) => `${c} over the query range`,
    formula: 'GPU-hours × price per GPU-hour + energy kWh × electricity price',
    whenMissing: 'never missing',
    sources: (r) => r.sources.total_cost,
    summary: (s) => s.totalCost,
    by_model: (m) => m.totalCost,
    by_gpu_model: (g) => g.totalCost,
  },
  projected_monthly_cost: {
    title: 'Projected monthly cost',
    unit: currencyUnit,
    unitText: (c) => `${c} per month (${HOURS_PER_MONTH} h)`,
    formula: `total cost × ${HOURS_PER_MONTH} h ÷ hours covered by data`,
    whenMissing: 'never missing',
    sources: (r) => r.sources.projected_monthly_cost,
    summary: (s) => s.projectedMonthlyCost,
    by_model: (m) => m.projectedMonthlyCost,
    by_gpu_model: (g, hours) => (g.totalCost * HOURS_PER_MONTH) / hours,
  },
  gpu_cost_per_hour: {
    title: 'GPU cost per hour',
    unit: perHourUnit,
    unitText: (c) => `${c} per hour (mean over the hours with data)`,
    formula: 'GPU-hours × price per GPU-hour ÷ hours covered by data',
    whenMissing: 'never missing',
    sources: (r) => [...r.sources.gpu_cost, rangeHoursSource(r)],
    summary: (s) => s.gpuCost / s.coveredHours,
    by_model: (m, hours) => m.gpuCost / hours,
    by_gpu_model: (g, hours) => g.gpuCost / hours,
  },
  idle_share: {
    title: 'Idle share',
    unit: () => 'percentunit',
    unitText: () => 'share 0–1 of measured GPU-hours',
    formula: 'GPU-hours below idleUtilizationThreshold ÷ GPU-hours with utilisation data',
    whenMissing: 'no GPU utilisation data in the range',
    sources: (r) => r.sources.idle_share,
    summary: (s) => s.idleShare,
    by_model: (m) => m.idleShare,
    by_gpu_model: (g) => g.idleShare,
  },
  idle_cost_per_hour: {
    title: 'Idle GPU cost per hour',
    unit: perHourUnit,
    unitText: (c) => `${c} per hour (mean over the hours with data)`,
    formula: 'idle GPU-hours × price per GPU-hour ÷ hours covered by data',
    whenMissing: 'never missing',
    sources: (r) => [...r.sources.idle_cost, rangeHoursSource(r)],
    summary: (s) => s.idleCost / s.coveredHours,
    by_gpu_model: (g, hours) => g.idleCost / hours,
  },
  energy_cost: {
    title: 'Energy cost',
    unit: currencyUnit,
    unitText: (c) => `${c} over the query range`,
    formula: 'GPU energy kWh × electricityPricePerKwh (0 when no electricity price is set)',
    whenMissing: 'never missing',
    sources: (r) => withEnergyPrice(r.sources.energy_cost),
    summary: (s) => s.energyCost,
    by_model: (m) => m.energyCost,
    by_gpu_model: (g) => g.energyCost,
  },
};
