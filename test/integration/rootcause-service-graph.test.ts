// Root cause with the service call graph, through the built executable against a real Prometheus and a
// real Jaeger: a retry storm, where a vector database slows ×7 and its caller's own time (back-off
// between retries) grows more in absolute terms. Exclusive self-time alone blames the caller; the call
// graph (Jaeger's dependencies API) names the slowed callee and its operation, with the caller as
// evidence. Anchored to a fixed day, never the wall clock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlugin, type PluginHandle } from '../host';
import { writeEditedBackfill } from '../support/edited-backfill';
import { startJaeger, startPrometheus, waitForJaegerTraces, type JaegerService, type RunningService } from '../support/services';

const MIN = 60_000;
const DAY = Date.parse('2026-11-24T00:00:00Z');
const at = (hh: number, mm: number) => DAY + hh * 3_600_000 + mm * MIN;
const INCIDENT = { start: at(13, 30), end: at(13, 40) };

let work: string;
let prom: RunningService;
let jaeger: JaegerService;
let plugin: PluginHandle;

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** One request: gateway → retrieval → vector-db search (retried during the incident), gateway → llm. */
function request(i: number, t: number, incident: boolean): Record<string, OtlpSpan[]> {
  const traceId = hex(i + 1, 32);
  let n = 0;
  const span = (parent: string, name: string, kind: number, from: number, to: number): OtlpSpan => ({
    traceId,
    spanId: hex(i * 16 + ++n, 16),
    parentSpanId: parent,
    name,
    kind,
    startTimeUnixNano: String(Math.round((t + from) * 1e6)),
    endTimeUnixNano: String(Math.round((t + to) * 1e6)),
  });
  const searchMs = incident ? 150 : 20;
  const attempts = incident ? 3 : 1;
  const backoffMs = 300;
  const retrievalEnd = 2 + attempts * searchMs + (attempts - 1) * backoffMs + 5;
  const root = span('', 'POST /v1/chat/completions', 2, 0, retrievalEnd + 510);
  const retrieve = span(root.spanId, 'retrieve', 2, 2, retrievalEnd);
  const searches = Array.from({ length: attempts }, (_, a) => {
    const from = 2 + a * (searchMs + backoffMs);
    return span(retrieve.spanId, 'search', 2, from, from + searchMs);
  });
  const generate = span(root.spanId, 'generate', 2, retrievalEnd + 5, retrievalEnd + 505);
  return { gateway: [root], retrieval: [retrieve], 'vector-db': searches, llm: [generate] };
}

async function sendTraces(): Promise<number> {
  const byService: Record<string, OtlpSpan[]> = {};
  let i = 0;
  for (let t = at(13, 0); t < INCIDENT.end; t += 20_000, i++) {
    for (const [service, spans] of Object.entries(request(i, t, t >= INCIDENT.start))) (byService[service] ??= []).push(...spans);
  }
  const resourceSpans = Object.entries(byService).map(([service, spans]) => ({
    resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
    scopeSpans: [{ spans }],
  }));
  const res = await fetch(`${jaeger.otlpHttpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ resourceSpans }) });
  expect(res.status).toBe(200);
  return i;
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'llmops-rca-graph-'));
  writeEditedBackfill({ dataDir: work, endMs: at(14, 0), durationMs: 125 * MIN });
  [prom, jaeger, plugin] = await Promise.all([startPrometheus({ tsdbDir: work, scrapeInterval: '15s' }), startJaeger(), startPlugin()]);
  const requests = await sendTraces();
  await waitForJaegerTraces(jaeger, 'gateway', requests, { fromMs: at(12, 50), toMs: at(14, 0) });
}, 300_000);

afterAll(async () => {
  await plugin?.close();
  await prom?.stop();
  await jaeger?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function rootcause() {
  const json = await plugin.queryJson(
    [{ refId: 'A', queryType: 'rootcause', model: { target: { signal: 'e2e_latency', aggregation: 'p95' }, incidentStart: INCIDENT.start, incidentEnd: INCIDENT.end }, from: at(12, 0), to: at(14, 0), intervalMs: 15_000, maxDataPoints: 1000 }],
    { settings: { url: prom.url, jsonData: { timeInterval: '15s', jaegerUrl: jaeger.url } } }
  );
  const res = json.results.A;
  if (res.error) throw new Error(`rootcause failed (${res.status}): ${res.error}`);
  const table = res.frames!.find((f) => f.schema.name === 'rootcause')!;
  const col = (name: string) => (table.data.values[table.schema.fields.findIndex((f) => f.name === name)] ?? []) as unknown[];
  const custom = (table.schema.meta?.custom ?? {}) as { entities?: Array<Record<string, string>>; serviceGraph?: { source: string; edges: number; services: Array<{ service: string; anomalous: boolean; root: boolean }> } };
  return { ids: col('hypothesis_id') as string[], evidence: col('evidence') as string[], custom };
}

describe('root cause with the service call graph (built executable, real Prometheus + Jaeger)', () => {
  it('reads the graph from Jaeger and names the slowed callee, not the caller that retries it', async () => {
    const a = await rootcause();
    expect(a.custom.serviceGraph).toMatchObject({ source: 'dependencies' });
    expect(a.custom.serviceGraph!.edges).toBeGreaterThanOrEqual(3);
    expect(a.ids[0]).toBe('slow_dependency_span');
    expect(a.custom.entities![0]).toMatchObject({ service: 'vector-db', operation: 'search' });
    expect(a.evidence[0]).toMatch(/called by retrieval/);
    expect(a.evidence[0]).toMatch(/retrieval slowed too/);
    // Spans also become own-time series ranked on the graph: the slowed callee is a root suspect there too.
    expect(a.custom.serviceGraph!.services).toContainEqual(expect.objectContaining({ service: 'vector-db', anomalous: true, root: true }));
    expect(a.custom.serviceGraph!.services.find((s) => s.service === 'gateway')).toMatchObject({ root: false });
  });
});
