import { describe, expect, it } from 'vitest';
import { silentSeries } from './missing';
import type { SignalSeries } from './types';

const MIN = 60_000;
/** One point a minute over [0, 120) minutes, absent from `stopAt` on. */
function series(instance: string, stopAt = Infinity): SignalSeries {
  const times: number[] = [];
  for (let t = 0; t < 120 * MIN && t < stopAt; t += MIN) times.push(t);
  return { signal: 'request_rate', labels: { instance }, times, values: times.map(() => 1) };
}

describe('silentSeries', () => {
  const window = { start: 100 * MIN, end: 110 * MIN };
  const fleet = [series('a'), series('b'), series('c')];

  it('lists a series that stopped in the window or shortly before it', () => {
    for (const stop of [95 * MIN, 102 * MIN]) {
      const got = silentSeries([...fleet, series('down', stop)], window, { stepMs: MIN });
      expect(got.map((s) => s.labels.instance), String(stop)).toEqual(['down']);
    }
  });

  it('does not list one that stopped long before: that is how the fleet already was', () => {
    expect(silentSeries([...fleet, series('gone', 40 * MIN)], window, { stepMs: MIN })).toEqual([]);
  });
});
