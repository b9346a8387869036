// Upstream failures through the built executable: Prometheus down, slower than the timeout, or not
// Prometheus at all. Each fails only its own query with a clear message; the process keeps serving.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIO_END_MS } from '../../simulator/src/scenario-time';
import { startPlugin, type PluginHandle } from '../host';
import { freePort } from '../support/services';

let plugin: PluginHandle;
let fake: http.Server;
let fakeUrl: string;
let requests = 0;

// The fake Prometheus answers whatever the range; a fixed one keeps the requests the same on every run.
const NOW = SCENARIO_END_MS;
const range = { from: NOW - 3_600_000, to: NOW, intervalMs: 60_000, maxDataPoints: 100 };

/** A tiny Prometheus stand-in: answers by the query text (slow, garbage, json-but-wrong, ok). */
function fakePrometheus(req: http.IncomingMessage, res: http.ServerResponse) {
  requests++;
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const q = new URLSearchParams(body).get('query') ?? new URL(req.url!, 'http://x').searchParams.get('query') ?? '';
    if (req.url?.startsWith('/redirect')) {
      res.writeHead(302, { Location: 'http://169.254.0.1/api/v1/query' }).end();
    } else if (q.includes('slow')) {
      setTimeout(
        () =>
          res
            .writeHead(200, { 'Content-Type': 'application/json' })
            .end('{"status":"success","data":{"resultType":"vector","result":[]}}'),
        4000
      );
    } else if (q.includes('garbage')) {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><body>Welcome to nginx!</body></html>');
    } else if (q.includes('notprom')) {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"hello":"world"}');
    } else if (q.includes('bad(')) {
      res
        .writeHead(400, { 'Content-Type': 'application/json' })
        .end('{"status":"error","errorType":"bad_data","error":"1:5: parse error: unexpected end of input"}');
    } else {
      const t = Math.floor(NOW / 1000);
      const result = req.url!.includes('query_range')
        ? {
            resultType: 'matrix',
            result: [
              {
                metric: { job: 'ok' },
                values: [
                  [t - 60, '1'],
                  [t, '2'],
                ],
              },
            ],
          }
        : { resultType: 'vector', result: [{ metric: { job: 'ok' }, value: [t, '2'] }] };
      res
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ status: 'success', data: result }));
    }
  });
}

beforeAll(async () => {
  plugin = await startPlugin();
  const port = await freePort();
  fake = http.createServer(fakePrometheus);
  await new Promise<void>((r) => fake.listen(port, '127.0.0.1', r));
  fakeUrl = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await plugin?.close();
  fake?.closeAllConnections();
  await new Promise((r) => fake?.close(r));
});

const promql = (refId: string, expr: string, extra: Record<string, unknown> = {}) => ({
  refId,
  queryType: 'promql',
  model: { refId, queryType: 'promql', expr, ...extra },
  ...range,
});

describe('data engine: upstream failures', () => {
  it('slow, garbage and non-Prometheus answers fail only their own query', async () => {
    const settings = { uid: 'fake-prom', url: fakeUrl, jsonData: { timeoutSeconds: 1 } };
    const started = Date.now();
    const json = await plugin.queryJson(
      [
        promql('OK', 'up'),
        promql('SLOW', 'slow_metric'),
        promql('HTML', 'garbage_metric'),
        promql('JSON', 'notprom_metric', { instant: true }),
        promql('BAD', 'bad(', { instant: true }),
      ],
      { settings }
    );
    expect(Date.now() - started).toBeLessThan(3500); // the slow query did not hold the others
    const r = json.results;
    expect(r.OK!.status).toBe(200);
    expect(r.OK!.frames![0]!.data.values[1]).toEqual([1, 2]);

    expect(r.SLOW).toMatchObject({ status: 504, errorSource: 'downstream' });
    expect(r.SLOW!.error).toMatch(/did not answer within 1s|timed out/);

    expect(r.HTML).toMatchObject({ status: 502, errorSource: 'downstream' });
    expect(r.HTML!.error).toMatch(
      /answered \/api\/v1\/query_range with an HTML page, HTTP 200: is this URL the Prometheus API base/
    );

    expect(r.JSON).toMatchObject({ status: 502, errorSource: 'downstream' });
    expect(r.JSON!.error).toMatch(/not a Prometheus API response/);

    expect(r.BAD).toMatchObject({ status: 400, errorSource: 'downstream' });
    expect(r.BAD!.error).toMatch(/bad_data: 1:5: parse error/);
    expect(plugin.isRunning()).toBe(true);
  });

  it('Prometheus down: a per-query downstream error, and the process keeps answering', async () => {
    const deadPort = await freePort();
    const json = await plugin.queryJson(
      [
        promql('A', 'up'),
        { refId: 'B', queryType: 'signal', model: { refId: 'B', queryType: 'signal', signal: 'ttft' }, ...range },
        {
          refId: 'T',
          queryType: 'test',
          model: { refId: 'T', queryType: 'test', seriesCount: 1, points: 2 },
          ...range,
        },
      ],
      { settings: { uid: 'dead-prom', url: `http://127.0.0.1:${deadPort}` } }
    );
    for (const id of ['A', 'B']) {
      expect(json.results[id]).toMatchObject({ status: 502, errorSource: 'downstream' });
      expect(json.results[id]!.error).toMatch(
        /Prometheus at http:\/\/127\.0\.0\.1:\d+ is not reachable \(ECONNREFUSED\)/
      );
    }
    expect(json.results.T!.status).toBe(200);
    const health = await plugin.checkHealth({ uid: 'dead-prom-h', url: `http://127.0.0.1:${deadPort}` });
    expect(health.status).toBe('ERROR');
    expect(health.message).toMatch(/not reachable/);
    // Still serving: the next request against a live server succeeds.
    const again = await plugin.queryJson([promql('A', 'up')], { settings: { uid: 'fake-prom-2', url: fakeUrl } });
    expect(again.results.A!.status).toBe(200);
    expect(plugin.isRunning()).toBe(true);
  });

  it('never follows a redirect to another host', async () => {
    const before = requests;
    const json = await plugin.queryJson([promql('R', 'up', { instant: true })], {
      settings: { uid: 'redir', url: `${fakeUrl}/redirect` },
    });
    expect(json.results.R).toMatchObject({ status: 502, errorSource: 'downstream' });
    expect(json.results.R!.error).toMatch(/redirected to another host \(http:\/\/169\.254\.0\.1\)/);
    expect(requests - before).toBe(1);
  });

  it('invalid settings fail queries and health with the list of problems, without secrets', async () => {
    const settings = {
      uid: 'bad-settings',
      url: 'ftp://nowhere',
      secureJsonData: { prometheusBearerToken: 'top-secret-token' },
      jsonData: { timeoutSeconds: -1 },
    };
    const json = await plugin.queryJson([promql('A', 'up')], { settings });
    expect(json.results.A).toMatchObject({ status: 400, errorSource: 'plugin' });
    expect(json.results.A!.error).toMatch(/must start with http:\/\/ or https:\/\//);
    expect(json.results.A!.error).toMatch(/timeoutSeconds/);
    const health = await plugin.checkHealth(settings);
    expect(health.status).toBe('ERROR');
    expect(JSON.stringify(health) + JSON.stringify(json) + plugin.stderrLines().join('\n')).not.toContain(
      'top-secret-token'
    );
  });
});
