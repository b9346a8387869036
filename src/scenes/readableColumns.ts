/**
 * Table headers a person reads: the backend's table frames name columns like code (`cost_per_1m_tokens`,
 * `price_key`); tables on the app pages show "Cost / 1M tokens", "Price key". Provenance columns
 * (`sources`) stay in the frame meta and the query inspector, not in the table.
 */
import type { DataFrame } from '@grafana/data';
import { map, type MonoTypeOperatorFunction } from 'rxjs';

const HEADERS: Record<string, string> = {
  cost_per_1m_tokens: 'Cost / 1M tokens',
  cost_per_million_tokens: 'Cost / 1M tokens',
  kwh_per_1m_tokens: 'kWh / 1M tokens',
  projected_monthly_cost: 'Projected / month',
  estimated_monthly_savings: 'Savings / month',
  gpu_hours: 'GPU-hours',
  gpus: 'GPUs',
  gpu_model: 'GPU model',
  api_cost: 'API cost',
  carbon_kg: 'Carbon (kg CO2e)',
  energy_kwh: 'Energy (kWh)',
  entity: 'Applies to',
};

/** Provenance and per-direction detail: in the query inspector, not in the page's tables. */
const HIDDEN = new Set(['sources', 'split_method', 'input_tokens', 'output_tokens', 'input_cost_per_1m_tokens', 'output_cost_per_1m_tokens', 'api_cost_per_1m_tokens']);

/** `price_per_hour` → "Price per hour"; known names get their own wording. */
export function readableHeader(name: string): string {
  if (HEADERS[name]) {
    return HEADERS[name];
  }
  const words = name
    .replace(/_per_1m_tokens$/, ' / 1M tokens')
    .replace(/_/g, ' ').replace(/\bgpu\b/gi, 'GPU').replace(/\bapi\b/gi, 'API');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function readableColumns(frames: DataFrame[]): DataFrame[] {
  return frames.map((f) => ({
    ...f,
    fields: f.fields.filter((x) => !HIDDEN.has(x.name)).map((x) => ({ ...x, config: { ...x.config, displayName: x.config.displayName ?? readableHeader(x.name) } })),
  }));
}

export const readableColumnsOperator = (): MonoTypeOperatorFunction<DataFrame[]> => map(readableColumns);
