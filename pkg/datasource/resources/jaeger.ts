// `jaeger/services` and `jaeger/operations?service=…` for the traces editor.
import { QueryError } from '../../grafana/errors';
import { requireJaeger } from '../data-context';
import type { ResourceRoute } from './router';
import { jsonResponse } from './router';
import { queryParams } from './params';
import { withQueryErrors } from '../../queries/promql/errors';

function jaegerOf(instance: Parameters<ResourceRoute>[1]) {
  return requireJaeger(instance.data());
}

export const jaegerServicesRoute: ResourceRoute = async (_req, instance) => {
  const jaeger = jaegerOf(instance);
  return jsonResponse(200, { data: await withQueryErrors(() => jaeger.services()) });
};

export const jaegerOperationsRoute: ResourceRoute = async (req, instance) => {
  const jaeger = jaegerOf(instance);
  const service = queryParams(req).get('service') ?? '';
  if (service.trim() === '' || service.length > 512)
    throw new QueryError('query parameter "service" is required (a Jaeger service name)', 400);
  return jsonResponse(200, { data: await withQueryErrors(() => jaeger.operations(service)) });
};
