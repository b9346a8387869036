import { describe, expect, it } from 'vitest';
import { heatmapFrame } from './heatmap';

const series = (le: string, values: number[]) => ({
  labels: { le, engine: 'vllm' },
  times: Float64Array.from(values, (_, i) => 1000 * i),
  values: Float64Array.from(values),
});

describe('heatmap frame', () => {
  it('turns cumulative bucket rates into per-bucket rates, one field per bound in ascending order', () => {
    const f = heatmapFrame(
      [series('+Inf', [10, 12]), series('0.5', [4, 6]), series('0.1', [1, 1]), series('1.0', [9, 5.999])],
      {
        stepMs: 1000,
        meta: {},
      }
    );
    expect(f.meta?.type).toBe('heatmap-rows');
    expect(f.fields.map((x) => x.name)).toEqual(['time', '0.1', '0.5', '1', '+Inf']);
    expect(f.fields.map((x) => Array.from(x.values as number[]))).toEqual([
      [0, 1000],
      [1, 1],
      [3, 5],
      // A bucket a hair below the one under it (rates computed apart) is 0, not negative.
      [5, 0],
      [1, 6.001],
    ]);
  });

  it('gives an empty typed frame for no buckets', () => {
    expect(heatmapFrame([], { stepMs: 1000, meta: {} })).toEqual({
      meta: { type: 'heatmap-rows', typeVersion: [0, 1] },
      fields: [],
    });
  });
});
