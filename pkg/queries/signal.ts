// `signal` query type: an LLM signal by id, for whatever engines the Prometheus server has.
import type { Frame } from '../grafana/frame';
import { signalQuerySchema, type ParsedSignalQuery } from '../model/query';
import { buildSignal } from '../signals/build';
import { SIGNAL_BY_ID } from '../signals/catalog';
import { degradationSignal } from './degradation';
import { parseQuery } from './parse-query';
import { toQueryError, withQueryErrors } from './promql/errors';
import { promDuration } from './promql/range';
import { rangeFor, runPromql } from './promql/run';
import { emptySignalNotice, signalMetricNames, skippedNotices } from './signal/explain';
import { heatmapFrame } from './signal/heatmap';
import { resultUnit } from './signal/unit';
import { QueryError } from '../grafana/errors';
import type { QueryHandler } from './types';

const AGG_LABEL: Record<string, string> = { rate: '', sum: '', ratio: '' };

export const signalQuery: QueryHandler = async (ctx) => {
  const q = parseQuery(signalQuerySchema, { ...ctx.query, queryType: 'signal' }, 'signal');
  const data = ctx.instance.data();
  const def = SIGNAL_BY_ID.get(q.signal)!;
  if (def.computed === 'degradation') return withQueryErrors(() => degradationSignal(ctx, q, def));
  return withQueryErrors(async (): Promise<Frame[]> => {
    const detection = await data.detector.get({ signal: ctx.signal, range: ctx.range });
    const range = rangeFor(ctx, data);
    let built;
    try {
      built = buildSignal({
        def,
        aggregation: q.aggregation,
        groupBy: q.groupBy,
        filters: scopedFilters(def.domain, q.filters, data.settings.targetJobs),
        rateWindow: promDuration(range.rateWindowMs),
        available: detection,
        buckets: q.format === 'heatmap',
      });
    } catch (e) {
      throw toQueryError(e);
    }
    const notices = skippedNotices(built, def);
    const custom = {
      signal: def.id,
      aggregation: built.aggregation,
      engines: built.families,
      ...(built.combined ? { combined: built.combined } : {}),
    };
    if (!built.expr) {
      const type = q.instant ? 'numeric-multi' : 'timeseries-multi';
      return [
        {
          meta: {
            type,
            typeVersion: [0, 1],
            custom,
            notices: [emptySignalNotice(def, built.aggregation, detection), ...notices],
            executedQueryString: `(no query: looked for ${signalMetricNames(def).join(', ')})`,
          },
          fields: [],
        },
      ];
    }
    const expr = built.expr;
    if (q.format === 'heatmap') {
      if (q.instant) throw new QueryError('format "heatmap" needs a range query (instant is on)', 400);
      const res = await data.prometheus.queryRange(expr, range.startMs, range.endMs, range.stepMs, ctx.signal);
      const all = [...notices, ...res.warnings.map((w) => ({ severity: 'warning' as const, text: w }))];
      return [
        heatmapFrame(res.result, {
          unit: def.unit,
          stepMs: range.stepMs,
          meta: {
            executedQueryString: `${expr}\nStep: ${promDuration(range.stepMs)}`,
            custom,
            ...(all.length ? { notices: all } : {}),
          },
        }),
      ];
    }
    const aggText = AGG_LABEL[built.aggregation] ?? built.aggregation;
    return runPromql(ctx, data, {
      instant: q.instant,
      expr: () => expr,
      frame: {
        valueName: def.id,
        unit: resultUnit(def, built.aggregation),
        legendFormat: q.legendFormat,
        displayPrefix: aggText ? `${def.title} ${aggText}` : def.title,
        displayLabels: built.outputLabels,
        notices,
        custom,
      },
    });
  });
};

/**
 * Scrape-health signals read only the jobs the datasource watches (`jsonData.targetJobs`), so a shared
 * Prometheus's other targets neither page nor count; a user's own `job` filter still narrows further.
 */
export function scopedFilters(
  domain: string,
  filters: ParsedSignalQuery['filters'],
  targetJobs: string | undefined
): ParsedSignalQuery['filters'] {
  if (domain !== 'scrape' || !targetJobs || filters?.job !== undefined) return filters;
  return { ...filters, job: { op: '=~', value: targetJobs } };
}
