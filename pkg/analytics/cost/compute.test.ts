import { describe, expect, it } from 'vitest';
import { computeCost } from './compute';
import type { CostInput, CostSettings } from './types';

const H = 3_600_000;
const settings: CostSettings = {
  gpuHourlyPrices: { H100: 2 },
  apiPrices: { llama: { input: 1, output: 2 } },
  electricityPricePerKwh: 0.1,
  currency: 'USD',
  gridCarbonIntensity: 400,
  idleUtilizationThreshold: 10,
  outputTokenWeight: 2.5,
};
const times = [0, H, 2 * H];
const base: CostInput = {
  range: { from: 0, to: 2 * H },
  settings,
  gpus: [
    // 2 GPU-hours of H100 at 2/h; energy counter +3.6e9 mJ = 1 kWh
    { labels: { hostname: 'h1', gpu: '0', gpu_model: 'NVIDIA H100 80GB HBM3', model: 'llama' }, times, utilization: [50, 50, 50], powerW: [500, 500, 500], energyMj: [0, 1.8e9, 3.6e9] },
    // A100 80GB at the default 1.8/h; first hour idle (mean util 5 %); 200 W × 2 h = 0.4 kWh
    { labels: { hostname: 'h1', gpu: '1', gpu_model: 'NVIDIA A100-SXM4-80GB', model: 'mistral' }, times, utilization: [4, 6, 20], powerW: [200, 200, 200] },
  ],
  models: [
    { model: 'llama', inputTokens: 1e6, outputTokens: 0.5e6, prefillSeconds: 100, decodeSeconds: 300 },
    { model: 'mistral', inputTokens: 0.2e6, outputTokens: 0.2e6 },
  ],
};

describe('computeCost', () => {
  const r = computeCost(base);
  it('sums GPU-hours × price plus energy × electricity price', () => {
    const s = r.summary;
    expect(s.gpuHours).toBe(4);
    expect(s.gpuCost).toBeCloseTo(7.6, 12);
    expect(s.energyKwh).toBeCloseTo(1.4, 12);
    expect(s.energyCost).toBeCloseTo(0.14, 12);
    expect(s.totalCost).toBeCloseTo(7.74, 12);
    expect(s.projectedMonthlyCost).toBeCloseTo(7.74 * 365, 9);
    expect(s.tokens).toBe(1.9e6);
    expect(s.costPerMillionTokens).toBeCloseTo(7.74 / 1.9, 12);
    expect(s.idleShare).toBe(0.25);
    expect(s.idleCost).toBeCloseTo(1.8, 12);
    expect(s.carbonKg).toBeCloseTo(0.56, 12);
    expect(s.kwhPerMillionTokens).toBeCloseTo(1.4 / 1.9, 12);
    expect(s.currency).toBe('USD');
  });
  it('computes per-model cost per 1M tokens with the input/output split and API break-even', () => {
    const llama = r.byModel.find((m) => m.model === 'llama')!;
    expect(llama.totalCost).toBeCloseTo(4.1, 12);
    expect(llama.costPerMillionTokens).toBeCloseTo(4.1 / 1.5, 12);
    expect(llama.splitMethod).toBe('prefill_decode_time');
    expect(llama.inputCostPerMillionTokens).toBeCloseTo(1.025, 12);
    expect(llama.outputCostPerMillionTokens).toBeCloseTo(6.15, 12);
    expect(llama.apiCost).toBeCloseTo(2, 12);
    expect(llama.apiCostPerMillionTokens).toBeCloseTo(2 / 1.5, 12);
    expect(llama.breakEvenTokensPerMonth).toBeCloseTo(1_122_375_000, 0);
    expect(llama.monthlyTokens).toBeCloseTo(547.5e6, 3);
    const mistral = r.byModel.find((m) => m.model === 'mistral')!;
    expect(mistral.splitMethod).toBe('output_token_weight');
    expect(mistral.inputCostPerMillionTokens).toBeCloseTo(5.2, 12);
    expect(mistral.outputCostPerMillionTokens).toBeCloseTo(13, 12);
    expect(mistral.idleShare).toBe(0.5);
    expect(mistral.apiCost).toBeCloseTo(0.4, 12);
  });
  it('reports per GPU model with matched price keys', () => {
    expect(r.byGpuModel.map((g) => [g.gpuModel, g.priceKey, g.pricePerHour, g.avgGpus, g.avgUtilization, g.idleShare, g.tokens])).toEqual([
      ['NVIDIA A100-SXM4-80GB', 'A100 80GB', 1.8, 1, 9, 0.5, 0.4e6],
      ['NVIDIA H100 80GB HBM3', 'H100', 2, 1, 50, 0, 1.5e6],
    ]);
  });
  it('gives cost rate over time per model and per GPU model', () => {
    expect(r.overTimeByGpuModel.map((s) => [s.labels, s.values.map((v) => Number(v!.toFixed(6)))])).toEqual([
      [{ gpu_model: 'NVIDIA A100-SXM4-80GB' }, [1.82, 1.82, 1.82]],
      [{ gpu_model: 'NVIDIA H100 80GB HBM3' }, [2.05, 2.05, 2.05]],
    ]);
    expect(r.overTimeByModel.map((s) => s.labels.model)).toEqual(['llama', 'mistral']);
  });
  it('lists opportunities by estimated monthly savings', () => {
    expect(r.opportunities.map((o) => [o.id, Number(o.estimatedMonthlySavings.toFixed(6))])).toEqual([
      ['api_cheaper', 1182.6],
      ['api_cheaper', 766.5],
      ['idle_gpus', 657],
    ]);
  });
  it('says where numbers came from', () => {
    expect(r.sources.total_cost).toEqual([
      'gpu_utilization (DCGM_FI_DEV_GPU_UTIL)',
      'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION (mJ counter)',
      'gpu_power (DCGM_FI_DEV_POWER_USAGE, W × time)',
      'gpuHourlyPrices["H100"] = 2 USD/h',
      'gpuHourlyPrices["A100 80GB"] = 1.8 USD/h (built-in default)',
      'electricityPricePerKwh = 0.1 USD/kWh',
    ]);
    expect(r.sources.carbon_kg).toContain('gridCarbonIntensity = 400 g CO2e/kWh');
    expect(r.warnings).toEqual([]);
  });

  it('shares unlabelled GPUs by weighted tokens and bills configured counts', () => {
    const c = computeCost({
      ...base,
      settings: { ...settings, electricityPricePerKwh: undefined },
      gpus: [{ labels: { gpu_model: 'NVIDIA H100 80GB HBM3' }, times, utilization: [50, 50, 50] }],
      configuredGpuCounts: { L4: 2 },
    });
    // weights: llama 1e6 + 2.5 × 0.5e6 = 2.25e6, mistral 0.7e6 → shares 2.25/2.95 and 0.7/2.95
    const total = 2 * 2 + 2 * 2 * 0.5; // H100 2 h × 2 + L4 2 GPUs × 2 h × 0.5
    expect(c.summary.totalCost).toBeCloseTo(total, 12);
    expect(c.byModel.find((m) => m.model === 'llama')!.totalCost).toBeCloseTo((total * 2.25) / 2.95, 12);
    expect(c.summary.idleShare).toBe(0); // only measured GPUs count
    expect(c.warnings[0]).toMatch(/electricityPricePerKwh is not set/);
    expect(c.sources.gpu_hours).toContain('configured GPU count L4 × 2');
  });
  it('warns about unpriced GPUs and rejects an empty range', () => {
    const c = computeCost({ ...base, gpus: [{ labels: { gpu_model: 'Mystery 9000' }, times, utilization: [1, 1, 1] }] });
    expect(c.warnings[0]).toBe('No price for GPU model "Mystery 9000": add it to gpuHourlyPrices in the datasource settings (counted as 0).');
    expect(() => computeCost({ ...base, range: { from: 5, to: 5 } })).toThrow(/time range is empty/);
  });
  it('suggests batching headroom and quantisation from serving stats', () => {
    const c = computeCost({
      ...base,
      models: [{ model: 'llama', inputTokens: 1e6, outputTokens: 1e6, replicas: 4, gpusPerReplica: 2, kvUsageP95: 0.3, avgWaiting: 0 }],
    });
    const byId = Object.fromEntries(c.opportunities.map((o) => [o.id, o]));
    // ceil(4 × 0.3 / 0.8) = 2 of 4 replicas needed → half of llama's monthly cost. The A100 stays
    // labelled mistral, so llama has the H100 only: (2 h × 2 + 1 kWh × 0.1) × 365 = 1496.5.
    expect(byId.batching_headroom.estimatedMonthlySavings).toBeCloseTo(0.5 * 1496.5, 9);
    // half of llama's GPU cost (energy excluded): 0.5 × 4 × 365
    expect(byId.quantization.estimatedMonthlySavings).toBeCloseTo(0.5 * 4 * 365, 9);
  });
});
