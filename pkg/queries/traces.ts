// `traces` query type: Jaeger search → table with a link per trace that opens the `trace` query.
import { QueryError } from '../grafana/errors';
import { tracesQuerySchema } from '../model/query';
import { summarize } from '../upstream/trace-model';
import { requireJaeger } from '../datasource/data-context';
import { parseQuery } from './parse-query';
import { withQueryErrors } from './promql/errors';
import { searchFrame } from './trace/frames';
import type { QueryHandler } from './types';

export const tracesQuery: QueryHandler = async (ctx) => {
  const q = parseQuery(tracesQuerySchema, { ...ctx.query, queryType: 'traces' }, 'traces');
  const data = ctx.instance.data();
  const jaeger = requireJaeger(data);
  return withQueryErrors(async () => {
    const traces = await jaeger.search(
      {
        service: q.service,
        operation: q.operation || undefined,
        tags: q.tags,
        minDuration: q.minDuration,
        maxDuration: q.maxDuration,
        limit: q.limit,
        startMs: ctx.range.from,
        endMs: ctx.range.to,
      },
      ctx.signal
    );
    const executed = `service=${q.service}${q.operation ? ` operation=${q.operation}` : ''}${q.minDuration ? ` minDuration=${q.minDuration}` : ''}${
      Object.keys(q.tags).length ? ` tags=${JSON.stringify(q.tags)}` : ''
    } limit=${q.limit}`;
    return [
      searchFrame(traces.map(summarize), { datasourceUid: data.uid, datasourceName: data.name }, ctx.refId, executed),
    ];
  });
};
