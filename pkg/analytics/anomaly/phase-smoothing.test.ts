import { describe, expect, it } from 'vitest';
import { centredRunningMedian, phaseHalfWidth } from './phase-smoothing';

describe('centred running median', () => {
  it('is the median of each point and its neighbours, skipping missing values', () => {
    expect(Array.from(centredRunningMedian([1, 9, 2, 8, 3], 1))).toEqual([5, 2, 8, 3, 3]);
    const withGap = centredRunningMedian([1, Number.NaN, 3, 100, 5], 1);
    expect(withGap[1]).toBe(2);
    expect(withGap[3]).toBe(5);
  });

  it('drops a one-scrape wobble and keeps a level that holds', () => {
    const x = [5, 5, 6.3, 5, 5, 6.3, 6.3, 6.3, 6.3, 6.3];
    const m = centredRunningMedian(x, 2);
    expect(m[2]).toBe(5);
    expect(m[7]).toBe(6.3);
  });

  it('copies the series at half-width 0 and sizes the half-width from the step', () => {
    expect(Array.from(centredRunningMedian([3, 1, 2], 0))).toEqual([3, 1, 2]);
    expect([15_000, 60_000, 300_000, 3_600_000].map(phaseHalfWidth)).toEqual([10, 3, 1, 0]);
  });
});
