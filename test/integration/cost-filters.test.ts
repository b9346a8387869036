// Cost that adds up, against a real Prometheus loaded (promtool create-blocks) with a hand-written fleet
// whose numbers are known exactly: llama (namespace team-a) on two H100s, qwen (team-b) on one L4, and
// one idle H100 with no pod (shared by token weight). One hour of data. Checks: filters on model,
// namespace and GPU model keep exactly their part (and the parts add up to the fleet), the projection
// does not change when the picked range is longer than the data, GPU counts are whole, savings do not
// double count, headers are readable, and bad filters fail with a clear message.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClockAt } from '../../pkg/datasource/clock';
import { createDatasourceInstance } from '../../pkg/datasource/instance';
import type { Frame } from '../../pkg/grafana/frame';
import { costQuery } from '../../pkg/queries/cost';
import type { QueryContext } from '../../pkg/queries/types';
import { SCENARIO_END_MS } from '../../simulator/src/scenario-time';
import { createBlocksFromOpenMetrics, startPrometheus, type RunningService } from '../support/services';

const STEP_S = 15;
const HOUR = 3_600_000;
const T0 = SCENARIO_END_MS - 2 * HOUR;
const POINTS = HOUR / 1000 / STEP_S + 1;
const H100 = 'NVIDIA H100 80GB HBM3';
const L4 = 'NVIDIA L4';

function openMetrics(): string {
  const out: string[] = [];
  const times = Array.from({ length: POINTS }, (_, i) => T0 + i * STEP_S * 1000);
  const fam = (name: string, type: string, series: Array<{ labels: string; value: (t: number) => number }>, sampleName = name) => {
    out.push(`# TYPE ${name} ${type}`);
    for (const s of series) for (const t of times) out.push(`${sampleName}{${s.labels}} ${s.value(t)} ${t / 1000}`);
  };
  const pods = [
    { pod: 'llama-0', model: 'llama', ns: 'team-a', prompt: 1000, gen: 200 },
    { pod: 'llama-1', model: 'llama', ns: 'team-a', prompt: 1000, gen: 200 },
    { pod: 'qwen-0', model: 'qwen', ns: 'team-b', prompt: 500, gen: 100 },
  ];
  const inst = (p: (typeof pods)[number]) => `model_name="${p.model}",instance="${p.pod}:8000",pod="${p.pod}",namespace="${p.ns}",job="vllm"`;
  fam('vllm:num_requests_running', 'gauge', pods.map((p) => ({ labels: inst(p), value: () => 4 })));
  fam('vllm:num_requests_waiting', 'gauge', pods.map((p) => ({ labels: inst(p), value: () => 0 })));
  fam('vllm:kv_cache_usage_perc', 'gauge', pods.map((p) => ({ labels: inst(p), value: () => 0.3 })));
  fam('vllm:prompt_tokens', 'counter', pods.map((p) => ({ labels: inst(p), value: (t) => ((t - T0) / 1000) * p.prompt })), 'vllm:prompt_tokens_total');
  fam('vllm:generation_tokens', 'counter', pods.map((p) => ({ labels: inst(p), value: (t) => ((t - T0) / 1000) * p.gen })), 'vllm:generation_tokens_total');
  const gpu = (host: string, g: number, model: string, pod?: { pod: string; ns: string }) =>
    `gpu="${g}",UUID="GPU-${host}-${g}",modelName="${model}",Hostname="${host}",instance="${host}:9400",job="dcgm"${pod ? `,pod="${pod.pod}",namespace="${pod.ns}"` : ''}`;
  const gpus = [
    { labels: gpu('h1', 0, H100, { pod: 'llama-0', ns: 'team-a' }), util: 60 },
    { labels: gpu('h1', 1, H100, { pod: 'llama-1', ns: 'team-a' }), util: 60 },
    { labels: gpu('h1', 2, H100), util: 0 },
    { labels: gpu('h2', 0, L4, { pod: 'qwen-0', ns: 'team-b' }), util: 50 },
  ];
  fam('DCGM_FI_DEV_GPU_UTIL', 'gauge', gpus.map((g) => ({ labels: g.labels, value: () => g.util })));
  fam('DCGM_FI_DEV_POWER_USAGE', 'gauge', gpus.map((g) => ({ labels: g.labels, value: () => 300 })));
  out.push('# EOF', '');
  return out.join('\n');
}

let prom: RunningService;
let dir: string;
let blocks: string;

beforeAll(async () => {
  startClockAt(String(T0 + HOUR));
  dir = mkdtempSync(path.join(tmpdir(), 'llmops-cost-filters-'));
  const file = path.join(dir, 'fleet.om');
  writeFileSync(file, openMetrics());
  blocks = createBlocksFromOpenMetrics(file);
  prom = await startPrometheus({ tsdbDir: blocks });
}, 120_000);

afterAll(async () => {
  startClockAt(undefined);
  await prom?.stop();
  rmSync(dir, { recursive: true, force: true });
  if (blocks) rmSync(blocks, { recursive: true, force: true });
});

const json = { gpuHourlyPrices: { H100: 2, L4: 0.5 }, currency: 'USD', outputTokenWeight: 1, apiPrices: {} };

function context(query: Record<string, unknown>, range: { from: number; to: number }, extra: Record<string, unknown> = {}): QueryContext {
  const instance = createDatasourceInstance({
    id: 1,
    uid: 'llmops',
    name: 'LLM Ops',
    url: prom.url,
    user: '',
    database: '',
    basicAuthEnabled: false,
    basicAuthUser: '',
    jsonData: { timeInterval: '15s', ...json, ...extra },
    decryptedSecureJsonData: {},
    lastUpdatedMS: 1,
  });
  return { refId: 'A', query, range, intervalMs: 15_000, maxDataPoints: 2000, fromAlert: false, instance, signal: new AbortController().signal };
}

const col = (f: Frame, name: string) => Array.from(f.fields.find((x) => x.name === name)!.values);
const one = (f: Frame, name: string) => col(f, name)[0] as number;
// The data: T0 … T0 + 1 h. "Exact" picks that hour; "long" starts two hours before the data.
const exact = { from: T0, to: T0 + HOUR };
const long = { from: T0 - 2 * HOUR, to: T0 + HOUR };
const summary = async (filters: Record<string, unknown>, range = exact) => (await costQuery(context({ refId: 'A', view: 'summary', filters }, range)))[0];

describe('cost filters (real Prometheus)', () => {
  it('model filter: the model keeps its own GPUs and its token share of the shared one; parts add up', async () => {
    const all = await summary({});
    // 3 H100 × 1 h × 2 + 1 L4 × 1 h × 0.5
    expect(one(all, 'total_cost')).toBeCloseTo(6.5, 6);
    const llama = await summary({ model: 'llama' });
    const qwen = await summary({ model: 'qwen' });
    // token weights (outputTokenWeight 1): llama 2 × 1200/s, qwen 600/s → shared H100 split 4 : 1
    expect(one(llama, 'total_cost')).toBeCloseTo(4 + 2 * 0.8, 4);
    expect(one(qwen, 'total_cost')).toBeCloseTo(0.5 + 2 * 0.2, 4);
    expect(one(llama, 'total_cost') + one(qwen, 'total_cost')).toBeCloseTo(one(all, 'total_cost'), 6);
    expect(one(llama, 'tokens')).toBeCloseTo(2 * 1200 * 3600, -3);
    const [byModel] = await costQuery(context({ refId: 'A', view: 'by_model', filters: { model: ['llama'] } }, exact));
    expect(col(byModel, 'model')).toEqual(['llama']);
  });

  it('namespace filter (chargeback): only that namespace’s pods and GPUs', async () => {
    const b = await summary({ namespace: 'team-b' });
    expect(one(b, 'total_cost')).toBeCloseTo(0.5, 6);
    expect(one(b, 'tokens')).toBeCloseTo(600 * 3600, -3);
    const [byGpu] = await costQuery(context({ refId: 'A', view: 'by_gpu_model', filters: { namespace: 'team-b' } }, exact));
    expect(col(byGpu, 'gpu_model')).toEqual([L4]);
  });

  it('GPU-model filter and regex filters', async () => {
    const l4 = await summary({ gpu_model: L4 });
    expect(one(l4, 'gpu_cost')).toBeCloseTo(0.5, 6);
    const notLlama = await summary({ model: { op: '!~', value: 'll.*' } });
    expect(one(notLlama, 'total_cost')).toBeCloseTo(0.9, 4);
  });

  it('projects monthly cost from the hours with data, whatever range is picked', async () => {
    const a = await summary({});
    const b = await summary({}, long);
    expect(one(a, 'projected_monthly_cost')).toBeCloseTo(6.5 * 730, 2);
    expect(one(b, 'projected_monthly_cost')).toBeCloseTo(one(a, 'projected_monthly_cost'), 2);
    expect(b.meta?.custom).toMatchObject({ rangeHours: 3, coveredHours: 1 });
    const instant = await costQuery(context({ refId: 'A', view: 'summary', instant: true, metric: 'projected_monthly_cost' }, long));
    expect(instant[0].fields[0].values[0]).toBeCloseTo(6.5 * 730, 2);
  });

  it('counts whole GPUs, gives readable headers and keeps machine names', async () => {
    const [byGpu] = await costQuery(context({ refId: 'A', view: 'by_gpu_model' }, { from: T0, to: T0 + HOUR - 7_000 }));
    const gpus = new Map(col(byGpu, 'gpu_model').map((m, i) => [m, col(byGpu, 'gpus')[i]]));
    expect(gpus.get(H100)).toBe(3);
    expect(gpus.get(L4)).toBe(1);
    const [s] = await costQuery(context({ refId: 'A', view: 'summary' }, exact));
    const cfg = (name: string) => s.fields.find((f) => f.name === name)!.config!;
    expect(cfg('cost_per_1m_tokens').displayNameFromDS).toBe('Cost per 1M tokens');
    expect(cfg('projected_monthly_cost').displayNameFromDS).toBe('Projected monthly cost');
  });

  it('counts only the best saving per model', async () => {
    // A cheap API price for llama adds "API cheaper" to its batching headroom: two actions on one model.
    const [o] = await costQuery(context({ refId: 'A', view: 'opportunities' }, exact, { apiPrices: { llama: { input: 0.001, output: 0.001 } } }));
    const entity = col(o, 'entity') as string[];
    const counted = col(o, 'counted_monthly_savings') as number[];
    const estimated = col(o, 'estimated_monthly_savings') as number[];
    for (const e of new Set(entity.filter((x) => x.startsWith('model=')))) {
      const rows = entity.map((x, i) => (x === e ? i : -1)).filter((i) => i >= 0);
      expect(rows.filter((i) => counted[i] > 0).length, e).toBeLessThanOrEqual(1);
      expect(counted[rows[0]], e).toBeCloseTo(estimated[rows[0]], 9);
    }
    const llama = entity.map((x, i) => (x === 'model=llama' ? i : -1)).filter((i) => i >= 0);
    expect(llama.length).toBeGreaterThanOrEqual(2);
    expect(counted.reduce((a, b) => a + b, 0)).toBeLessThan(estimated.reduce((a, b) => a + b, 0));
  });

  it('rejects bad filters with a message naming the problem', async () => {
    await expect(summary({ 'bad-label': 'x' })).rejects.toThrow(/invalid cost query: filters\.bad-label/);
    await expect(summary({ model: '/(/' })).rejects.toThrow(/regex/);
  });
});
