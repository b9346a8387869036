import { describe, expect, it } from 'vitest';
import { detectBadDeploys } from './deploy';
import type { SignalSeries } from './types';

const s = (version: string, values: Array<number | null>, model = 'm'): SignalSeries => ({
  signal: 'error_ratio',
  labels: { model, version },
  times: values.map((_, i) => i * 1000),
  values,
});

describe('detectBadDeploys', () => {
  it('flags a version that appears mid-range with a higher error ratio', () => {
    const r = detectBadDeploys(
      [s('v1', [0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01]), s('v2', [null, null, null, null, null, 0.2, 0.3, 0.1])],
      { start: 5000, end: 7000 }
    );
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ version: 'v2', firstSeen: 5000, oldVersions: ['v1'] });
    expect(r[0].newErrorRatio).toBeCloseTo(0.2, 12);
    expect(r[0].oldErrorRatio).toBeCloseTo(0.01, 12);
  });
  it('compares with the old version before the rollout when it was retired', () => {
    const r = detectBadDeploys([s('v1', [0.02, 0.02, 0.02, null, null]), s('v2', [null, null, null, 0.5, 0.5])], { start: 3000, end: 4000 });
    expect(r[0].oldErrorRatio).toBe(0.02);
    expect(r[0].newErrorRatio).toBe(0.5);
  });
  it('ignores healthy new versions, versions present from the start and other models', () => {
    expect(detectBadDeploys([s('v1', [0.01, 0.01, 0.01]), s('v2', [null, 0.011, 0.012])], { start: 1000, end: 2000 })).toEqual([]);
    expect(detectBadDeploys([s('v1', [0.01, 0.01]), s('v2', [0.5, 0.5])], { start: 1000, end: 1000 })).toEqual([]);
    expect(detectBadDeploys([s('v1', [0.01, 0.01, 0.01], 'a'), s('v2', [null, 0.5, 0.5], 'b')], { start: 1000, end: 2000 })).toEqual([]);
  });
  it('ignores a bad version rolled back before the window: the history shows it, the window does not', () => {
    const v1 = s('v1', [0.01, 0.01, null, null, 0.01, 0.01, 0.01, 0.01]);
    const canary = s('v2', [null, null, 0.3, 0.3, null, null, null, null]);
    expect(detectBadDeploys([v1, canary], { start: 6000, end: 7000 })).toEqual([]);
    // The same rollout asked about while it served is found.
    expect(detectBadDeploys([v1, canary], { start: 2000, end: 3000 }).map((d) => d.version)).toEqual(['v2']);
  });
});
