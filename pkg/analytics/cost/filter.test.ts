// The cost analysis with a filter (the selected models', namespaces' or GPU types' share of the fleet),
// projections from the hours the data covers, exact GPU counts and non-overlapping savings.
import { describe, expect, it } from 'vitest';
import { computeCost } from './compute';
import { countBestPerModel } from './opportunities';
import type { CostFilter, CostInput, CostSettings, GpuInput } from './types';

const H = 3_600_000;
const settings: CostSettings = {
  gpuHourlyPrices: { H100: 2, L4: 0.5 },
  apiPrices: {},
  currency: 'USD',
  gridCarbonIntensity: 400,
  idleUtilizationThreshold: 10,
  outputTokenWeight: 1,
};
const times = [0, H, 2 * H];
const gpu = (labels: Record<string, string>, util = 50): GpuInput => ({ labels, times, utilization: times.map(() => util) });
const H100 = 'NVIDIA H100 80GB HBM3';
const L4 = 'NVIDIA L4';

// llama on its own H100 (joined), mistral on its own L4 (joined), one shared H100 without a model label.
const base: CostInput = {
  range: { from: 0, to: 2 * H },
  settings,
  gpus: [
    gpu({ gpu_model: H100, gpu: '0', model: 'llama', instance: 'llama-0:8000' }),
    gpu({ gpu_model: L4, gpu: '1', model: 'mistral', instance: 'mistral-0:8000' }),
    gpu({ gpu_model: H100, gpu: '2' }),
  ],
  models: [
    { model: 'llama', inputTokens: 3e6, outputTokens: 0 },
    { model: 'mistral', inputTokens: 1e6, outputTokens: 0 },
  ],
};

const onlyModel = (model: string): CostFilter => ({
  keptTokens: new Map(base.models.filter((m) => m.model === model).map((m) => [m.model, { input: m.inputTokens, output: m.outputTokens }])),
  gpuScoped: false,
  gpuMatchers: [],
  servingFiltered: true,
  // As the query layer builds it: the instances of the serving series that passed.
  keptInstances: [`${model}-0:8000`],
});

describe('computeCost with a filter', () => {
  it('takes a filter that is plain data (it crosses to a compute worker)', () => {
    expect(structuredClone(onlyModel('llama'))).toEqual(onlyModel('llama'));
  });

  const all = computeCost(base);
  it('keeps the selected model: its own GPU and its token share of the shared GPU', () => {
    const r = computeCost({ ...base, filter: onlyModel('llama') });
    expect(r.byModel.map((m) => m.model)).toEqual(['llama']);
    // own H100 2 h × 2 + shared H100 2 h × 2 × 3/4 (llama's token share over the whole fleet)
    expect(r.byModel[0].totalCost).toBeCloseTo(4 + 3, 12);
    expect(r.byModel[0].totalCost).toBeCloseTo(all.byModel.find((m) => m.model === 'llama')!.totalCost, 12);
    expect(r.summary.totalCost).toBeCloseTo(7, 12);
    expect(r.summary.tokens).toBe(3e6);
    expect(r.byGpuModel.map((g) => [g.gpuModel, g.gpuHours])).toEqual([[H100, 3.5]]);
  });
  it('adds up: the filtered parts sum to the unfiltered fleet', () => {
    const parts = ['llama', 'mistral'].map((m) => computeCost({ ...base, filter: onlyModel(m) }).summary.totalCost);
    expect(parts[0] + parts[1]).toBeCloseTo(all.summary.totalCost, 12);
  });
  it('a GPU-type filter keeps those GPUs and the tokens served on them', () => {
    const r = computeCost({
      ...base,
      filter: {
        keptTokens: new Map(base.models.map((m) => [m.model, { input: m.inputTokens, output: 0 }])),
        gpuScoped: true,
        gpuMatchers: [{ label: 'gpu_model', op: '=', value: H100 }],
        servingFiltered: false,
        keptInstances: [],
      },
    });
    expect(r.byGpuModel.map((g) => g.gpuModel)).toEqual([H100]);
    expect(r.summary.totalCost).toBeCloseTo(8, 12);
    // mistral: 0.5 of the shared H100's 2 h on H100 of its 2 + 0.5 h in all → 1/5 of its tokens
    const mistral = r.byModel.find((m) => m.model === 'mistral')!;
    expect(mistral.inputTokens).toBeCloseTo(1e6 * (0.5 / 2.5), 6);
    expect(mistral.totalCost).toBeCloseTo(1, 12);
  });
});

describe('projection and counts', () => {
  it('projects from the hours the data covers, not the picked range', () => {
    const short = computeCost({ ...base, range: { from: -22 * H, to: 2 * H } });
    const exact = computeCost(base);
    expect(short.summary.coveredHours).toBe(2);
    expect(short.summary.rangeHours).toBe(24);
    expect(short.summary.projectedMonthlyCost).toBeCloseTo(exact.summary.projectedMonthlyCost, 9);
    expect(short.byGpuModel.find((g) => g.gpuModel === H100)!.avgGpus).toBe(2);
  });
  it('counts 4 GPUs as 4 over an uneven step (whole milliseconds summed, divided once)', () => {
    const step = 15_000;
    const t = Array.from({ length: 721 }, (_, i) => i * step); // 3 h at 15 s
    const four = Array.from({ length: 4 }, (_, i) => ({ labels: { gpu_model: H100, gpu: String(i) }, times: t, utilization: t.map(() => 50) }));
    const r = computeCost({ ...base, range: { from: 0, to: 3 * H + 7_000 }, gpus: four });
    expect(r.byGpuModel[0].avgGpus).toBe(4);
    expect(r.summary.gpuHours).toBe(12);
  });
});

describe('savings without overlap', () => {
  const o = (id: 'quantization' | 'api_cheaper' | 'idle_gpus' | 'batching_headroom', entity: string, estimatedMonthlySavings: number) => ({
    id, entity, estimatedMonthlySavings, opportunity: id, detail: '', action: '', sources: [],
  });
  it('counts only the best action per model, and every GPU-type action', () => {
    const r = countBestPerModel([
      o('api_cheaper', 'model=llama', 900),
      o('quantization', 'model=llama', 600),
      o('idle_gpus', 'gpu_model=H100', 500),
      o('batching_headroom', 'model=mistral', 300),
      o('batching_headroom', 'model=llama', 200),
    ]);
    expect(r.map((x) => x.countedMonthlySavings)).toEqual([900, 0, 500, 300, 0]);
  });
  it('marks overlapping actions in a real report', () => {
    const r = computeCost({
      ...base,
      settings: { ...settings, apiPrices: { llama: { input: 0.01, output: 0.01 } } },
      models: [{ model: 'llama', inputTokens: 1e6, outputTokens: 1e6, replicas: 4, gpusPerReplica: 2, kvUsageP95: 0.3, avgWaiting: 0 }],
    });
    const llama = r.opportunities.filter((x) => x.entity === 'model=llama');
    expect(llama.length).toBeGreaterThanOrEqual(2);
    expect(llama.filter((x) => x.countedMonthlySavings > 0)).toHaveLength(1);
    expect(llama[0].countedMonthlySavings).toBe(llama[0].estimatedMonthlySavings);
  });
});
