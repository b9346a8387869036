// Runs one PromQL expression (range or instant) with the datasource's limits and turns the answer
// into dataplane frames. Shared by the `promql` and `signal` query types.
import type { Frame, Notice } from '../../grafana/frame';
import { answerLimits, seriesThatFit } from '../../datasource/answer-limits';
import type { DataContext } from '../../datasource/data-context';
import type { QueryContext } from '../types';
import { instantFrames, rangeFrames, type FrameOptions } from './frames';
import { computeRange, promDuration, type QueryRange } from './range';

export interface PromqlRun {
  /** Builds the expression once the step and rate window are known. */
  expr(range: QueryRange): string;
  instant: boolean;
  minStepMs?: number;
  frame: Omit<FrameOptions, 'executedQueryString' | 'maxSeries' | 'stepMs'>;
}

export function rangeFor(ctx: QueryContext, data: DataContext, minStepMs?: number): QueryRange {
  return computeRange({
    from: ctx.range.from,
    to: ctx.range.to,
    intervalMs: ctx.intervalMs,
    maxDataPoints: ctx.maxDataPoints,
    scrapeIntervalMs: data.settings.scrapeIntervalMs,
    maxPointsPerSeries: data.settings.maxPointsPerSeries,
    minStepMs,
  });
}

export async function runPromql(ctx: QueryContext, data: DataContext, run: PromqlRun): Promise<Frame[]> {
  const range = rangeFor(ctx, data, run.minStepMs);
  const expr = run.expr(range);
  const notices: Notice[] = [...(run.frame.notices ?? [])];
  if (run.instant) {
    const res = await data.prometheus.queryInstant(expr, ctx.range.to, ctx.signal);
    for (const w of res.warnings) notices.push({ severity: 'warning', text: w });
    return instantFrames(res.result, {
      ...run.frame,
      notices,
      executedQueryString: expr,
      maxSeries: data.settings.maxSeries,
    });
  }
  if (range.stepRaised) {
    notices.push({
      severity: 'info',
      text: `Step raised to ${promDuration(range.stepMs)} to stay within ${data.settings.maxPointsPerSeries} points per series (jsonData.maxPointsPerSeries).`,
    });
  }
  const res = await data.prometheus.queryRange(expr, range.startMs, range.endMs, range.stepMs, ctx.signal);
  for (const w of res.warnings) notices.push({ severity: 'warning', text: w });
  // Series × points within the per-query caps, decided before any frame is built.
  const points = Math.floor((range.endMs - range.startMs) / range.stepMs) + 1;
  const limits = ctx.answerLimits ?? answerLimits(ctx.instance);
  const fit = Math.max(1, seriesThatFit(points, limits));
  const byPoints = fit < data.settings.maxSeries;
  return rangeFrames(res.result, {
    ...run.frame,
    notices,
    executedQueryString: `${expr}\nStep: ${promDuration(range.stepMs)}`,
    maxSeries: byPoints ? fit : data.settings.maxSeries,
    seriesLimitText: byPoints
      ? `${points} points each; limits jsonData.maxPointsPerQuery = ${data.settings.maxPointsPerQuery}, jsonData.maxAnswerMB${ctx.answerLimits ? ` (× ${Math.round(limits.maxPoints / data.settings.maxPointsPerQuery)} for this source)` : ''}`
      : undefined,
    stepMs: range.stepMs,
  });
}
