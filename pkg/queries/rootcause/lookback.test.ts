import { describe, expect, it } from 'vitest';
import { MAX_LOOKBACK_POINTS, MIN_ANALYSIS_SPAN_MS, withBaselineLookback } from './lookback';

const range = (startMs: number, endMs: number, stepMs: number) => ({ startMs, endMs, stepMs, rateWindowMs: 4 * stepMs, stepRaised: false });

describe('withBaselineLookback', () => {
  it('starts a short range earlier by whole steps, to at least the minimum span', () => {
    const r = withBaselineLookback(range(3_600_000 * 10, 3_600_000 * 11, 15_000));
    expect(r.endMs).toBe(3_600_000 * 11);
    expect(r.endMs - r.startMs).toBe(MIN_ANALYSIS_SPAN_MS);
    expect((3_600_000 * 10 - r.startMs) % 15_000).toBe(0);
  });

  it('leaves a range that is long enough as it is', () => {
    const long = range(0, 6 * 3_600_000, 60_000);
    expect(withBaselineLookback(long)).toBe(long);
  });

  it('reads at most MAX_LOOKBACK_POINTS more points on a tiny step', () => {
    const r = withBaselineLookback(range(3_600_000, 3_600_000 + 600_000, 1000));
    expect((3_600_000 - r.startMs) / 1000).toBe(MAX_LOOKBACK_POINTS);
  });
});
