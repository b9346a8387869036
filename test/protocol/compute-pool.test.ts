// The analytics run in worker threads inside the built single executable: the same answers as inline
// (LLMOPS_COMPUTE_WORKERS=0), counted by the pool's own metrics; and a query Grafana cancels (the gRPC
// call cancelled, or its deadline passed) stops its upstream request at once, not at the query timeout;
// and the workers run below the event loop's CPU priority.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIO_END_MS } from '../../simulator/src';
import { startPlugin, type PluginHandle, type QuerySpec } from '../host';
import { startSimulatedBackend, type SimulatedBackend } from '../support/simulated-backend';

let env: SimulatedBackend;
let inline: PluginHandle;

beforeAll(async () => {
  env = await startSimulatedBackend({
    duration: '6h',
    seed: 5,
    scenario: {
      name: 'compute-pool',
      faults: [{ id: 'kv', kind: 'kv_cache_saturation', start: '-90m', duration: '40m', target: { instance: 'vllm-llama-8b-0' } }],
    },
  });
  inline = await startPlugin({ clockStartMs: SCENARIO_END_MS, env: { LLMOPS_COMPUTE_WORKERS: '0' } });
}, 300_000);

afterAll(async () => {
  await inline?.close();
  await env?.stop();
});

function metric(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : NaN;
}

/** Timing fields differ between runs; everything else must be equal. */
function withoutTimings(x: unknown): unknown {
  return JSON.parse(JSON.stringify(x), (k, v) => (k === 'analysisMs' || k === 'analysisTimeMs' ? undefined : v));
}

const heavy = (): QuerySpec[] => {
  const to = SCENARIO_END_MS;
  const from = to - 3 * 3_600_000;
  const q = (refId: string, model: Record<string, unknown>): QuerySpec => ({
    refId,
    queryType: String(model.queryType),
    model: { refId, ...model },
    from,
    to,
    intervalMs: 60_000,
    maxDataPoints: 180,
  });
  return [
    q('anomaly', { queryType: 'anomaly', source: { queryType: 'signal', signal: 'gpu_utilization', aggregation: 'avg', groupBy: ['hostname', 'gpu'] }, detector: { sensitivity: 0.5 } }),
    q('instant', { queryType: 'anomaly', instant: true, source: { queryType: 'signal', signal: 'ttft', aggregation: 'p95', groupBy: ['instance'] }, detector: { sensitivity: 0.5 } }),
    q('peers', { queryType: 'anomaly', source: { queryType: 'signal', signal: 'requests_running', aggregation: 'max', groupBy: ['model', 'instance'] }, detector: { mode: 'peers' } }),
    q('rca', { queryType: 'rootcause', target: { signal: 'ttft', aggregation: 'p95', groupBy: ['model'] } }),
    q('cost', { queryType: 'cost', view: 'by_model' }),
  ];
};

describe('compute pool in the built executable', () => {
  it('answers anomaly, root cause and cost exactly as inline computation does, in worker threads', async () => {
    const pooled = env.plugin;
    const before = await pooled.collectMetrics();
    const a = await pooled.queryJson(heavy(), { settings: env.settings });
    const b = await inline.queryJson(heavy(), { settings: env.settings });
    for (const refId of ['anomaly', 'instant', 'peers', 'rca', 'cost']) {
      expect(a.results[refId]!.error, `${refId}: ${a.results[refId]!.error}`).toBeUndefined();
      expect(a.results[refId]!.frames!.length, refId).toBeGreaterThan(0);
    }
    const rca = a.results.rca!.frames!.find((f) => f.schema.name === 'rootcause')!;
    expect(rca.data.values[0]!.length).toBeGreaterThan(0);
    expect(withoutTimings(a)).toEqual(withoutTimings(b));

    const after = await pooled.collectMetrics();
    expect(metric(after, 'llmops_backend_compute_workers')).toBeGreaterThanOrEqual(1);
    // anomaly ×3, incident search + analysis, cost
    const done = metric(after, 'llmops_backend_compute_tasks_completed_total') - metric(before, 'llmops_backend_compute_tasks_completed_total');
    expect(done).toBe(6);
    expect(metric(await inline.collectMetrics(), 'llmops_backend_compute_workers')).toBe(0);
  }, 120_000);

  it('runs the workers below the event loop: nice 10 on worker threads, the main thread unchanged (Linux)', async () => {
    await env.plugin.queryJson(heavy().slice(0, 1), { settings: env.settings });
    // /proc/<pid>/task/<tid>/stat: field 19 is the nice value (fields counted after the command name).
    const niceOf = (tid: string) => {
      const stat = readFileSync(`/proc/${env.plugin.pid}/task/${tid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    };
    const tids = readdirSync(`/proc/${env.plugin.pid}/task`);
    const nices = tids.map(niceOf);
    expect(niceOf(String(env.plugin.pid))).toBe(0);
    // One compute worker on this machine at least; V8 and libuv threads stay at 0.
    expect(nices.filter((n) => n === 10).length).toBeGreaterThanOrEqual(1);
    expect(nices.every((n) => n === 0 || n === 10), nices.join(',')).toBe(true);
  });

  describe('cancellation reaches the upstream request', () => {
    let hanging: Server;
    let url: string;
    const opened: Array<{ at: number; closedAt?: number }> = [];
    beforeAll(async () => {
      // An upstream that accepts the request and never answers (a stuck Prometheus or proxy).
      hanging = createServer((socket: Socket) => {
        const entry: { at: number; closedAt?: number } = { at: performance.now() };
        opened.push(entry);
        socket.on('data', () => undefined);
        socket.on('close', () => (entry.closedAt = performance.now()));
      });
      await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
      const addr = hanging.address() as { port: number };
      url = `http://127.0.0.1:${addr.port}`;
    });
    afterAll(() => new Promise<void>((r) => hanging.close(() => r())));

    const slowQuery = (): QuerySpec[] => [
      {
        refId: 'A',
        queryType: 'promql',
        model: { refId: 'A', queryType: 'promql', expr: 'up' },
        from: SCENARIO_END_MS - 3_600_000,
        to: SCENARIO_END_MS,
        intervalMs: 60_000,
        maxDataPoints: 60,
      },
    ];
    const settings = () => ({ uid: `hang-${opened.length}`, url, jsonData: { timeoutSeconds: 60 } });

    async function closedWithin(n: number, cancelAt: number): Promise<number> {
      const deadline = performance.now() + 5_000;
      while (performance.now() < deadline) {
        const closed = opened.slice(n).filter((o) => o.closedAt !== undefined);
        if (closed.length && closed.length === opened.length - n) return Math.max(...closed.map((o) => o.closedAt!)) - cancelAt;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`upstream connections still open 5 s after the cancellation (${opened.length - n} opened)`);
    }

    it('closes the upstream connection when Grafana cancels the call', async () => {
      const n = opened.length;
      const ac = new AbortController();
      const call = env.plugin.queryData(slowQuery(), { settings: settings(), signal: ac.signal });
      const rejected = expect(call).rejects.toMatchObject({ code: 1 }); // CANCELLED
      while (opened.length === n) await new Promise((r) => setTimeout(r, 20));
      const cancelAt = performance.now();
      ac.abort();
      await rejected;
      expect(await closedWithin(n, cancelAt)).toBeLessThan(1_000);
    });

    it('closes the upstream connection when the call deadline passes', async () => {
      const n = opened.length;
      const sent = performance.now();
      await expect(env.plugin.queryData(slowQuery(), { settings: settings(), deadlineMs: 800 })).rejects.toMatchObject({ code: 4 }); // DEADLINE_EXCEEDED
      expect(opened.length).toBeGreaterThan(n);
      expect(await closedWithin(n, sent + 800)).toBeLessThan(1_000);
      // The process keeps serving.
      expect(await env.plugin.health()).toBe('SERVING');
    });
  });
});
