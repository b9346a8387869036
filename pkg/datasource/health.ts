// CheckHealth ("Save & test"). Grafana shows `message`; `details` must be a JSON object.
import type { CheckHealthResult } from '../grafana/types';
import type { DatasourceInstance } from './instance';

export async function checkHealth(instance: DatasourceInstance): Promise<CheckHealthResult> {
  const url = instance.raw?.url?.trim() ?? '';
  if (url === '') {
    return {
      status: 'ERROR',
      message:
        'Prometheus URL is not set. Open the datasource settings and enter the URL of your Prometheus-compatible ' +
        'server (Prometheus, VictoriaMetrics, Thanos, Mimir), e.g. http://prometheus:9090.',
      details: { missing: ['url'] },
    };
  }
  return {
    status: 'OK',
    message: 'Datasource settings are complete.',
    details: { prometheusUrl: url },
  };
}
