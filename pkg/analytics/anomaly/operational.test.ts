import { describe, expect, it } from 'vitest';
import { detectOperational, evidenceNeededAt, flagWindows, operationalScore } from './operational';

const STEP = 15_000;
const T0 = Date.UTC(2026, 0, 5);

/** Deterministic noise in [−1, 1]. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32) * 2 - 1;
  };
}

function series(n: number, f: (i: number, noise: () => number) => number | null, step = STEP, seed = 7) {
  const noise = rng(seed);
  const t: number[] = [];
  const v: Array<number | null> = [];
  for (let i = 0; i < n; i++) {
    t.push(T0 + i * step);
    v.push(f(i, noise));
  }
  return { t, v };
}

const share = (flag: Uint8Array, from: number, to: number) => {
  let k = 0;
  for (let i = from; i < to; i++) k += flag[i];
  return k / (to - from);
};

describe('operational detector', () => {
  it('keeps a 4× TTFT step flagged while it lasts and ignores a small dip of a quantized quantile', () => {
    // 2 h at 15 s; p95 near 0.22 s with small wobble; a dip to 0.210 an hour in; 0.89 s for the last 30 min.
    const s = series(480, (i, r) => {
      if (i >= 360) return 0.89 + 0.02 * r();
      if (i === 240) return 0.21;
      return 0.221 + 0.003 * r();
    });
    const d = detectOperational(s, { unit: 's' });
    expect(d.flag[240]).toBe(0);
    expect(d.score[240]).toBeLessThan(0.5);
    // Flagged from its second point (two points of evidence), then throughout.
    expect(d.flag[361]).toBe(1);
    expect(share(d.flag, 361, 480)).toBe(1);
    // The baseline did not learn the incident: the band is still the pre-incident one at the end.
    expect(d.upper[479]).toBeLessThan(0.3);
    expect(d.lower[479]).toBeGreaterThanOrEqual(0);
    expect(d.windows).toHaveLength(1);
    expect(d.windows[0].start).toBe(s.t[361]);
  });

  it('adapts to a new level after the adaptation horizon and recognises a return to the old normal', () => {
    // 1 h normal, then 3 h at double the level, then back.
    const s = series(4 * 240 + 240, (i, r) => (i >= 240 && i < 4 * 240 ? 2 : 1) + 0.02 * r());
    const d = detectOperational(s, { unit: 's', adaptAfterMs: 3_600_000 });
    expect(share(d.flag, 241, 240 + 230)).toBe(1);
    // After an hour the new level is normal: no more flags, expected follows it.
    expect(share(d.flag, 240 + 250, 4 * 240)).toBe(0);
    expect(d.expected[4 * 240 - 1]).toBeCloseTo(2, 1);
    // The return to the old level is not a new incident.
    expect(share(d.flag, 4 * 240, 4 * 240 + 240)).toBe(0);
    expect(d.expected[4 * 240 + 100]).toBeCloseTo(1, 1);
  });

  it('keeps bands inside the domain of ratios', () => {
    const s = series(600, (i, r) => (i >= 400 ? 0.97 : 0.05 + 0.04 * r()));
    const d = detectOperational(s, { unit: 'percentunit' });
    for (let i = 0; i < 600; i++) {
      if (Number.isNaN(d.lower[i])) continue;
      expect(d.lower[i]).toBeGreaterThanOrEqual(0);
      expect(d.upper[i]).toBeLessThanOrEqual(1);
    }
    expect(share(d.flag, 401, 600)).toBe(1);
  });

  it('flags a GPU at 85 °C for 45 minutes throughout, with a band that stays near the 54 °C baseline', () => {
    const s = series(720, (i, r) => (i >= 480 && i < 660 ? 85 + r() : 54 + 1.5 * r()));
    const d = detectOperational(s, { unit: 'celsius' });
    expect(share(d.flag, 481, 660)).toBe(1);
    expect(d.upper[650]).toBeLessThan(62);
    // Recovery is immediate: the baseline never learnt 85 °C.
    expect(share(d.flag, 662, 720)).toBe(0);
  });

  it('is quiet on a healthy day with a diurnal cycle and noise', () => {
    const day = 5760;
    const s = series(3 * day, (i, r) => 10 * (1 + 0.5 * Math.sin((2 * Math.PI * i) / day)) * (1 + 0.05 * r()));
    const d = detectOperational(s, { unit: 'reqps' });
    const lastDay = d.windows.filter((w) => w.start >= s.t[2 * day]);
    expect(lastDay.length).toBeLessThanOrEqual(0);
  });

  it('flags most of a slow one-hour ramp', () => {
    const s = series(960, (i, r) => (i < 600 ? 0.3 : 0.3 + Math.min(1, (i - 600) / 240) * 0.9) + 0.01 * r());
    const d = detectOperational(s, { unit: 's' });
    expect(share(d.flag, 600, 960)).toBeGreaterThan(0.8);
  });

  it('does not change past outputs when later points arrive', () => {
    const full = series(900, (i, r) => (i >= 500 && i < 700 ? 3 : 1) + 0.1 * r());
    const a = detectOperational(full, { unit: 's' });
    const cut = { t: full.t.slice(0, 600), v: full.v.slice(0, 600) };
    const b = detectOperational(cut, { unit: 's' });
    for (let i = 0; i < 600; i++) {
      expect(b.flag[i]).toBe(a.flag[i]);
      expect(b.score[i]).toBe(a.score[i]);
    }
  });

  it('never scores a deviation below the effect-size floor high, however quiet the history', () => {
    const s = series(400, (i) => (i === 300 ? 1.15 : 1));
    const d = detectOperational(s, { unit: 's' });
    expect(d.score[300]).toBeLessThan(0.5);
    expect(d.flag[300]).toBe(0);
  });

  it('needs enough evidence: one point is never flagged, two far outside are, marginal ones must last', () => {
    const s = series(400, (i) => (i === 100 ? 3 : i === 200 || i === 201 ? 1.8 : i >= 300 && i < 310 ? 1.31 : 1));
    const d = detectOperational(s, { unit: 's' });
    expect(d.score[100]).toBeGreaterThan(0.99);
    expect(d.flag[100]).toBe(0);
    // Four band half-widths out (the latency floor is 20 % of the level): flagged at the second point.
    expect([d.flag[200], d.flag[201]]).toEqual([0, 1]);
    // Just outside the band of a perfectly quiet series: past the effect floor with certainty, flagged at
    // the second point.
    expect(Array.from(d.flag.subarray(300, 304))).toEqual([0, 1, 1, 1]);
  });

  it('on a noisy series, a point just past the band (set by the noise) must last before it is flagged', () => {
    const noisy = (i: number, r: () => number) => 1 + 0.3 * r();
    const before = detectOperational(series(400, noisy), { unit: 's' });
    const level = before.expected[300];
    const half = (before.upper[300] - before.lower[300]) / 2;
    // The noise sets this band, not the 20 % latency floor.
    expect(half).toBeGreaterThan(0.3);
    const d = detectOperational(series(400, (i, r) => (i >= 300 && i < 314 ? level + 1.3 * half : noisy(i, r))), { unit: 's' });
    const flags = Array.from(d.flag.subarray(300, 314));
    expect(flags.slice(0, 8)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(flags[13]).toBe(1);
  });

  it('learns a burst that recurs several times a day (a batch job) but still flags a larger one', () => {
    const step = 300_000;
    // Four days at 5-minute steps; a 30-minute burst to 40 % CPU every 4 h 25 min (so at a different time
    // each day), after a quiet first hour.
    const burstAt = (i: number) => i >= 12 && (i - 12) % 53 < 6;
    const big = (i: number) => i >= 1000 && i < 1008;
    const s = series(1152, (i, r) => (big(i) ? 100 : burstAt(i) ? 40 + 3 * r() : 0.1 + 0.01 * r()), step);
    const d = detectOperational(s, { unit: 'percent' });
    const pages = (from: number, to: number) => {
      let n = 0;
      for (let i = from; i < to; i++) if (d.flag[i] && !d.flag[i - 1]) n++;
      return n;
    };
    // The first bursts page; after three within a day they are how the series behaves, and the band
    // reaches up to them there.
    expect(pages(1, 160)).toBeGreaterThanOrEqual(3);
    expect(pages(400, 990)).toBe(0);
    const learned = 12 + 53 * 12 + 2;
    expect(burstAt(learned)).toBe(true);
    expect(d.upper[learned]).toBeGreaterThan(40);
    // 100 % is well beyond the learned bursts: it pages.
    expect(pages(1000, 1008)).toBe(1);
  });

  it('uses the daily profile only while it predicts better: bursts at a new time each day do not make phantom incidents', () => {
    const step = 300_000;
    const day = 288;
    const at = [40, 150, 90, 200, 120, 230];
    const s = series(6 * day, (i, r) => {
      const phase = i % day;
      const a = at[Math.floor(i / day)];
      return (phase >= a && phase < a + 6 ? 60 : 10) + r();
    }, step);
    const d = detectOperational(s, { unit: 'percent' });
    // On day 3 the same-phase median of days 1 and 2 would put half a burst at phase 40 and at 150: the
    // quiet value there is not a dip.
    for (const phase of [40, 150]) {
      expect(Array.from(d.flag.subarray(2 * day + phase - 2, 2 * day + phase + 8)).every((f) => f === 0)).toBe(true);
      expect(d.expected[2 * day + phase + 2]).toBeLessThan(20);
    }
    // Forced daily seasonality does use it (the caller asked): the phantom is there.
    const forced = detectOperational(s, { unit: 'percent', seasonality: 'daily' });
    expect(forced.expected[2 * day + 42]).toBeGreaterThan(20);
  });

  it('at a 60 s step, flags a step seen through a four-scrape rate window by its third point', () => {
    expect([15_000, 30_000, 60_000, 300_000].map(evidenceNeededAt)).toEqual([4, 4, 2, 2]);
    // A rate over four scrapes shows a step of 3 band half-widths as a third, two thirds, then all of it.
    const step = 60_000;
    const onset = 200;
    const ramp = [1 / 3, 2 / 3, 1];
    const s = series(300, (i) => (i < onset ? 1 : 1 + 0.6 * ramp[Math.min(2, i - onset)]), step);
    const d = detectOperational(s, { unit: 's' });
    const first = Array.from(d.flag).findIndex((f, i) => i >= onset && f === 1);
    expect(first - onset).toBeGreaterThanOrEqual(1);
    expect(first - onset).toBeLessThanOrEqual(2);
  });

  it('reads a peak that comes at about this time every day as the daily pattern, from its third day', () => {
    // p95 latency read from a histogram: pinned at the 5 s bucket boundary, and for about 80 minutes each
    // morning (starting up to 30 minutes earlier or later than the day before) in the next bucket, at 6.3 s. Whole days are
    // flat, so the whole-day profile is not used; only the time of day explains the peak.
    const step = 60_000;
    const day = 1440;
    const starts = [540, 555, 525, 550];
    const peak = (i: number) => {
      const d = Math.floor(i / day);
      const phase = i % day;
      return phase >= starts[d] && phase < starts[d] + 80;
    };
    const s = series(4 * day, (i, r) => (peak(i) ? 6.3 + 0.05 * r() : 4.98 + 0.01 * r()), step);
    const d = detectOperational(s, { unit: 's' });
    const flaggedOn = (k: number) => share(d.flag, k * day + starts[k], k * day + starts[k] + 80);
    // The first two mornings page (one earlier day is not a pattern) …
    expect(flaggedOn(1)).toBeGreaterThan(0.5);
    // … from the third on, the band reaches the peak.
    expect(flaggedOn(2)).toBe(0);
    expect(flaggedOn(3)).toBe(0);
    expect(d.upper[3 * day + starts[3] + 40]).toBeGreaterThan(6.3);
    // A peak twice as far out at that hour is still an incident.
    const higher = series(4 * day, (i, r) => (peak(i) ? (i >= 3 * day ? 7.6 : 6.3) + 0.05 * r() : 4.98 + 0.01 * r()), step);
    expect(share(detectOperational(higher, { unit: 's' }).flag, 3 * day + starts[3] + 3, 3 * day + starts[3] + 80)).toBeGreaterThan(0.9);
  });

  it("does not read earlier days' normal level as a daily excursion when today's level has dropped", () => {
    // A machine at 85 ° every day drops to 63 ° on day 4 and climbs back toward 75 ° in the evening: the climb
    // is off today's level, and the earlier days were at 85 ° at that hour because that was their level.
    const step = 300_000;
    const day = 288;
    const s = series(4 * day, (i, r) => {
      if (i < 3 * day + 144) return 85 + 0.5 * r();
      if (i < 3 * day + 216) return 63 + 0.5 * r();
      return 75 + 0.5 * r();
    }, step);
    const d = detectOperational(s, { unit: 'fahrenheit' });
    expect(share(d.flag, 3 * day + 216, 3 * day + 230)).toBeGreaterThan(0.5);
  });

  it('validates its options', () => {
    const s = series(10, () => 1);
    expect(() => detectOperational(s, { sensitivity: 2 })).toThrow(/sensitivity/);
    expect(() => detectOperational(s, { adaptAfterMs: 0 })).toThrow(/adaptation/);
  });
});

describe('operational score and windows', () => {
  it('maps band half-widths to a score', () => {
    expect(operationalScore(0)).toBe(0);
    expect(operationalScore(1)).toBeCloseTo(0.5);
    expect(operationalScore(2)).toBeGreaterThan(0.9);
  });

  it('merges flags across short gaps only', () => {
    const t = [0, 1, 2, 3, 10, 11];
    const w = flagWindows(t, [0.9, 0.95, 0, 0.8, 0.99, 0], [1, 1, 0, 1, 1, 0], 2);
    expect(w).toEqual([
      { start: 0, end: 3, peakScore: 0.95 },
      { start: 10, end: 10, peakScore: 0.99 },
    ]);
  });
});

describe('operational detector near the top of a bounded domain', () => {
  it('flags GPU memory climbing from a reserved 90 % toward 98 % (a leak), not its usual noise', () => {
    const s = series(960, (i, r) => (i < 600 ? 0.9 : 0.9 + Math.min(1, (i - 600) / 240) * 0.08) + 0.002 * r());
    const d = detectOperational(s, { unit: 'percentunit' });
    expect(share(d.flag, 0, 600)).toBe(0);
    expect(share(d.flag, 720, 960)).toBeGreaterThan(0.8);
    for (let i = 0; i < 960; i++) if (!Number.isNaN(d.upper[i])) expect(d.upper[i]).toBeLessThanOrEqual(1);
  });
});
