// Resource calls (/api/datasources/uid/<uid>/resources/<path>): a route table keyed by path.
// Add routes in their own files and register them in `resourceRoutes`.
import { QueryError } from '../../grafana/errors';
import type { CallResourceRequest, CallResourceResponse, ResourceSender } from '../../grafana/types';
import type { DatasourceInstance } from '../instance';
import { selftestRoute } from './selftest';
import { labelsRoute, labelValuesRoute, metricsRoute, signalLabelValuesRoute } from './metadata';
import { enginesRoute, signalsRoute } from './catalog';
import { jaegerOperationsRoute, jaegerServicesRoute } from './jaeger';

export type ResourceRoute = (req: CallResourceRequest, instance: DatasourceInstance) => Promise<CallResourceResponse>;

export const resourceRoutes: Record<string, ResourceRoute> = {
  selftest: selftestRoute,
  signals: signalsRoute,
  engines: enginesRoute,
  metrics: metricsRoute,
  labels: labelsRoute,
  'label-values': labelValuesRoute,
  'signal-label-values': signalLabelValuesRoute,
  'jaeger/services': jaegerServicesRoute,
  'jaeger/operations': jaegerOperationsRoute,
};

const JSON_HEADERS = { 'Content-Type': ['application/json'] };

export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string[]> = {}
): CallResourceResponse {
  return { status, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

/** Route one call; always sends exactly one response with a real HTTP status. Returns that status. */
export async function routeResource(
  req: CallResourceRequest,
  instance: DatasourceInstance,
  sender: ResourceSender,
  routes: Record<string, ResourceRoute> = resourceRoutes
): Promise<{ route: string; status: number }> {
  const path = req.path.replace(/^\/+|\/+$/g, '');
  const route = Object.hasOwn(routes, path) ? routes[path] : undefined;
  let response: CallResourceResponse;
  if (!route) {
    response = jsonResponse(404, {
      error: `Unknown resource "${path}". Known resources: ${Object.keys(routes).sort().join(', ')}.`,
    });
  } else if (req.method !== 'GET') {
    response = jsonResponse(
      405,
      { error: `Method ${req.method} is not allowed for "${path}"; use GET.` },
      { Allow: ['GET'] }
    );
  } else {
    try {
      response = await route(req, instance);
    } catch (err) {
      const status = err instanceof QueryError ? err.status : 500;
      const message = err instanceof Error ? err.message : String(err);
      response = jsonResponse(status, { error: status === 500 ? `internal error: ${message}` : message });
    }
  }
  sender.send(response);
  return { route: route ? path : 'unknown', status: response.status };
}
