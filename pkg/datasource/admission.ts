// Admission control for the analytic query types (anomaly, root cause, cost, compliance). Each one fans
// out into many upstream queries (root cause: ~30) and seconds of computation; unbounded, twenty of them
// fill Prometheus' query queue (20 slots by default) and the worker pool, and a one-series panel query
// waits behind them. At most `jsonData.maxConcurrentAnalytics` (default 2) run per datasource; the rest
// wait their turn (the wait counts toward the query timeout); every other query type is never held back.
import { Semaphore } from '../grafana/semaphore';
import type { DataSourceInstanceSettings } from '../grafana/types';

export const ANALYTIC_QUERY_TYPES: ReadonlySet<string> = new Set(['anomaly', 'rootcause', 'cost', 'compliance']);
export const DEFAULT_MAX_CONCURRENT_ANALYTICS = 2;

export function analyticsAdmission(raw: DataSourceInstanceSettings | undefined): Semaphore {
  const v = Number(raw?.jsonData?.maxConcurrentAnalytics);
  const limit = Number.isInteger(v) && v >= 1 && v <= 256 ? v : DEFAULT_MAX_CONCURRENT_ANALYTICS;
  return new Semaphore(limit);
}
