import { describe, expect, it } from 'vitest';

import { framesFromResponse } from '../../test-utils/frames';
import byGpuResponse from './__fixtures__/cost-by-gpu-response.json';
import costResponse from './__fixtures__/cost-response.json';
import { toDataFrame } from '@grafana/data';
import { effectiveGrouping, formatCount, formatMoney, projectedCost, readCostFrames, stackSeries, totalSavings } from './shape';

describe('readCostFrames', () => {
  const data = readCostFrames(framesFromResponse(costResponse));

  it('reads the summary row', () => {
    expect(data.summary).toMatchObject({ totalCost: 1843.2, projectedMonthlyCost: 55296, costPer1MTokens: 2.02, idleShare: 0.31, currency: 'USD' });
  });

  it('sorts models by cost and keeps cost per 1M tokens', () => {
    expect(data.byModel.map((m) => m.model)).toEqual(['llama-3.1-70b-instruct', 'mistral-7b-instruct', 'qwen2.5-7b-instruct']);
    expect(data.byModel[1].costPer1MTokens).toBeCloseTo(402.3 / 358, 3);
    expect(data.byModel[0].apiCost).toBe(311.2);
  });

  it('reads one over-time series per frame with its labels', () => {
    expect(data.overTime).toHaveLength(3);
    expect(data.overTime[0].labels.model).toBe('llama-3.1-70b-instruct');
    expect(data.overTime[0].points).toHaveLength(24);
  });

  it('sorts opportunities by savings and totals them', () => {
    expect(data.opportunities.map((o) => o.kind)).toEqual(['overprovisioned', 'idle_gpus', 'api_cheaper']);
    expect(totalSavings(data)).toBeCloseTo(1890 + 2304 + 990);
  });

  it('totals only the counted savings when the backend marks overlapping actions', () => {
    const frame = toDataFrame({
      name: 'opportunities',
      fields: [
        { name: 'kind', values: ['api_cheaper', 'quantization', 'idle_gpus'] },
        { name: 'entity', values: ['model=a', 'model=a', 'gpu_model=H100'] },
        { name: 'estimated_monthly_savings', values: [900, 600, 500] },
        { name: 'counted_monthly_savings', values: [900, 0, 500] },
      ],
    });
    expect(totalSavings(readCostFrames([frame]))).toBe(1400);
  });

  it('shows GPU counts whole when the float sum is whole', () => {
    expect(formatCount(3.9999999999999734)).toBe('4');
    expect(formatCount(2.5)).toBe('2.5');
    expect(formatCount(undefined)).toBe('–');
  });

  it('returns an empty model for no frames', () => {
    expect(readCostFrames([])).toEqual({ byModel: [], byGpuModel: [], overTime: [], opportunities: [] });
  });
});

describe('stackSeries', () => {
  it('stacks aligned series, largest at the bottom, filling gaps with 0', () => {
    const s = stackSeries(
      [
        { labels: { model: 'a' }, points: [[1, 1], [2, 1]] },
        { labels: { model: 'b' }, points: [[1, 5], [3, 5]] },
        { labels: { model: 'a' }, points: [[2, 2]] },
      ],
      'model'
    );
    expect(s.times).toEqual([1, 2, 3]);
    expect(s.series.map((x) => x.key)).toEqual(['b', 'a']);
    expect(s.series[0].upper).toEqual([5, 0, 5]);
    expect(s.series[1].lower).toEqual([5, 0, 5]);
    expect(s.series[1].upper).toEqual([6, 3, 5]);
    expect(s.max).toBe(6);
  });

  it('stacks the GPU fixture by gpu_model and falls back when the wanted label is absent', () => {
    const data = readCostFrames(framesFromResponse(byGpuResponse));
    expect(effectiveGrouping(data.overTime, 'model')).toBe('gpu_model');
    const s = stackSeries(data.overTime, 'gpu_model');
    expect(s.series[0].key).toBe('NVIDIA H100 80GB HBM3');
    expect(s.series[0].total).toBeCloseTo(1152, 0);
    expect(data.byGpuModel[2]).toMatchObject({ gpuModel: 'NVIDIA L4', idleShare: 0.41 });
  });
});

describe('formatting', () => {
  it('projects the monthly run rate to other periods', () => {
    expect(projectedCost(3000, 'day')).toBeCloseTo(100);
    expect(projectedCost(3000, 'week')).toBeCloseTo(700);
    expect(projectedCost(3000, 'year')).toBeCloseTo(36500);
  });
  it('formats money with the currency and a dash for missing values', () => {
    expect(formatMoney(2.5, 'EUR')).toBe('€2.50');
    expect(formatMoney(undefined, 'USD')).toBe('–');
    expect(formatMoney(1.5, 'not-a-code')).toBe('1.50 not-a-code');
  });
});
