import { describe, expect, it } from 'vitest';
import { computeCost } from '../../analytics/cost/compute';
import { DEFAULT_COST_SETTINGS } from '../../analytics/cost/defaults';
import type { Frame } from '../../grafana/frame';
import { COST_INSTANT_VIEWS, COST_METRIC_VIEWS, COST_METRICS } from '../../model/ids';
import { costInstantFrames } from './instant-frames';
import { COST_METRIC_DEFS } from './instant-metrics';

const H = 3_600_000;
const times = [0, H, 2 * H];
const H100 = 'NVIDIA H100 80GB HBM3';
// Two hours: "big" on an H100 at 50 % drawing 500 W (1 kWh), "small" on an idle L4, "ghost" on a busy L4
// with no tokens. Prices H100 2/h, L4 0.5/h, electricity 0.1/kWh.
const report = computeCost({
  range: { from: 0, to: 2 * H },
  gpus: [
    { labels: { gpu_model: H100, model: 'big' }, times, utilization: [50, 50, 50], powerW: [500, 500, 500] },
    { labels: { gpu_model: 'NVIDIA L4', model: 'small' }, times, utilization: [5, 5, 5] },
    { labels: { gpu_model: 'NVIDIA L4', model: 'ghost' }, times, utilization: [50, 50, 50] },
  ],
  models: [
    { model: 'big', inputTokens: 1e6, outputTokens: 1e6 },
    { model: 'small', inputTokens: 0.5e6, outputTokens: 0.5e6 },
  ],
  settings: {
    ...DEFAULT_COST_SETTINGS,
    gpuHourlyPrices: { H100: 2, L4: 0.5 },
    apiPrices: {},
    electricityPricePerKwh: 0.1,
  },
});

const one = (frames: Frame[]) => frames.map((f) => [f.fields[0].labels, f.fields[0].values[0]]);

describe('instant cost frames', () => {
  it('by_model gives one numeric-multi frame per model with a cost per 1M tokens, saying where it came from', () => {
    const frames = costInstantFrames(report, 'by_model', 'cost_per_million_tokens', 'A');
    // big: (2 h × 2 + 1 kWh × 0.1) / 2M tokens; small: 2 h × 0.5 / 1M; ghost served no tokens → left out.
    expect(frames.map((f) => f.fields[0].labels)).toEqual([{ model: 'big' }, { model: 'small' }]);
    expect(frames[0].fields[0].values[0]).toBeCloseTo(2.05, 12);
    expect(frames[1].fields[0].values[0]).toBeCloseTo(1, 12);
    for (const f of frames) {
      expect(f.refId).toBe('A');
      expect(f.meta).toMatchObject({ type: 'numeric-multi', typeVersion: [0, 1] });
      expect(f.fields).toHaveLength(1);
      expect(f.fields[0]).toMatchObject({ name: 'cost_per_million_tokens', type: 'number' });
      expect(f.fields[0].config?.unit).toBe('currencyUSD');
    }
    expect(frames[0].fields[0].config?.displayNameFromDS).toBe('big');
    const custom = frames[0].meta!.custom!;
    expect(custom).toMatchObject({
      view: 'by_model',
      metric: 'cost_per_million_tokens',
      unit: 'USD per 1M tokens (input + output)',
      currency: 'USD',
      rangeHours: 2,
    });
    expect(custom.sources).toEqual(report.sources.cost_per_1m_tokens);
    expect(custom.sources).toEqual(
      expect.arrayContaining([
        'gpuHourlyPrices["H100"] = 2 USD/h',
        'electricityPricePerKwh = 0.1 USD/kWh',
        'input_tokens_rate (prompt tokens counter)',
      ])
    );
    expect(frames[0].fields[0].config?.description).toContain('gpuHourlyPrices["L4"] = 0.5 USD/h');
    // Notices only on the first frame: why ghost is missing.
    expect(frames[0].meta?.notices).toEqual([
      { severity: 'info', text: 'No cost_per_million_tokens value for ghost: no tokens were counted in the range.' },
    ]);
    expect(frames[1].meta?.notices).toBeUndefined();
  });

  it('summary gives one unlabelled fleet number per metric, in exact units', () => {
    const value = (metric: (typeof COST_METRICS)[number]) => {
      const frames = costInstantFrames(report, 'summary', metric, 'B');
      expect(frames).toHaveLength(1);
      expect(frames[0].fields[0].labels).toEqual({});
      return frames[0].fields[0].values[0] as number;
    };
    // GPU cost 2×2 + 2×0.5 + 2×0.5 = 6, energy 0.1, tokens 3M, idle: the small L4's 2 of 6 GPU-hours.
    expect(value('total_cost')).toBeCloseTo(6.1, 12);
    expect(value('cost_per_million_tokens')).toBeCloseTo(6.1 / 3, 12);
    expect(value('projected_monthly_cost')).toBeCloseTo(6.1 * 365, 9);
    expect(value('gpu_cost_per_hour')).toBeCloseTo(3, 12);
    expect(value('idle_share')).toBeCloseTo(1 / 3, 12);
    expect(value('idle_cost_per_hour')).toBeCloseTo(0.5, 12);
    expect(value('energy_cost')).toBeCloseTo(0.1, 12);
    const perHour = costInstantFrames(report, 'summary', 'gpu_cost_per_hour', 'B')[0];
    expect(perHour.fields[0].config).toMatchObject({ unit: 'suffix: USD/h', displayNameFromDS: 'GPU cost per hour' });
    expect(perHour.meta?.custom?.sources).toEqual([...report.sources.gpu_cost, '÷ hours covered by data (2 h of the 2 h range)']);
    expect(costInstantFrames(report, 'summary', 'idle_share', 'B')[0].fields[0].config?.unit).toBe('percentunit');
  });

  it('by_gpu_model gives idle spend per hour and monthly projection per GPU model', () => {
    expect(one(costInstantFrames(report, 'by_gpu_model', 'idle_cost_per_hour', 'A'))).toEqual([
      [{ gpu_model: H100 }, 0],
      [{ gpu_model: 'NVIDIA L4' }, 0.5],
    ]);
    const monthly = one(costInstantFrames(report, 'by_gpu_model', 'projected_monthly_cost', 'A'));
    expect(monthly[0][1]).toBeCloseTo(4.1 * 365, 9);
    expect(monthly[1][1]).toBeCloseTo(2 * 365, 9);
    expect(one(costInstantFrames(report, 'by_model', 'energy_cost', 'A'))).toEqual([
      [{ model: 'big' }, 0.1],
      [{ model: 'ghost' }, 0],
      [{ model: 'small' }, 0],
    ]);
  });

  it('returns a typed no-data frame with the reason when no series has a value', () => {
    const noTokens = computeCost({
      range: { from: 0, to: 2 * H },
      gpus: [{ labels: { gpu_model: 'NVIDIA L4', model: 'ghost' }, times, utilization: [50, 50, 50] }],
      models: [],
      settings: { ...DEFAULT_COST_SETTINGS, gpuHourlyPrices: { L4: 0.5 }, apiPrices: {} },
    });
    const frames = costInstantFrames(noTokens, 'summary', 'cost_per_million_tokens', 'A');
    expect(frames).toHaveLength(1);
    expect(frames[0].fields).toEqual([]);
    expect(frames[0].meta?.type).toBe('numeric-multi');
    expect(frames[0].meta?.notices).toContainEqual({
      severity: 'info',
      text: 'No cost_per_million_tokens value in this range: no tokens were counted in the range.',
    });
    // The report's own warnings come along (energy not priced here).
    expect(frames[0].meta?.notices?.[0]).toMatchObject({
      severity: 'warning',
      text: expect.stringMatching(/electricityPricePerKwh is not set/),
    });
  });

  it('has a value function for exactly the views the query model allows for each metric', () => {
    for (const metric of COST_METRICS) {
      const defined = COST_INSTANT_VIEWS.filter((v) => COST_METRIC_DEFS[metric][v] !== undefined);
      expect([metric, defined]).toEqual([metric, [...COST_METRIC_VIEWS[metric]]]);
    }
  });
});
