// Every gRPC service Grafana calls, against the built executable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrometheus, type RunningService } from '../support/services';
import { startPlugin, type PluginHandle } from '../host';

let plugin: PluginHandle;
let prometheus: RunningService;
beforeAll(async () => {
  [plugin, prometheus] = await Promise.all([startPlugin(), startPrometheus()]);
});
afterAll(async () => {
  await plugin?.close();
  await prometheus?.stop();
});

const FROM = 1_700_000_000_000;
const TO = FROM + 10 * 60_000;

function expectUsefulHealth(res: { message: string; details: unknown }) {
  expect(res.message.length).toBeGreaterThan(20);
  expect(typeof res.details).toBe('object');
  expect(Array.isArray(res.details)).toBe(false);
}

describe('Diagnostics/CheckHealth', () => {
  it('ERROR with an actionable message and an object jsonDetails when the URL is missing', async () => {
    const res = await plugin.checkHealth({ url: '' });
    expect(res.status).toBe('ERROR');
    expect(res.message).toMatch(/^Prometheus URL is not set\. Open the datasource settings/);
    expect(res.details).toEqual({ missing: ['url'] });
  });

  it('ERROR naming the problem when Prometheus cannot be reached', async () => {
    const res = await plugin.checkHealth({ url: 'http://127.0.0.1:1' });
    expect(res.status).toBe('ERROR');
    expectUsefulHealth(res);
    expect(res.message).toMatch(/127\.0\.0\.1:1/);
  });

  it('OK with a details object against a real Prometheus; secrets never echoed or logged', async () => {
    const res = await plugin.checkHealth({
      url: prometheus.url,
      secureJsonData: { prometheusBearerToken: 's3cret-token' },
    });
    expect(res.status).toBe('OK');
    expect(res.message).toMatch(/^Connected to Prometheus/);
    expectUsefulHealth(res);
    expect(JSON.stringify(res)).not.toContain('s3cret-token');
    expect(plugin.stderrLines().join('\n')).not.toContain('s3cret-token');
  });

  it('keeps the cached instance while uid and lastUpdatedMS are unchanged (settings change → new instance)', async () => {
    const first = await plugin.checkHealth({ uid: 'cache-test', url: '', lastUpdatedMS: 5 });
    expect(first.status).toBe('ERROR');
    // Same uid + lastUpdatedMS: Grafana never sends other settings then, so the cached instance answers.
    const same = await plugin.checkHealth({ uid: 'cache-test', url: prometheus.url, lastUpdatedMS: 5 });
    expect(same).toEqual(first);
    const bumped = await plugin.checkHealth({ uid: 'cache-test', url: prometheus.url, lastUpdatedMS: 6 });
    expect(bumped.status).toBe('OK');
  });
});

describe('Data/QueryData', () => {
  it('three queries, one malformed: 400 for it, correct frames for the others', async () => {
    const json = await plugin.queryJson([
      { refId: 'A', queryType: 'test', model: { seriesCount: 2, points: 3 }, from: FROM, to: TO },
      { refId: 'B', queryType: 'test', model: '{"refId":"B","seriesCount":', from: FROM, to: TO },
      { refId: 'C', queryType: 'test', model: { instant: true }, from: FROM, to: TO },
    ]);
    expect(Object.keys(json.results)).toEqual(['A', 'B', 'C']);
    expect(json.results.B).toEqual({
      error: expect.stringMatching(/^query B is not valid JSON: /),
      errorSource: 'plugin',
      status: 400,
      frames: [],
    });

    const a = json.results.A!;
    expect(a.status).toBe(200);
    expect(a.error).toBeUndefined();
    expect(a.frames).toHaveLength(2);
    expect(a.frames![1]!.schema).toEqual({
      name: 'series-1',
      refId: 'A',
      meta: { type: 'timeseries-multi', typeVersion: [0, 1] },
      fields: [
        { name: 'time', type: 'time', typeInfo: { frame: 'time.Time' } },
        { name: 'value', type: 'number', typeInfo: { frame: 'float64', nullable: true }, labels: { series: 's1' } },
      ],
    });
    expect(a.frames![1]!.data.values[0]).toEqual([FROM, FROM + 300_000, TO]);
    expect(a.frames![1]!.data.values[1]).toHaveLength(3);

    const c = json.results.C!;
    expect(c.status).toBe(200);
    expect(c.frames).toHaveLength(1);
    expect(c.frames![0]!.schema.meta).toEqual({ type: 'numeric-multi', typeVersion: [0, 1] });
    expect(c.frames![0]!.data.values).toEqual([[expect.any(Number)]]);
  });

  it('unknown queryType: 400 naming the known types', async () => {
    const json = await plugin.queryJson([{ refId: 'A', queryType: 'no-such-type' }]);
    expect(json.results.A).toMatchObject({ status: 400, errorSource: 'plugin' });
    expect(json.results.A!.error).toMatch(/^unknown queryType "no-such-type"; known query types: .*\btest\b/);
  });

  it('invalid fields: 400 naming the field', async () => {
    const json = await plugin.queryJson([{ refId: 'A', queryType: 'test', model: { seriesCount: 5000 } }]);
    expect(json.results.A).toMatchObject({ status: 400 });
    expect(json.results.A!.error).toMatch(/^invalid test query: seriesCount: /);
  });

  it('same query, same frames (deterministic)', async () => {
    const q = [{ refId: 'A', queryType: 'test', model: { seriesCount: 3, points: 50 }, from: FROM, to: TO }];
    expect(await plugin.queryJson(q)).toEqual(await plugin.queryJson(q));
  });

  it('alert evaluation (FromAlert header) is answered the same way', async () => {
    const json = await plugin.queryJson([{ refId: 'A', queryType: 'test', model: { instant: true } }], {
      headers: { FromAlert: 'true', 'X-Cache-Skip': 'true' },
    });
    expect(json.results.A!.status).toBe(200);
  });
});

describe('Diagnostics/CollectMetrics', () => {
  it("returns Prometheus text with the backend's own metrics", async () => {
    const text = await plugin.collectMetrics();
    expect(text).toMatch(/^# HELP llmops_backend_queries_total /m);
    expect(text).toMatch(/^llmops_backend_queries_total\{query_type="test",status="200"\} \d+$/m);
    expect(text).toMatch(/^llmops_backend_queries_total\{query_type="unknown",status="400"\} 1$/m);
    expect(text).toMatch(/^llmops_backend_query_duration_seconds_count\{query_type="test"\} \d+$/m);
    expect(text).toMatch(/^# TYPE llmops_backend_upstream_errors_total counter$/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d+$/m);
  });
});
