/** Pure data shaping for the cost panel: frames -> CostData -> what each section draws. */
import { FieldType, type DataFrame } from '@grafana/data';

import { FRAME_NAMES, num, text, type CostData, type CostSeries } from './frames';

export type Grouping = 'model' | 'gpu_model';
export type Period = 'day' | 'week' | 'month' | 'year';

/** The backend may report the currency in frame meta instead of a field. */
function metaCurrency(frame: DataFrame): string | undefined {
  const c = (frame.meta?.custom as { currency?: unknown } | undefined)?.currency;
  return typeof c === 'string' ? c : undefined;
}

const rows = (frame: DataFrame) => Array.from({ length: frame.length }, (_, i) => i);

export function readCostFrames(frames: DataFrame[]): CostData {
  const data: CostData = { byModel: [], byGpuModel: [], overTime: [], opportunities: [] };
  for (const frame of frames) {
    switch (frame.name) {
      case FRAME_NAMES.summary:
        if (frame.length > 0) {
          data.summary = {
            totalCost: num(frame, 'total_cost', 0) ?? 0,
            gpuCost: num(frame, 'gpu_cost', 0),
            energyCost: num(frame, 'energy_cost', 0),
            projectedMonthlyCost: num(frame, 'projected_monthly_cost', 0) ?? 0,
            tokens: num(frame, 'tokens', 0),
            costPer1MTokens: num(frame, 'cost_per_1m_tokens', 0),
            idleShare: num(frame, 'idle_share', 0),
            gpuHours: num(frame, 'gpu_hours', 0),
            energyKwh: num(frame, 'energy_kwh', 0),
            carbonKg: num(frame, 'carbon_kg', 0),
            kwhPer1MTokens: num(frame, 'kwh_per_1m_tokens', 0),
            currency: text(frame, 'currency', 0) ?? metaCurrency(frame),
          };
        }
        break;
      case FRAME_NAMES.byModel:
        data.byModel.push(
          ...rows(frame).map((i) => ({
            model: text(frame, 'model', i) ?? 'unknown',
            cost: num(frame, 'cost', i) ?? 0,
            tokens: num(frame, 'tokens', i),
            costPer1MTokens: num(frame, 'cost_per_1m_tokens', i),
            apiCost: num(frame, 'api_cost', i),
            kwhPer1MTokens: num(frame, 'kwh_per_1m_tokens', i),
            carbonKg: num(frame, 'carbon_kg', i),
          }))
        );
        break;
      case FRAME_NAMES.byGpuModel:
        data.byGpuModel.push(
          ...rows(frame).map((i) => ({
            gpuModel: text(frame, 'gpu_model', i) ?? 'unknown',
            gpus: num(frame, 'gpus', i),
            gpuHours: num(frame, 'gpu_hours', i),
            cost: num(frame, 'cost', i) ?? 0,
            idleShare: num(frame, 'idle_share', i),
          }))
        );
        break;
      case FRAME_NAMES.opportunities:
        data.opportunities.push(
          ...rows(frame).map((i) => ({
            kind: text(frame, 'kind', i) ?? 'other',
            description: text(frame, 'description', i) ?? '',
            entity: text(frame, 'entity', i),
            estimatedMonthlySavings: num(frame, 'estimated_monthly_savings', i) ?? 0,
            countedMonthlySavings: num(frame, 'counted_monthly_savings', i),
            action: text(frame, 'action', i),
          }))
        );
        break;
      case FRAME_NAMES.overTime: {
        const time = frame.fields.find((f) => f.type === FieldType.time);
        const value = frame.fields.find((f) => f.type === FieldType.number);
        if (time && value) {
          const points: Array<[number, number]> = rows(frame)
            .map((i): [number, number] => [Number(time.values[i]), Number(value.values[i])])
            .filter(([t, v]) => Number.isFinite(t) && Number.isFinite(v));
          data.overTime.push({ labels: { ...(value.labels ?? {}) }, points });
        }
        break;
      }
    }
  }
  data.byModel.sort((a, b) => b.cost - a.cost);
  data.byGpuModel.sort((a, b) => b.cost - a.cost);
  data.opportunities.sort((a, b) => b.estimatedMonthlySavings - a.estimatedMonthlySavings);
  return data;
}

const PERIOD_FACTOR: Record<Period, number> = { day: 1 / 30, week: 7 / 30, month: 1, year: 365 / 30 };

/** Projected cost for a period from the projected monthly (30-day) cost. */
export function projectedCost(projectedMonthly: number, period: Period): number {
  return projectedMonthly * PERIOD_FACTOR[period];
}

/** Possible savings without double counting: the backend's counted part of each action (best per model). */
export function totalSavings(data: CostData): number {
  return data.opportunities.reduce((sum, o) => sum + Math.max(0, o.countedMonthlySavings ?? o.estimatedMonthlySavings), 0);
}

/** A GPU count for people: whole when it is (float sums), else one decimal. */
export function formatCount(v: number | undefined): string {
  if (v === undefined) {
    return '–';
  }
  const r = Math.round(v * 10) / 10;
  return Number.isInteger(r) ? String(r) : r.toFixed(1);
}

export interface StackedSeries {
  key: string;
  /** Cumulative values (bottom = previous series), aligned with `times`. */
  lower: number[];
  upper: number[];
  total: number;
}

export interface Stacked {
  times: number[];
  series: StackedSeries[];
  max: number;
}

/**
 * Groups cost series by a label (series lacking it go to "other"), sums same-key series, aligns all
 * on the union of timestamps (missing points count as 0) and stacks them, largest total at the bottom.
 */
export function stackSeries(series: CostSeries[], grouping: Grouping): Stacked {
  const byKey = new Map<string, Map<number, number>>();
  const times = new Set<number>();
  for (const s of series) {
    const key = s.labels[grouping] ?? 'other';
    const acc = byKey.get(key) ?? new Map<number, number>();
    for (const [t, v] of s.points) {
      acc.set(t, (acc.get(t) ?? 0) + v);
      times.add(t);
    }
    byKey.set(key, acc);
  }
  const sortedTimes = [...times].sort((a, b) => a - b);
  const groups = [...byKey.entries()]
    .map(([key, acc]) => ({ key, values: sortedTimes.map((t) => acc.get(t) ?? 0) }))
    .map((g) => ({ ...g, total: g.values.reduce((a, b) => a + b, 0) }))
    .sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
  const base = sortedTimes.map(() => 0);
  const stacked: StackedSeries[] = groups.map((g) => {
    const lower = [...base];
    const upper = lower.map((l, i) => l + g.values[i]);
    upper.forEach((u, i) => (base[i] = u));
    return { key: g.key, lower, upper, total: g.total };
  });
  return { times: sortedTimes, series: stacked, max: Math.max(0, ...base) };
}

/** Which grouping the data supports: the chosen one if any series has the label, else the other. */
export function effectiveGrouping(series: CostSeries[], wanted: Grouping): Grouping {
  const has = (g: Grouping) => series.some((s) => g in s.labels);
  return has(wanted) || !has(wanted === 'model' ? 'gpu_model' : 'model') ? wanted : wanted === 'model' ? 'gpu_model' : 'model';
}

export function formatMoney(value: number | undefined, currency: string, compact = false): string {
  if (value === undefined || !Number.isFinite(value)) {
    return '–';
  }
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      notation: compact && Math.abs(value) >= 10000 ? 'compact' : 'standard',
      maximumFractionDigits: Math.abs(value) < 10 ? 2 : 0,
    }).format(value);
  } catch {
    return `${value.toFixed(2)} ${currency}`;
  }
}

export function formatPercent(share: number | undefined): string {
  return share === undefined ? '–' : `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;
}

/** kg CO2e per 1M tokens from a range's carbon and tokens (undefined without both). */
export function carbonPer1MTokens(carbonKg: number | undefined, tokens: number | undefined): number | undefined {
  return carbonKg !== undefined && tokens !== undefined && tokens > 0 ? (carbonKg / tokens) * 1e6 : undefined;
}

/** `0.123 kWh`, `1.2 kg`: three significant digits, an en dash when unknown. */
export function formatAmount(v: number | undefined, unit: string): string {
  return v === undefined ? '–' : `${Number(v.toPrecision(3))} ${unit}`;
}
