// Queueing of the analytic query types (pkg/datasource/admission.ts, pkg/upstream/lanes.ts) through the
// built executable against a real Prometheus holding simulator history, with a counting proxy in front
// of Prometheus to see what the plugin sends:
//   - no free slot within jsonData.analyticsQueueSeconds → that query alone fails with a 503 "busy" error
//     naming the settings (never a timeout or a 500); the others answer;
//   - waiting analytic queries are served in turns per Grafana user, not first come first served;
//   - analytic fan-out keeps at most jsonData.maxAnalyticsUpstreamRequests requests in flight at
//     Prometheus, while PromQL panel queries go beside them.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIO_END_MS } from '../../simulator/src/scenario-time';
import type { QuerySpec } from '../host';
import { freePort } from '../support/services';
import { startSimulatedBackend, type SimulatedBackend } from '../support/simulated-backend';

let env: SimulatedBackend;
let proxy: CountingProxy;

const PROBE = 'llmops_probe';
/** A one-series panel query the proxy can tell apart (the matcher is always true). */
const cheapExpr = `up{instance="vllm-llama-8b-0:8000",${PROBE}!="x"}`;

interface CountingProxy {
  url: string;
  /** Most requests without the probe marker in flight at once since the last reset. */
  maxAnalyticInFlight(): number;
  probes(): number;
  reset(): void;
  close(): Promise<void>;
}

/** Forwards everything to Prometheus, counting requests in flight (all but the marked panel queries). */
async function countingProxy(target: string): Promise<CountingProxy> {
  const to = new URL(target);
  let inFlight = 0;
  let max = 0;
  let probes = 0;
  const srv = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const probe = decodeURIComponent(`${req.url}${body.toString('latin1')}`.replace(/\+/g, ' ')).includes(PROBE);
      if (probe) probes++;
      else max = Math.max(max, ++inFlight);
      const done = () => {
        if (!probe) inFlight--;
      };
      const up = http.request(
        { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers },
        (upRes) => {
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          upRes.pipe(res);
          upRes.on('end', done);
        }
      );
      up.on('error', () => {
        done();
        res.destroy();
      });
      up.end(body);
    });
  });
  const port = await freePort();
  await new Promise<void>((r) => srv.listen(port, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${port}`,
    maxAnalyticInFlight: () => max,
    probes: () => probes,
    reset: () => {
      max = inFlight;
      probes = 0;
    },
    close: () => new Promise<void>((r) => srv.close(() => r())),
  };
}

beforeAll(async () => {
  env = await startSimulatedBackend({ duration: '2h', seed: 31 });
  proxy = await countingProxy(env.prom.url);
}, 300_000);

afterAll(async () => {
  await proxy?.close();
  await env?.stop();
});

const TO = SCENARIO_END_MS;
const spec = (refId: string, model: Record<string, unknown>): QuerySpec => ({
  refId,
  queryType: String(model.queryType),
  model: { refId, ...model },
  from: TO - 2 * 3_600_000,
  to: TO,
  intervalMs: 60_000,
  maxDataPoints: 120,
});
const rootcause = (refId: string) => spec(refId, { queryType: 'rootcause', target: { signal: 'ttft', aggregation: 'p95', groupBy: ['model'] } });
const anomaly = (refId: string) =>
  spec(refId, { queryType: 'anomaly', source: { queryType: 'signal', signal: 'gpu_utilization', aggregation: 'avg', groupBy: ['hostname', 'gpu'] } });
const cheap = (refId: string) => spec(refId, { queryType: 'promql', expr: cheapExpr });

/** Each test its own datasource (uid), so each gets fresh admission state with its own settings. */
function settings(uid: string, jsonData: Record<string, unknown>) {
  return { uid, url: proxy.url, jsonData: { timeInterval: '15s', ...jsonData } };
}

describe('analytics admission (built executable, real Prometheus)', () => {
  it('answers a query that found no free slot in time with a 503 "busy" error, not a timeout; the rest answer', async () => {
    const s = settings('admission-busy', { maxConcurrentAnalytics: 1, analyticsQueueSeconds: 0 });
    const { responses } = await env.plugin.queryData(
      [rootcause('A'), rootcause('B'), anomaly('C'), rootcause('D'), cheap('P')],
      { settings: s, deadlineMs: 60_000 }
    );
    const analytic = ['A', 'B', 'C', 'D'].map((r) => responses[r]!);
    const ok = analytic.filter((r) => !r.error);
    const busy = analytic.filter((r) => r.error);
    expect(responses.P!.error ?? '').toBe('');
    expect(ok).toHaveLength(1);
    expect(busy).toHaveLength(3);
    for (const r of busy) {
      expect(r.status).toBe(503);
      expect(r.error).toMatch(/datasource is busy: 1 of 1 analytic queries/);
      expect(r.error).toMatch(/Retry in a moment, or raise jsonData\.maxConcurrentAnalytics/);
      expect(r.error).not.toMatch(/timed out/);
    }
  }, 120_000);

  it('serves waiting analytic queries in turns per user: a second user does not wait behind all of the first one\'s', async () => {
    const s = settings('admission-fair', { maxConcurrentAnalytics: 1, analyticsQueueSeconds: 60 });
    const finished: string[] = [];
    const panel = (user: string, refId: string) =>
      env.plugin.queryData([rootcause(refId)], { settings: s, user, deadlineMs: 120_000 }).then((r) => {
        expect(r.responses[refId]!.error ?? '').toBe('');
        finished.push(`${user}:${refId}`);
      });
    // Sent in this order on one connection (as Grafana's panels would): alice's five, then bob's one.
    const alice = ['A1', 'A2', 'A3', 'A4', 'A5'].map((r) => panel('alice', r));
    const bob = panel('bob', 'B1');
    await Promise.all([...alice, bob]);
    // In arrival order bob would finish last (6th); in turns he is served right after alice's next one.
    expect(finished.indexOf('bob:B1')).toBeLessThanOrEqual(2);
  }, 180_000);

  it('keeps analytic upstream requests within maxAnalyticsUpstreamRequests while panel queries go beside them', async () => {
    const s = settings('admission-lanes', { maxConcurrentAnalytics: 4, maxAnalyticsUpstreamRequests: 2, analyticsQueueSeconds: 60 });
    await env.plugin.queryData([cheap('warm')], { settings: s });
    proxy.reset();
    let running = true;
    const heavy = env.plugin
      .queryData([rootcause('A'), rootcause('B'), anomaly('C'), rootcause('D')], { settings: s, deadlineMs: 120_000 })
      .finally(() => (running = false));
    const cheapErrors: string[] = [];
    let cheapDone = 0;
    while (running) {
      const { responses } = await env.plugin.queryData([cheap('P')], { settings: s });
      if (responses.P!.error) cheapErrors.push(responses.P!.error);
      cheapDone++;
    }
    const { responses } = await heavy;
    for (const r of ['A', 'B', 'C', 'D']) expect(responses[r]!.error ?? '').toBe('');
    expect(cheapErrors).toEqual([]);
    expect(cheapDone).toBeGreaterThan(0);
    expect(proxy.probes()).toBeGreaterThanOrEqual(cheapDone);
    // Root cause alone fans out 6 at a time: four analytic queries would have ~20 in flight unbounded.
    expect(proxy.maxAnalyticInFlight()).toBe(2);
    // The main thread's blocking is in the backend's own metrics.
    const samples = Number(/^llmops_backend_event_loop_delay_seconds_count (\d+)$/m.exec(await env.plugin.collectMetrics())?.[1]);
    expect(samples).toBeGreaterThan(10);
  }, 180_000);
});
