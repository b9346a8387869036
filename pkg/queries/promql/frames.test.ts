import { describe, expect, it } from 'vitest';
import { instantFrames, rangeFrames, renderLegend } from './frames';

const series = (labels: Record<string, string>, values: number[]) => ({
  labels,
  times: Float64Array.from(values.map((_, i) => 1000 * i)),
  values: Float64Array.from(values),
});

describe('Prometheus results → dataplane frames', () => {
  it('range: one timeseries-multi frame per series, sorted, with display name and unit', () => {
    const frames = rangeFrames(
      [series({ model: 'b', engine: 'vllm' }, [1, 2]), series({ model: 'a', engine: 'vllm' }, [3, NaN])],
      {
        valueName: 'ttft',
        executedQueryString: 'q',
        maxSeries: 10,
        unit: 's',
        displayPrefix: 'TTFT p95',
        displayLabels: ['engine', 'model'],
        stepMs: 1000,
      }
    );
    expect(frames).toHaveLength(2);
    expect(frames[0]!.meta).toMatchObject({ type: 'timeseries-multi', typeVersion: [0, 1], executedQueryString: 'q' });
    expect(frames[0]!.fields[1]).toMatchObject({
      name: 'ttft',
      labels: { model: 'a', engine: 'vllm' },
      config: { displayNameFromDS: 'TTFT p95 vllm / a', unit: 's', interval: 1000 },
    });
    expect(Number.isNaN(frames[0]!.fields[1]!.values[1] as number)).toBe(true);
  });

  it('instant: numeric-multi frames with one numeric field and one row each', () => {
    const frames = instantFrames(
      [
        { labels: { instance: 'b' }, time: 5, value: 2 },
        { labels: { instance: 'a' }, time: 5, value: 1 },
      ],
      { valueName: 'kv_cache_usage', executedQueryString: 'q', maxSeries: 10 }
    );
    expect(frames.map((f) => f.meta?.type)).toEqual(['numeric-multi', 'numeric-multi']);
    expect(frames.map((f) => f.fields.length)).toEqual([1, 1]);
    expect(frames.map((f) => f.fields[0]!.labels!.instance)).toEqual(['a', 'b']);
  });

  it('truncates to maxSeries with a warning notice; empty results stay typed', () => {
    const many = Array.from({ length: 5 }, (_, i) => series({ i: String(i) }, [i]));
    const frames = rangeFrames(many, { valueName: 'value', executedQueryString: 'q', maxSeries: 3 });
    expect(frames).toHaveLength(3);
    expect(frames[0]!.meta!.notices).toEqual([
      { severity: 'warning', text: expect.stringMatching(/^Showing 3 of 5 series/) },
    ]);
    const none = instantFrames([], { valueName: 'v', executedQueryString: 'q', maxSeries: 3 });
    expect(none).toEqual([
      { meta: { type: 'numeric-multi', typeVersion: [0, 1], executedQueryString: 'q' }, fields: [] },
    ]);
  });

  it('legend format', () => {
    expect(renderLegend('{{model}} on {{ instance }} {{missing}}', { model: 'm', instance: 'i' })).toBe('m on i ');
  });
});
