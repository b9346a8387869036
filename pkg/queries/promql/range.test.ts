import { describe, expect, it } from 'vitest';
import { interpolateMacros } from './macros';
import { computeRange, promDuration, rateWindow } from './range';

const base = { scrapeIntervalMs: 15_000, maxPointsPerSeries: 11_000, maxDataPoints: 1000 };

describe('step and rate window', () => {
  it('aligns start and end to multiples of the step', () => {
    const r = computeRange({ ...base, from: 1_700_000_007_123, to: 1_700_003_607_123, intervalMs: 5000 });
    expect(r.stepMs).toBe(15_000); // never below the scrape interval
    expect(r.startMs % r.stepMs).toBe(0);
    expect(r.endMs % r.stepMs).toBe(0);
    expect(r.startMs).toBeLessThanOrEqual(1_700_000_007_123);
    expect(r.endMs).toBeLessThanOrEqual(1_700_003_607_123);
    expect(r.endMs).toBeGreaterThan(1_700_003_607_123 - r.stepMs);
  });

  it('uses the requested interval when larger, rounded up to whole seconds', () => {
    expect(computeRange({ ...base, from: 0, to: 86_400_000, intervalMs: 60_000, maxDataPoints: 5000 }).stepMs).toBe(
      60_000
    );
    expect(computeRange({ ...base, from: 0, to: 86_400_000, intervalMs: 60_000 }).stepMs).toBe(87_000); // 86.4 s from maxDataPoints, whole seconds
    expect(
      computeRange({
        ...base,
        scrapeIntervalMs: 1000,
        from: 0,
        to: 3_600_000,
        intervalMs: 2500,
        maxDataPoints: 100_000,
      }).stepMs
    ).toBe(3000);
    // maxDataPoints caps the number of points even when intervalMs is small.
    expect(computeRange({ ...base, from: 0, to: 86_400_000, intervalMs: 1000, maxDataPoints: 100 }).stepMs).toBe(
      864_000
    );
  });

  it('raises the step to respect the point limit and says so', () => {
    const r = computeRange({
      ...base,
      maxPointsPerSeries: 100,
      from: 0,
      to: 7 * 86_400_000,
      intervalMs: 15_000,
      maxDataPoints: 1e9,
    });
    expect((r.endMs - r.startMs) / r.stepMs).toBeLessThanOrEqual(100);
    expect(r.stepRaised).toBe(true);
  });

  it('rate window is max(step + scrape, 4 × scrape), like $__rate_interval', () => {
    expect(rateWindow(15_000, 15_000)).toBe(60_000);
    expect(rateWindow(60_000, 15_000)).toBe(75_000);
    expect(rateWindow(1000, 1000)).toBe(4000);
    expect(computeRange({ ...base, from: 0, to: 3_600_000, intervalMs: 30_000 }).rateWindowMs).toBe(60_000);
    expect(promDuration(75_000)).toBe('75s');
    expect(promDuration(1500)).toBe('1500ms');
  });
});

describe('macros', () => {
  const r = computeRange({ ...base, from: 0, to: 3_600_000, intervalMs: 30_000 });
  it('replaces $__rate_interval, $__interval, $__range and their braced/ms/s forms', () => {
    expect(interpolateMacros('rate(x[$__rate_interval])', r, 0, 3_600_000)).toBe('rate(x[60s])');
    expect(interpolateMacros('rate(x[${__rate_interval}]) + y[$__interval]', r, 0, 3_600_000)).toBe(
      'rate(x[60s]) + y[30s]'
    );
    expect(
      interpolateMacros('increase(x[$__range]) / $__range_s * $__range_ms / $__interval_ms', r, 0, 3_600_000)
    ).toBe('increase(x[3600s]) / 3600 * 3600000 / 30000');
    expect(interpolateMacros('up{job="$__unknown"}', r, 0, 1)).toBe('up{job="$__unknown"}');
  });
});
