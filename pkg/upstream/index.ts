// Upstream clients built from validated datasource settings. Only the configured URLs are contacted.
import type { DatasourceSettings } from '../datasource/settings';
import type { Scrub } from '../grafana/secret-scrubber';
import { Semaphore } from '../grafana/semaphore';
import { JaegerClient } from './jaeger';
import { PrometheusClient } from './prometheus';

export interface Upstreams {
  prometheus: PrometheusClient;
  jaeger?: JaegerClient;
}

export function createUpstreams(s: DatasourceSettings, scrub?: Scrub): Upstreams {
  const common = { timeoutMs: s.timeoutMs, maxResponseBytes: s.maxResponseBytes, scrub };
  // Each upstream gets its own bound on the analytics' requests in flight (lanes.ts).
  const bulk = () => new Semaphore(s.maxAnalyticsUpstreamRequests);
  return {
    prometheus: new PrometheusClient({
      name: 'Prometheus',
      baseUrl: s.prometheus.url,
      headers: s.prometheus.headers,
      tls: s.prometheus.tls,
      bulkRequests: bulk(),
      ...common,
    }),
    jaeger: s.jaeger
      ? new JaegerClient({
          name: 'Jaeger',
          baseUrl: s.jaeger.url,
          headers: s.jaeger.headers,
          tls: s.jaeger.tls,
          bulkRequests: bulk(),
          ...common,
        })
      : undefined,
  };
}

export { UpstreamError } from './errors';
export type { RangeSeries, InstantSample, Labels } from './prometheus';
export { PrometheusClient } from './prometheus';
export { JaegerClient } from './jaeger';
