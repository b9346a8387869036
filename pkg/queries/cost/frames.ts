// Cost report → frames per view. Money fields carry the currency as their Grafana unit, and every
// field's description lists the metrics, prices and settings it came from (also in meta.custom.sources).
// Field names are machine names (panels, transformations and alert rules read them); tables show the
// display name (displayNameFromDS, which a user's override still beats). Numbers go out at 12
// significant digits, so float noise (3.9999999999999734 GPUs) never reaches a viewer.
import type { Field, Frame } from '../../grafana/frame';
import type { CostReport, CostSeries } from '../../analytics/cost/types';

/** Currencies Grafana has a built-in unit for; others get a suffix unit. */
const GRAFANA_CURRENCIES = new Set(['USD', 'GBP', 'EUR', 'JPY', 'RUB', 'UAH', 'BRL', 'DKK', 'ISK', 'NOK', 'SEK', 'CZK', 'CHF', 'PLN', 'ZAR', 'INR', 'KRW', 'IDR', 'PHP', 'VND', 'TRY', 'MYR', 'XPF', 'BGN', 'PYG', 'UYU', 'ILS']);

export function currencyUnit(code: string): string {
  return GRAFANA_CURRENCIES.has(code) ? `currency${code}` : `suffix: ${code}`;
}

type Kind = 'money' | 'count' | 'share' | 'kwh' | 'kg' | 'hours' | 'text' | 'money_per_1m' | 'kwh_per_1m' | 'percent';

function unitFor(kind: Kind, currency: string): string | undefined {
  switch (kind) {
    case 'money':
    case 'money_per_1m':
      return currencyUnit(currency);
    case 'share':
      return 'percentunit';
    case 'percent':
      return 'percent';
    case 'kwh':
      return 'kwatth';
    case 'kwh_per_1m':
      return 'suffix: kWh/1M tok';
    case 'kg':
      return 'masskg';
    case 'hours':
      return 'h';
    case 'count':
      return 'short';
    default:
      return undefined;
  }
}

/** Column titles a viewer reads; the field name stays the machine name. */
export const COST_FIELD_TITLES: Readonly<Record<string, string>> = {
  total_cost: 'Total cost',
  projected_monthly_cost: 'Projected monthly cost',
  gpu_hours: 'GPU-hours',
  gpu_cost: 'GPU cost',
  input_tokens: 'Input tokens',
  output_tokens: 'Output tokens',
  tokens: 'Tokens',
  cost_per_1m_tokens: 'Cost per 1M tokens',
  input_cost_per_1m_tokens: 'Input cost per 1M tokens',
  output_cost_per_1m_tokens: 'Output cost per 1M tokens',
  split_method: 'Input/output split by',
  idle_share: 'Idle share',
  idle_cost: 'Idle cost',
  energy_kwh: 'Energy',
  energy_cost: 'Energy cost',
  carbon_kg: 'Carbon (CO2e)',
  kwh_per_1m_tokens: 'Energy per 1M tokens',
  currency: 'Currency',
  model: 'Model',
  cost: 'Cost',
  api_cost: 'API cost',
  api_cost_per_1m_tokens: 'API cost per 1M tokens',
  break_even_tokens_per_month: 'Break-even tokens / month',
  monthly_tokens: 'Tokens / month (projected)',
  gpu_model: 'GPU model',
  price_key: 'Price entry',
  price_per_hour: 'Price per GPU-hour',
  gpus: 'GPUs (mean)',
  avg_utilization: 'Mean utilisation',
  kind: 'Kind',
  opportunity: 'Opportunity',
  description: 'Description',
  entity: 'Applies to',
  estimated_monthly_savings: 'Est. savings / month',
  counted_monthly_savings: 'Counted in total / month',
  action: 'Action',
  sources: 'Sources',
};

/** Readable values for the split_method column. */
const SPLIT_METHOD_TEXT: Record<string, string> = {
  prefill_decode_time: 'prefill/decode time',
  output_token_weight: 'output-token weight',
};

/** Drops float noise from sums: 12 significant digits (3.9999999999999734 → 4). */
export function tidy(v: number | string | null): number | string | null {
  return typeof v === 'number' && Number.isFinite(v) && v !== 0 ? Number(v.toPrecision(12)) : v;
}

function field(name: string, kind: Kind, values: Array<number | string | null>, currency: string, sources?: string[], description?: string): Field {
  const text = [description, sources?.length ? `Sources: ${sources.join('; ')}` : undefined].filter(Boolean).join(' ');
  return {
    name,
    type: kind === 'text' ? 'string' : 'number',
    values: kind === 'text' ? values : values.map(tidy),
    config: {
      displayNameFromDS: COST_FIELD_TITLES[name],
      unit: unitFor(kind, currency),
      ...(kind === 'count' ? { decimals: name === 'gpus' ? 1 : 0 } : {}),
      description: text || undefined,
    },
  };
}

function meta(report: CostReport, view: string) {
  return {
    type: 'table' as const,
    preferredVisualisationType: 'table' as const,
    notices: report.warnings.length ? report.warnings.map((text) => ({ severity: 'warning' as const, text })) : undefined,
    custom: { view, currency: report.summary.currency, rangeHours: report.summary.rangeHours, coveredHours: report.summary.coveredHours, sources: report.sources },
  };
}

export function summaryFrame(r: CostReport, refId: string): Frame {
  const s = r.summary;
  const c = s.currency;
  const src = r.sources;
  return {
    name: 'cost_summary',
    refId,
    meta: meta(r, 'summary'),
    fields: [
      field('total_cost', 'money', [s.totalCost], c, src.total_cost, 'GPU cost + energy cost in the time range.'),
      field('projected_monthly_cost', 'money', [s.projectedMonthlyCost], c, src.projected_monthly_cost, 'Cost scaled from the hours the data covers to 730 hours.'),
      field('gpu_hours', 'hours', [s.gpuHours], c, src.gpu_hours),
      field('gpu_cost', 'money', [s.gpuCost], c, src.gpu_cost),
      field('input_tokens', 'count', [s.inputTokens], c, [src.tokens[0]]),
      field('output_tokens', 'count', [s.outputTokens], c, [src.tokens[1]]),
      field('tokens', 'count', [s.tokens], c, src.tokens),
      field('cost_per_1m_tokens', 'money_per_1m', [s.costPerMillionTokens], c, src.cost_per_1m_tokens, 'Total cost per million input + output tokens.'),
      field('idle_share', 'share', [s.idleShare], c, src.idle_share, 'Share of measured GPU-hours below the idle utilisation threshold.'),
      field('idle_cost', 'money', [s.idleCost], c, src.idle_cost),
      field('energy_kwh', 'kwh', [s.energyKwh], c, src.energy_kwh),
      field('energy_cost', 'money', [s.energyCost], c, src.energy_cost),
      field('carbon_kg', 'kg', [s.carbonKg], c, src.carbon_kg, 'kg CO2e.'),
      field('kwh_per_1m_tokens', 'kwh_per_1m', [s.kwhPerMillionTokens], c, src.kwh_per_1m_tokens),
      field('currency', 'text', [c], c),
    ],
  };
}

export function byModelFrame(r: CostReport, refId: string): Frame {
  const rows = r.byModel;
  const c = r.summary.currency;
  const src = r.sources;
  const col = <T extends number | string | null>(f: (x: (typeof rows)[number]) => T) => rows.map(f);
  return {
    name: 'cost_by_model',
    refId,
    meta: meta(r, 'by_model'),
    fields: [
      field('model', 'text', col((x) => x.model), c),
      field('cost', 'money', col((x) => x.totalCost), c, src.total_cost, 'GPU cost + energy cost in the time range.'),
      field('tokens', 'count', col((x) => x.inputTokens + x.outputTokens), c, src.tokens),
      field('projected_monthly_cost', 'money', col((x) => x.projectedMonthlyCost), c, src.projected_monthly_cost),
      field('gpu_hours', 'hours', col((x) => x.gpuHours), c, src.gpu_hours),
      field('input_tokens', 'count', col((x) => x.inputTokens), c, [src.tokens[0]]),
      field('output_tokens', 'count', col((x) => x.outputTokens), c, [src.tokens[1]]),
      field('cost_per_1m_tokens', 'money_per_1m', col((x) => x.costPerMillionTokens), c, src.cost_per_1m_tokens),
      field('input_cost_per_1m_tokens', 'money_per_1m', col((x) => x.inputCostPerMillionTokens), c, src.input_cost_per_1m_tokens),
      field('output_cost_per_1m_tokens', 'money_per_1m', col((x) => x.outputCostPerMillionTokens), c, src.output_cost_per_1m_tokens),
      field('split_method', 'text', col((x) => SPLIT_METHOD_TEXT[x.splitMethod] ?? x.splitMethod), c, undefined, 'How cost was split between input and output tokens: measured prefill/decode GPU time, or outputTokenWeight.'),
      field('idle_share', 'share', col((x) => x.idleShare), c, src.idle_share),
      field('energy_kwh', 'kwh', col((x) => x.energyKwh), c, src.energy_kwh),
      field('kwh_per_1m_tokens', 'kwh_per_1m', col((x) => x.kwhPerMillionTokens), c, src.kwh_per_1m_tokens),
      field('carbon_kg', 'kg', col((x) => x.carbonKg), c, src.carbon_kg),
      field('api_cost', 'money', col((x) => x.apiCost), c, src.api_cost, 'What the same tokens would cost at the API prices.'),
      field('api_cost_per_1m_tokens', 'money_per_1m', col((x) => x.apiCostPerMillionTokens), c, src.api_cost),
      field('break_even_tokens_per_month', 'count', col((x) => x.breakEvenTokensPerMonth), c, src.break_even_tokens_per_month, 'Monthly tokens at which self-hosting costs as much as the API.'),
      field('monthly_tokens', 'count', col((x) => x.monthlyTokens), c, src.tokens, 'Current token volume projected to a month.'),
    ],
  };
}

export function byGpuModelFrame(r: CostReport, refId: string): Frame {
  const rows = r.byGpuModel;
  const c = r.summary.currency;
  const src = r.sources;
  const col = <T extends number | string | null>(f: (x: (typeof rows)[number]) => T) => rows.map(f);
  return {
    name: 'cost_by_gpu_model',
    refId,
    meta: meta(r, 'by_gpu_model'),
    fields: [
      field('gpu_model', 'text', col((x) => x.gpuModel), c),
      field('price_key', 'text', col((x) => x.priceKey ?? ''), c, undefined, 'gpuHourlyPrices entry that priced this GPU model.'),
      field('price_per_hour', 'money', col((x) => x.pricePerHour), c, src.gpu_cost),
      field('gpus', 'count', col((x) => x.avgGpus), c, src.gpu_hours, 'Mean number of GPUs reporting over the range.'),
      field('gpu_hours', 'hours', col((x) => x.gpuHours), c, src.gpu_hours),
      field('avg_utilization', 'percent', col((x) => x.avgUtilization), c, src.idle_share),
      field('idle_share', 'share', col((x) => x.idleShare), c, src.idle_share),
      field('idle_cost', 'money', col((x) => x.idleCost), c, src.idle_cost),
      field('cost', 'money', col((x) => x.totalCost), c, src.total_cost, 'GPU cost + energy cost in the time range.'),
      field('tokens', 'count', col((x) => x.tokens), c, src.tokens),
      field('cost_per_1m_tokens', 'money_per_1m', col((x) => x.costPerMillionTokens), c, src.cost_per_1m_tokens),
      field('energy_kwh', 'kwh', col((x) => x.energyKwh), c, src.energy_kwh),
      field('kwh_per_1m_tokens', 'kwh_per_1m', col((x) => x.kwhPerMillionTokens), c, src.kwh_per_1m_tokens),
      field('carbon_kg', 'kg', col((x) => x.carbonKg), c, src.carbon_kg),
    ],
  };
}

export function overTimeFrames(r: CostReport, by: 'model' | 'gpu_model', stepMs: number, refId: string): Frame[] {
  const series: CostSeries[] = by === 'model' ? r.overTimeByModel : r.overTimeByGpuModel;
  const stepHours = stepMs / 3_600_000;
  return series.map((s) => ({
    name: 'over_time',
    refId,
    meta: { type: 'timeseries-multi', typeVersion: [0, 1], custom: { view: 'over_time', groupBy: by, currency: r.summary.currency, stepMs, sources: r.sources.total_cost } },
    fields: [
      { name: 'time', type: 'time', values: s.times },
      {
        name: 'cost',
        type: 'number',
        values: s.values.map((v) => (v === null ? null : tidy(v * stepHours))),
        labels: s.labels,
        config: {
          unit: currencyUnit(r.summary.currency),
          displayNameFromDS: Object.values(s.labels).join(' '),
          description: `Cost per step (${Math.round(stepMs / 1000)} s) in ${r.summary.currency}. Sources: ${r.sources.total_cost.join('; ')}`,
        },
      },
    ],
  }));
}

export function opportunitiesFrame(r: CostReport, refId: string): Frame {
  const o = r.opportunities;
  const c = r.summary.currency;
  return {
    name: 'opportunities',
    refId,
    meta: meta(r, 'opportunities'),
    fields: [
      field('kind', 'text', o.map((x) => x.id), c),
      field('opportunity', 'text', o.map((x) => x.opportunity), c),
      field('description', 'text', o.map((x) => x.detail), c),
      field('entity', 'text', o.map((x) => x.entity), c),
      field('estimated_monthly_savings', 'money', o.map((x) => x.estimatedMonthlySavings), c, undefined, 'Estimated saving per month if acted on.'),
      field('counted_monthly_savings', 'money', o.map((x) => x.countedMonthlySavings), c, undefined, 'What this action adds to the total: only the best action per model counts (actions on one model overlap); the others show 0.'),
      field('action', 'text', o.map((x) => x.action), c),
      field('sources', 'text', o.map((x) => x.sources.join('; ')), c),
    ],
  };
}
