import { describe, expect, it } from 'vitest';
import { computeCost } from '../../analytics/cost/compute';
import { DEFAULT_COST_SETTINGS } from '../../analytics/cost/defaults';
import { byModelFrame, currencyUnit, opportunitiesFrame, overTimeFrames, summaryFrame } from './frames';

const H = 3_600_000;
const report = computeCost({
  range: { from: 0, to: H },
  gpus: [{ labels: { gpu_model: 'NVIDIA L4', model: 'phi', hostname: 'h', gpu: '0' }, times: [0, H], utilization: [5, 5] }],
  models: [{ model: 'phi', inputTokens: 1e6, outputTokens: 1e6 }],
  settings: { ...DEFAULT_COST_SETTINGS, currency: 'CHF', gpuHourlyPrices: {}, apiPrices: {} },
});

describe('cost frames', () => {
  it('maps ISO currencies to Grafana units', () => {
    expect(currencyUnit('USD')).toBe('currencyUSD');
    expect(currencyUnit('CHF')).toBe('currencyCHF');
    expect(currencyUnit('AUD')).toBe('suffix: AUD');
  });
  it('summary is one row with the fixed field names, units and sources', () => {
    const f = summaryFrame(report, 'A');
    expect(f.name).toBe('cost_summary');
    expect(f.fields.map((x) => x.name)).toEqual([
      'total_cost', 'projected_monthly_cost', 'gpu_hours', 'gpu_cost', 'input_tokens', 'output_tokens', 'tokens', 'cost_per_1m_tokens',
      'idle_share', 'idle_cost', 'energy_kwh', 'energy_cost', 'carbon_kg', 'kwh_per_1m_tokens', 'currency',
    ]);
    const total = f.fields[0];
    expect(total.values).toEqual([0.5]); // 1 L4-hour at the 0.5 default
    expect(total.config?.unit).toBe('currencyCHF');
    expect(total.config?.description).toContain('gpuHourlyPrices["L4"] = 0.5 CHF/h (built-in default)');
    expect(f.fields.find((x) => x.name === 'idle_share')!.values).toEqual([1]);
    expect(f.meta?.custom?.sources).toBe(report.sources);
  });
  it('by_model, over_time and opportunities frames', () => {
    expect(byModelFrame(report, 'A').fields.find((x) => x.name === 'cost_per_1m_tokens')!.values).toEqual([0.25]);
    expect(byModelFrame(report, 'A').fields.find((x) => x.name === 'cost')!.values).toEqual([0.5]);
    // 0.5 per hour → 0.125 per 15-minute step
    const ts = overTimeFrames(report, 'model', 900_000, 'A');
    expect(ts).toHaveLength(1);
    expect(ts[0].name).toBe('over_time');
    expect(ts[0].fields[1]).toMatchObject({ name: 'cost', labels: { model: 'phi' }, values: [0.125, 0.125] });
    const o = opportunitiesFrame(report, 'A');
    expect(o.name).toBe('opportunities');
    expect(o.fields.map((x) => x.name)).toEqual(['kind', 'opportunity', 'description', 'entity', 'estimated_monthly_savings', 'counted_monthly_savings', 'action', 'sources']);
    expect(o.fields[0].values).toContain('idle_gpus');
    expect(o.fields[3].values).toContain('gpu_model=NVIDIA L4');
  });
});
