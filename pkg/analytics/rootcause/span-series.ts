// Per-service time series from spans, so trace evidence is scored like any metric (robust.ts) and
// ranked on the call graph (service-graph.ts). Two measures a caller's latency cannot explain away:
//  - own time: a service's entry span minus the calls it makes to other services (CPU starvation,
//    a slow loop or lock inside the service shows here, not in its callers' own time);
//  - call gap: how much longer the caller waited for a call than the callee's entry span lasted (the
//    network to and from the callee, its sidecar and accept queue: a network delay shows here).
// Each is the median over a step's spans, so a few slow requests do not make a movement.

import { median } from '../anomaly/stats';
import { unionLength } from './selftime';
import type { SignalSeries } from './types';

/** The parts of a span these series need (Jaeger, OTLP or CSV spans map onto it). */
export interface TimedSpan {
  traceId: string;
  spanId: string;
  parentId: string | null;
  service: string;
  /** Start, epoch ms. */
  startMs: number;
  durationMs: number;
}

/** Signal ids of the series built here: they measure a service's own time, not its callees'. */
export const SPAN_OWN_TIME = 'span_own_time_ms';
export const SPAN_CALL_GAP = 'span_call_gap_ms';

/** True for series that measure time spent in the service itself or on the way to it (never explained by a callee). */
export function isOwnTimeSignal(signal: string): boolean {
  return signal === SPAN_OWN_TIME || signal === SPAN_CALL_GAP;
}

export interface SpanSeriesOptions {
  /** Bucket width, ms (one point per bucket that has spans, stamped at the bucket's end). Default 60 000. */
  stepMs?: number;
  /** Label naming the service on the series. Default `service`. */
  serviceLabel?: string;
}

/**
 * Own time and call gap per service and step. An entry span is one whose parent is missing or in
 * another service; its own time is its duration minus the union of its calls out of the service (the
 * caller-side call span, or the callee's entry span when the call has no span of its own). A call gap
 * is taken where the caller's span is a pure call (its only child is the callee's entry span).
 */
export function spanSeries(spans: Iterable<TimedSpan>, opts: SpanSeriesOptions = {}): SignalSeries[] {
  const step = opts.stepMs ?? 60_000;
  const label = opts.serviceLabel ?? 'service';
  const list = [...spans];
  const key = (traceId: string, spanId: string) => `${traceId}/${spanId}`;
  const byId = new Map<string, TimedSpan>();
  const children = new Map<string, TimedSpan[]>();
  for (const s of list) byId.set(key(s.traceId, s.spanId), s);
  for (const s of list) {
    if (!s.parentId) continue;
    const k = key(s.traceId, s.parentId);
    const kids = children.get(k);
    if (kids) kids.push(s);
    else children.set(k, [s]);
  }
  // service → bucket start → values
  const own = new Map<string, Map<number, number[]>>();
  const gap = new Map<string, Map<number, number[]>>();
  const push = (m: Map<string, Map<number, number[]>>, service: string, t: number, v: number) => {
    const bucket = Math.floor(t / step) * step;
    let byT = m.get(service);
    if (!byT) m.set(service, (byT = new Map()));
    const vals = byT.get(bucket);
    if (vals) vals.push(v);
    else byT.set(bucket, [v]);
  };
  for (const s of list) {
    const parent = s.parentId ? byId.get(key(s.traceId, s.parentId)) : undefined;
    if (parent && parent.service === s.service) continue;
    // s is an entry span of its service: walk the service's own spans below it, collecting calls out.
    const calls: Array<[number, number]> = [];
    const stack: TimedSpan[] = [s];
    while (stack.length) {
      const cur = stack.pop()!;
      for (const kid of children.get(key(cur.traceId, cur.spanId)) ?? []) {
        if (kid.service === s.service) stack.push(kid);
        else if (cur === s) calls.push([kid.startMs, kid.startMs + kid.durationMs]);
        else calls.push([cur.startMs, cur.startMs + cur.durationMs]);
      }
    }
    push(own, s.service, s.startMs, Math.max(0, s.durationMs - unionLength(calls, s.startMs, s.startMs + s.durationMs)));
    if (parent) {
      const siblings = children.get(key(parent.traceId, parent.spanId)) ?? [];
      if (siblings.length === 1) push(gap, s.service, s.startMs, Math.max(0, parent.durationMs - s.durationMs));
    }
  }
  const out: SignalSeries[] = [];
  for (const [signal, m] of [
    [SPAN_OWN_TIME, own],
    [SPAN_CALL_GAP, gap],
  ] as const) {
    for (const [service, byT] of [...m.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
      const starts = [...byT.keys()].sort((a, b) => a - b);
      // A bucket's value is known at its end (as a rate over the last step is): stamp it there, so a
      // bucket that began before an incident is not read as the baseline.
      out.push({ signal, labels: { [label]: service }, times: starts.map((t) => t + step), values: starts.map((t) => median(byT.get(t)!)), unit: 'ms' });
    }
  }
  return out;
}
