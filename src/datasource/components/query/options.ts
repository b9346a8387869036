import type { SelectableValue } from '@grafana/data';

import type { CostMetric } from '../../types';

export function toOptions(values: readonly string[]): Array<SelectableValue<string>> {
  return values.map((v) => ({ label: v, value: v }));
}

export const AGGREGATION_LABELS: Record<string, string> = {
  p50: 'p50 (median)',
  p90: 'p90',
  p95: 'p95',
  p99: 'p99',
  avg: 'Average',
  max: 'Max',
  min: 'Min',
  sum: 'Sum',
  rate: 'Rate (per second)',
  ratio: 'Ratio',
};

export const QUERY_TYPE_OPTIONS: Array<SelectableValue<string>> = [
  { label: 'Signal', value: 'signal', description: 'An LLM or GPU signal by name, on any engine' },
  { label: 'PromQL', value: 'promql', description: 'Raw PromQL' },
  { label: 'Anomaly', value: 'anomaly', description: 'Anomaly score and bands for a signal or PromQL' },
  { label: 'Root cause', value: 'rootcause', description: 'Ranked hypotheses for an incident' },
  { label: 'Cost', value: 'cost', description: 'GPU, energy and token cost' },
  { label: 'Traces', value: 'traces', description: 'Jaeger trace search' },
  { label: 'Trace', value: 'trace', description: 'One trace by ID' },
  { label: 'Compliance', value: 'compliance', description: 'Sensitive data (e-mail, phone, card, API key, IP) in trace attributes' },
];

export const COMPLIANCE_VIEW_OPTIONS: Array<SelectableValue<string>> = [
  { label: 'Findings', value: 'findings', description: 'One row per finding, redacted' },
  { label: 'Over time', value: 'over_time', description: 'Findings per kind per time bucket' },
];

export const COST_VIEW_OPTIONS: Array<SelectableValue<string>> = [
  { label: 'Summary', value: 'summary', description: 'Total, projected monthly, cost per 1M tokens, idle share' },
  { label: 'By model', value: 'by_model', description: 'Cost and cost per 1M tokens per model' },
  { label: 'By GPU model', value: 'by_gpu_model', description: 'GPU-hours and cost per GPU model' },
  { label: 'Over time', value: 'over_time', description: 'Cost time series by model' },
  { label: 'Savings opportunities', value: 'opportunities', description: 'Idle GPUs, over-provisioning, cheaper options' },
];

/** Instant cost numbers, with their exact units (currency from the datasource settings). */
export const COST_METRIC_OPTIONS: Array<SelectableValue<CostMetric>> = [
  { label: 'Cost per 1M tokens', value: 'cost_per_million_tokens', description: '(GPU + energy cost) ÷ input + output tokens, currency per 1M tokens' },
  { label: 'Total cost', value: 'total_cost', description: 'GPU + energy cost over the time range, currency' },
  { label: 'Projected monthly cost', value: 'projected_monthly_cost', description: 'Range cost scaled to 730 hours, currency per month' },
  { label: 'GPU cost per hour', value: 'gpu_cost_per_hour', description: 'GPU cost ÷ range hours, currency per hour' },
  { label: 'Idle share', value: 'idle_share', description: 'Share of GPU-hours below the idle utilisation threshold, 0–1' },
  { label: 'Idle GPU cost per hour', value: 'idle_cost_per_hour', description: 'Cost of idle GPU-hours ÷ range hours, currency per hour' },
  { label: 'Energy cost', value: 'energy_cost', description: 'GPU energy × electricity price over the time range, currency' },
];
