// PrometheusClient.queryRange over real loopback HTTP with canned bodies: the one-pass scanner and the
// JSON.parse fallback must give the same series, and every error body must still become a clear error.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamError } from './errors';
import { PrometheusClient } from './prometheus';

let server: http.Server;
let client: PrometheusClient;
let next: { status: number; body: string; contentType?: string } = { status: 200, body: '' };

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(next.status, { 'Content-Type': next.contentType ?? 'application/json' });
      res.end(next.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  client = new PrometheusClient({
    name: 'Prometheus',
    baseUrl: `http://127.0.0.1:${port}`,
    headers: {},
    timeoutMs: 5000,
    maxResponseBytes: 10 * 2 ** 20,
  });
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

async function range(status: number, body: string, contentType?: string) {
  next = { status, body, contentType };
  return client.queryRange('up', 1_700_000_000_000, 1_700_000_060_000, 15_000);
}

async function rangeError(status: number, body: string, contentType?: string): Promise<UpstreamError> {
  const e = await range(status, body, contentType).then(
    () => undefined,
    (err: unknown) => err
  );
  expect(e).toBeInstanceOf(UpstreamError);
  return e as UpstreamError;
}

const series =
  '[{"metric":{"job":"a\\"b","instance":"x"},"values":[[1700000000,"1.25"],[1700000015.5,"NaN"],[1700000030,"-Inf"]]}]';

describe('PrometheusClient.queryRange', () => {
  it('decodes the usual answer (scanner) and an unusual key order (JSON.parse path) identically', async () => {
    const fast = await range(
      200,
      `{"status":"success","data":{"resultType":"matrix","result":${series}},"warnings":["w"]}`
    );
    const slow = await range(
      200,
      `{"warnings":["w"],"data":{"result":${series},"resultType":"matrix"},"status":"success"}`
    );
    for (const r of [fast, slow]) {
      expect(r.warnings).toEqual(['w']);
      expect(r.result).toHaveLength(1);
      expect(r.result[0]!.labels).toEqual({ job: 'a"b', instance: 'x' });
      expect(Array.from(r.result[0]!.times)).toEqual([1700000000000, 1700000015500, 1700000030000]);
      expect(Array.from(r.result[0]!.values)).toEqual([1.25, NaN, -Infinity]);
    }
  });

  it('turns API error bodies into api errors with the server message', async () => {
    const body = '{"status":"error","errorType":"bad_data","error":"1:5: parse error: unexpected \\"}\\""}';
    const e400 = await rangeError(400, body);
    expect(e400.kind).toBe('api');
    expect(e400.message).toContain('bad_data: 1:5: parse error');
    expect(e400.responseStatus).toBe(400);
    // An error envelope with HTTP 200 (some proxies) is still an error, not an empty result.
    const e200 = await rangeError(200, body);
    expect(e200.kind).toBe('api');
    const timeout = await rangeError(503, '{"status":"error","errorType":"timeout","error":"query timed out"}');
    expect(timeout.kind).toBe('timeout');
  });

  it('reports non-API answers and wrong result types clearly', async () => {
    const html = await rangeError(200, '<html><body>login</body></html>', 'text/html');
    expect(html.kind).toBe('invalid_response');
    expect(html.message).toContain('an HTML page');
    const vector = await rangeError(200, '{"status":"success","data":{"resultType":"vector","result":[]}}');
    expect(vector.kind).toBe('invalid_response');
    expect(vector.message).toContain('without a matrix result');
    const truncated = await rangeError(
      200,
      `{"status":"success","data":{"resultType":"matrix","result":${series.slice(0, 40)}`
    );
    expect(truncated.kind).toBe('invalid_response');
    const bad = await rangeError(502, 'upstream connect error');
    expect(bad.kind).toBe('http');
    expect(bad.message).toContain('HTTP 502');
  });

  it('leaves out PromQL info annotations that arrive among the warnings (Thanos), keeps real warnings', async () => {
    const info = 'PromQL info: input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)';
    const warning = 'PromQL warning: encountered a mix of histograms and floats for metric name "x"';
    const partial = 'receive series from Addr: 127.0.0.1:10901: rpc error: code = Unavailable';
    const r = await range(
      200,
      `{"status":"success","data":{"resultType":"matrix","result":${series}},"warnings":${JSON.stringify([info, warning, partial])},"infos":["PromQL info: other"]}`
    );
    expect(r.warnings).toEqual([warning, partial]);
  });

  it('returns an empty list for an empty matrix', async () => {
    const r = await range(200, '{"status":"success","data":{"resultType":"matrix","result":[]}}');
    expect(r).toEqual({ result: [], warnings: [] });
  });
});
