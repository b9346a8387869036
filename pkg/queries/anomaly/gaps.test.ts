import { describe, expect, it } from 'vitest';
import { fillGaps } from './gaps';

const MIN = 60_000;

describe('fillGaps', () => {
  it('fills an interior gap from one day earlier, level-adjusted, and marks it imputed', () => {
    const day = 1440;
    const times: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < 2 * day; i++) {
      if (i >= day + 100 && i < day + 160) continue; // one-hour outage on day 2
      times.push(i * MIN);
      values.push((i % day) + (i >= day ? 5 : 0)); // same shape, day 2 is 5 higher
    }
    const r = fillGaps(times, values, MIN)!;
    expect(r.times).toHaveLength(2 * day);
    expect(r.values[day + 120]).toBe(120 + 5);
    expect(r.imputed[day + 120]).toBe(true);
    expect(r.imputed[day + 99]).toBe(false);
    expect(r.slotOf[day + 100]).toBe(day + 160); // first point after the gap
  });

  it('treats staleness repeats before a gap as gap, falls back to the segment before, leaves the edges alone', () => {
    const v = [1, 2, 3, 4, 5, 6, 7, 7, 7, null, null, null, 8, 9];
    const times = v.map((_, i) => i * MIN);
    const r = fillGaps(times, v, MIN)!;
    // 7,7 after the first 7 are repeats; the gap is slots 7–11 (5 slots), filled from slots 2–6.
    expect(r.imputed).toEqual([false, false, false, false, false, false, false, true, true, true, true, true, false, false]);
    expect(r.values.slice(7, 12)).toEqual([3, 4, 5, 6, 7]);
    const edge = fillGaps([0, MIN, 2 * MIN], [null, 1, 2], MIN)!;
    expect(edge.values).toEqual([null, 1, 2]);
  });

  it('leaves irregular data and long outages alone', () => {
    expect(fillGaps([0, 1000, 50_000], [1, 2, 3], 1000)).toBeUndefined();
    // 600 points, an 8-hour outage, 600 points.
    const times = Array.from({ length: 1200 }, (_, i) => (i < 600 ? i : i + 480) * MIN);
    const r = fillGaps(times, times.map((_, i) => i % 7), MIN)!;
    expect(r.times).toHaveLength(1680);
    expect(r.imputed.filter(Boolean)).toHaveLength(0);
  });
});
