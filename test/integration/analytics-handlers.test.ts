// The rootcause and cost handlers against a real Prometheus loaded (promtool create-blocks) with a
// small hand-written fleet whose numbers are known exactly: 2 vLLM instances on 2 H100s plus one idle
// H100, constant token rates, power and energy counters, and a KV-cache incident on instance a.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClockAt } from '../../pkg/datasource/clock';
import { createDatasourceInstance } from '../../pkg/datasource/instance';
import { SCENARIO_END_MS } from '../../simulator/src/scenario-time';
import type { Frame } from '../../pkg/grafana/frame';
import { costQuery } from '../../pkg/queries/cost';
import { rootcauseQuery } from '../../pkg/queries/rootcause';
import type { QueryContext } from '../../pkg/queries/types';
import { createBlocksFromOpenMetrics, startPrometheus, type RunningService } from '../support/services';

const STEP_S = 15;
const HOUR = 3_600_000;
// Start three hours before the fixed scenario time (a whole hour): history is 2 h long, the incident is minutes 80–100.
const T0 = SCENARIO_END_MS - 3 * HOUR;
const POINTS = (2 * HOUR) / 1000 / STEP_S + 1;
const INCIDENT = { start: T0 + 80 * 60_000, end: T0 + 100 * 60_000 };
const inIncident = (t: number) => t >= INCIDENT.start && t < INCIDENT.end;

// Deterministic small noise (no Math.random): a fixed pseudo-random sequence.
let seed = 42;
const noise = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 2;

function openMetrics(): string {
  const out: string[] = [];
  const times = Array.from({ length: POINTS }, (_, i) => T0 + i * STEP_S * 1000);
  const fam = (name: string, type: string, series: Array<{ labels: string; value: (t: number, i: number) => number }>, sampleName = name) => {
    out.push(`# TYPE ${name} ${type}`);
    for (const s of series) for (let i = 0; i < times.length; i++) out.push(`${sampleName}{${s.labels}} ${s.value(times[i], i)} ${times[i] / 1000}`);
  };
  const inst = (p: string) => `model_name="m",instance="${p}:8000",pod="${p}",namespace="llm",job="vllm"`;
  const pods = ['a', 'b'];
  const hot = (p: string, t: number) => p === 'a' && inIncident(t);
  fam('vllm:num_requests_running', 'gauge', pods.map((p) => ({ labels: inst(p), value: () => 5 + Math.round(noise()) })));
  fam('vllm:num_requests_waiting', 'gauge', pods.map((p) => ({ labels: inst(p), value: (t) => (hot(p, t) ? 12 : 0) })));
  fam('vllm:kv_cache_usage_perc', 'gauge', pods.map((p) => ({ labels: inst(p), value: (t) => (hot(p, t) ? 0.99 : 0.4 + 0.02 * noise()) })));
  let pre = 0;
  fam('vllm:num_preemptions', 'counter', [{ labels: inst('a'), value: (t) => (inIncident(t) ? (pre += 2 * STEP_S) : pre) }, { labels: inst('b'), value: () => 0 }], 'vllm:num_preemptions_total');
  fam('vllm:prompt_tokens', 'counter', pods.map((p) => ({ labels: inst(p), value: (t) => ((t - T0) / 1000) * 1000 })), 'vllm:prompt_tokens_total');
  fam('vllm:generation_tokens', 'counter', pods.map((p) => ({ labels: inst(p), value: (t) => ((t - T0) / 1000) * 200 })), 'vllm:generation_tokens_total');
  // TTFT histogram: 5 requests/s; normally all under 0.5 s, during the incident on a all in (1, 2.5].
  out.push('# TYPE vllm:time_to_first_token_seconds histogram');
  for (const p of pods) {
    let slow = 0;
    const counts = times.map((t, i) => {
      if (i > 0 && hot(p, t)) slow += 5 * STEP_S;
      return { total: i * 5 * STEP_S, slow };
    });
    for (const le of ['0.5', '1.0', '2.5', '+Inf']) {
      for (let i = 0; i < times.length; i++) {
        const c = counts[i];
        const v = le === '0.5' || le === '1.0' ? c.total - c.slow : c.total;
        out.push(`vllm:time_to_first_token_seconds_bucket{${inst(p)},le="${le}"} ${v} ${times[i] / 1000}`);
      }
    }
    for (let i = 0; i < times.length; i++) out.push(`vllm:time_to_first_token_seconds_count{${inst(p)}} ${counts[i].total} ${times[i] / 1000}`);
    for (let i = 0; i < times.length; i++) out.push(`vllm:time_to_first_token_seconds_sum{${inst(p)}} ${counts[i].total * 0.3 + counts[i].slow * 1.5} ${times[i] / 1000}`);
  }
  const gpu = (g: number, pod?: string) =>
    `gpu="${g}",UUID="GPU-${g}",modelName="NVIDIA H100 80GB HBM3",Hostname="h1",instance="h1:9400",job="dcgm"${pod ? `,pod="${pod}",namespace="llm"` : ''}`;
  const gpus = [
    { labels: gpu(0, 'a'), util: 60, watts: 400 },
    { labels: gpu(1, 'b'), util: 60, watts: 400 },
    { labels: gpu(2), util: 0, watts: 60 },
  ];
  fam('DCGM_FI_DEV_GPU_UTIL', 'gauge', gpus.map((g) => ({ labels: g.labels, value: () => g.util })));
  fam('DCGM_FI_DEV_POWER_USAGE', 'gauge', gpus.map((g) => ({ labels: g.labels, value: () => g.watts })));
  fam('DCGM_FI_DEV_GPU_TEMP', 'gauge', gpus.map((g) => ({ labels: g.labels, value: () => 60 })));
  // W × ms = mJ
  fam('DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION', 'counter', gpus.map((g) => ({ labels: g.labels, value: (t) => 1e9 + g.watts * (t - T0) })));
  out.push('# EOF', '');
  return out.join('\n');
}

let prom: RunningService;
let dir: string;
let blocks: string;

beforeAll(async () => {
  // The handlers run in-process: their clock (engine detection) starts where the data ends.
  startClockAt(String(T0 + 2 * HOUR));
  dir = mkdtempSync(path.join(tmpdir(), 'llmops-analytics-'));
  const file = path.join(dir, 'fleet.om');
  writeFileSync(file, openMetrics());
  blocks = createBlocksFromOpenMetrics(file);
  prom = await startPrometheus({ tsdbDir: blocks });
});

afterAll(async () => {
  startClockAt(undefined);
  await prom?.stop();
  rmSync(dir, { recursive: true, force: true });
  if (blocks) rmSync(blocks, { recursive: true, force: true });
});

function context(query: Record<string, unknown>, range: { from: number; to: number }, jsonData: Record<string, unknown> = {}): QueryContext {
  const instance = createDatasourceInstance({
    id: 1,
    uid: 'llmops',
    name: 'LLM Ops',
    url: prom.url,
    user: '',
    database: '',
    basicAuthEnabled: false,
    basicAuthUser: '',
    jsonData: { timeInterval: '15s', ...jsonData },
    decryptedSecureJsonData: {},
    lastUpdatedMS: 1,
  });
  return { refId: 'A', query, range, intervalMs: 15_000, maxDataPoints: 2000, fromAlert: false, instance, signal: new AbortController().signal };
}

const col = (f: Frame, name: string) => Array.from(f.fields.find((x) => x.name === name)!.values);

describe('rootcause handler (real Prometheus)', () => {
  const range = { from: T0 + 10 * 60_000, to: T0 + 110 * 60_000 };
  it('ranks KV-cache saturation on instance a first, with evidence frames', async () => {
    const frames = await rootcauseQuery(context({ refId: 'A', target: { signal: 'ttft', groupBy: ['model', 'instance'] }, incidentStart: INCIDENT.start, incidentEnd: INCIDENT.end }, range));
    const table = frames[0];
    expect(table.name).toBe('rootcause');
    expect(col(table, 'hypothesis_id')[0]).toBe('kv_cache_saturation');
    expect(col(table, 'entity')[0]).toContain('instance=a:8000');
    expect(col(table, 'confidence')[0]).toBeGreaterThan(0.7);
    expect(String(col(table, 'evidence')[0])).toMatch(/^kv_cache_usage rose from 0\.(39|4)\d* to 0\.99 .* on model=m instance=a:8000 pod=a; preemption_rate rose/);
    expect(col(table, 'first_deviation')[0]).toBe(INCIDENT.start);
    expect(table.meta?.custom).toMatchObject({ incidentStart: INCIDENT.start, incidentEnd: INCIDENT.end, incidentSource: 'query' });
    const evidence = frames.slice(1).map((f) => f.name);
    expect(evidence).toContain('evidence:kv_cache_usage');
    expect(evidence).toContain('evidence:preemption_rate');
    expect(evidence).toContain('evidence:ttft');
  });
  it('finds the incident itself when no window is given', async () => {
    const frames = await rootcauseQuery(context({ refId: 'A', target: { signal: 'ttft', groupBy: ['model', 'instance'] } }, range));
    const custom = frames[0].meta!.custom!;
    expect(custom.incidentSource).toBe('detected');
    expect(Math.abs((custom.incidentStart as number) - INCIDENT.start)).toBeLessThanOrEqual(2 * 15_000);
    expect(col(frames[0], 'hypothesis_id')[0]).toBe('kv_cache_saturation');
  });
  it('answers bad input with a clear error', async () => {
    await expect(rootcauseQuery(context({ refId: 'A', target: { signal: 'ttft' }, incidentStart: T0 + 100, incidentEnd: T0 + 50 }, range))).rejects.toThrow(/incidentEnd must be after incidentStart/);
    await expect(rootcauseQuery(context({ refId: 'A', target: { signal: 'nope' } }, range))).rejects.toThrow(/invalid rootcause query: target.signal/);
  });
});

describe('cost handler (real Prometheus)', () => {
  // One hour without the incident: 3 H100 GPU-hours at 2/h, (400 + 400 + 60) W × 1 h = 0.86 kWh.
  const range = { from: T0 + 15 * 60_000, to: T0 + 75 * 60_000 };
  const json = { gpuHourlyPrices: { H100: 2 }, electricityPricePerKwh: 0.2, currency: 'EUR', apiPrices: { m: { input: 0.1, output: 0.4 } } };
  it('summary matches a hand calculation', async () => {
    const [f] = await costQuery(context({ refId: 'A', view: 'summary' }, range, json));
    expect(f.name).toBe('cost_summary');
    const v = (n: string) => col(f, n)[0] as number;
    expect(v('gpu_hours')).toBeCloseTo(3, 9);
    expect(v('gpu_cost')).toBeCloseTo(6, 9);
    expect(v('energy_kwh')).toBeCloseTo(0.86, 9);
    expect(v('energy_cost')).toBeCloseTo(0.172, 9);
    expect(v('total_cost')).toBeCloseTo(6.172, 9);
    expect(v('input_tokens')).toBeCloseTo(2 * 1000 * 3600, 0);
    expect(v('output_tokens')).toBeCloseTo(2 * 200 * 3600, 0);
    expect(v('cost_per_1m_tokens')).toBeCloseTo(6.172 / 8.64, 6);
    expect(v('idle_share')).toBeCloseTo(1 / 3, 9);
    expect(v('idle_cost')).toBeCloseTo(2, 9);
    expect(v('carbon_kg')).toBeCloseTo(0.86 * 0.4, 9);
    expect(f.fields.find((x) => x.name === 'total_cost')!.config!.unit).toBe('currencyEUR');
    expect(f.fields.find((x) => x.name === 'total_cost')!.config!.description).toMatch(/gpuHourlyPrices\["H100"\] = 2 EUR\/h/);
  });
  it('by_model attributes GPUs through the pod join and compares with the API', async () => {
    const [f] = await costQuery(context({ refId: 'A', view: 'by_model' }, range, json));
    expect(col(f, 'model')).toEqual(['m']);
    // 2 GPU-hours of its own + the idle GPU shared by token weight (only one model): all 3
    expect(col(f, 'gpu_hours')[0]).toBeCloseTo(3, 9);
    expect(col(f, 'api_cost')[0]).toBeCloseTo((7.2e6 * 0.1 + 1.44e6 * 0.4) / 1e6, 6);
  });
  it('by_gpu_model, over_time and opportunities have the documented shapes', async () => {
    const [g] = await costQuery(context({ refId: 'A', view: 'by_gpu_model' }, range, json));
    expect(col(g, 'gpu_model')).toEqual(['NVIDIA H100 80GB HBM3']);
    expect(col(g, 'avg_utilization')[0]).toBeCloseTo(40, 9);
    const series = await costQuery(context({ refId: 'A', view: 'over_time', groupBy: 'gpu_model' }, range, json));
    expect(series).toHaveLength(1);
    expect(series[0].meta?.type).toBe('timeseries-multi');
    expect(series[0].name).toBe('over_time');
    expect(series[0].fields[1].labels).toEqual({ gpu_model: 'NVIDIA H100 80GB HBM3' });
    // (3 × 2 EUR/h + 0.86 kW × 0.2 EUR/kWh) per 15 s step
    expect(series[0].fields[1].values[10]).toBeCloseTo((6.172 * 15) / 3600, 9);
    const [o] = await costQuery(context({ refId: 'A', view: 'opportunities' }, range, json));
    expect(o.name).toBe('opportunities');
    expect(col(o, 'kind')).toContain('idle_gpus');
    const idle = col(o, 'kind').indexOf('idle_gpus');
    expect(col(o, 'estimated_monthly_savings')[idle]).toBeCloseTo(2 * 730, 6);
  });
  it('rejects a bad cost setting with the field name', async () => {
    await expect(costQuery(context({ refId: 'A', view: 'summary' }, range, { gridCarbonIntensity: 'lots' }))).rejects.toThrow(/jsonData.gridCarbonIntensity/);
  });
});
