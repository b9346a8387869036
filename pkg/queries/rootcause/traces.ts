// Jaeger evidence for the root-cause query: spans before and during the incident, per service, turned
// into exclusive self-time shifts per (service, operation, emitting pod/host).
import { compareSelfTime, type SpanInput } from '../../analytics/rootcause/selftime';
import type { GraphSpan } from '../../analytics/rootcause/service-graph';
import type { TimedSpan } from '../../analytics/rootcause/span-series';
import type { SelfTimeShift, TimeWindow } from '../../analytics/rootcause/types';
import type { JaegerClient } from '../../upstream/jaeger';
import type { Trace } from '../../upstream/trace-model';
import { mapLimit } from './fetch-signal';

export interface TraceEvidence {
  shifts: SelfTimeShift[];
  services: number;
  spans: number;
  /** The fetched spans' parent/child links, for the service call graph when Jaeger has no dependencies API. */
  links: GraphSpan[];
  /** The fetched spans' timings, for per-service own-time and call-gap series. */
  timed: TimedSpan[];
}

export interface TraceOptions {
  maxServices?: number;
  /** Traces per service and window. */
  limit?: number;
}

/** Resource attributes → normalized entity labels. */
function entityOf(tags: Array<{ key: string; value: string | number | boolean }>): Record<string, string> | undefined {
  const get = (k: string) => tags.find((t) => t.key === k)?.value;
  const out: Record<string, string> = {};
  const pod = get('k8s.pod.name') ?? get('service.instance.id');
  const host = get('host.name') ?? get('k8s.node.name');
  if (pod !== undefined) out.pod = String(pod);
  if (host !== undefined) out.hostname = String(host);
  return Object.keys(out).length ? out : undefined;
}

/**
 * Spans → self-time inputs. Each span is attributed to the entity that served its request: the
 * deepest span whose process differs from the root's (e.g. the engine pod behind a gateway), else the
 * span's own process. A gateway step that is slow only for requests routed to one instance then shows
 * up against that instance.
 */
export function tracesToSpans(traces: Trace[]): SpanInput[] {
  const seen = new Set<string>();
  const out: SpanInput[] = [];
  for (const t of traces) {
    if (seen.has(t.traceId)) continue;
    seen.add(t.traceId);
    const ids = new Set(t.spans.map((s) => s.spanId));
    const byId = new Map(t.spans.map((s) => [s.spanId, s]));
    const depth = (s: (typeof t.spans)[number]): number => {
      let d = 0;
      for (let p = s; p.parentSpanId && ids.has(p.parentSpanId) && d < 100; d++) p = byId.get(p.parentSpanId)!;
      return d;
    };
    const root = t.spans.find((s) => !s.parentSpanId || !ids.has(s.parentSpanId));
    const rootEntity = root ? entityOf(root.serviceTags) : undefined;
    let served: Record<string, string> | undefined;
    let servedDepth = -1;
    for (const s of t.spans) {
      const e = entityOf(s.serviceTags);
      if (!e?.pod || e.pod === rootEntity?.pod) continue;
      const d = depth(s);
      if (d > servedDepth) {
        served = e;
        servedDepth = d;
      }
    }
    for (const s of t.spans) {
      out.push({
        traceId: s.traceId || t.traceId,
        spanId: s.spanId,
        parentSpanId: s.parentSpanId || undefined,
        service: s.serviceName,
        operation: s.operationName,
        start: s.startTime / 1000,
        duration: s.duration / 1000,
        entity: served ?? entityOf(s.serviceTags),
      });
    }
  }
  return out;
}

export async function traceEvidence(jaeger: JaegerClient, window: TimeWindow, baselineStart: number, abort?: AbortSignal, opts: TraceOptions = {}): Promise<TraceEvidence> {
  const services = (await jaeger.services(abort)).filter((s) => s !== 'jaeger-all-in-one' && s !== 'jaeger').slice(0, opts.maxServices ?? 12);
  const limit = opts.limit ?? 100;
  // A baseline as long as the incident (at most 4×), ending where the incident starts.
  const len = Math.max(window.end - window.start, 60_000);
  const baseFrom = Math.max(baselineStart, window.start - 4 * len);
  const lists = await mapLimit(services, 4, async (service) => {
    const [before, during] = await Promise.all([
      jaeger.search({ service, limit, startMs: baseFrom, endMs: window.start - 1 }, abort),
      jaeger.search({ service, limit, startMs: window.start, endMs: window.end }, abort),
    ]);
    return [...before, ...during];
  });
  const spans = tracesToSpans(lists.flat());
  const links = spans.map((s) => ({ traceId: s.traceId, spanId: s.spanId, parentId: s.parentSpanId ?? null, service: s.service, operation: s.operation }));
  const timed = spans.map((s) => ({ traceId: s.traceId, spanId: s.spanId, parentId: s.parentSpanId ?? null, service: s.service, startMs: s.start, durationMs: s.duration }));
  return { shifts: compareSelfTime(spans, window), services: services.length, spans: spans.length, links, timed };
}
