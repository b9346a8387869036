import { describe, expect, it } from 'vitest';
import { ExcursionHistory } from './excursions';

describe('ExcursionHistory', () => {
  it('answers the count-th largest same-side peak within the horizon, and 0 with too few', () => {
    const h = new ExcursionHistory();
    h.record(10, 5);
    h.record(20, -7);
    h.record(30, 3);
    expect(h.envelope(40, 1, 100, 2)).toBe(3);
    expect(h.envelope(40, 1, 100, 3)).toBe(0);
    expect(h.envelope(40, -1, 100, 1)).toBe(7);
  });

  it('forgets excursions older than the horizon', () => {
    const h = new ExcursionHistory();
    h.record(0, 9);
    h.record(50, 4);
    expect(h.envelope(60, 1, 100, 1)).toBe(9);
    expect(h.envelope(120, 1, 100, 1)).toBe(4);
    expect(h.envelope(120, 1, 100, 2)).toBe(0);
  });

  it('ignores empty excursions', () => {
    const h = new ExcursionHistory();
    h.record(1, 0);
    h.record(2, Number.NaN);
    expect(h.envelope(3, 1, 10, 1)).toBe(0);
  });
});
