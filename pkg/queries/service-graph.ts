// The service call graph for root cause: Jaeger's dependencies API over the analysed range, else the
// parent/child spans of traces the query already fetched. Never fails the query: without a graph the
// ranking falls back to robust scores, and the reason comes back as a warning for the frame notice.
import { edgesFromSpans, type GraphSpan } from '../analytics/rootcause/service-graph';
import type { ServiceEdge, SignalSeries, TimeWindow } from '../analytics/rootcause/types';
import type { JaegerClient } from '../upstream/jaeger';

export interface ServiceGraphResult {
  edges: ServiceEdge[];
  source: 'dependencies' | 'spans' | 'none';
  warning?: string;
}

/** Lookback when the window is short: dependencies are aggregated over time, an incident alone may hold few calls. */
export const MIN_DEPENDENCY_LOOKBACK_MS = 60 * 60_000;

export async function fetchServiceGraph(
  jaeger: Pick<JaegerClient, 'dependencies'> | undefined,
  range: TimeWindow,
  spans: Iterable<GraphSpan> = [],
  signal?: AbortSignal
): Promise<ServiceGraphResult> {
  let warning: string | undefined;
  if (jaeger) {
    try {
      const lookback = Math.max(MIN_DEPENDENCY_LOOKBACK_MS, range.end - range.start);
      const edges = await jaeger.dependencies(range.end, lookback, signal);
      if (edges.length) return { edges, source: 'dependencies' };
    } catch (e) {
      warning = `service dependency graph unavailable from Jaeger: ${(e as Error).message}`;
    }
  }
  const edges = edgesFromSpans(spans);
  if (edges.length) return { edges, source: 'spans', warning };
  return { edges: [], source: 'none', warning };
}

/**
 * The metric label that names a trace service: `service` where series carry it (Kubernetes service
 * discovery, Istio), else `job`, which OpenTelemetry's Prometheus conversion sets from `service.name`.
 */
export function serviceLabelFor(series: Iterable<SignalSeries>): 'service' | 'job' {
  for (const s of series) if (s.labels.service) return 'service';
  return 'job';
}
