import { describe, expect, it } from 'vitest';
import { settledEnd, windowLagMs } from './window-lag';

const MIN = 60_000;

describe('windowLagMs', () => {
  it('is W − scrape − step for windowed values, 0 for instant ones', () => {
    // $__rate_interval: max(step + scrape, 4 × scrape).
    expect(windowLagMs({ windowMs: 4 * MIN, scrapeMs: MIN, stepMs: MIN })).toBe(2 * MIN);
    expect(windowLagMs({ windowMs: 75_000, scrapeMs: 15_000, stepMs: 15_000 })).toBe(45_000);
    expect(windowLagMs({ windowMs: 75_000, scrapeMs: 15_000, stepMs: 60_000 })).toBe(0);
    expect(windowLagMs({ scrapeMs: MIN, stepMs: MIN })).toBe(0);
  });
});

describe('settledEnd', () => {
  const t0 = Date.parse('2026-10-21T15:00:00Z');
  it('pulls a 2-minute spike seen through a 4-minute rate window back to its real end', () => {
    // Counters scraped every 60 s, rate over 4 min: the spike 15:00–15:02 deviates until 15:04.
    const end = settledEnd({ start: t0, end: t0 + 4 * MIN, ongoing: false }, { windowMs: 4 * MIN, scrapeMs: MIN, stepMs: MIN });
    expect(end).toBe(t0 + 2 * MIN);
  });

  it('never moves the end before the start, and keeps ongoing incidents and gauges as found', () => {
    const timing = { windowMs: 4 * MIN, scrapeMs: MIN, stepMs: MIN };
    expect(settledEnd({ start: t0, end: t0 + MIN, ongoing: false }, timing)).toBe(t0);
    expect(settledEnd({ start: t0, end: t0 + 30 * MIN, ongoing: true }, timing)).toBe(t0 + 30 * MIN);
    expect(settledEnd({ start: t0, end: t0 + 4 * MIN, ongoing: false }, { scrapeMs: MIN, stepMs: MIN })).toBe(t0 + 4 * MIN);
    expect(settledEnd({ start: t0, end: t0 + 20 * MIN, ongoing: false, kind: 'stopped_reporting' }, timing)).toBe(t0 + 20 * MIN);
  });
});
