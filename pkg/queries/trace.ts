// `trace` query type: one trace by id → Grafana's trace frame.
import { QueryError } from '../grafana/errors';
import { traceQuerySchema } from '../model/query';
import { requireJaeger } from '../datasource/data-context';
import { parseQuery } from './parse-query';
import { withQueryErrors } from './promql/errors';
import { traceFrame } from './trace/frames';
import type { QueryHandler } from './types';

export const traceQuery: QueryHandler = async (ctx) => {
  const q = parseQuery(traceQuerySchema, { ...ctx.query, queryType: 'trace' }, 'trace');
  const jaeger = requireJaeger(ctx.instance.data());
  return withQueryErrors(async () => {
    const trace = await jaeger.trace(q.traceId, ctx.signal);
    if (!trace || trace.spans.length === 0) {
      throw new QueryError(
        `trace ${q.traceId} was not found in Jaeger (it may have expired or not been sent yet)`,
        404,
        'downstream'
      );
    }
    return [traceFrame(trace, ctx.refId)];
  });
};
