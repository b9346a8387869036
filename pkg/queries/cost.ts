// `cost` query type: self-hosted LLM cost from GPU-hours × price per GPU model (+ energy), tokens from
// the engines' counters, idle share, API comparison and savings opportunities. Views: summary,
// by_model, by_gpu_model, over_time (optional `groupBy`: "model" | "gpu_model"), opportunities.
// Instant (summary, by_model, by_gpu_model): one number per series, `metric` chooses which.
import { QueryError } from '../grafana/errors';
import type { Frame } from '../grafana/frame';
import { computeOf } from '../compute';
import { DEFAULT_COST_METRIC, type CostInstantView } from '../model/ids';
import { costQuerySchema } from '../model/query';
import { byGpuModelFrame, byModelFrame, opportunitiesFrame, overTimeFrames, summaryFrame } from './cost/frames';
import { fetchCostData } from './cost/inputs';
import { costInstantFrames } from './cost/instant-frames';
import { configuredGpuCounts, costSettings } from './cost/settings';
import { parseQuery } from './parse-query';
import { withQueryErrors } from './promql/errors';
import { rangeFor } from './promql/run';
import type { QueryHandler } from './types';

function overTimeGroup(v: unknown): 'model' | 'gpu_model' {
  const g = Array.isArray(v) ? v[0] : v;
  if (g === undefined || g === null || g === '' || g === 'model') return 'model';
  if (g === 'gpu_model') return 'gpu_model';
  throw new QueryError(`cost over_time groupBy must be "model" or "gpu_model" (got ${JSON.stringify(v)})`, 400);
}

export const costQuery: QueryHandler = async (ctx) => {
  const q = parseQuery(costQuerySchema, { ...ctx.query, queryType: 'cost' }, 'cost');
  const data = ctx.instance.data();
  const by = q.view === 'over_time' ? overTimeGroup(ctx.query.groupBy) : 'model';
  return withQueryErrors(async (): Promise<Frame[]> => {
    const range = rangeFor(ctx, data);
    if (range.endMs <= range.startMs) throw new QueryError('the time range is too short for a cost estimate: choose at least a few scrape intervals', 400);
    const json = ctx.instance.raw?.jsonData as Record<string, unknown> | undefined;
    const settings = costSettings(data.settings, json);
    const detection = await data.detector.get({ signal: ctx.signal, range: ctx.range });
    const fetched = await fetchCostData(data, detection, range, q.filters, ctx.signal);
    const report = await computeOf(ctx).run('computeCost', {
      range: { from: range.startMs, to: range.endMs },
      gpus: fetched.gpus,
      configuredGpuCounts: configuredGpuCounts(json),
      models: fetched.models,
      filter: fetched.filter,
      settings,
      metricNames: { inputTokens: fetched.metricNames.inputTokens, outputTokens: fetched.metricNames.outputTokens },
    }, ctx.signal);
    report.warnings.push(...fetched.warnings);
    if (fetched.gpus.length === 0 && !configuredGpuCounts(json)) {
      report.warnings.push('No GPU metrics (DCGM) found in this range and no jsonData.gpuCounts configured: GPU cost is 0.');
    }
    // The schema only lets instant through for summary, by_model and by_gpu_model.
    if (q.instant) return costInstantFrames(report, q.view as CostInstantView, q.metric ?? DEFAULT_COST_METRIC, ctx.refId);
    switch (q.view) {
      case 'summary':
        return [summaryFrame(report, ctx.refId)];
      case 'by_model':
        return [byModelFrame(report, ctx.refId)];
      case 'by_gpu_model':
        return [byGpuModelFrame(report, ctx.refId)];
      case 'over_time':
        return overTimeFrames(report, by, range.stepMs, ctx.refId);
      case 'opportunities':
        return [opportunitiesFrame(report, ctx.refId)];
    }
  });
};
