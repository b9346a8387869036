// `promql` query type: raw PromQL with Grafana's macros, range or instant.
import { parseDurationMs } from '../datasource/settings';
import { promqlQuerySchema } from '../model/query';
import { parseQuery } from './parse-query';
import { withQueryErrors } from './promql/errors';
import { interpolateMacros } from './promql/macros';
import { runPromql } from './promql/run';
import type { QueryHandler } from './types';

export const promqlQuery: QueryHandler = async (ctx) => {
  const q = parseQuery(promqlQuerySchema, { ...ctx.query, queryType: 'promql' }, 'promql');
  const data = ctx.instance.data();
  return withQueryErrors(() =>
    runPromql(ctx, data, {
      instant: q.instant,
      minStepMs: q.minStep ? parseDurationMs(q.minStep) : undefined,
      expr: (range) => interpolateMacros(q.expr, range, ctx.range.from, ctx.range.to),
      frame: { valueName: 'value', legendFormat: q.legendFormat },
    })
  );
};
