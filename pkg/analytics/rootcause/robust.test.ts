import { describe, expect, it } from 'vitest';
import { quantileSorted, rankMovements, robustFit, scoreMovement } from './robust';
import { movedBeyondNormal } from './service-graph';
import type { SignalSeries } from './types';

const series = (values: Array<number | null>, minScale?: number, signal = 's'): SignalSeries => ({
  signal,
  labels: { instance: 'a' },
  times: values.map((_, i) => i * 1000),
  values,
  minScale,
});

describe('quantileSorted / robustFit', () => {
  it('interpolates linearly like numpy', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0.75)).toBe(3.25);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });
  it('ignores null and non-finite values', () => {
    expect(robustFit([5, 1, null, 3, NaN, 2, 4])).toEqual({ median: 3, q1: 2, q3: 4, iqr: 2, count: 5 });
    expect(robustFit([null, NaN])).toBeNull();
  });
});

describe('scoreMovement (BARO RobustScorer)', () => {
  it('scores the largest incident deviation in IQR units', () => {
    // baseline 1..5: median 3, IQR 2; incident 3, 9, 3, 1; the point at t=9000 is after the window.
    const m = scoreMovement(series([1, 2, 3, 4, 5, 3, 9, 3, 1, 100]), { start: 5000, end: 8000 })!;
    expect(m.score).toBe(3);
    expect(m.direction).toBe('up');
    expect(m.baselineMedian).toBe(3);
    expect(m.scale).toBe(2);
    expect(m.peakValue).toBe(9);
    expect(m.peakTime).toBe(6000);
    expect(m.incidentMedian).toBe(3);
    expect(m.firstDeviation).toBe(6000);
  });
  it('uses the series floor when the baseline is flat', () => {
    const flat = [0, 0, 0, 0, 0, 5];
    expect(scoreMovement(series(flat, 1), { start: 5000, end: 5000 })!.score).toBe(5);
    // No declared floor: 1 % of the mean magnitude over baseline and incident (5/6), never 1e-9.
    expect(scoreMovement(series(flat), { start: 5000, end: 5000 })!.score).toBeCloseTo(5 / (0.01 * (5 / 6)), 6);
  });
  it('applies the relative floor (1 % of |median|)', () => {
    // flat 200 baseline: scale = 2, a move to 210 is 5 IQR
    expect(scoreMovement(series([200, 200, 200, 210], 1e-6), { start: 3000, end: 3000 })!.score).toBe(5);
  });
  it('detects downward moves and the first deviation in that direction', () => {
    const m = scoreMovement(series([10, 10, 10, 10, 10, 9, 2], 0.5), { start: 5000, end: 6000 })!;
    expect(m.direction).toBe('down');
    expect(m.score).toBe(16);
    expect(m.firstDeviation).toBe(6000);
  });
  it('returns null without enough baseline or incident data', () => {
    expect(scoreMovement(series([1, 2, 3]), { start: 2000, end: 2000 })).toBeNull();
    expect(scoreMovement(series([1, 2, 3, 4, null]), { start: 4000, end: 4000 })).toBeNull();
  });
  it('respects baselineStart', () => {
    // with the first two points dropped the baseline is 3,4,5 (median 4, IQR 1)
    const m = scoreMovement(series([100, 100, 3, 4, 5, 8]), { start: 5000, end: 5000 }, { baselineStart: 2000 })!;
    expect(m.baselineMedian).toBe(4);
    expect(m.score).toBe(4);
  });
  it('ranks series by score', () => {
    const r = rankMovements(
      [series([1, 2, 3, 4, 5, 4], undefined, 'small'), series([1, 2, 3, 4, 5, 13], undefined, 'big')],
      { start: 5000, end: 5000 }
    );
    expect(r.map((m) => [m.signal, m.score])).toEqual([
      ['big', 5],
      ['small', 0.5],
    ]);
  });
});

describe('a change that began shortly before the window', () => {
  // 300 baseline points of CPU at 1.5 % (small wobble), a window of 300 points at 100 %.
  const cpu = (onsetBeforeWindow: number) => {
    const values: number[] = [];
    for (let i = 0; i < 600; i++) values.push(i >= 300 - onsetBeforeWindow ? 100 : 1.5 + 0.1 * Math.sin(i));
    return { signal: 'cpu_percent', labels: { instance: 'a' }, times: values.map((_, i) => i * 1000), values, unit: 'percent' } as SignalSeries;
  };
  const window = { start: 300_000, end: 599_000 };

  it('ends the baseline at the onset when the window opened up to half its length late', () => {
    const late = scoreMovement(cpu(60), window)!;
    const exact = scoreMovement(cpu(0), window)!;
    // Without the trim the 60 faulty points set the scale (mean absolute deviation) and the range.
    expect(late.score).toBeGreaterThan(0.5 * exact.score);
    expect(late.exceedance!).toBeGreaterThan(0.5 * exact.exceedance!);
    expect(late.baselineMedian).toBeLessThan(2);
    // the move began 60 points before the window: that is its first deviation
    expect(late.firstDeviation).toBe(240_000);
    expect(exact.firstDeviation).toBe(300_000);
  });

  it('keeps a level held since long before the window as the baseline', () => {
    // 200 of 300 baseline points already at 100: that is where the series was, not a change in the window.
    const m = scoreMovement(cpu(200), window)!;
    expect(m.baselineMedian).toBe(100);
    expect(m.exceedance).toBe(0);
  });

  it('does not trim one outlying point at the end of the baseline', () => {
    const values = [...Array.from({ length: 300 }, (_, i) => 10 + (i % 3)), 40, ...Array.from({ length: 20 }, () => 40)];
    const s: SignalSeries = { signal: 'x', labels: {}, times: values.map((_, i) => i * 1000), values, minScale: 1 };
    const m = scoreMovement(s, { start: 301_000, end: 320_000 })!;
    expect(m.exceedance).toBe(0); // the baseline's one point at 40 stays in its range
  });
});

describe('scoreMovement: an earlier incident in the baseline is not the normal range', () => {
  // 30 calm minutes at about 20 ms with an earlier 4-minute incident at 0.9–4 s (as on Nezha's Online
  // Boutique, where faults come every 15–25 minutes), then a 3-minute window.
  const calm = (i: number) => 0.02 + 0.002 * Math.sin(i);
  const baseline = Array.from({ length: 30 }, (_, i) => (i >= 12 && i < 16 ? [0.9, 1.0, 0.9, 4.0][i - 12] : calm(i)));
  const at = (windowValues: number[]): SignalSeries => ({
    signal: 'server_latency_p90',
    unit: 's',
    labels: { service: 'catalog' },
    times: [...baseline, ...windowValues].map((_, i) => i * 60_000),
    values: [...baseline, ...windowValues],
  });
  const window = { start: 30 * 60_000, end: 32 * 60_000 };

  it('a level 15× the calm one, below the earlier incident, leaves the normal range', () => {
    const m = scoreMovement(at([0.3, 0.31, 0.3]), window)!;
    expect(m.peakValue).toBeLessThan(4);
    expect(m.exceedance!).toBeGreaterThan(10);
    expect(movedBeyondNormal(m)).toBe(true);
  });
  it('the same excursion again (within a factor of 2 of its size) is a level the series has been at', () => {
    const m = scoreMovement(at([0.02, 1.2, 0.95]), window)!;
    expect(m.exceedance).toBe(0);
    expect(movedBeyondNormal(m)).toBe(false);
  });
  it('above everything the baseline saw, the distance is to its maximum', () => {
    const m = scoreMovement(at([9, 9.5, 9]), window)!;
    // Persistence 1: the peak (9.5) against the earlier incident's top (4).
    expect(m.exceedance! * m.scale).toBeCloseTo(9.5 - 4, 6);
  });
});
