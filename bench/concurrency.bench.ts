// Concurrency: does heavy analytics starve cheap queries? Through the built executable against a real
// Prometheus holding one day of the simulator's default fleet (16 instances, 32 GPUs), measured in one run:
//   - a one-series PromQL query, sequentially: p50/p99 idle, then while 20 root-cause and anomaly
//     queries are kept running (ratio loaded p99 / idle p99; goal ≤ 2 with the pool);
//   - a health check (gRPC CheckHealth) under the same load;
//   - 200 concurrent mixed queries (per 10: 4 PromQL, 3 signal, 1 anomaly, 1 root cause, 1 cost): errors,
//     p50/p99, peak RSS (pool only).
// Also per phase: the same PromQL sent straight to Prometheus (the upstream's own slow-down), the
// plugin's event-loop delay (its llmops_backend_event_loop_delay_seconds histogram) beside the bench
// process's own (the machine's contention), errors by kind. A second pass lets the analytics have 4
// upstream requests in flight (jsonData.maxAnalyticsUpstreamRequests, default 1); inline computation
// with CONCURRENCY_INLINE=1. A third pass runs the workers at normal priority (they run at nice 10 by
// default on Linux, see pkg/grafana/thread-priority.ts).
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { SCENARIO_END_MS } from '../simulator/src/scenario-time';
import { startPlugin, type PluginHandle, type QuerySpec } from '../test/host';
import { startSimulatedBackend } from '../test/support/simulated-backend';
import type { BenchRow } from './run';

const HEAVY_IN_FLIGHT = 20;
const CHEAP_SAMPLES = 100;
const MIXED = 200;

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
}

function peakRss(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

const TO = SCENARIO_END_MS;
const spec = (refId: string, model: Record<string, unknown>, hours = 3): QuerySpec => ({
  refId,
  queryType: String(model.queryType),
  model: { refId, ...model },
  from: TO - hours * 3_600_000,
  to: TO,
  intervalMs: 60_000,
  maxDataPoints: hours * 60,
});

const cheap = () => spec('cheap', { queryType: 'promql', expr: 'up{instance="vllm-llama-8b-0:8000"}' }, 1);
const heavyKinds = [
  () => spec('rca', { queryType: 'rootcause', target: { signal: 'ttft', aggregation: 'p95', groupBy: ['model'] } }, 6),
  () => spec('anomaly', { queryType: 'anomaly', source: { queryType: 'signal', signal: 'gpu_utilization', aggregation: 'avg', groupBy: ['hostname', 'gpu'] }, detector: { sensitivity: 0.5 } }, 6),
];
const signalPanel = () => spec('signal', { queryType: 'signal', signal: 'request_rate', aggregation: 'rate', groupBy: ['instance'] });
/** A dashboard-like mix, per 10 queries: 4 PromQL, 3 signal, 1 anomaly, 1 root cause, 1 cost. */
const mixedKinds = [
  cheap,
  signalPanel,
  heavyKinds[0]!,
  cheap,
  signalPanel,
  heavyKinds[1]!,
  cheap,
  signalPanel,
  () => spec('cost', { queryType: 'cost', view: 'by_model' }, 6),
  cheap,
];

/** Bucket counts of the plugin's own event-loop-delay histogram (pkg/grafana/event-loop-delay.ts). */
async function loopDelayBuckets(plugin: PluginHandle): Promise<Map<number, number>> {
  const text = await plugin.collectMetrics();
  const out = new Map<number, number>();
  for (const m of text.matchAll(/^llmops_backend_event_loop_delay_seconds_bucket\{le="([^"]+)"\} (\S+)$/gm)) {
    out.set(m[1] === '+Inf' ? Infinity : Number(m[1]), Number(m[2]));
  }
  return out;
}

/** p99 of the event-loop delay between two readings, as the upper bound of its bucket; and the share over 50 ms. */
function loopDelayBetween(before: Map<number, number>, after: Map<number, number>): { p99: number; over50: number; samples: number } {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const total = (after.get(Infinity) ?? 0) - (before.get(Infinity) ?? 0);
  const within = (b: number) => (after.get(b) ?? 0) - (before.get(b) ?? 0);
  const p99 = bounds.find((b) => within(b) >= 0.99 * total) ?? Infinity;
  return { p99: p99 * 1000, over50: total ? 1 - within(0.05) / total : 0, samples: total };
}

/**
 * The bench process's own timer lateness over a phase: it does almost nothing but wait for answers, so
 * its delay is the machine's (CPU contention from Prometheus, the plugin and other jobs), a reference for
 * the plugin's.
 */
function referenceDelay(): { stop(): number } {
  const h: IntervalHistogram = monitorEventLoopDelay({ resolution: 20 });
  h.enable();
  return {
    stop() {
      h.disable();
      return h.percentile(99) / 1e6;
    },
  };
}

const load1 = () => loadavg()[0]!.toFixed(1);

/** What kind of failure an error message is, for counting (messages are the plugin's own, see pkg/). */
function errorKind(message: string): string {
  if (/is busy|retry in a moment|maxConcurrentAnalytics/i.test(message)) return 'admission (busy, retryable)';
  if (/timed out after/i.test(message)) return 'query timeout';
  if (/did not answer within/i.test(message)) return 'upstream timeout';
  if (/not reachable|ECONN|socket/i.test(message)) return 'upstream connection';
  if (/answered HTTP 5\d\d|HTTP 503|too many/i.test(message)) return 'upstream 5xx';
  if (/cancelled/i.test(message)) return 'cancelled';
  return 'other';
}

function countKinds(errors: string[]): string {
  const counts = new Map<string, number>();
  for (const e of errors) counts.set(errorKind(e), (counts.get(errorKind(e)) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
}

interface Phase {
  p50: number;
  p99: number;
  errors: number;
}

async function timed(plugin: PluginHandle, q: QuerySpec, settings: object): Promise<{ ms: number; error?: string }> {
  const t0 = performance.now();
  try {
    const r = await plugin.queryData([q], { settings, deadlineMs: 120_000 });
    const res = r.responses[q.refId];
    return { ms: performance.now() - t0, error: res?.error || undefined };
  } catch (e) {
    return { ms: performance.now() - t0, error: (e as Error).message };
  }
}

/** The cheap query's PromQL sent straight to the upstream: how much of any slow-down is the upstream's own. */
async function direct(url: string): Promise<number> {
  const q = cheap();
  const params = new URLSearchParams({
    query: String((q.model as { expr: string }).expr),
    start: String(q.from! / 1000),
    end: String(q.to! / 1000),
    step: '60',
  });
  const t0 = performance.now();
  const res = await fetch(`${url}/api/v1/query_range?${params}`);
  await res.json();
  return performance.now() - t0;
}

async function sequentialCheap(plugin: PluginHandle, settings: { url: string }, n: number): Promise<Phase & { health: number[]; direct: number[] }> {
  const ms: number[] = [];
  const health: number[] = [];
  const straight: number[] = [];
  let errors = 0;
  for (let i = 0; i < n; i++) {
    const r = await timed(plugin, cheap(), settings);
    ms.push(r.ms);
    if (r.error) errors++;
    straight.push(await direct(settings.url));
    if (i % 5 === 0) {
      const t0 = performance.now();
      await plugin.health();
      health.push(performance.now() - t0);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return { p50: quantile(ms, 0.5), p99: quantile(ms, 0.99), errors, health, direct: straight };
}

async function measure(plugin: PluginHandle, settings: { url: string }, label: string, withMixed: boolean): Promise<BenchRow[]> {
  // Warm-up: engine detection, connections, workers started; then each kind alone, timed.
  for (const k of [...heavyKinds, ...mixedKinds]) await timed(plugin, k(), settings);
  const alone = new Map<string, number>();
  for (const k of [cheap, signalPanel, ...heavyKinds, mixedKinds[8]!]) alone.set(k().refId, (await timed(plugin, k(), settings)).ms);
  const eldIdle0 = await loopDelayBuckets(plugin);
  const refIdle = referenceDelay();
  const loadIdle = load1();
  const idle = await sequentialCheap(plugin, settings, CHEAP_SAMPLES);
  const refIdleP99 = refIdle.stop();
  const eldIdle = loopDelayBetween(eldIdle0, await loopDelayBuckets(plugin));

  let stop = false;
  let heavyDone = 0;
  let heavyOk = 0;
  const heavyErrors: string[] = [];
  const keepRunning = async (k: number) => {
    while (!stop) {
      const r = await timed(plugin, heavyKinds[k % heavyKinds.length]!(), settings);
      if (r.error) heavyErrors.push(r.error);
      else heavyOk++;
      heavyDone++;
    }
  };
  const heavyStart = performance.now();
  const loops = Array.from({ length: HEAVY_IN_FLIGHT }, (_, k) => keepRunning(k));
  await new Promise((r) => setTimeout(r, 1_000));
  const eldLoaded0 = await loopDelayBuckets(plugin);
  const refLoaded = referenceDelay();
  const loaded = await sequentialCheap(plugin, settings, CHEAP_SAMPLES);
  const refLoadedP99 = refLoaded.stop();
  const loadLoaded = load1();
  const eldLoaded = loopDelayBetween(eldLoaded0, await loopDelayBuckets(plugin));
  stop = true;
  await Promise.all(loops);
  const heavySeconds = (performance.now() - heavyStart) / 1000;

  const rows: BenchRow[] = [
    {
      name: `${label}: each kind alone (PromQL, signal, root cause, anomaly, cost)`,
      value: NaN,
      unit: 'ms',
      note: [...alone].map(([k, ms]) => `${k} ${ms.toFixed(0)}`).join(', '),
    },
    { name: `${label}: one-series PromQL p50, idle`, value: idle.p50, unit: 'ms' },
    { name: `${label}: one-series PromQL p99, idle`, value: idle.p99, unit: 'ms' },
    { name: `${label}: one-series PromQL p50, 20 heavy running`, value: loaded.p50, unit: 'ms', baseline: idle.p50, ratio: loaded.p50 / idle.p50 },
    {
      name: `${label}: one-series PromQL p99, 20 heavy running`,
      value: loaded.p99,
      unit: 'ms',
      baseline: idle.p99,
      ratio: loaded.p99 / idle.p99,
      note: `goal ratio ≤ 2; ${heavyDone} heavy queries finished meanwhile, errors: ${countKinds(heavyErrors)}; cheap errors ${idle.errors + loaded.errors}`,
    },
    {
      name: `${label}: analytic throughput, 20 heavy running`,
      value: heavyOk / heavySeconds,
      unit: 'queries/s',
      note: `${heavyOk} answered in ${heavySeconds.toFixed(0)} s: at this rate the 60 analytic queries of the 200 mixed need ${(60 / (heavyOk / heavySeconds)).toFixed(0)} s (query timeout 30 s)`,
    },
    {
      name: `${label}: event-loop delay p99 (bucket bound), 20 heavy running`,
      value: eldLoaded.p99,
      unit: 'ms',
      baseline: eldIdle.p99,
      note: `share of 20 ms ticks late by > 50 ms: idle ${(eldIdle.over50 * 100).toFixed(1)} %, loaded ${(eldLoaded.over50 * 100).toFixed(1)} % (${eldLoaded.samples} ticks); the bench process's own p99 idle ${refIdleP99.toFixed(0)} ms, loaded ${refLoadedP99.toFixed(0)} ms; machine load average ${loadIdle} → ${loadLoaded}`,
    },
    {
      name: `${label}: same PromQL straight to Prometheus p99, 20 heavy running`,
      value: quantile(loaded.direct, 0.99),
      unit: 'ms',
      baseline: quantile(idle.direct, 0.99),
      ratio: quantile(loaded.direct, 0.99) / quantile(idle.direct, 0.99),
      note: 'the upstream\'s own slow-down under the same load',
    },
    {
      name: `${label}: health check p99, 20 heavy running`,
      value: quantile(loaded.health, 0.99),
      unit: 'ms',
      baseline: quantile(idle.health, 0.99),
      ratio: quantile(loaded.health, 0.99) / quantile(idle.health, 0.99),
    },
  ];
  if (!withMixed) return rows;

  const eldMixed0 = await loopDelayBuckets(plugin);
  const refMixed = referenceDelay();
  const t0 = performance.now();
  let mixedRunning = true;
  const straightUnderMixed: number[] = [];
  const straightLoop = (async () => {
    while (mixedRunning) {
      straightUnderMixed.push(await direct(settings.url));
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const mixed = await Promise.all(Array.from({ length: MIXED }, (_, i) => timed(plugin, mixedKinds[i % mixedKinds.length]!(), settings)));
  const wall = performance.now() - t0;
  mixedRunning = false;
  await straightLoop;
  const refMixedP99 = refMixed.stop();
  const loadMixed = load1();
  const eldMixed = loopDelayBetween(eldMixed0, await loopDelayBuckets(plugin));
  const mixedMs = mixed.map((m) => m.ms);
  const mixedErrors = mixed.filter((m) => m.error);
  const byKind = (kind: string) => mixed.filter((_, i) => mixedKinds[i % mixedKinds.length]!().refId === kind).map((m) => m.ms);

  rows.push(
    { name: `${label}: 200 concurrent mixed, p50`, value: quantile(mixedMs, 0.5), unit: 'ms' },
    {
      name: `${label}: 200 concurrent mixed, p99`,
      value: quantile(mixedMs, 0.99),
      unit: 'ms',
      note: `wall ${(wall / 1000).toFixed(1)} s; errors ${mixedErrors.length}${mixedErrors.length ? ` (${mixedErrors[0]!.error!.slice(0, 60)})` : ''}`,
    },
    {
      name: `${label}: 200 concurrent mixed, p99 by kind`,
      value: NaN,
      unit: 'ms',
      note: ['cheap', 'signal', 'rca', 'anomaly', 'cost'].map((k) => `${k} ${quantile(byKind(k), 0.99).toFixed(0)}`).join(', '),
    },
    { name: `${label}: 200 concurrent mixed, errors`, value: mixedErrors.length, unit: 'queries', note: `goal 0; ${countKinds(mixedErrors.map((m) => m.error!))}` },
    {
      name: `${label}: same PromQL straight to Prometheus p99, during the 200 mixed`,
      value: quantile(straightUnderMixed, 0.99),
      unit: 'ms',
      note: `p50 ${quantile(straightUnderMixed, 0.5).toFixed(0)} ms over ${straightUnderMixed.length} requests: the upstream's own slow-down`,
    },
    {
      name: `${label}: event-loop delay p99 (bucket bound), during the 200 mixed`,
      value: eldMixed.p99,
      unit: 'ms',
      note: `share of ticks late by > 50 ms ${(eldMixed.over50 * 100).toFixed(1)} % (${eldMixed.samples} ticks); the bench process's own p99 ${refMixedP99.toFixed(0)} ms; load average ${loadMixed}`,
    },
    { name: `${label}: peak RSS`, value: peakRss(plugin.pid) / 2 ** 20, unit: 'MiB' }
  );
  return rows;
}

export default async function run(): Promise<BenchRow[]> {
  const env = await startSimulatedBackend({ fleet: 'default', duration: '1d', seed: 11 });
  // The shipped defaults (2 analytic queries, 1 analytic upstream request in flight), then the same
  // plugin letting analytics have 4 upstream requests in flight (another datasource uid: its own state).
  const wider = { uid: 'wider', url: env.settings.url, jsonData: { ...env.settings.jsonData, maxAnalyticsUpstreamRequests: 4 } };
  const rows = await measure(env.plugin, env.settings, 'pool', true);
  rows.push(...(await measure(env.plugin, wider, 'pool, maxAnalyticsUpstreamRequests 4', false)));
  // The same defaults with the compute workers at the event loop's priority (LLMOPS_COMPUTE_NICE=0; the
  // shipped default runs them at nice 10 on Linux): what the lower priority buys the cheap query.
  const samePriority = await startPlugin({ clockStartMs: SCENARIO_END_MS, env: { LLMOPS_COMPUTE_NICE: '0' } });
  try {
    rows.push(...(await measure(samePriority, env.settings, 'pool, workers at normal priority', false)));
  } finally {
    await samePriority.close();
  }
  if (process.env.CONCURRENCY_INLINE !== '1') {
    await env.stop();
    return rows;
  }
  // Inline computation (no worker pool), for comparison with the pool: CONCURRENCY_INLINE=1.
  const inline = await startPlugin({ clockStartMs: SCENARIO_END_MS, env: { LLMOPS_COMPUTE_WORKERS: '0' } });
  try {
    rows.push(...(await measure(inline, env.settings, 'inline', false)));
    return rows;
  } finally {
    await inline.close();
    await env.stop();
  }
}
