import { LikelihoodCalibrator, zToScore } from './likelihood';
import { collectSeasonalNeighbours, neighbourCapacity, type SeasonalLags } from './seasonal';
import { medianInPlace } from './stats';

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
 * costs about 3.7 NAB points (66.3 → 62.5) but removes the ~0.9 false flags per 1,000 points that range
 * records of plain Gaussian noise otherwise raise.
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
 * Calibrated anomaly score in [0, 1] for every point of a regularly sampled series (NaN = missing: scores 0
 * and leaves the state unchanged). `lags` enables the seasonal detector (empty = off).
 */
export function ensembleScores(
  values: ArrayLike<number>,
  cfg: EnsembleConfig = DEFAULT_ENSEMBLE,
  lags: readonly SeasonalLags[] = [],
  /** Same-phase medians already computed for these lags (e.g. by robustBaseline), to avoid doing it twice. */
  seasonalMedians?: Float64Array
): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  const calibrator = () =>
    new LikelihoodCalibrator(cfg.likelihoodShort, cfg.likelihoodLong, cfg.likelihoodMinHistory, cfg.likelihoodMinStd);
  const likValue = calibrator();
  const likDiff = calibrator();
  const likVar = calibrator();
  const likSeasonal = calibrator();
  const seasonalFrom = lags.length ? Math.min(...lags.map((l) => l.period)) : Number.POSITIVE_INFINITY;
  const buf = new Float64Array(Math.max(1, neighbourCapacity(lags)));

  const { alphaValue: aV, alphaDiff: aD, alphaFastVar: aF, alphaSeasonal: aS, zHalf: zh, clipZ } = cfg;
  let mean = 0;
  let variance = 0;
  let diffMs = 0;
  let fastMs = 0;
  let slowMs = 0;
  let prev = Number.NaN;
  let count = 0;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  // Smallest non-zero step seen: integer-valued series get a scale floor of half a unit.
  let quantum = Number.POSITIVE_INFINITY;
  let seasonalAbs = Number.NaN;
  let ewmaAbs = Number.NaN;

  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (x !== x || x === Number.POSITIVE_INFINITY || x === Number.NEGATIVE_INFINITY) continue;
    if (count === 0) {
      mean = x;
      lo = hi = prev = x;
      count = 1;
      continue;
    }
    const floor = Math.max(quantum === Number.POSITIVE_INFINITY ? 0 : 0.5 * quantum, 1e-9 * (Math.abs(mean) + 1));
    const sdV = Math.max(Math.sqrt(variance), floor);
    const dev = x - mean;
    const zV = Math.abs(dev) / sdV;
    const d = x - prev;
    const sdD = Math.max(Math.sqrt(diffMs), floor);
    const zD = Math.abs(d) / sdD;
    let z = likValue.updateZ(zV / (zV + zh));
    const z2 = likDiff.updateZ(zD / (zD + zh));
    if (z2 > z) z = z2;

    let z3 = Number.NEGATIVE_INFINITY;
    if (aF > 0) {
      // Winsorised differences: one wild point (a counter reset) must not read as a change of variance
      // on the way in and again, inverted, while the slow average decays.
      const cap = count > CLIP_WARMUP && clipZ > 0 ? clipZ * Math.max(Math.sqrt(slowMs), floor) : Number.POSITIVE_INFINITY;
      const dc = d > cap ? cap : d < -cap ? -cap : d;
      fastMs += aF * (dc * dc - fastMs);
      slowMs += aD * (dc * dc - slowMs);
      const f2 = floor * floor;
      const zVar = Math.abs(Math.log((fastMs + f2) / (slowMs + f2)));
      z3 = likVar.updateZ(zVar / (zVar + cfg.varHalf));
      if (z3 > z) z = z3;
    }

    if (i >= seasonalFrom) {
      let expected = Number.NaN;
      if (seasonalMedians) expected = seasonalMedians[i];
      else {
        const m = collectSeasonalNeighbours(values, i, lags, buf);
        if (m > 0) expected = medianInPlace(buf, m);
      }
      if (expected === expected) {
        const r = Math.abs(x - expected);
        const e = Math.abs(dev);
        if (seasonalAbs !== seasonalAbs) {
          seasonalAbs = r;
          ewmaAbs = e;
        }
        const zS = r / Math.max(1.25 * seasonalAbs, floor);
        const z4 = likSeasonal.updateZ(zS / (zS + zh));
        if (seasonalAbs < cfg.seasonalGate * ewmaAbs) {
          if (cfg.seasonalExclusive) z = z3 > z4 ? z3 : z4;
          else if (z4 > z) z = z4;
        }
        // Clipped so that an anomaly in progress cannot switch the model comparison off.
        seasonalAbs += aS * (Math.min(r, COMPARE_CLIP * seasonalAbs) - seasonalAbs);
        ewmaAbs += aS * (Math.min(e, COMPARE_CLIP * ewmaAbs) - ewmaAbs);
      }
    }

    let score = zToScore(z);
    if (cfg.breakoutTolerance > 0 && count >= cfg.breakoutWarmup && hi > lo) {
      const tol = (hi - lo) * cfg.breakoutTolerance;
      if ((x > hi + tol || x < lo - tol) && zV >= cfg.breakoutMinZ) score = 1;
    }
    out[i] = score;

    // State updates come after scoring: the score for x never sees x in its own baseline.
    // No clipping while the variance is still warming up from zero.
    const clip = clipZ > 0 && count > CLIP_WARMUP ? clipZ * sdV : Number.POSITIVE_INFINITY;
    const devU = dev > clip ? clip : dev < -clip ? -clip : dev;
    const incr = aV * devU;
    mean += incr;
    variance = (1 - aV) * (variance + devU * incr);
    diffMs += aD * (d * d - diffMs);
    const ad = d < 0 ? -d : d;
    if (ad > 0 && ad < quantum) quantum = ad;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
    prev = x;
    count++;
  }
  return out;
}
