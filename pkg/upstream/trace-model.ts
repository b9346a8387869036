// Engine-neutral trace model: what both Jaeger API generations decode into and what the trace frames
// are built from. Times are microseconds since the epoch (Jaeger's unit).

export interface KeyValue {
  key: string;
  value: string | number | boolean;
  type?: string;
}

export interface SpanLog {
  /** Epoch microseconds. */
  timestamp: number;
  fields: KeyValue[];
  name?: string;
}

export interface TraceSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  operationName: string;
  serviceName: string;
  serviceTags: KeyValue[];
  /** Epoch microseconds. */
  startTime: number;
  /** Microseconds. */
  duration: number;
  tags: KeyValue[];
  logs: SpanLog[];
  /** client, server, producer, consumer, internal (lower case) or '' when unknown. */
  kind: string;
  /** OTel status: 0 unset, 1 ok, 2 error. */
  statusCode: number;
  statusMessage: string;
  scopeName: string;
  warnings: string[];
}

export interface Trace {
  traceId: string;
  spans: TraceSpan[];
}

export interface TraceSummary {
  traceId: string;
  rootService: string;
  rootOperation: string;
  /** Epoch ms. */
  startTimeMs: number;
  durationMs: number;
  spanCount: number;
  errorCount: number;
  services: string[];
}

export function isErrorSpan(s: TraceSpan): boolean {
  if (s.statusCode === 2) return true;
  return s.tags.some((t) => t.key === 'error' && (t.value === true || t.value === 'true'));
}

/** Root = the span without a parent inside this trace (earliest if several); the trace's extent spans all spans. */
export function summarize(trace: Trace): TraceSummary {
  const ids = new Set(trace.spans.map((s) => s.spanId));
  const roots = trace.spans.filter((s) => !s.parentSpanId || !ids.has(s.parentSpanId));
  const root = (roots.length ? roots : trace.spans).reduce<TraceSpan | undefined>(
    (best, s) => (!best || s.startTime < best.startTime ? s : best),
    undefined
  );
  let start = Infinity;
  let end = -Infinity;
  for (const s of trace.spans) {
    start = Math.min(start, s.startTime);
    end = Math.max(end, s.startTime + s.duration);
  }
  if (!Number.isFinite(start)) start = end = 0;
  return {
    traceId: trace.traceId,
    rootService: root?.serviceName ?? '',
    rootOperation: root?.operationName ?? '',
    startTimeMs: start / 1000,
    durationMs: (end - start) / 1000,
    spanCount: trace.spans.length,
    errorCount: trace.spans.filter(isErrorSpan).length,
    services: [...new Set(trace.spans.map((s) => s.serviceName))].sort(),
  };
}
