import { describe, expect, it } from 'vitest';
import { detect, detectColumns, thresholdFor } from './detect';

const STEP = 60_000;
const T0 = Date.UTC(2026, 0, 1);

/** Deterministic standard-normal-ish noise (sum of 4 uniforms from a Park–Miller generator). */
function noise(seed: number): () => number {
  let s = seed;
  const u = () => (s = (s * 48271) % 2147483647) / 2147483647;
  return () => (u() + u() + u() + u() - 2) * Math.sqrt(3);
}

function series(n: number, f: (i: number) => number | null) {
  return { t: Array.from({ length: n }, (_, i) => T0 + i * STEP), v: Array.from({ length: n }, (_, i) => f(i)) };
}

describe('detect()', () => {
  it('a perfectly flat series scores 0 everywhere and raises no flags', () => {
    const r = detect(series(3000, () => 42));
    expect(r.score.every((s) => s === 0)).toBe(true);
    expect(r.flag.some(Boolean)).toBe(false);
    expect(r.windows).toEqual([]);
    expect(r.expected[2999]).toBe(42);
    expect(r.upper[2999]! - r.lower[2999]!).toBeLessThan(1e-6);
  });

  it('a flat series at zero also stays silent', () => {
    const r = detect(series(500, () => 0));
    expect(r.flag.some(Boolean)).toBe(false);
    expect(Math.max(...r.score)).toBe(0);
  });

  it('flags a step change within 3 points, once', () => {
    const z = noise(1);
    const r = detect(series(2000, (i) => 100 + z() + (i >= 1500 ? 20 : 0)));
    const flags = r.flag.flatMap((f, i) => (f ? [i] : []));
    const after = flags.filter((i) => i >= 1500);
    expect(after[0]).toBeGreaterThanOrEqual(1500);
    expect(after[0]).toBeLessThanOrEqual(1502);
    expect(after.length).toBe(1);
    expect(r.windows.some((w) => w.start === r.flag.indexOf(true, 1500) * STEP + T0)).toBe(true);
  });

  it('raises no flags on stationary Gaussian noise at the default sensitivity', () => {
    const z = noise(2);
    const r = detect(series(5000, () => 10 + z()));
    expect(r.flag.filter(Boolean).length).toBeLessThanOrEqual(1);
  });

  it('is deterministic', () => {
    const z = noise(3);
    const s = series(3000, (i) => 50 + 10 * Math.sin((2 * Math.PI * i) / 1440) + z());
    expect(detect(s)).toEqual(detect(s));
  });

  it('is online: a prefix gets exactly the same outputs as the full series', () => {
    const z = noise(4);
    const full = series(6000, (i) => 50 + 10 * Math.sin((2 * Math.PI * i) / 1440) + z() + (i === 5000 ? 40 : 0));
    const k = 4000;
    const a = detect(full);
    const b = detect({ t: full.t.slice(0, k), v: full.v.slice(0, k) });
    expect(b.score).toEqual(a.score.slice(0, k));
    expect(b.expected).toEqual(a.expected.slice(0, k));
    expect(b.flag).toEqual(a.flag.slice(0, k));
  });

  it('uses a daily seasonal band once two days exist, and flags a break of the daily pattern', () => {
    const z = noise(5);
    // Minute data, 6 days of a daily cycle; on day 5 the series stays at its night level around the peak.
    const day = 1440;
    const cycle = (i: number) => 50 - 30 * Math.cos((2 * Math.PI * (i % day)) / day);
    const broken = (i: number) => i >= 5 * day + 600 && i < 5 * day + 840;
    const r = detect(
      series(6 * day, (i) => (broken(i) ? 20 : cycle(i)) + z()),
      { seasonality: 'daily' }
    );
    expect(r.notices.join(' ')).not.toMatch(/seasonal baseline/);
    // The expected value follows the cycle (peak 80 at noon, 20 at midnight) instead of lagging like an EWMA.
    expect(r.expected[4 * day + 720]!).toBeGreaterThan(77);
    expect(r.expected[4 * day + 5]!).toBeLessThan(23);
    const flags = r.flag.flatMap((f, i) => (f ? [i] : []));
    // Nothing fires on the normal days after the seasonal baseline has taken over.
    expect(flags.filter((i) => i >= 3 * day && i < 5 * day)).toEqual([]);
    const first = flags.find((i) => i >= 5 * day + 600)!;
    expect(first).toBeLessThan(5 * day + 620);
  });

  it('explains when history is too short for a seasonal baseline', () => {
    const z = noise(6);
    const r = detect(
      series(600, () => 5 + z()),
      { seasonality: 'daily' }
    );
    expect(r.notices).toContain(
      'only 600 points of history; need at least 2880 for a daily seasonal baseline — using EWMA bands only'
    );
    expect(r.expected[599]).not.toBeNull();
  });

  it('treats nulls and missing timestamps as gaps', () => {
    const z = noise(7);
    const s = series(1000, (i) => (i % 50 === 0 ? null : 10 + z()));
    // Drop 30 timestamps in the middle.
    const t = s.t.filter((_, i) => i < 400 || i >= 430);
    const v = s.v.filter((_, i) => i < 400 || i >= 430);
    const r = detect({ t, v });
    expect(r.stepMs).toBe(STEP);
    expect(r.score).toHaveLength(970);
    expect(r.notices.some((n) => n.startsWith('30 missing samples'))).toBe(true);
    expect(r.notices.some((n) => n.includes('null or non-numeric'))).toBe(true);
    expect(r.score[50]).toBe(0);
    expect(r.flag.some(Boolean)).toBe(false);
  });

  it('survives a counter-reset dip to zero: flags it once and the band recovers', () => {
    const z = noise(8);
    const r = detect(series(3000, (i) => (i === 2000 ? 0 : 1000 + 5 * z())));
    const flags = r.flag.flatMap((f, i) => (f ? [i] : []));
    expect(flags.filter((i) => i >= 2000)).toEqual([2000]);
    // The baseline is winsorised: 10 points later it is still near 1000, and the band is not blown up.
    expect(Math.abs(r.expected[2010]! - 1000)).toBeLessThan(5);
    expect(r.upper[2010]! - r.lower[2010]!).toBeLessThan(200);
  });

  it('sensitivity moves the threshold and the band', () => {
    expect(thresholdFor(0)).toBeCloseTo(0.6, 12);
    expect(thresholdFor(0.5)).toBeCloseTo(0.3, 12);
    expect(thresholdFor(1)).toBeCloseTo(0.1, 12);
    const z = noise(9);
    const s = series(800, () => 3 + z());
    const wide = detect(s, { sensitivity: 0 });
    const narrow = detect(s, { sensitivity: 1 });
    expect(wide.upper[700]! - wide.lower[700]!).toBeGreaterThan(narrow.upper[700]! - narrow.lower[700]!);
  });

  it('rejects bad input with actionable messages', () => {
    expect(() => detect({ t: [1, 2], v: [1] })).toThrow(/2 timestamps, 1 values/);
    expect(() => detect({ t: [2, 1], v: [1, 1] })).toThrow(/ascending/);
    expect(() =>
      detect(
        series(10, () => 1),
        { sensitivity: 2 }
      )
    ).toThrow(/between 0 and 1/);
    expect(() =>
      detect(
        series(10, () => 1),
        { seasonality: 'hourly' as never }
      )
    ).toThrow(/auto, none, daily or weekly/);
    expect(detect({ t: [1], v: [1] }).notices[0]).toMatch(/only 1 point/);
  });

  it('detectColumns() carries the same outputs as typed arrays (NaN for null)', () => {
    const z = noise(10);
    const s = series(4 * 1440, (i) =>
      i % 333 === 0 ? null : 40 + 10 * Math.sin((2 * Math.PI * i) / 1440) + z() + (i === 5000 ? 30 : 0)
    );
    const a = detect(s);
    const c = detectColumns(s);
    expect(Array.from(c.expected, (x) => (Number.isNaN(x) ? null : x))).toEqual(a.expected);
    expect(Array.from(c.upper, (x) => (Number.isNaN(x) ? null : x))).toEqual(a.upper);
    expect(Array.from(c.score)).toEqual(a.score);
    expect(Array.from(c.flag, (f) => f === 1)).toEqual(a.flag);
    expect(c.windows).toEqual(a.windows);
    expect(a.flag[5000]).toBe(true);
  });

  it('a time-based hold-off suppresses repeats for that long', () => {
    const z = noise(11);
    // Two jumps 30 minutes apart: with a 1 h hold-off only the first flags, with 10 minutes both do.
    const s = series(3000, (i) => 100 + z() + (i >= 2000 ? 20 : 0) + (i >= 2030 ? 20 : 0));
    const flags = (ms: number) =>
      detect(s, { holdOffMs: ms }).flag.flatMap((f, i) => (f && i >= 2000 && i < 2060 ? [i] : []));
    const long = flags(3_600_000);
    expect(long).toHaveLength(1);
    expect(long[0]).toBeLessThanOrEqual(2002);
    expect(flags(600_000).some((i) => i >= 2030 && i <= 2033)).toBe(true);
    expect(() => detect(s, { holdOffMs: -1 })).toThrow(/holdOffMs must be a non-negative number/);
  });
});
