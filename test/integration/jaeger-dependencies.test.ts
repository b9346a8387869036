// Jaeger's dependencies API through JaegerClient.dependencies against a real Jaeger (v2, memory
// storage): spans of two services with a parent/child link become one caller → callee edge, and the
// root-cause service graph fetch uses it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchServiceGraph } from '../../pkg/queries/service-graph';
import { JaegerClient } from '../../pkg/upstream/jaeger';
import { startJaeger, waitForJaegerTraces, type JaegerService } from '../support/services';

let jaeger: JaegerService;
// A fixed past time, not the wall clock: the result must not depend on when the test runs.
const START_MS = Date.UTC(2026, 0, 5, 12, 0, 0);

const resource = (service: string) => ({ attributes: [{ key: 'service.name', value: { stringValue: service } }] });
const span = (traceId: string, spanId: string, parentSpanId: string, name: string, startMs: number, durMs: number, kind: number) => ({
  traceId,
  spanId,
  parentSpanId,
  name,
  kind,
  startTimeUnixNano: String(startMs * 1e6),
  endTimeUnixNano: String((startMs + durMs) * 1e6),
});

beforeAll(async () => {
  jaeger = await startJaeger();
  const resourceSpans = [];
  for (let i = 0; i < 3; i++) {
    const traceId = `${'0'.repeat(30)}a${i}`;
    const t = START_MS + i * 1000;
    resourceSpans.push(
      { resource: resource('frontend'), scopeSpans: [{ spans: [span(traceId, `00000000000000${i}1`, '', 'GET /cart', t, 50, 2), span(traceId, `00000000000000${i}2`, `00000000000000${i}1`, 'CartService/GetCart', t + 1, 40, 3)] }] },
      { resource: resource('cartservice'), scopeSpans: [{ spans: [span(traceId, `00000000000000${i}3`, `00000000000000${i}2`, 'CartService/GetCart', t + 2, 30, 2)] }] }
    );
  }
  const res = await fetch(`${jaeger.otlpHttpUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ resourceSpans }) });
  expect(res.status).toBe(200);
  await waitForJaegerTraces(jaeger, 'frontend', 3, { fromMs: START_MS - 60_000, toMs: START_MS + 60_000 });
}, 120_000);

afterAll(async () => {
  await jaeger?.stop();
});

const client = () => new JaegerClient({ name: 'Jaeger', baseUrl: jaeger.url, headers: {}, timeoutMs: 10_000, maxResponseBytes: 1 << 24 });

describe('Jaeger dependencies', () => {
  it('returns the caller → callee edge with its call count', async () => {
    const edges = await client().dependencies(START_MS + 60_000, 10 * 60_000);
    expect(edges).toEqual([{ caller: 'frontend', callee: 'cartservice', calls: 3 }]);
  });
  it('returns nothing for a range without traces', async () => {
    expect(await client().dependencies(START_MS - 3_600_000, 60_000)).toEqual([]);
  });
  it('feeds the root-cause service graph', async () => {
    const g = await fetchServiceGraph(client(), { start: START_MS, end: START_MS + 60_000 });
    expect(g.source).toBe('dependencies');
    expect(g.edges.map((e) => `${e.caller}>${e.callee}`)).toEqual(['frontend>cartservice']);
  });
});
