// The `compliance` query through the built executable against a real Jaeger (v2), loaded with the
// simulator's traces — sensitive values planted in GenAI prompt/completion attributes, with ground truth —
// plus one hand-made trace carrying values in a span event and an authorization header. Checks recall
// against the ground truth, silence on clean traces, and that no raw value reaches a frame, an error or
// the plugin's log.
import path from 'node:path';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIO_END_MS, writeBackfill, type BackfillResult } from '../../simulator/src';
import { startPlugin, type PluginHandle, type QueryJsonFrame, type QueryJsonResult } from '../host';
import { startJaeger, tempDir, waitForJaegerTraces, type JaegerService } from '../support/services';

let dir: string;
let plugin: PluginHandle;
let jaeger: JaegerService;
let bf: BackfillResult;
let end: number;

// The hand-made trace: an exception event with an e-mail address and an IP, and a bearer header.
const EXTRA = {
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  service: 'checkout-api',
  email: 'bob.builder@corp.example',
  ip: '198.51.100.23',
  auth: 'Bearer 9fK2mQ7xLp4ZrT8vW1yN3bC6dH0jS5aE',
};
const rawValues = () => [...bf.groundTruth.sensitive.map((s) => s.value), EXTRA.email, EXTRA.ip, EXTRA.auth, EXTRA.auth.slice('Bearer '.length)];

async function sendExtraTrace(timeMs: number): Promise<void> {
  const ns = (ms: number) => `${ms}000000`;
  const body = {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: EXTRA.service } }] },
        scopeSpans: [
          {
            scope: { name: 'test' },
            spans: [
              {
                traceId: EXTRA.traceId,
                spanId: EXTRA.spanId,
                name: 'POST /checkout',
                kind: 2,
                startTimeUnixNano: ns(timeMs),
                endTimeUnixNano: ns(timeMs + 120),
                attributes: [
                  { key: 'http.request.header.authorization', value: { arrayValue: { values: [{ stringValue: EXTRA.auth }] } } },
                  { key: 'service.version', value: { stringValue: '1.2.3.4' } },
                  { key: 'http.response.status_code', value: { intValue: '500' } },
                ],
                events: [
                  {
                    timeUnixNano: ns(timeMs + 60),
                    name: 'exception',
                    attributes: [{ key: 'exception.message', value: { stringValue: `payment failed for ${EXTRA.email} from ${EXTRA.ip}` } }],
                  },
                ],
                status: { code: 2, message: 'payment failed' },
              },
            ],
          },
        ],
      },
    ],
  };
  const res = await fetch(`${jaeger.otlpHttpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  dir = tempDir('compliance');
  end = SCENARIO_END_MS;
  [jaeger, plugin] = await Promise.all([startJaeger(), startPlugin({ clockStartMs: end })]);
  bf = await writeBackfill({
    fleet: 'small',
    seed: 23,
    duration: '40m',
    end,
    out: path.join(dir, 'h.om'),
    otlp: jaeger.otlpHttpUrl,
    scenario: 'healthy',
    tracePolicy: { backgroundEverySteps: 8 },
    sensitive: 25,
  });
  await sendExtraTrace(end - 10 * 60_000);
  expect(bf.groundTruth.sensitive).toHaveLength(25);
  const window = { fromMs: end - 3_600_000, toMs: end + 120_000 };
  await waitForJaegerTraces(jaeger, 'llm-gateway', bf.traces.length, window);
  await waitForJaegerTraces(jaeger, EXTRA.service, 1, window);
}, 300_000);

afterAll(async () => {
  await plugin?.close();
  await jaeger?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const settings = () => ({ uid: 'compliance-ds', name: 'LLM Ops', url: 'http://127.0.0.1:9', jsonData: { jaegerUrl: jaeger.url } });
const range = () => ({ from: bf.groundTruth.startMs - 120_000, to: end + 120_000 });

async function scan(model: Record<string, unknown>, refId = 'A'): Promise<QueryJsonResult> {
  const json = await plugin.queryJson([{ refId, queryType: 'compliance', model: { queryType: 'compliance', limit: 1000, ...model }, ...range(), maxDataPoints: 100, intervalMs: 60_000 }], { settings: settings() });
  return json.results[refId]!;
}

interface Row {
  time: number;
  traceID: string;
  service: string;
  attribute: string;
  location: string;
  kind: string;
  rule: string;
  excerpt: string;
}

function rows(f: QueryJsonFrame): Row[] {
  const names = f.schema.fields.map((x) => x.name!);
  return (f.data.values[0] as unknown[]).map((_, i) => Object.fromEntries(names.map((n, j) => [n, f.data.values[j]![i]])) as unknown as Row);
}

describe('compliance scan (real Jaeger, simulator traces, built executable)', () => {
  let result: QueryJsonResult;
  let found: Row[];
  beforeAll(async () => {
    result = await scan({});
    expect(result.error).toBeUndefined();
    found = rows(result.frames![0]!);
  });

  it('finds every planted value (recall 1.0) with the right trace, service, attribute and kind', () => {
    const truth = bf.groundTruth.sensitive;
    const hits = truth.filter((s) => found.some((f) => f.traceID === s.traceId && f.service === s.service && f.attribute === s.attribute && f.kind === s.kind));
    expect(hits.length / truth.length).toBe(1);
    // Every kind was planted.
    expect(new Set(truth.map((s) => s.kind))).toEqual(new Set(['email', 'phone', 'credit_card', 'api_key', 'ip_address']));
    // The planted phones and addresses span formats: E.164, national with a trunk 0, an Indian mobile, IPv4 and IPv6.
    const rules = new Set(found.map((f) => f.rule));
    for (const r of ['phone_international', 'phone_national', 'phone_india', 'ipv4', 'ipv6']) expect(rules.has(r), r).toBe(true);
  });

  it('reports nothing on clean traces, and exactly one finding per planted value', () => {
    const dirty = new Set([...bf.groundTruth.sensitive.map((s) => s.traceId), EXTRA.traceId]);
    const clean = bf.traces.filter((t) => !dirty.has(t.traceId));
    expect(clean.length).toBeGreaterThan(100);
    expect(found.filter((f) => !dirty.has(f.traceID))).toEqual([]);
    expect(found.filter((f) => f.traceID !== EXTRA.traceId)).toHaveLength(bf.groundTruth.sensitive.length);
    expect(result.frames![0]!.schema.meta!.executedQueryString).toMatch(new RegExp(`scanned ${bf.traces.length + 1} traces`));
  });

  it('scans span events and credential headers; a version attribute is not an IP', () => {
    const extra = found.filter((f) => f.traceID === EXTRA.traceId).map((f) => [f.location, f.attribute, f.kind, f.excerpt]);
    expect(extra.sort()).toEqual(
      [
        ['attribute', 'http.request.header.authorization', 'api_key', '["[Bearer **** (39 chars)]"]'],
        ['event', 'exception: exception.message', 'email', 'payment failed for [b***@corp.example] from [198.*.*.*]'],
        // 40 characters of context either side of the finding, cut marked with an ellipsis.
        ['event', 'exception: exception.message', 'ip_address', '…ent failed for [b***@corp.example] from [198.*.*.*]'],
      ].sort()
    );
  });

  it('returns a table whose trace ids open the trace query', () => {
    const f = result.frames![0]!;
    expect(f.schema.fields.map((x) => x.name)).toEqual(['time', 'traceID', 'spanID', 'service', 'operation', 'location', 'attribute', 'kind', 'rule', 'excerpt']);
    expect(f.schema.fields[0]!.type).toBe('time');
    const link = (f.schema.fields[1]!.config!.links as Array<{ internal: { datasourceUid: string; query: Record<string, unknown> } }>)[0]!;
    expect(link.internal).toMatchObject({ datasourceUid: 'compliance-ds', query: { queryType: 'trace', traceId: '${__value.raw}' } });
    const times = f.data.values[0] as number[];
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const card = found.find((r) => r.kind === 'credit_card')!;
    expect(card.excerpt).toMatch(/\[\*{12}\d{4}\]/);
  });

  it('instant form counts findings per kind (numeric-multi, for alert rules); over_time sums to the same', async () => {
    const want: Record<string, number> = { email: 1, ip_address: 1, api_key: 1, phone: 0, credit_card: 0 };
    for (const s of bf.groundTruth.sensitive) want[s.kind]!++;
    const inst = await scan({ instant: true });
    const got: Record<string, number> = {};
    for (const f of inst.frames!) {
      expect(f.schema.meta).toMatchObject({ type: 'numeric-multi', typeVersion: [0, 1] });
      expect(f.schema.fields).toHaveLength(1);
      got[f.schema.fields[0]!.labels!.kind!] = f.data.values[0]![0] as number;
    }
    expect(got).toEqual(want);
    const series = await scan({ view: 'over_time' });
    expect(series.frames!.map((f) => f.schema.meta!.type)).toEqual(Array(5).fill('timeseries-multi'));
    const total = series.frames!.reduce((sum, f) => sum + (f.data.values[1] as number[]).reduce((a, b) => a + b, 0), 0);
    expect(total).toBe(bf.groundTruth.sensitive.length + 3);
  });

  it('filters by kind and by service', async () => {
    const emails = rows((await scan({ kinds: ['email'] })).frames![0]!);
    expect(emails.every((r) => r.kind === 'email')).toBe(true);
    expect(emails).toHaveLength(bf.groundTruth.sensitive.filter((s) => s.kind === 'email').length + 1);
    const checkout = rows((await scan({ service: EXTRA.service })).frames![0]!);
    expect(new Set(checkout.map((r) => r.traceID))).toEqual(new Set([EXTRA.traceId]));
  });

  it('bad input fails with a message naming the field', async () => {
    const r = await scan({ limit: 0 });
    expect(r.status).toBe(400);
    expect(r.error).toMatch(/^invalid compliance query: limit: /);
    const k = await scan({ kinds: ['ssn'] });
    expect(k.status).toBe(400);
    expect(k.error).toMatch(/^invalid compliance query: kinds\.0: /);
  });

  it('no raw value anywhere: frames, errors, or the plugin log', async () => {
    const everything = JSON.stringify([result, await scan({ instant: true }), await scan({ view: 'over_time' }), await scan({ limit: 'x' })]);
    const log = plugin.stderrLines().join('\n');
    expect(log.length).toBeGreaterThan(0);
    for (const raw of rawValues()) {
      expect(everything.includes(raw), `response contains ${raw.slice(0, 3)}…`).toBe(false);
      expect(log.includes(raw), `log contains ${raw.slice(0, 3)}…`).toBe(false);
    }
  });
});
