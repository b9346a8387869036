// The backend's own metrics, returned by Diagnostics/CollectMetrics (Grafana: /metrics/plugins/<id>).
import { MetricsRegistry, registerProcessMetrics, type Counter, type Histogram } from '../grafana/metrics';

export interface SelfMetrics {
  registry: MetricsRegistry;
  queries: Counter;
  queryDuration: Histogram;
  upstreamErrors: Counter;
  resourceRequests: Counter;
}

export function createSelfMetrics(): SelfMetrics {
  const registry = new MetricsRegistry();
  const m: SelfMetrics = {
    registry,
    queries: registry.counter('llmops_backend_queries_total', 'Queries answered, by query type and HTTP-like status.'),
    queryDuration: registry.histogram(
      'llmops_backend_query_duration_seconds',
      'Time to answer one query, by query type.'
    ),
    upstreamErrors: registry.counter(
      'llmops_backend_upstream_errors_total',
      'Queries that failed because an upstream (Prometheus, Jaeger) failed, by query type.'
    ),
    resourceRequests: registry.counter(
      'llmops_backend_resource_requests_total',
      'Resource calls, by route and status.'
    ),
  };
  registerProcessMetrics(registry);
  return m;
}
