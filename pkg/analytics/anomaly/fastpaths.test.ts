import { describe, expect, it } from 'vitest';
import {
  CLIP_WARMUP,
  COMPARE_CLIP,
  DEFAULT_ENSEMBLE,
  dailyLags,
  ensembleScores,
  type EnsembleConfig,
} from './ensemble';
import { applyHoldOff, firingIndices } from './holdoff';
import { LikelihoodCalibrator, zToScore, zToScoreExact } from './likelihood';
import { seasonalProfile } from './seasonal';
import { maxOf, median, median3, median5, medianOfCycles, minOf } from './stats';

function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 48271) % 2147483647) / 2147483647;
}

describe('branch-free order statistics', () => {
  it('min/max pick the right operand', () => {
    expect([minOf(3, 7), minOf(7, 3), maxOf(3, 7), maxOf(7, 3), minOf(-0.5, -0.5)]).toEqual([3, 3, 7, 7, -0.5]);
  });

  it('median3 and median5 equal the sorted middle for every ordering, ties included', () => {
    for (let code = 0; code < 5 ** 5; code++) {
      const v = [0, 1, 2, 3, 4].map((k) => Math.floor(code / 5 ** k) % 5);
      expect(median5(v[0], v[1], v[2], v[3], v[4])).toBe([...v].sort((a, b) => a - b)[2]);
      expect(median3(v[0], v[1], v[2])).toBe([v[0], v[1], v[2]].sort((a, b) => a - b)[1]);
    }
  });
});

describe('score table', () => {
  it('matches the exact score at the knots and within 4e-7 between them', () => {
    for (let k = 0; k <= 832; k++) expect(zToScore(k / 128)).toBe(zToScoreExact(k / 128));
    let worst = 0;
    for (let z = 0.0013; z < 6.6; z += 0.0071) worst = Math.max(worst, Math.abs(zToScore(z) - zToScoreExact(z)));
    expect(worst).toBeLessThan(4e-7);
    expect([
      zToScore(0),
      zToScore(-1),
      zToScore(Number.NaN),
      zToScore(6.5),
      zToScore(Number.POSITIVE_INFINITY),
    ]).toEqual([0, 0, 0, 1, 1]);
  });
});

describe('strided likelihood', () => {
  it('fits the Gaussian on every stride-th short mean, before adding the current one', () => {
    // short window 1 (short mean = raw), long window 4 points at stride 2 → 2 kept means, floor σ = 0.1.
    const c = new LikelihoodCalibrator(1, 4, 2, 0.1, 2);
    expect(c.updateZ(0.2)).toBe(Number.NEGATIVE_INFINITY);
    expect(c.updateZ(0.4)).toBe(Number.NEGATIVE_INFINITY); // 0.4 kept: N(0.4, floor 0.1)
    expect(c.updateZ(0.9)).toBeCloseTo(5, 12); // (0.9 − 0.4)/0.1
    expect(c.updateZ(0.6)).toBeCloseTo(2, 12); // 0.6 kept: N(0.5, 0.1)
    expect(c.updateZ(0.7)).toBeCloseTo(2, 12); // (0.7 − 0.5)/0.1
    expect(c.updateZ(0.3)).toBe(0); // below the mean: no evidence of an anomaly
  });

  it('rejects a stride the warm-up cannot accommodate', () => {
    expect(() => new LikelihoodCalibrator(10, 100, 4, 0.1, 8)).toThrow(
      /minimum history \(4\) must be at least the stride \(8\)/
    );
  });
});

/**
 * The ensemble written the slow, obvious way (one LikelihoodCalibrator object per detector, the variance
 * ratio through Math.tanh and Math.log, every detector scored at every point): the fused hot loop must
 * reproduce it. `medians` (same-phase medians per index) turn the seasonal detector on from `seasonalFrom`.
 */
function referenceEnsemble(
  values: Float64Array,
  cfg: EnsembleConfig,
  medians?: Float64Array,
  seasonalFrom = Infinity
): Float64Array {
  const cal = () =>
    new LikelihoodCalibrator(
      cfg.likelihoodShort,
      cfg.likelihoodLong,
      cfg.likelihoodMinHistory,
      cfg.likelihoodMinStd,
      cfg.likelihoodStride
    );
  const [lv, lr, ls] = [cal(), cal(), cal()];
  let seasonalAbs = Number.NaN;
  let ewmaAbs = Number.NaN;
  const out = new Float64Array(values.length);
  let mean = 0;
  let variance = 0;
  let fastMs = 0;
  let slowMs = 0;
  let prev = 0;
  let count = 0;
  let lo = Infinity;
  let hi = -Infinity;
  let quantum = Infinity;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (!Number.isFinite(x)) continue;
    if (count++ === 0) {
      mean = lo = hi = prev = x;
      continue;
    }
    const floor = Math.max(quantum === Infinity ? 0 : quantum / 2, 1e-9 * (Math.abs(mean) + 1));
    const sdV = Math.max(Math.sqrt(variance), floor);
    const zV = Math.abs(x - mean) / sdV;
    const d = x - prev;
    const cap = count - 1 > CLIP_WARMUP ? cfg.clipZ * Math.max(Math.sqrt(slowMs), floor) : Infinity;
    const dc = Math.max(-cap, Math.min(cap, d));
    fastMs += cfg.alphaFastVar * (dc * dc - fastMs);
    slowMs += cfg.alphaDiff * (dc * dc - slowMs);
    // |tanh(½·ln ratio)|, squashed at half of varHalf.
    const yVar = Math.abs(Math.tanh(0.5 * Math.log((fastMs + floor * floor) / (slowMs + floor * floor))));
    const zVar = lr.updateZ(yVar / (yVar + cfg.varHalf / 2));
    let z = Math.max(lv.updateZ(zV / (zV + cfg.zHalf)), zVar);
    const expected = medians && i >= seasonalFrom ? medians[i] : Number.NaN;
    if (Number.isFinite(expected)) {
      const r = Math.abs(x - expected);
      const absDev = Math.abs(x - mean);
      if (Number.isNaN(seasonalAbs)) [seasonalAbs, ewmaAbs] = [r, absDev];
      const rawS = r / (r + cfg.zHalf * Math.max(1.25 * seasonalAbs, floor));
      const zS = ls.updateZ(rawS);
      if (seasonalAbs < cfg.seasonalGate * ewmaAbs) z = cfg.seasonalExclusive ? Math.max(zVar, zS) : Math.max(z, zS);
      seasonalAbs += cfg.alphaSeasonal * (Math.min(r, COMPARE_CLIP * seasonalAbs) - seasonalAbs);
      ewmaAbs += cfg.alphaSeasonal * (Math.min(absDev, COMPARE_CLIP * ewmaAbs) - ewmaAbs);
    }
    let score = zToScoreExact(z);
    const tol = (hi - lo) * cfg.breakoutTolerance;
    if (count - 1 >= cfg.breakoutWarmup && hi > lo && (x > hi + tol || x < lo - tol) && zV >= cfg.breakoutMinZ)
      score = 1;
    out[i] = score;
    const clip = count - 1 > CLIP_WARMUP ? cfg.clipZ * sdV : Infinity;
    const devU = Math.max(-clip, Math.min(clip, x - mean));
    mean += cfg.alphaValue * devU;
    variance = (1 - cfg.alphaValue) * (variance + devU * cfg.alphaValue * devU);
    if (Math.abs(d) > 0) quantum = Math.min(quantum, Math.abs(d));
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
    prev = x;
  }
  return out;
}

describe('fused ensemble loop', () => {
  it('reproduces the straightforward composition of its parts (non-seasonal)', () => {
    const u = rng(17);
    const n = 6000;
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      v[i] =
        50 + 5 * (u() + u() + u() - 1.5) + (i > 4000 ? 15 : 0) + (i % 997 === 0 ? 40 : 0) + (i > 5000 ? 10 * u() : 0);
      if (i % 701 === 0) v[i] = Number.NaN;
    }
    const fast = ensembleScores(v);
    const ref = referenceEnsemble(v, DEFAULT_ENSEMBLE);
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(fast[i] - ref[i]));
    expect(worst).toBeLessThan(1e-6);
    expect(Math.max(...fast)).toBe(1); // the level shift and spikes do score
  });

  it('reproduces it with the seasonal detector, through gaps, a broken day and a level shift', () => {
    const u = rng(23);
    const period = 96;
    const n = 12 * period;
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const broken = i >= 7 * period && i < 7 * period + 30 ? 25 : 0;
      v[i] = 100 + 30 * Math.sin((2 * Math.PI * i) / period) + 2 * (u() - 0.5) + broken + (i > 10 * period ? 12 : 0);
      if (i % 431 === 0) v[i] = Number.NaN;
    }
    const lags = dailyLags(period);
    const medians = seasonalProfile(v, lags, false).median;
    for (const cfg of [DEFAULT_ENSEMBLE, { ...DEFAULT_ENSEMBLE, seasonalExclusive: false }]) {
      const fast = ensembleScores(v, cfg, lags);
      const ref = referenceEnsemble(v, cfg, medians, period);
      let worst = 0;
      for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(fast[i] - ref[i]));
      expect(worst).toBeLessThan(1e-6);
      // The broken stretch scores, and the seasonal detector was in use (the sine alone would score often).
      expect(Math.max(...fast.subarray(7 * period, 7 * period + 40))).toBeGreaterThan(0.5);
    }
    expect(COMPARE_CLIP).toBeGreaterThan(1);
  });
});

describe('seasonal profile', () => {
  const period = 24;
  const u = rng(5);
  const n = 10 * period;
  const v = Float64Array.from({ length: n }, (_, i) => 10 * Math.sin((2 * Math.PI * i) / period) + u());
  const lags = [{ period, cycles: 5, halfWidth: 1 }];

  it('is the median of the per-cycle medians of three over the cycles available (up to five)', () => {
    const p = seasonalProfile(v, lags, true);
    for (let i = period + 1; i < n; i++) {
      const k = Math.min(5, Math.floor((i - 1) / period));
      const perCycle = Array.from({ length: k }, (_, c) =>
        median([v[i - (c + 1) * period - 1], v[i - (c + 1) * period], v[i - (c + 1) * period + 1]])
      );
      expect(p.median[i]).toBe(median(perCycle)); // even counts: mean of the middle pair
    }
    expect(p.median[period - 1]).toBeNaN();
  });

  it('medianOfCycles handles every cycle count', () => {
    expect([1, 2, 3, 4, 5].map((k) => medianOfCycles(k, 9, 1, 7, 3, 5))).toEqual([9, 5, 7, 5, 5]);
  });

  it('is online, and falls back to the exact median around gaps', () => {
    const gappy = Float64Array.from(v);
    gappy[7 * period + 5] = Number.NaN;
    const full = seasonalProfile(gappy, lags, true);
    const prefix = seasonalProfile(gappy.subarray(0, 8 * period), lags, true);
    expect(Array.from(prefix.median)).toEqual(Array.from(full.median.subarray(0, 8 * period)));
    expect(Array.from(prefix.scale!)).toEqual(Array.from(full.scale!.subarray(0, 8 * period)));
    const i = 8 * period + 5; // one neighbour missing: 14 values left
    const vals = [1, 2, 3, 4, 5]
      .flatMap((k) => [-1, 0, 1].map((j) => gappy[i - k * period + j]))
      .filter(Number.isFinite);
    expect(vals).toHaveLength(14);
    expect(full.median[i]).toBe(median(vals));
  });
});

describe('time-based hold-off', () => {
  it('suppresses for a duration, whatever the sampling', () => {
    const t = [0, 10, 20, 30, 100, 110, 200];
    const s = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
    const opts = { trigger: 0.4, holdOff: 1, breakMargin: Infinity, holdOffMs: 100 };
    expect(firingIndices(s, opts, t)).toEqual([0, 4, 6]);
    expect(Array.from(applyHoldOff(s, opts, t))).toEqual([0.5, 0, 0, 0, 0.5, 0, 0.5]);
    expect(() => applyHoldOff(s, opts)).toThrow(/needs one timestamp per score/);
  });
});
