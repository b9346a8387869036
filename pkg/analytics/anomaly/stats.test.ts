import { describe, expect, it } from 'vitest';
import { dailyPeriod, inferStepMs } from './sampling';
import { collectSeasonalNeighbours, seasonalProfile } from './seasonal';
import { erfc, mad, median, medianAndMad, normalUpperTail, selectRank } from './stats';

describe('median / MAD helpers', () => {
  it('computes exact medians for odd and even counts and ignores NaN', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7, Number.NaN, 1])).toBe(4);
    expect(median([])).toBeNaN();
  });

  it('computes the unscaled MAD', () => {
    // median 3, |x−3| = 2,1,0,1,97 → median 1
    expect(mad([1, 2, 3, 4, 100])).toBe(1);
    expect(mad([5, 5, 5, 5])).toBe(0);
  });

  it('one-sort median and MAD agree with the two-pass helpers', () => {
    const out = new Float64Array(2);
    medianAndMad(new Float64Array([1, 2, 3, 4, 100]), 5, out);
    expect(Array.from(out)).toEqual([3, 1]);
    // even n: median (2+3)/2 = 2.5; deviations 1.5,0.5,0.5,7.5 → MAD (0.5+1.5)/2 = 1
    medianAndMad(new Float64Array([10, 3, 1, 2]), 4, out);
    expect(Array.from(out)).toEqual([2.5, 1]);
    let seed = 11;
    const u = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 500; trial++) {
      const n = 1 + Math.floor(u() * 17);
      const a = Array.from({ length: n }, () => Math.floor(u() * 8));
      medianAndMad(Float64Array.from(a), n, out);
      expect([out[0], out[1]]).toEqual([median(a), mad(a)]);
    }
  });

  it('selectRank returns the k-th smallest', () => {
    const buf = new Float64Array([9, 2, 7, 4, 5, 1]);
    expect(selectRank(buf, 6, 0)).toBe(1);
    expect(selectRank(new Float64Array([9, 2, 7, 4, 5, 1]), 6, 3)).toBe(5);
    expect(selectRank(new Float64Array([9, 2, 7, 4, 5, 1]), 6, 5)).toBe(9);
  });

  it('normal tail matches known values', () => {
    expect(normalUpperTail(0)).toBeCloseTo(0.5, 7);
    expect(normalUpperTail(1.959964)).toBeCloseTo(0.025, 6);
    expect(normalUpperTail(-1.959964)).toBeCloseTo(0.975, 6);
    expect(erfc(1)).toBeCloseTo(0.157299207, 6);
  });
});

describe('sampling and seasonal neighbours', () => {
  it('infers the step as the median positive difference and the daily cycle', () => {
    expect(inferStepMs([0, 300_000, 600_000, 1_500_000, 1_800_000])).toBe(300_000);
    expect(dailyPeriod(300_000)).toBe(288);
    expect(dailyPeriod(86_400_000)).toBe(0);
    expect(inferStepMs([5])).toBeNaN();
  });

  it('collects same-phase values from earlier cycles only', () => {
    const values = Array.from({ length: 20 }, (_, i) => i);
    const buf = new Float64Array(16);
    const n = collectSeasonalNeighbours(values, 12, [{ period: 5, cycles: 2, halfWidth: 1 }], buf);
    expect(Array.from(buf.subarray(0, n))).toEqual([6, 7, 8, 1, 2, 3]);
    // The profile's exact path (lags other than the fast path's) takes the median of those values.
    expect(seasonalProfile(values, [{ period: 5, cycles: 2, halfWidth: 1 }], false).median[12]).toBe(4.5);
    // A half-width larger than the period never reaches the current point or the future.
    const m = collectSeasonalNeighbours(values, 6, [{ period: 2, cycles: 1, halfWidth: 3 }], buf);
    expect(Math.max(...Array.from(buf.subarray(0, m)))).toBe(5);
  });
});
