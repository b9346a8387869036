import { LikelihoodCalibrator } from './likelihood';

/**
 * The default online anomaly scorer: several cheap one-pass detectors, each calibrated by anomaly
 * likelihood, combined by max, then de-duplicated by a hold-off.
 */
export interface EnsembleConfig {
  /** EWMA weight for the level/variance of the value. */
  alphaValue: number;
  /** EWMA weight for the mean square of first differences. */
  alphaDiff: number;
  /** Raw-score squashing: raw = |z| / (|z| + zHalf). */
  zHalf: number;
  likelihoodShort: number;
  likelihoodLong: number;
  likelihoodMinHistory: number;
  likelihoodMinStd: number;
  /** Range breakout tolerance as a fraction of the historical range (0 = off). */
  breakoutTolerance: number;
  breakoutScore: number;
  /** Points of history before breakouts can fire. */
  breakoutWarmup: number;
  /** After a score ≥ holdTrigger, scores are zeroed for this many points. */
  holdOff: number;
  holdTrigger: number;
}

export const DEFAULT_ENSEMBLE: EnsembleConfig = {
  alphaValue: 0.01,
  alphaDiff: 0.01,
  zHalf: 1,
  likelihoodShort: 10,
  likelihoodLong: 2000,
  likelihoodMinHistory: 300,
  likelihoodMinStd: 0.01,
  breakoutTolerance: 0.05,
  breakoutScore: 1,
  breakoutWarmup: 300,
  holdOff: 300,
  holdTrigger: 0.5,
};

/** Calibrated anomaly score in [0, 1] for every point (NaN values score 0 and leave the state unchanged). */
export function ensembleScores(values: ArrayLike<number>, cfg: EnsembleConfig = DEFAULT_ENSEMBLE): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  const likValue = new LikelihoodCalibrator(cfg.likelihoodShort, cfg.likelihoodLong, cfg.likelihoodMinHistory, cfg.likelihoodMinStd);
  const likDiff = new LikelihoodCalibrator(cfg.likelihoodShort, cfg.likelihoodLong, cfg.likelihoodMinHistory, cfg.likelihoodMinStd);

  let mean = 0;
  let variance = 0;
  let diffMs = 0;
  let prev = Number.NaN;
  let count = 0;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  let quantum = Number.POSITIVE_INFINITY;
  let hold = 0;
  const aV = cfg.alphaValue;
  const aD = cfg.alphaDiff;
  const zh = cfg.zHalf;

  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (!Number.isFinite(x)) {
      out[i] = 0;
      if (hold > 0) hold--;
      continue;
    }
    let score = 0;
    if (count > 0) {
      // Scale floor: half the smallest step seen (integer series) and a tiny fraction of the level.
      const floor = Math.max(Number.isFinite(quantum) ? 0.5 * quantum : 0, 1e-9 * (Math.abs(mean) + 1));
      const sdV = Math.max(Math.sqrt(variance), floor);
      const zV = Math.abs(x - mean) / sdV;
      const rawV = zV / (zV + zh);
      const d = x - prev;
      const sdD = Math.max(Math.sqrt(diffMs), floor);
      const zD = Math.abs(d) / sdD;
      const rawD = zD / (zD + zh);
      score = Math.max(likValue.update(rawV), likDiff.update(rawD));

      if (cfg.breakoutTolerance > 0 && count >= cfg.breakoutWarmup && hi > lo) {
        const tol = (hi - lo) * cfg.breakoutTolerance;
        if (x > hi + tol || x < lo - tol) score = Math.max(score, cfg.breakoutScore);
      }

      // Update state after scoring (online).
      const diff = x - mean;
      const incr = aV * diff;
      mean += incr;
      variance = (1 - aV) * (variance + diff * incr);
      diffMs = (1 - aD) * diffMs + aD * d * d;
      const ad = Math.abs(d);
      if (ad > 0 && ad < quantum) quantum = ad;
    } else {
      mean = x;
    }
    if (x < lo) lo = x;
    if (x > hi) hi = x;
    prev = x;
    count++;

    if (hold > 0) {
      hold--;
      score = 0;
    } else if (score >= cfg.holdTrigger) {
      hold = cfg.holdOff;
    }
    out[i] = score;
  }
  return out;
}
