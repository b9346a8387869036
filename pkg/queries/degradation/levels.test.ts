import { describe, expect, it } from 'vitest';
import { DEFAULT_DEGRADATION_THRESHOLDS } from '../../analytics/degradation';
import { aggregateLevels, levelsPerServing } from './levels';
import { degradationThresholds } from './settings';

describe('levelsPerServing', () => {
  it('computes a level per time with its driver, and no value where no input has data', () => {
    const s = levelsPerServing(
      {
        labels: { model: 'm', instance: 'a:8000' },
        inputs: { errorRatio: [0.001, 0.25, null], waiting: [0, 0, null], running: [4, 4, null], gpuUtilization: [50, 50, null] },
      },
      3,
      DEFAULT_DEGRADATION_THRESHOLDS
    );
    expect(s.values).toEqual([0, 4, null]);
    expect(s.drivers).toEqual([null, { input: 'errorRatio', value: 0.25, threshold: 0.2 }, null]);
  });
});

describe('aggregateLevels', () => {
  const a = { labels: { model: 'm', instance: 'a' }, values: [0, 3, null], drivers: [null, { input: 'queuePressure' as const, value: 4, threshold: 3 }, null] };
  const b = { labels: { model: 'm', instance: 'b' }, values: [1, 1, 2], drivers: [{ input: 'kvCacheUsage' as const, value: 0.92, threshold: 0.9 }, null, null] };
  const c = { labels: { model: 'n', instance: 'c' }, values: [0, 0, 0], drivers: [null, null, null] };
  it('takes the worst instance per model and its driver', () => {
    const out = aggregateLevels([a, b, c], ['model'], 'max', 3);
    expect(out.map((s) => [s.labels, s.values])).toEqual([
      [{ model: 'm' }, [1, 3, 2]],
      [{ model: 'n' }, [0, 0, 0]],
    ]);
    expect(out[0]!.drivers[1]).toEqual({ input: 'queuePressure', value: 4, threshold: 3 });
  });
  it('averages or takes the minimum, and collapses everything without group-by', () => {
    expect(aggregateLevels([a, b], ['model'], 'avg', 3)[0]!.values).toEqual([0.5, 2, 2]);
    expect(aggregateLevels([a, b, c], [], 'min', 3)).toMatchObject([{ labels: {}, values: [0, 0, 0] }]);
  });
});

describe('degradationThresholds (jsonData.degradationThresholds)', () => {
  it('merges overrides over the defaults', () => {
    const t = degradationThresholds({ degradationThresholds: { ttftSloSeconds: 0.8, kvCacheUsage: [0.8, 0.9, null, null] } });
    expect(t.ttftSloSeconds).toBe(0.8);
    expect(t.kvCacheUsage).toEqual([0.8, 0.9, null, null]);
    expect(t.errorRatio).toEqual(DEFAULT_DEGRADATION_THRESHOLDS.errorRatio);
    expect(degradationThresholds({})).toBe(DEFAULT_DEGRADATION_THRESHOLDS);
  });
  it('rejects what would compute nonsense, naming the key', () => {
    const bad = (v: unknown) => () => degradationThresholds({ degradationThresholds: v });
    expect(bad([1])).toThrow(/must be an object/);
    expect(bad({ errorRate: [1, 2, 3, 4] })).toThrow(/unknown key "errorRate"/);
    expect(bad({ errorRatio: [0.1, 0.2] })).toThrow(/errorRatio must be a list of 4/);
    expect(bad({ errorRatio: [0.1, 0.05, 0.2, 0.3] })).toThrow(/must not decrease/);
    expect(bad({ queuePressure: [1, -1, 2, 3] })).toThrow(/queuePressure\[1\] must be a number ≥ 0 or null/);
    expect(bad({ ttftSloSeconds: 0 })).toThrow(/ttftSloSeconds must be a number of seconds > 0/);
  });
});
