// Decoders for Jaeger's two query-API formats: the classic JSON of /api/traces (Jaeger v1 and v2 both
// serve it) and the OTLP JSON of /api/v3/traces (v2, and v1 ≥ 1.46). Both become the neutral model.
import type { KeyValue, SpanLog, Trace, TraceSpan } from './trace-model';

type Json = Record<string, unknown>;

const OTEL_KIND: Record<string, string> = {
  '1': 'internal',
  '2': 'server',
  '3': 'client',
  '4': 'producer',
  '5': 'consumer',
  SPAN_KIND_INTERNAL: 'internal',
  SPAN_KIND_SERVER: 'server',
  SPAN_KIND_CLIENT: 'client',
  SPAN_KIND_PRODUCER: 'producer',
  SPAN_KIND_CONSUMER: 'consumer',
};

function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

function kvList(v: unknown): KeyValue[] {
  if (!Array.isArray(v)) return [];
  return v
    .filter((x): x is Json => typeof x === 'object' && x !== null && typeof (x as Json).key === 'string')
    .map((x) => {
      const value = x.value;
      const simple =
        typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
          ? value
          : JSON.stringify(value);
      return { key: x.key as string, value: simple, type: typeof x.type === 'string' ? x.type : undefined };
    });
}

/** One trace from the classic format (`data[i]` of /api/traces or /api/traces/{id}). */
export function decodeClassicTrace(raw: unknown): Trace {
  const t = (raw ?? {}) as Json;
  const processes = (t.processes ?? {}) as Record<string, Json>;
  const spans = Array.isArray(t.spans) ? (t.spans as Json[]) : [];
  const out: TraceSpan[] = spans.map((s) => {
    const proc = processes[str(s.processID)] ?? (s.process as Json | undefined) ?? {};
    const refs = Array.isArray(s.references) ? (s.references as Json[]) : [];
    const parent = refs.find((r) => r.refType === 'CHILD_OF') ?? refs[0];
    const tags = kvList(s.tags);
    const tag = (k: string) => tags.find((x) => x.key === k)?.value;
    const otelStatus = str(tag('otel.status_code')).toUpperCase();
    const hasErrorTag = tag('error') === true || tag('error') === 'true';
    const logs: SpanLog[] = Array.isArray(s.logs)
      ? (s.logs as Json[]).map((l) => {
          const fields = kvList(l.fields);
          return {
            timestamp: Number(l.timestamp ?? 0),
            fields,
            name: str(fields.find((f) => f.key === 'event')?.value) || undefined,
          };
        })
      : [];
    return {
      traceId: str(s.traceID),
      spanId: str(s.spanID),
      parentSpanId: parent ? str(parent.spanID) : '',
      operationName: str(s.operationName),
      serviceName: str(proc.serviceName),
      serviceTags: kvList(proc.tags),
      startTime: Number(s.startTime ?? 0),
      duration: Number(s.duration ?? 0),
      tags,
      logs,
      kind: str(tag('span.kind')).toLowerCase(),
      statusCode: otelStatus === 'ERROR' || hasErrorTag ? 2 : otelStatus === 'OK' ? 1 : 0,
      statusMessage: str(tag('otel.status_description')),
      scopeName: str(tag('otel.scope.name') ?? tag('otel.library.name')),
      warnings: Array.isArray(s.warnings) ? (s.warnings as unknown[]).map(str) : [],
    };
  });
  return { traceId: str(t.traceID) || out[0]?.traceId || '', spans: out };
}

function anyValue(v: unknown): string | number | boolean {
  const o = (v ?? {}) as Json;
  if ('stringValue' in o) return str(o.stringValue);
  if ('boolValue' in o) return Boolean(o.boolValue);
  if ('intValue' in o) return Number(o.intValue);
  if ('doubleValue' in o) return Number(o.doubleValue);
  if ('arrayValue' in o) {
    const values = ((o.arrayValue as Json)?.values as unknown[]) ?? [];
    return JSON.stringify(values.map(anyValue));
  }
  if ('kvlistValue' in o) return JSON.stringify(otlpAttributes((o.kvlistValue as Json)?.values));
  if ('bytesValue' in o) return str(o.bytesValue);
  return '';
}

function otlpAttributes(v: unknown): KeyValue[] {
  if (!Array.isArray(v)) return [];
  return (v as Json[]).map((a) => {
    const value = anyValue(a.value);
    return {
      key: str(a.key),
      value,
      type: typeof value === 'boolean' ? 'bool' : typeof value === 'number' ? 'float64' : 'string',
    };
  });
}

/** OTLP JSON ids are hex in Jaeger's v3 API; some encoders use base64: normalise to lower-case hex. */
function otlpId(v: unknown): string {
  const s = str(v);
  if (s === '' || /^[0-9a-fA-F]+$/.test(s)) return s.toLowerCase();
  return Buffer.from(s, 'base64').toString('hex');
}

function nanosToMicros(v: unknown): number {
  const s = str(v);
  if (s === '') return 0;
  // Nanosecond epochs exceed 2^53: use BigInt for exact division.
  try {
    return Number(BigInt(s.split('.')[0]!) / 1000n);
  } catch {
    return Math.round(Number(s) / 1000);
  }
}

/** All traces contained in one OTLP `{ resourceSpans }` document, grouped by trace id. */
export function decodeOtlpTraces(raw: unknown): Trace[] {
  const root = (raw ?? {}) as Json;
  const doc = ((root.result as Json | undefined) ?? root) as Json;
  const byTrace = new Map<string, TraceSpan[]>();
  for (const rs of (doc.resourceSpans as Json[] | undefined) ?? []) {
    const resAttrs = otlpAttributes((rs.resource as Json | undefined)?.attributes);
    const serviceName = str(resAttrs.find((a) => a.key === 'service.name')?.value);
    const serviceTags = resAttrs.filter((a) => a.key !== 'service.name');
    for (const ss of ((rs.scopeSpans ?? rs.instrumentationLibrarySpans) as Json[] | undefined) ?? []) {
      const scopeName = str(((ss.scope ?? ss.instrumentationLibrary) as Json | undefined)?.name);
      for (const s of (ss.spans as Json[] | undefined) ?? []) {
        const start = nanosToMicros(s.startTimeUnixNano);
        const end = nanosToMicros(s.endTimeUnixNano);
        const status = (s.status ?? {}) as Json;
        const code = str(status.code);
        const span: TraceSpan = {
          traceId: otlpId(s.traceId),
          spanId: otlpId(s.spanId),
          parentSpanId: otlpId(s.parentSpanId),
          operationName: str(s.name),
          serviceName,
          serviceTags,
          startTime: start,
          duration: Math.max(0, end - start),
          tags: otlpAttributes(s.attributes),
          logs: ((s.events as Json[] | undefined) ?? []).map((e) => ({
            timestamp: nanosToMicros(e.timeUnixNano),
            name: str(e.name),
            fields: [{ key: 'event', value: str(e.name) }, ...otlpAttributes(e.attributes)],
          })),
          kind: OTEL_KIND[str(s.kind)] ?? '',
          statusCode:
            code === '2' || code === 'STATUS_CODE_ERROR' ? 2 : code === '1' || code === 'STATUS_CODE_OK' ? 1 : 0,
          statusMessage: str(status.message),
          scopeName,
          warnings: [],
        };
        const list = byTrace.get(span.traceId) ?? [];
        list.push(span);
        byTrace.set(span.traceId, list);
      }
    }
  }
  return [...byTrace.entries()].map(([traceId, spans]) => ({ traceId, spans }));
}
