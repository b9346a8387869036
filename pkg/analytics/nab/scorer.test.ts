import { describe, expect, it } from 'vitest';
import { loadNabCorpus, loadPublishedScores, parseNabTimestamp } from './corpus';
import {
  NAB_PROFILES,
  normalise,
  prepareSeries,
  probationaryPeriod,
  scaledSigmoid,
  scoreCorpus,
  scoreHeldOut,
} from './scorer';

describe('NAB scorer building blocks', () => {
  it('scaled sigmoid is +1 far before, 0 at, −1 after three widths past a window edge', () => {
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(-1)).toBeCloseTo(2 / (1 + Math.exp(-5)) - 1, 12);
    expect(scaledSigmoid(3)).toBeCloseTo(2 / (1 + Math.exp(15)) - 1, 12);
    expect(scaledSigmoid(3.0001)).toBe(-1);
  });

  it('probationary period is 15 % of the file capped at 750 rows', () => {
    expect(probationaryPeriod(1000)).toBe(150);
    expect(probationaryPeriod(4033)).toBe(604);
    expect(probationaryPeriod(22695)).toBe(750);
  });

  it('normalises the null detector to 0 and the perfect detector to 100', () => {
    expect(normalise(-10, 10, NAB_PROFILES.standard)).toBe(0);
    expect(normalise(10, 10, NAB_PROFILES.standard)).toBe(100);
    expect(normalise(-20, 10, NAB_PROFILES.reward_low_FN_rate)).toBe(0);
  });

  it('parses NAB timestamps as UTC with optional microseconds', () => {
    expect(parseNabTimestamp('2014-04-10 07:15:00.000000')).toBe(Date.UTC(2014, 3, 10, 7, 15, 0));
    expect(parseNabTimestamp('2015-02-26 21:42:53')).toBe(Date.UTC(2015, 1, 26, 21, 42, 53));
    expect(() => parseNabTimestamp('yesterday')).toThrow(/cannot parse/);
  });

  it('credits the earliest detection in a window and penalises detections outside it', () => {
    // 100 rows, probation 15, one window over rows 50..59.
    const ts = Array.from({ length: 100 }, (_, i) => i * 1000);
    const prepared = [prepareSeries({ name: 'x', timestamps: ts, windows: [[50_000, 59_000]] })];
    const at = (rows: number[]) => {
      const s = new Float64Array(100);
      for (const r of rows) s[r] = 1;
      return scoreCorpus(prepared, [s]).profiles.standard;
    };
    // Detection on the left edge earns the full TP weight: raw 1 → normalised 100.
    expect(at([50]).raw).toBeCloseTo(1, 12);
    expect(at([50]).normalised).toBeCloseTo(100, 12);
    // A detection at row 30 (before any window) costs the full FP weight; it is still worth taking with the TP.
    expect(at([30, 50]).raw).toBeCloseTo(1 - 0.11, 12);
    // Detections inside the probationary period are ignored.
    expect(at([5, 50]).raw).toBeCloseTo(1, 12);
    // A detection at the right edge earns σ(−1/10)/σ(−1).
    expect(at([59]).raw).toBeCloseTo(scaledSigmoid(-0.1) / scaledSigmoid(-1), 12);
    // A lone far-away false positive: the sweep prefers "never detect" (raw −1) over −1 − 0.11.
    const lone = at([95]);
    expect(lone.raw).toBe(-1);
    expect(lone.tp).toBe(0);
  });
});

describe('NAB golden: published twitterADVec results', () => {
  const files = loadNabCorpus();
  const prepared = files.map(prepareSeries);
  const scores = loadPublishedScores(files, 'twitterADVec');

  it('loads 58 files, 365,558 rows and 116 windows', () => {
    expect(files).toHaveLength(58);
    expect(files.reduce((a, f) => a + f.timestamps.length, 0)).toBe(365_558);
    expect(prepared.reduce((a, p) => a + p.windowCount, 0)).toBe(116);
  });

  it('reproduces final_results.json: 47.06 / 33.61 / 53.50', () => {
    const { profiles } = scoreCorpus(prepared, scores);
    expect(profiles.standard.normalised.toFixed(2)).toBe('47.06');
    expect(profiles.reward_low_FP_rate.normalised.toFixed(2)).toBe('33.61');
    expect(profiles.reward_low_FN_rate.normalised.toFixed(2)).toBe('53.50');
  });

  it('held-out halves are scored on disjoint files with their own window counts', () => {
    const held = scoreHeldOut(prepared, scores);
    const total = held.evenToOdd.standard.windowCount + held.oddToEven.standard.windowCount;
    expect(total).toBe(116);
    expect(held.evenToOdd.standard.normalised).toBeLessThanOrEqual(100);
    expect(held.oddToEven.standard.normalised).toBeGreaterThan(0);
  });
});
