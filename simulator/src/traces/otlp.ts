// OTLP/HTTP JSON encoding (ids as hex strings, times as nanosecond strings) and sending to `{otlp}/v1/traces`.
import type { SimContext } from '../model/state';
import { resourceFor, type AttrValue, type TraceRec } from './build';

function attrValue(v: AttrValue): Record<string, unknown> {
  if (Array.isArray(v)) return { arrayValue: { values: v.map((s) => ({ stringValue: s })) } };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  return { stringValue: v };
}

function attrs(o: Record<string, AttrValue>): { key: string; value: Record<string, unknown> }[] {
  return Object.entries(o).map(([key, v]) => ({ key, value: attrValue(v) }));
}

/** Epoch ms (fractional) → integer nanoseconds as a decimal string, without losing precision. */
export function msToNanos(ms: number): string {
  const whole = Math.floor(ms);
  const frac = Math.min(999_999, Math.round((ms - whole) * 1e6));
  return `${whole}${String(frac).padStart(6, '0')}`;
}

export function toOtlpJson(ctx: SimContext, traces: TraceRec[]): unknown {
  const byResource = new Map<string, unknown[]>();
  for (const tr of traces) {
    for (const sp of tr.spans) {
      let list = byResource.get(sp.resource);
      if (!list) byResource.set(sp.resource, (list = []));
      list.push({
        traceId: tr.traceId,
        spanId: sp.spanId,
        ...(sp.parentSpanId ? { parentSpanId: sp.parentSpanId } : {}),
        name: sp.name,
        kind: sp.kind,
        startTimeUnixNano: msToNanos(sp.startMs),
        endTimeUnixNano: msToNanos(sp.endMs),
        attributes: attrs(sp.attrs),
        status: sp.error ? { code: 2, message: sp.error } : { code: 0 },
      });
    }
  }
  return {
    resourceSpans: [...byResource.entries()].map(([res, spans]) => ({
      resource: { attributes: attrs(resourceFor(ctx, res).attrs) },
      scopeSpans: [{ scope: { name: 'llmops-simulator', version: '1' }, spans }],
    })),
  };
}

/** POSTs traces in batches; throws with the collector's answer if it refuses. */
export async function sendTraces(otlpUrl: string, ctx: SimContext, traces: TraceRec[], batchSize = 200): Promise<number> {
  const url = `${otlpUrl.replace(/\/+$/, '')}/v1/traces`;
  let sent = 0;
  for (let i = 0; i < traces.length; i += batchSize) {
    const batch = traces.slice(i, i + batchSize);
    let res: Response;
    try {
      res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(toOtlpJson(ctx, batch)) });
    } catch (e) {
      throw new Error(`sending traces to ${url} failed: ${(e as Error).message}`);
    }
    if (!res.ok) throw new Error(`sending traces to ${url}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
    await res.arrayBuffer().catch(() => undefined);
    sent += batch.length;
  }
  return sent;
}
