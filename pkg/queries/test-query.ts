// Built-in deterministic `test` query type: synthetic series that need no upstream, so the protocol,
// panels and alert rules can be checked on any install. Same input → same frames, always.
import { z } from 'zod';
import { answerLimits, limitNotice, seriesThatFit } from '../datasource/answer-limits';
import { QueryError } from '../grafana/errors';
import type { Frame, Notice } from '../grafana/frame';
import { parseQuery } from './parse-query';
import type { QueryContext, QueryHandler } from './types';

export const MAX_TEST_SERIES = 1000;
export const MAX_TEST_POINTS = 100_000;

export const testQuerySchema = z.object({
  seriesCount: z.number().int().min(1).max(MAX_TEST_SERIES).default(1),
  /** Points per series; default: one per interval, at most maxDataPoints. */
  points: z.number().int().min(1).max(MAX_TEST_POINTS).optional(),
  instant: z.boolean().default(false),
  unit: z.string().max(64).optional(),
});

export type TestQuery = z.output<typeof testQuerySchema>;

/** A smooth, bounded, deterministic value for series `s` at time `t` (ms). */
export function testValue(s: number, t: number): number {
  return Math.round((50 + 10 * s + 25 * Math.sin(t / 600_000 + s)) * 1000) / 1000;
}

export function testTimestamps(from: number, to: number, points: number): number[] {
  if (points === 1) return [to];
  const step = (to - from) / (points - 1);
  return Array.from({ length: points }, (_, i) => Math.round(from + i * step));
}

function defaultPoints(ctx: QueryContext): number {
  const span = Math.max(0, ctx.range.to - ctx.range.from);
  const byInterval = Math.floor(span / Math.max(1, ctx.intervalMs)) + 1;
  return Math.max(1, Math.min(byInterval, ctx.maxDataPoints > 0 ? ctx.maxDataPoints : 1000, MAX_TEST_POINTS));
}

export const testQuery: QueryHandler = async (ctx) => {
  const q = parseQuery(testQuerySchema, ctx.query, 'test');
  const config = q.unit ? { unit: q.unit } : undefined;
  const frames: Frame[] = [];
  if (q.instant) {
    for (let s = 0; s < q.seriesCount; s++) {
      frames.push({
        name: `series-${s}`,
        refId: ctx.refId,
        meta: { type: 'numeric-multi', typeVersion: [0, 1] },
        fields: [
          { name: 'value', type: 'number', values: [testValue(s, ctx.range.to)], labels: { series: `s${s}` }, config },
        ],
      });
    }
    return frames;
  }
  // Sized before anything is generated: series × points within the datasource's caps.
  const points = q.points ?? defaultPoints(ctx);
  const limits = answerLimits(ctx.instance);
  const fit = Math.min(q.seriesCount, seriesThatFit(points, limits));
  if (fit === 0) {
    throw new QueryError(
      `test query: ${points.toLocaleString('en-US')} points in one series exceed the limits of ${limits.maxPoints.toLocaleString('en-US')} ` +
        `points per query (jsonData.maxPointsPerQuery) or jsonData.maxAnswerMB: ask for fewer points`,
      400
    );
  }
  const notices: Notice[] = fit < q.seriesCount ? [limitNotice(fit, q.seriesCount, limits)] : [];
  // Typed arrays: the frame encoder copies them without per-value work.
  const times = Float64Array.from(testTimestamps(ctx.range.from, ctx.range.to, points));
  for (let s = 0; s < fit; s++) {
    frames.push({
      name: `series-${s}`,
      refId: ctx.refId,
      meta: { type: 'timeseries-multi', typeVersion: [0, 1], ...(s === 0 && notices.length ? { notices } : {}) },
      fields: [
        { name: 'time', type: 'time', values: times },
        {
          name: 'value',
          type: 'number',
          values: times.map((t) => testValue(s, t)),
          labels: { series: `s${s}` },
          config,
        },
      ],
    });
  }
  return frames;
};
