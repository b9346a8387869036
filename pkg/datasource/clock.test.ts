import { afterEach, describe, expect, it } from 'vitest';
import { now, parseClockStart, startClockAt } from './clock';

const START = Date.UTC(2026, 0, 7, 22, 0, 0);

afterEach(() => {
  startClockAt(undefined);
});

describe('backend clock (LLMOPS_CLOCK_START)', () => {
  it('reads ISO-8601 times and epoch milliseconds', () => {
    expect(parseClockStart('2026-01-07T22:00:00Z')).toBe(START);
    expect(parseClockStart(` ${START} `)).toBe(START);
  });

  it('rejects anything else with a message naming the variable and the accepted forms', () => {
    for (const bad of ['yesterday', '-1h', '2026-13-45T00:00:00Z', '12.5']) {
      expect(() => parseClockStart(bad)).toThrow(/LLMOPS_CLOCK_START=.*ISO-8601.*epoch milliseconds/);
    }
  });

  it('starts at the given time and then advances with the system clock', () => {
    const systemNow = Date.now();
    expect(startClockAt('2026-01-07T22:00:00Z', systemNow)).toBe(START);
    const t = now();
    expect(t).toBeGreaterThanOrEqual(START);
    expect(t - START).toBeLessThanOrEqual(Date.now() - systemNow);
  });

  it('is the system clock when unset or empty', () => {
    expect(startClockAt('')).toBeUndefined();
    const before = Date.now();
    const t = now();
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Date.now());
  });
});
