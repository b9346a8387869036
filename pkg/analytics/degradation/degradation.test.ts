import { describe, expect, it } from 'vitest';
import { DEFAULT_DEGRADATION_THRESHOLDS, degradationLevel, levelFor, mergeThresholds } from './degradation';

describe('levelFor', () => {
  it('returns the highest level whose threshold is reached', () => {
    expect(levelFor(0.001, [0.005, 0.02, 0.05, 0.2])).toBe(0);
    expect(levelFor(0.005, [0.005, 0.02, 0.05, 0.2])).toBe(1);
    expect(levelFor(0.1, [0.005, 0.02, 0.05, 0.2])).toBe(3);
    expect(levelFor(5, [0.005, 0.02, 0.05, 0.2])).toBe(4);
    expect(levelFor(1, [0.9, 0.95, 0.99, null])).toBe(3);
  });
});

describe('degradationLevel', () => {
  it('is normal with healthy inputs and no data', () => {
    expect(degradationLevel({})).toEqual({ level: 0, name: 'normal', drivenBy: null, value: null, threshold: null, inputs: {} });
    expect(degradationLevel({ errorRatio: 0.001, ttftP95: 0.5, gpuUtilization: 60 }).level).toBe(0);
  });
  it('takes the worst input and says which one drove it', () => {
    // TTFT 4.5 s vs 2 s SLO = 2.25× → moderate; errors 12 % → heavy
    const r = degradationLevel({ ttftP95: 4.5, errorRatio: 0.12, kvCacheUsage: 0.96 });
    expect(r).toMatchObject({ level: 3, name: 'heavy', drivenBy: 'errorRatio', value: 0.12, threshold: 0.1 });
    expect(r.inputs).toEqual({
      errorRatio: { value: 0.12, level: 3 },
      ttftSloRatio: { value: 2.25, level: 2 },
      kvCacheUsage: { value: 0.96, level: 2 },
    });
  });
  it('computes queue pressure against running requests (at least 1)', () => {
    expect(degradationLevel({ waiting: 40, running: 8 })).toMatchObject({ level: 3, drivenBy: 'queuePressure', value: 5 });
    expect(degradationLevel({ waiting: 12, running: 0 })).toMatchObject({ level: 4, name: 'emergency', value: 12 });
  });
  it('caps resource-only pressure below emergency', () => {
    expect(degradationLevel({ gpuUtilization: 100, gpuMemoryUsedRatio: 1, kvCacheUsage: 1, preemptionRate: 50 }).level).toBe(3);
  });
  it('ties go to the first listed (user-facing) input', () => {
    expect(degradationLevel({ kvCacheUsage: 0.91, errorRatio: 0.035 }).drivenBy).toBe('errorRatio');
  });
  it('accepts overridden thresholds and SLOs', () => {
    const t = mergeThresholds({ ttftSloSeconds: 0.5 });
    expect(t.errorRatio).toBe(DEFAULT_DEGRADATION_THRESHOLDS.errorRatio);
    expect(degradationLevel({ ttftP95: 1 }, t)).toMatchObject({ level: 2, drivenBy: 'ttftSloRatio', value: 2 });
    expect(degradationLevel({ ttftP95: 1 }).level).toBe(0);
  });
});
