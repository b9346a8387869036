// Admission control for the analytic query types (anomaly, root cause, cost, compliance). Each one fans
// out into many upstream queries (root cause: ~30) and seconds of computation; unbounded, twenty of them
// fill Prometheus' query queue and the worker pool, and a one-series panel query waits behind them.
// At most `jsonData.maxConcurrentAnalytics` (default 2) run per datasource; the rest queue, one queue per
// Grafana user served in turns, for at most `jsonData.analyticsQueueSeconds` (default: half the query
// timeout, so an admitted query still has time to run). A query that waited that long fails alone with
// a 503 that says the datasource is busy and what to do, rather than a timeout. Other query types are
// never held back.
import { FairSemaphore, QueueFullError } from '../grafana/fair-semaphore';
import { QueryError } from '../grafana/errors';
import type { SettingsResult } from './settings';

export const ANALYTIC_QUERY_TYPES: ReadonlySet<string> = new Set(['anomaly', 'rootcause', 'cost', 'compliance']);
export const DEFAULT_MAX_CONCURRENT_ANALYTICS = 2;

export interface AnalyticsAdmission {
  slots: FairSemaphore;
  /** Longest wait for a slot; undefined: half the query timeout. */
  maxQueueMs?: number;
}

export function analyticsAdmission(settings: SettingsResult): AnalyticsAdmission {
  // Invalid settings fail every query before admission; the defaults then only keep the shape.
  const parsed = settings.ok ? settings.settings : undefined;
  return {
    slots: new FairSemaphore(parsed?.maxConcurrentAnalytics ?? DEFAULT_MAX_CONCURRENT_ANALYTICS),
    maxQueueMs: parsed?.analyticsQueueMs,
  };
}

function busyError(refId: string, err: QueueFullError, limit: number): QueryError {
  return new QueryError(
    `query ${refId}: the datasource is busy: ${err.running} of ${limit} analytic queries ` +
      `(anomaly, root cause, cost, compliance) running and ${err.queued} more waiting; this one waited ` +
      `${(err.waitedMs / 1000).toFixed(0)} s. Retry in a moment, or raise jsonData.maxConcurrentAnalytics ` +
      `(if Prometheus has spare capacity) or jsonData.analyticsQueueSeconds in the datasource settings.`,
    503,
    'downstream'
  );
}

/** Runs `run` once a slot is free; a 503 QueryError when none frees up within the queue bound. */
export async function admitted<T>(
  admission: AnalyticsAdmission,
  opts: { refId: string; user: string; timeoutMs: number; signal: AbortSignal },
  run: () => Promise<T>
): Promise<T> {
  const maxWaitMs = admission.maxQueueMs ?? opts.timeoutMs / 2;
  let release: () => void;
  try {
    release = await admission.slots.acquire({ key: opts.user, signal: opts.signal, maxWaitMs });
  } catch (err) {
    if (err instanceof QueueFullError) throw busyError(opts.refId, err, admission.slots.limit);
    throw err;
  }
  try {
    return await run();
  } finally {
    release();
  }
}
