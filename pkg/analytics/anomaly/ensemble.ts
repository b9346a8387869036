import {
  checkLikelihoodWindows,
  invStd as invStdImported,
  longRingCapacity,
  standardised as standardisedImported,
  zToScore as zToScoreImported,
} from './likelihood';
import { seasonalProfile, type SeasonalLags } from './seasonal';
import { lnRatio as lnRatioImported } from './stats';

/**
 * The default online anomaly scorer. Four cheap one-pass detectors produce raw deviations:
 *  - value z against an EWMA mean/variance (level shifts, spikes),
 *  - first-difference z against an EWMA of squared differences (sudden jumps),
 *  - |log| of fast/slow variance of differences (the series became noisier or went flat),
 *  - residual against a robust seasonal median (breaks of the daily pattern). While the seasonal model fits
 *    clearly better than the EWMA one, it replaces the value/difference detectors, so the daily ramp-up
 *    is not re-flagged every morning.
 * Each is squashed to [0, 1) and calibrated by anomaly likelihood; the score is the maximum. A value outside
 * everything seen so far (plus a tolerance, and ≥ breakoutMinZ standard deviations away) scores 1 outright.
 * Every estimate at index i uses only indices ≤ i.
 *
 * De-duplication (hold-off) is a separate step: see `holdoff.ts`.
 */
export interface EnsembleConfig {
  /** EWMA weight for the level/variance of the value. */
  alphaValue: number;
  /** EWMA weight for the mean square of first differences (also the slow side of the variance ratio). */
  alphaDiff: number;
  /** Fast EWMA weight of squared differences for the variance-change detector (0 = off). */
  alphaFastVar: number;
  /** Raw-score squashing for z scores: raw = z / (z + zHalf). */
  zHalf: number;
  /** Squashing half-point of |log variance ratio|. */
  varHalf: number;
  /** Winsorise EWMA updates at this many standard deviations so one wild point cannot wreck the baseline. */
  clipZ: number;
  likelihoodShort: number;
  likelihoodLong: number;
  /** Points of history before the calibrated scores can be non-zero. */
  likelihoodMinHistory: number;
  likelihoodMinStd: number;
  /** The likelihood's long window keeps every stride-th short mean (and refits its Gaussian then). */
  likelihoodStride: number;
  /** Range breakout tolerance as a fraction of the historical range (0 = off). */
  breakoutTolerance: number;
  /** Points of history before breakouts can fire. */
  breakoutWarmup: number;
  /** A breakout must also be this many EWMA standard deviations from the mean (new records of plain noise are not news). */
  breakoutMinZ: number;
  /** EWMA weight of the mean absolute residuals used to compare the seasonal and EWMA models. */
  alphaSeasonal: number;
  /** The seasonal detector only counts while its mean |residual| is below this fraction of the EWMA one. */
  seasonalGate: number;
  /** While the seasonal model is in use, ignore the non-seasonal value/difference detectors. */
  seasonalExclusive: boolean;
}

/**
 * Tuned on NAB (pkg/analytics/nab/evaluate.ts), one configuration for the whole corpus. breakoutMinZ = 4
 * costs about 3.7 NAB points but removes the ~0.9 false flags per 1,000 points that range records of plain
 * Gaussian noise otherwise raise. likelihoodStride = 8 costs about 0.25 NAB points and buys ~30 % speed.
 */
export const DEFAULT_ENSEMBLE: EnsembleConfig = {
  alphaValue: 0.01,
  alphaDiff: 0.01,
  alphaFastVar: 0.05,
  zHalf: 1,
  varHalf: 1,
  clipZ: 10,
  likelihoodShort: 10,
  likelihoodLong: 8640,
  likelihoodMinHistory: 300,
  likelihoodMinStd: 0.03,
  likelihoodStride: 8,
  breakoutTolerance: 0.03,
  breakoutWarmup: 300,
  breakoutMinZ: 4,
  alphaSeasonal: 0.002,
  seasonalGate: 0.5,
  seasonalExclusive: true,
};

/** Points before winsorising starts (the variance starts at 0). */
export const CLIP_WARMUP = 30;

/** Residuals above this multiple of their running mean are clipped when comparing the two models. */
export const COMPARE_CLIP = 4;

/** Daily seasonal lags used by the ensemble: the same phase ±1 step over the previous 5 days. */
export function dailyLags(dailyPeriod: number): SeasonalLags[] {
  return dailyPeriod > 0 ? [{ period: dailyPeriod, cycles: 5, halfWidth: 1 }] : [];
}

/**
 * Per-point state the user-facing bands are built from, filled by `ensembleScores` when asked (so detect()
 * needs no second pass): the EWMA forecast for i (before x[i] is seen) and whether the seasonal model
 * currently fits at least as well as the EWMA one.
 */
export interface BaselineTrace {
  mean: Float64Array;
  /** EWMA standard deviation, at least `floor`. */
  sd: Float64Array;
  /** Smallest meaningful scale at i: half the data's quantum, or a tiny fraction of the level. */
  floor: Float64Array;
  seasonalFits: Uint8Array;
}

export function newBaselineTrace(n: number): BaselineTrace {
  return {
    mean: new Float64Array(n).fill(Number.NaN),
    sd: new Float64Array(n).fill(Number.NaN),
    floor: new Float64Array(n).fill(Number.NaN),
    seasonalFits: new Uint8Array(n),
  };
}

/**
 * Calibrated anomaly score in [0, 1] for every point of a regularly sampled series (NaN = missing: scores 0
 * and leaves the state unchanged). `lags` enables the seasonal detector (empty = off).
 *
 * Hot loop (tens of millions of points per second): one pass, no allocation per point, the three always-on
 * calibrators share one clock and live in locals, squashing z/(z + h) is written as |dev|/(|dev| + h·sd)
 * (one division instead of two), and the tail probability comes from a table (`zToScore`).
 */
export function ensembleScores(
  values: ArrayLike<number>,
  cfg: EnsembleConfig = DEFAULT_ENSEMBLE,
  lags: readonly SeasonalLags[] = [],
  /** Same-phase medians already computed for these lags (`seasonalProfile`), to avoid doing it twice. */
  seasonalMedians?: Float64Array,
  /** Filled with the EWMA forecast and model comparison per point when given (length ≥ values.length). */
  trace?: BaselineTrace
): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  // Hot helpers as locals: when modules are loaded separately (tsx, vitest) an imported function is reached
  // through the exports object on every call, which keeps V8 from inlining it and halves this loop's speed.
  // (Bundled builds are unaffected; this makes both fast.)
  const standardised = standardisedImported;
  const invStd = invStdImported;
  const zToScore = zToScoreImported;
  const lnRatio = lnRatioImported;
  // The value, difference and variance detectors' likelihood calibrators run on the same clock (every finite
  // point), so they share ring positions and counts; their state lives in locals, not object fields (V8 boxes
  // double fields), which is most of this loop's speed. `LikelihoodCalibrator` is the readable reference;
  // a unit test checks this loop against it.
  const shortW = cfg.likelihoodShort;
  const minHistory = cfg.likelihoodMinHistory;
  const minVar = cfg.likelihoodMinStd * cfg.likelihoodMinStd;
  const stride = cfg.likelihoodStride;
  checkLikelihoodWindows(shortW, cfg.likelihoodLong, stride, minHistory);
  const longCap = longRingCapacity(cfg.likelihoodLong, stride);
  const invShortW = 1 / shortW;
  const invLongCap = 1 / longCap;
  const shortRing = new Float64Array(3 * shortW);
  const longRing = new Float64Array(3 * longCap);
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let l0 = 0;
  let l1 = 0;
  let l2 = 0;
  let q0 = 0;
  let q1 = 0;
  let q2 = 0;
  let shortPos = 0;
  let shortCount = 0;
  let longPos = 0;
  let longCount = 0;
  let seen = 0;
  let phase = 0;
  let mu0 = 0;
  let mu1 = 0;
  let mu2 = 0;
  let is0 = 0;
  let is1 = 0;
  let is2 = 0;
  // The seasonal detector's calibrator has its own clock (it starts after the first cycle); same inlining.
  const seasShortRing = new Float64Array(shortW);
  const seasLongRing = new Float64Array(longCap);
  let ss = 0;
  let sl = 0;
  let sq = 0;
  let sShortPos = 0;
  let sShortCount = 0;
  let sLongPos = 0;
  let sLongCount = 0;
  let sSeen = 0;
  let sPhase = 0;
  let sMu = 0;
  let sIs = 0;
  // Trace columns hoisted out of the object so the loop reads no properties.
  const traceMean = trace ? trace.mean : null;
  const traceSd = trace ? trace.sd : null;
  const traceFloor = trace ? trace.floor : null;
  const traceFits = trace ? trace.seasonalFits : null;
  const seasonalFrom = lags.length ? Math.min(...lags.map((l) => l.period)) : n;
  const medians = lags.length ? (seasonalMedians ?? seasonalProfile(values, lags, false).median) : null;

  const { alphaValue: aV, alphaDiff: aD, alphaSeasonal: aS, zHalf: zh, clipZ } = cfg;
  const aF = cfg.alphaFastVar;
  const varHalf = cfg.varHalf;
  const gate = cfg.seasonalGate;
  const exclusive = cfg.seasonalExclusive;
  const breakout = cfg.breakoutTolerance > 0;
  const breakoutTol = cfg.breakoutTolerance;
  const breakoutWarmup = cfg.breakoutWarmup;
  const breakoutMinZ = cfg.breakoutMinZ;
  let mean = 0;
  let variance = 0;
  let diffMs = 0;
  let fastMs = 0;
  let slowMs = 0;
  let prev = Number.NaN;
  let count = 0;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  let breakHi = Number.POSITIVE_INFINITY;
  let breakLo = Number.NEGATIVE_INFINITY;
  // Half the smallest non-zero step seen: integer-valued series get a scale floor of half a unit.
  let halfQuantum = 0;
  let seasonalAbs = Number.NaN;
  let ewmaAbs = Number.NaN;

  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (!(x - x === 0)) {
      // Missing (NaN / ±∞): score 0, state unchanged.
      if (trace && count > 0) traceAt(trace, i, mean, variance, halfQuantum, seasonalAbs, ewmaAbs);
      continue;
    }
    if (count === 0) {
      mean = x;
      lo = hi = prev = x;
      count = 1;
      continue;
    }
    const relFloor = 1e-9 * (Math.abs(mean) + 1);
    const floor = halfQuantum > relFloor ? halfQuantum : relFloor;
    const rootVar = Math.sqrt(variance);
    const sdV = rootVar > floor ? rootVar : floor;
    const dev = x - mean;
    const absDev = Math.abs(dev);
    const d = x - prev;
    const absD = Math.abs(d);
    const rootDiff = Math.sqrt(diffMs);
    const sdD = rootDiff > floor ? rootDiff : floor;
    // z/(z + h) with z = |dev|/sd, written with one division.
    const rawV = absDev / (absDev + zh * sdV);
    const rawD = absD / (absD + zh * sdD);
    // (Math.abs compiles to a mask; a ternary on the sign of noise would be a coin-flip branch.)

    let rawVar = 0;
    if (aF > 0) {
      // Winsorised differences: one wild point (a counter reset) must not read as a change of variance
      // on the way in and again, inverted, while the slow average decays.
      // Compared in squares: the square root is only needed on the rare clipped point.
      const f2 = floor * floor;
      let d2 = d * d;
      if (count > CLIP_WARMUP && clipZ > 0) {
        const cap2 = clipZ * clipZ * (slowMs > f2 ? slowMs : f2);
        if (d2 > cap2) d2 = cap2;
      }
      fastMs += aF * (d2 - fastMs);
      slowMs += aD * (d2 - slowMs);
      const logRatio = lnRatio(fastMs + f2, slowMs + f2);
      const zVar = Math.abs(logRatio);
      rawVar = zVar / (zVar + varHalf);
    }
    // Likelihood: short means of the three raw scores…
    const sp = 3 * shortPos;
    if (shortCount === shortW) {
      s0 -= shortRing[sp];
      s1 -= shortRing[sp + 1];
      s2 -= shortRing[sp + 2];
    } else shortCount++;
    shortRing[sp] = rawV;
    shortRing[sp + 1] = rawD;
    shortRing[sp + 2] = rawVar;
    s0 += rawV;
    s1 += rawD;
    s2 += rawVar;
    shortPos = shortPos + 1 === shortW ? 0 : shortPos + 1;
    const invShort = shortCount === shortW ? invShortW : 1 / shortCount;
    const m0 = s0 * invShort;
    const m1 = s1 * invShort;
    const m2 = s2 * invShort;
    // …standardised against the Gaussian of earlier short means…
    let z = Number.NEGATIVE_INFINITY;
    let z3 = Number.NEGATIVE_INFINITY;
    if (seen >= minHistory) {
      z = standardised(m0, mu0, is0);
      const z1 = standardised(m1, mu1, is1);
      if (z1 > z) z = z1;
      if (aF > 0) {
        z3 = standardised(m2, mu2, is2);
        if (z3 > z) z = z3;
      }
    }
    seen++;
    // …and every stride-th short mean joins the long window, which refits the Gaussians.
    if (++phase === stride) {
      phase = 0;
      const lp = 3 * longPos;
      if (longCount === longCap) {
        const o0 = longRing[lp];
        const o1 = longRing[lp + 1];
        const o2 = longRing[lp + 2];
        l0 -= o0;
        l1 -= o1;
        l2 -= o2;
        q0 -= o0 * o0;
        q1 -= o1 * o1;
        q2 -= o2 * o2;
      } else longCount++;
      longRing[lp] = m0;
      longRing[lp + 1] = m1;
      longRing[lp + 2] = m2;
      l0 += m0;
      l1 += m1;
      l2 += m2;
      q0 += m0 * m0;
      q1 += m1 * m1;
      q2 += m2 * m2;
      longPos = longPos + 1 === longCap ? 0 : longPos + 1;
      const inv = longCount === longCap ? invLongCap : 1 / longCount;
      mu0 = l0 * inv;
      mu1 = l1 * inv;
      mu2 = l2 * inv;
      is0 = invStd(mu0, q0 * inv, minVar);
      is1 = invStd(mu1, q1 * inv, minVar);
      is2 = invStd(mu2, q2 * inv, minVar);
    }

    let seasonalFits = 0;
    if (medians !== null && i >= seasonalFrom) {
      const expected = medians[i];
      if (expected === expected) {
        const dr = x - expected;
        const r = Math.abs(dr);
        if (seasonalAbs !== seasonalAbs) {
          seasonalAbs = r;
          ewmaAbs = absDev;
        }
        const sScale = 1.25 * seasonalAbs;
        const rawS = r / (r + zh * (sScale > floor ? sScale : floor));
        // Seasonal likelihood, as above with one channel.
        if (sShortCount === shortW) ss -= seasShortRing[sShortPos];
        else sShortCount++;
        seasShortRing[sShortPos] = rawS;
        ss += rawS;
        sShortPos = sShortPos + 1 === shortW ? 0 : sShortPos + 1;
        const mS = ss * (sShortCount === shortW ? invShortW : 1 / sShortCount);
        const z4 = sSeen >= minHistory ? standardised(mS, sMu, sIs) : Number.NEGATIVE_INFINITY;
        sSeen++;
        if (++sPhase === stride) {
          sPhase = 0;
          if (sLongCount === longCap) {
            const o = seasLongRing[sLongPos];
            sl -= o;
            sq -= o * o;
          } else sLongCount++;
          seasLongRing[sLongPos] = mS;
          sl += mS;
          sq += mS * mS;
          sLongPos = sLongPos + 1 === longCap ? 0 : sLongPos + 1;
          const inv = sLongCount === longCap ? invLongCap : 1 / sLongCount;
          sMu = sl * inv;
          sIs = invStd(sMu, sq * inv, minVar);
        }
        if (seasonalAbs < gate * ewmaAbs) {
          if (exclusive) z = z3 > z4 ? z3 : z4;
          else if (z4 > z) z = z4;
        }
        if (seasonalAbs <= ewmaAbs) seasonalFits = 1;
        // Clipped so that an anomaly in progress cannot switch the model comparison off.
        const rc = COMPARE_CLIP * seasonalAbs;
        const ec = COMPARE_CLIP * ewmaAbs;
        seasonalAbs += aS * ((r < rc ? r : rc) - seasonalAbs);
        ewmaAbs += aS * ((absDev < ec ? absDev : ec) - ewmaAbs);
      }
    }
    if (traceMean !== null) {
      traceMean[i] = mean;
      traceSd![i] = sdV;
      traceFloor![i] = floor;
      traceFits![i] = seasonalFits;
    }

    let score = zToScore(z);
    if ((x > breakHi || x < breakLo) && count >= breakoutWarmup && absDev >= breakoutMinZ * sdV) score = 1;
    out[i] = score;

    // State updates come after scoring: the score for x never sees x in its own baseline.
    // No clipping while the variance is still warming up from zero.
    let devU = dev;
    if (clipZ > 0 && count > CLIP_WARMUP) {
      const clip = clipZ * sdV;
      devU = dev > clip ? clip : dev < -clip ? -clip : dev;
    }
    const incr = aV * devU;
    mean += incr;
    variance = (1 - aV) * (variance + devU * incr);
    diffMs += aD * (d * d - diffMs);
    if (absD > 0 && (halfQuantum === 0 || 0.5 * absD < halfQuantum)) halfQuantum = 0.5 * absD;
    if (x < lo || x > hi) {
      if (x < lo) lo = x;
      if (x > hi) hi = x;
      // Breakout bounds move only with the range, so they are kept rather than recomputed per point.
      if (breakout && hi > lo) {
        const tol = (hi - lo) * breakoutTol;
        breakHi = hi + tol;
        breakLo = lo - tol;
      }
    }
    prev = x;
    count++;
  }
  return out;
}

/** Baseline trace at a missing point: the current forecast, unchanged by the gap. */
function traceAt(
  trace: BaselineTrace,
  i: number,
  mean: number,
  variance: number,
  halfQuantum: number,
  seasonalAbs: number,
  ewmaAbs: number
): void {
  const floor = Math.max(halfQuantum, 1e-9 * (Math.abs(mean) + 1));
  trace.mean[i] = mean;
  trace.sd[i] = Math.max(Math.sqrt(variance), floor);
  trace.floor[i] = floor;
  trace.seasonalFits[i] = seasonalAbs <= ewmaAbs ? 1 : 0;
}
