// Fetches one catalog signal as plain series for the analytics (shared by rootcause and cost):
// signal → PromQL for the engines present (pkg/signals) → Prometheus range query → SignalSeries with
// NaN turned into null.
import type { DataContext } from '../../datasource/data-context';
import type { SignalSeries } from '../../analytics/rootcause/types';
import type { Aggregation, SignalId } from '../../model/ids';
import type { FilterValue } from '../../model/query';
import { buildSignal, type Availability, type BuiltSignal } from '../../signals/build';
import { SIGNAL_BY_ID } from '../../signals/catalog';
import { promDuration, type QueryRange } from '../promql/range';

export interface SignalRequest {
  signal: SignalId;
  aggregation?: Aggregation;
  groupBy?: string[];
  filters?: Record<string, FilterValue>;
  minScale?: number;
}

export interface FetchedSignal {
  series: SignalSeries[];
  /** The PromQL that ran (undefined: no engine present provides the signal). */
  expr?: string;
  warnings: string[];
  /** Engines and exporters present that the signal left out, and why (see buildSignal). */
  skipped: BuiltSignal['skipped'];
}

export async function fetchSignal(
  data: DataContext,
  available: Availability,
  req: SignalRequest,
  range: QueryRange,
  abort?: AbortSignal
): Promise<FetchedSignal> {
  const def = SIGNAL_BY_ID.get(req.signal);
  if (!def) throw new Error(`unknown signal ${req.signal}`);
  const aggregation = req.aggregation && def.aggregations.includes(req.aggregation) ? req.aggregation : def.defaultAggregation;
  const built = buildSignal({ def, aggregation, groupBy: req.groupBy, filters: req.filters, rateWindow: promDuration(range.rateWindowMs), available });
  if (!built.expr) return { series: [], warnings: [], skipped: built.skipped };
  const res = await data.prometheus.queryRange(built.expr, range.startMs, range.endMs, range.stepMs, abort);
  // Rates and histogram quantiles summarize the rate window before each point; gauges are instant.
  const windowMs = built.expr.includes(`[${promDuration(range.rateWindowMs)}]`) ? range.rateWindowMs : undefined;
  const series = res.result.map((r) => {
    const values: Array<number | null> = new Array(r.values.length);
    for (let i = 0; i < r.values.length; i++) values[i] = Number.isFinite(r.values[i]) ? r.values[i] : null;
    return { signal: req.signal, labels: { ...r.labels }, times: Array.from(r.times), values, minScale: req.minScale, unit: def.unit, ...(windowMs !== undefined ? { windowMs } : {}) };
  });
  return { series, expr: built.expr, warnings: res.warnings, skipped: built.skipped };
}

/** Runs tasks with at most `limit` in flight (the upstream and the 2 cores are shared). */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
