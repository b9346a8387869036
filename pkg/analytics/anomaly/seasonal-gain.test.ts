import { describe, expect, it } from 'vitest';
import { seasonalErrorRatio } from './seasonal-gain';
import { seasonalProfile } from './seasonal';

const DAY = 288;

function profile(x: Float64Array) {
  return seasonalProfile(x, [{ period: DAY, cycles: 7, halfWidth: 1 }], false).median;
}

describe('seasonalErrorRatio', () => {
  it('is well below 1 for a steep daily ramp, judged with a baseline one window old', () => {
    const x = Float64Array.from({ length: 4 * DAY }, (_, i) => 10 + 8 * Math.sin((2 * Math.PI * i) / DAY) + ((i * 7919) % 13) / 13);
    expect(seasonalErrorRatio(x, profile(x), 3 * DAY, 4 * DAY, 12)).toBeLessThan(0.6);
  });

  it('is above 1 for bursts that come at a different time each day (the profile invents bursts)', () => {
    const x = Float64Array.from({ length: 4 * DAY }, (_, i) => {
      const day = Math.floor(i / DAY);
      const phase = i % DAY;
      const at = [40, 40, 200, 120][day];
      return phase >= at && phase < at + 6 ? 90 : 0.1;
    });
    expect(seasonalErrorRatio(x, profile(x), 3 * DAY, 4 * DAY, 12)).toBeGreaterThan(1);
  });

  it('reads only points before `to`', () => {
    const x = Float64Array.from({ length: 3 * DAY }, (_, i) => (i % DAY) / 10);
    const s = profile(x);
    const a = seasonalErrorRatio(x, s, 2 * DAY, 2 * DAY + 100, 12);
    const y = Float64Array.from(x);
    y.fill(1e9, 2 * DAY + 100);
    expect(seasonalErrorRatio(y, s, 2 * DAY, 2 * DAY + 100, 12)).toBe(a);
  });
});
