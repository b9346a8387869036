// Traces through the built executable against a real Jaeger (v2) loaded with the simulator's OTLP
// traces: search by service/operation/min duration/tags, one trace as Grafana's trace frame, and the
// same through a server that only speaks the /api/v3 (OTLP JSON) query API.
import http from 'node:http';
import path from 'node:path';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIO_END_MS, writeBackfill, type BackfillResult, type TraceRec } from '../../simulator/src';
import { startPlugin, type PluginHandle, type QueryJsonResult } from '../host';
import { freePort, startJaeger, tempDir, waitForJaegerTraces, type JaegerService } from '../support/services';

let dir: string;
let plugin: PluginHandle;
let jaeger: JaegerService;
let v3Only: http.Server;
let v3Url: string;
let bf: BackfillResult;

const root = (t: TraceRec) => t.spans.find((s) => !s.parentSpanId)!;
const durMs = (s: { startMs: number; endMs: number }) => s.endMs - s.startMs;

/** Forwards /api/v3/* to Jaeger and answers 404 to everything else: a server without the classic API. */
function startV3OnlyProxy(target: string): Promise<{ server: http.Server; url: string }> {
  return new Promise(async (resolve) => {
    const port = await freePort();
    const server = http.createServer((req, res) => {
      if (!req.url!.startsWith('/api/v3/')) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('404 page not found');
        return;
      }
      const up = http.request(
        `${target}${req.url}`,
        { method: req.method, headers: { accept: 'application/json' } },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        }
      );
      up.on('error', () => res.writeHead(502).end());
      up.end();
    });
    server.listen(port, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${port}` }));
  });
}

beforeAll(async () => {
  dir = tempDir('de-traces');
  const end = SCENARIO_END_MS;
  [jaeger, plugin] = await Promise.all([startJaeger(), startPlugin({ clockStartMs: end })]);
  bf = await writeBackfill({
    fleet: 'small',
    seed: 11,
    duration: '40m',
    end,
    out: path.join(dir, 'h.om'),
    otlp: jaeger.otlpHttpUrl,
    scenario: 'healthy',
    tracePolicy: { backgroundEverySteps: 8 },
  });
  expect(bf.tracesSent).toBeGreaterThan(20);
  await waitForJaegerTraces(jaeger, 'llm-gateway', bf.traces.length, { fromMs: end - 3_600_000, toMs: end + 120_000 });
  ({ server: v3Only, url: v3Url } = await startV3OnlyProxy(jaeger.url));
}, 300_000);

afterAll(async () => {
  await plugin?.close();
  await jaeger?.stop();
  if (v3Only) {
    v3Only.closeAllConnections();
    await new Promise((r) => v3Only.close(r));
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const servers = [
  ['Jaeger v2 (classic /api)', () => jaeger.url, 'tr-classic'],
  ['a /api/v3-only server', () => v3Url, 'tr-v3'],
] as const;

describe.each(servers)('traces via %s', (_name, urlOf, uid) => {
  const settings = () => ({ uid, name: 'LLM Ops traces', url: 'http://127.0.0.1:9', jsonData: { jaegerUrl: urlOf() } });
  const range = () => ({ from: bf.groundTruth.startMs - 120_000, to: bf.groundTruth.endMs + 120_000 });

  async function run(model: Record<string, unknown>): Promise<QueryJsonResult> {
    const json = await plugin.queryJson(
      [{ refId: 'A', queryType: String(model.queryType), model: { refId: 'A', ...model }, ...range() }],
      { settings: settings() }
    );
    return json.results.A!;
  }

  function idsOf(r: QueryJsonResult): string[] {
    expect(r.error, String(r.error)).toBeUndefined();
    const f = r.frames![0]!;
    return (f.data.values[f.schema.fields.findIndex((x) => x.name === 'traceID')] as string[]).slice().sort();
  }

  it('search by service, operation and minimum duration returns exactly the matching traces', async () => {
    const durations = bf.traces.map((t) => durMs(root(t))).sort((a, b) => a - b);
    const min = Math.round(durations[Math.floor(durations.length / 2)]!);
    const want = bf.traces
      .filter((t) => durMs(root(t)) >= min)
      .map((t) => t.traceId)
      .sort();
    expect(want.length).toBeGreaterThan(5);
    const r = await run({
      queryType: 'traces',
      service: 'llm-gateway',
      operation: 'llm_inference_request',
      minDuration: `${min}ms`,
      limit: 1500,
    });
    expect(idsOf(r)).toEqual(want);

    // A downstream service: traces that contain one of its spans.
    const inner = bf.traces.flatMap((t) => t.spans).find((s) => s.resource !== 'gateway')!;
    const wantInner = bf.traces
      .filter((t) => t.spans.some((s) => s.service === inner.service && s.name === inner.name))
      .map((t) => t.traceId)
      .sort();
    expect(
      idsOf(await run({ queryType: 'traces', service: inner.service, operation: inner.name, limit: 1500 }))
    ).toEqual(wantInner);
  });

  it('search by a span tag', async () => {
    const attr = Object.entries(root(bf.traces[0]!).attrs).find(
      ([k, v]) => k.startsWith('gen_ai.request.model') && typeof v === 'string'
    )!;
    const want = bf.traces
      .filter((t) => root(t).attrs[attr[0]] === attr[1])
      .map((t) => t.traceId)
      .sort();
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(bf.traces.length);
    const r = await run({
      queryType: 'traces',
      service: 'llm-gateway',
      tags: { [attr[0]]: String(attr[1]) },
      limit: 1500,
    });
    expect(idsOf(r)).toEqual(want);
  });

  it('the result table has a link per trace that opens the trace query, and per-trace facts', async () => {
    const r = await run({ queryType: 'traces', service: 'llm-gateway', limit: 1500 });
    const f = r.frames![0]!;
    expect(f.schema.meta).toMatchObject({ preferredVisualisationType: 'table' });
    const col = (name: string) => f.data.values[f.schema.fields.findIndex((x) => x.name === name)]!;
    const link = (f.schema.fields.find((x) => x.name === 'traceID')!.config as { links: unknown[] }).links[0];
    expect(link).toEqual({
      title: 'Open trace',
      url: '',
      internal: {
        datasourceUid: uid,
        datasourceName: 'LLM Ops traces',
        query: { queryType: 'trace', traceId: '${__value.raw}', refId: 'A' },
      },
    });
    const ids = col('traceID') as string[];
    expect(ids.length).toBe(bf.traces.length);
    for (const [i, id] of ids.entries()) {
      const t = bf.traces.find((x) => x.traceId === id)!;
      expect(col('spans')[i]).toBe(t.spans.length);
      expect(col('service')[i]).toBe('llm-gateway');
      expect(col('operation')[i]).toBe(root(t).name);
      expect(col('error')[i]).toBe(t.spans.some((s) => !!s.error));
      expect(col('duration')[i] as number).toBeCloseTo(durMs(root(t)), 0);
      expect(Math.abs((col('startTime')[i] as number) - root(t).startMs)).toBeLessThan(1);
    }
  });

  it('one trace decodes into the span tree the simulator sent', async () => {
    const t = bf.traces.find((x) => x.spans.some((s) => s.error)) ?? bf.traces[0]!;
    const r = await run({ queryType: 'trace', traceId: t.traceId });
    expect(r.error, String(r.error)).toBeUndefined();
    const f = r.frames![0]!;
    expect(f.schema.meta).toMatchObject({ preferredVisualisationType: 'trace' });
    const names = f.schema.fields.map((x) => x.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'traceID',
        'spanID',
        'parentSpanID',
        'operationName',
        'serviceName',
        'serviceTags',
        'startTime',
        'duration',
        'logs',
        'tags',
        'kind',
        'statusCode',
      ])
    );
    const rows = f.data.values[0]!.map((_, i) => Object.fromEntries(names.map((n, j) => [n, f.data.values[j]![i]])));
    const got = rows.map((x) => [x.spanID, x.parentSpanID ?? '', x.operationName, x.serviceName].join('|')).sort();
    const want = t.spans.map((s) => [s.spanId, s.parentSpanId ?? '', s.name, s.service].join('|')).sort();
    expect(got).toEqual(want);
    const KIND: Record<number, string> = { 1: 'internal', 2: 'server', 3: 'client' };
    for (const s of t.spans) {
      const row = rows.find((x) => x.spanID === s.spanId)!;
      expect(row.duration as number).toBeCloseTo(durMs(s), 2);
      expect(row.startTime as number).toBeCloseTo(s.startMs, 2);
      expect(row.kind).toBe(KIND[s.kind]);
      expect(row.statusCode).toBe(s.error ? 2 : 0);
      const tags = row.tags as Array<{ key: string; value: unknown }>;
      for (const [k, v] of Object.entries(s.attrs)) {
        if (typeof v === 'string') expect(tags).toContainEqual({ key: k, value: v });
      }
      expect(row.serviceTags).toEqual(expect.any(Array));
    }
    expect(t.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('unknown trace: 404 for that query only', async () => {
    const r = await run({ queryType: 'trace', traceId: 'ffffffffffffffffffffffffffffffff' });
    expect(r).toMatchObject({ status: 404, errorSource: 'downstream' });
    expect(r.error).toMatch(/was not found in Jaeger/);
  });

  it('editor resources: services and operations', async () => {
    const services = await plugin.callResource({ path: 'jaeger/services', settings: settings() });
    expect(services.status).toBe(200);
    const wantServices = [...new Set(bf.traces.flatMap((t) => t.spans.map((s) => s.service)))].sort();
    expect(JSON.parse(services.body.toString()).data).toEqual(wantServices);
    const ops = await plugin.callResource({
      path: 'jaeger/operations',
      query: 'service=llm-gateway',
      settings: settings(),
    });
    expect(ops.status).toBe(200);
    const wantOps = [
      ...new Set(bf.traces.flatMap((t) => t.spans.filter((s) => s.service === 'llm-gateway').map((s) => s.name))),
    ].sort();
    expect(JSON.parse(ops.body.toString()).data.map((o: { name: string }) => o.name)).toEqual(wantOps);
    const missing = await plugin.callResource({ path: 'jaeger/operations', settings: settings() });
    expect(missing.status).toBe(400);
  });
});

describe('traces without Jaeger configured', () => {
  it('fail with a message that says what to set', async () => {
    const json = await plugin.queryJson(
      [{ refId: 'A', queryType: 'traces', model: { refId: 'A', queryType: 'traces', service: 'x' }, from: 0, to: 1 }],
      {
        settings: { uid: 'no-jaeger', url: 'http://127.0.0.1:9' },
      }
    );
    expect(json.results.A).toMatchObject({ status: 400, errorSource: 'plugin' });
    expect(json.results.A!.error).toMatch(/jsonData\.jaegerUrl/);
  });
});
