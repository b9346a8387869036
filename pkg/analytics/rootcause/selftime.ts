// Span self-time attribution: a span's exclusive time is its duration minus the union of its
// children's intervals (clipped to the parent). Comparing per (service, operation) self-time before
// and during an incident shows which operation itself got slower, not merely its callers.
import type { SelfTimeShift, TimeWindow } from './types';

export interface SpanInput {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  service: string;
  operation: string;
  /** Start, epoch ms (fractions allowed). */
  start: number;
  /** Duration, ms. */
  duration: number;
  /** Entity labels of the emitting process (instance, pod, hostname …); part of the grouping key. */
  entity?: Record<string, string>;
}

export interface SpanSelfTime extends SpanInput {
  selfTime: number;
}

/** Length of the union of [start, end) intervals, each clipped to [lo, hi). */
export function unionLength(intervals: Array<[number, number]>, lo: number, hi: number): number {
  const clipped = intervals
    .map(([s, e]): [number, number] => [Math.max(s, lo), Math.min(e, hi)])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let curS = NaN;
  let curE = NaN;
  for (const [s, e] of clipped) {
    if (Number.isNaN(curS) || s > curE) {
      if (!Number.isNaN(curS)) total += curE - curS;
      curS = s;
      curE = e;
    } else if (e > curE) curE = e;
  }
  if (!Number.isNaN(curS)) total += curE - curS;
  return total;
}

/** Exclusive self-time of every span (children are matched by traceId + parentSpanId). */
export function computeSelfTimes(spans: SpanInput[]): SpanSelfTime[] {
  const children = new Map<string, Array<[number, number]>>();
  for (const s of spans) {
    if (!s.parentSpanId) continue;
    const key = `${s.traceId}/${s.parentSpanId}`;
    let list = children.get(key);
    if (!list) children.set(key, (list = []));
    list.push([s.start, s.start + s.duration]);
  }
  return spans.map((s) => {
    const kids = children.get(`${s.traceId}/${s.spanId}`) ?? [];
    const covered = unionLength(kids, s.start, s.start + s.duration);
    return { ...s, selfTime: Math.max(0, s.duration - covered) };
  });
}

interface OpStats {
  service: string;
  operation: string;
  entity?: Record<string, string>;
  count: number;
  total: number;
  maxSelf: number;
  maxTraceId?: string;
}

function aggregate(spans: SpanSelfTime[]): Map<string, OpStats> {
  const out = new Map<string, OpStats>();
  for (const s of spans) {
    const key = `${s.service}\u0000${s.operation}\u0000${s.entity ? JSON.stringify(s.entity) : ''}`;
    let st = out.get(key);
    if (!st) out.set(key, (st = { service: s.service, operation: s.operation, entity: s.entity, count: 0, total: 0, maxSelf: -1 }));
    st.count++;
    st.total += s.selfTime;
    if (s.selfTime > st.maxSelf) {
      st.maxSelf = s.selfTime;
      st.maxTraceId = s.traceId;
    }
  }
  return out;
}

export interface SelfTimeOptions {
  /** Growth is computed against max(baseline mean, this), ms. Default 1. */
  floorMs?: number;
}

/**
 * Compares per (service, operation, entity) mean self-time of spans starting before the incident with those
 * starting inside it. Sorted by excess self-time (how much extra time the operation itself cost).
 * Operations with no baseline spans get growth against the floor.
 */
export function compareSelfTime(spans: SpanInput[], window: TimeWindow, opts: SelfTimeOptions = {}): SelfTimeShift[] {
  const floor = opts.floorMs ?? 1;
  const withSelf = computeSelfTimes(spans);
  const before = aggregate(withSelf.filter((s) => s.start < window.start));
  const during = aggregate(withSelf.filter((s) => s.start >= window.start && s.start <= window.end));
  const shifts: SelfTimeShift[] = [];
  for (const [key, inc] of during) {
    const base = before.get(key);
    const baselineMean = base ? base.total / base.count : 0;
    const incidentMean = inc.total / inc.count;
    shifts.push({
      service: inc.service,
      operation: inc.operation,
      ...(inc.entity ? { entity: inc.entity } : {}),
      baselineCount: base?.count ?? 0,
      incidentCount: inc.count,
      baselineMeanMs: baselineMean,
      incidentMeanMs: incidentMean,
      growth: incidentMean / Math.max(baselineMean, floor),
      excessMs: (incidentMean - baselineMean) * inc.count,
      exampleTraceId: inc.maxTraceId,
    });
  }
  return shifts.sort((a, b) => b.excessMs - a.excessMs);
}
