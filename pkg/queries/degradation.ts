// `degradation_level` signal: computed here, not in PromQL. The input signals run through the signal
// machinery (pkg/signals), are aligned per serving series and time (degradation/inputs), mapped to a
// level by pkg/analytics/degradation with the datasource's thresholds (jsonData.degradationThresholds)
// and aggregated to the query's group-by (degradation/levels).
import { LEVEL_NAMES } from '../analytics/degradation/degradation';
import { QueryError } from '../grafana/errors';
import type { Frame, Notice } from '../grafana/frame';
import type { ParsedSignalQuery } from '../model/query';
import type { SignalDef } from '../signals/types';
import { levelInstantFrames, levelRangeFrames } from './degradation/frames';
import { fetchDegradationInputs, timelineFor } from './degradation/inputs';
import { aggregateLevels, levelsPerServing, type LevelAggregation } from './degradation/levels';
import { degradationThresholds } from './degradation/settings';
import { rangeFor } from './promql/run';
import type { QueryContext } from './types';

export async function degradationSignal(ctx: QueryContext, q: ParsedSignalQuery, def: SignalDef): Promise<Frame[]> {
  const data = ctx.instance.data();
  const thresholds = degradationThresholds(ctx.instance.raw?.jsonData as Record<string, unknown> | undefined);
  const aggregation = (q.aggregation ?? def.defaultAggregation) as LevelAggregation;
  if (!def.aggregations.includes(aggregation)) {
    throw new QueryError(`signal "${def.id}" supports aggregation ${def.aggregations.join(', ')}; "${aggregation}" is not one of them`, 400, 'plugin');
  }
  const detection = await data.detector.get({ signal: ctx.signal, range: ctx.range });
  const range = rangeFor(ctx, data);
  const timeline = timelineFor(range, q.instant, ctx.range.to);
  const fetched = await fetchDegradationInputs(
    data,
    detection,
    { groupBy: q.groupBy, filters: q.filters },
    range,
    timeline,
    ctx.signal
  );
  const n = timeline.times.length;
  const perServing = fetched.servings.map((s) => levelsPerServing(s, n, thresholds));
  const series = aggregateLevels(perServing, q.groupBy, aggregation, n);
  const notices: Notice[] = fetched.warnings.map((text) => ({ severity: 'warning', text }));
  if (fetched.servings.length === 0) {
    notices.push({
      severity: 'warning',
      text: 'No serving metrics found for the degradation level (it needs at least one of error ratio, TTFT, E2E latency, queue, KV cache).',
    });
  }
  const opts = {
    valueName: def.id,
    title: def.title,
    legendFormat: q.legendFormat,
    displayLabels: q.groupBy,
    executedQueryString: `degradation level (${aggregation} by ${q.groupBy.join(', ') || 'all'}) from:\n${fetched.exprs.join('\n')}`,
    stepMs: q.instant ? undefined : range.stepMs,
    notices,
    custom: { signal: def.id, aggregation, levels: LEVEL_NAMES, thresholds },
    withDrivers: !ctx.fromAlert,
  };
  return q.instant ? levelInstantFrames(series, opts) : levelRangeFrames(series, timeline.times, opts);
}
