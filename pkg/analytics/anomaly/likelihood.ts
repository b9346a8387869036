import { normalUpperTail } from './stats';

/**
 * Anomaly-likelihood calibration of a raw deviation score (after Numenta's published method): the mean of
 * the last `shortWindow` raw scores is compared with a Gaussian fitted to the same short means over the last
 * `longWindow` points. A raw score that is high *for this series* gives a small tail probability p, which is
 * mapped to a score in [0, 1] on a log scale: 0 for p ≥ 0.5, 1 for p ≤ 5e-11.
 *
 * Online: the estimate for point t uses raw scores up to and including t only.
 */
export class LikelihoodCalibrator {
  private readonly shortRing: Float64Array;
  private shortSum = 0;
  private shortPos = 0;
  private shortCount = 0;
  private readonly longRing: Float64Array;
  private longSum = 0;
  private longSumSq = 0;
  private longPos = 0;
  private longCount = 0;

  constructor(
    readonly shortWindow: number,
    readonly longWindow: number,
    /** Points of history needed before any non-zero score. */
    readonly minHistory: number,
    /** Floor on the fitted standard deviation, in raw-score units. */
    readonly minStd: number
  ) {
    if (shortWindow < 1 || longWindow < 2) throw new Error('likelihood windows must be ≥ 1 and ≥ 2');
    this.shortRing = new Float64Array(shortWindow);
    this.longRing = new Float64Array(longWindow);
  }

  /** Feeds one raw score (NaN = missing: state unchanged, returns 0) and returns the calibrated score. */
  update(raw: number): number {
    return zToScore(this.updateZ(raw));
  }

  /**
   * Like `update` but returns the standardised short mean z (−∞ while warming up or for missing input).
   * The score is monotonic in z, so callers combining several calibrators can take the max z and convert once.
   */
  updateZ(raw: number): number {
    if (!Number.isFinite(raw)) return Number.NEGATIVE_INFINITY;
    // Short-window mean of raw scores.
    if (this.shortCount === this.shortWindow) this.shortSum -= this.shortRing[this.shortPos];
    else this.shortCount++;
    this.shortRing[this.shortPos] = raw;
    this.shortSum += raw;
    this.shortPos = this.shortPos + 1 === this.shortWindow ? 0 : this.shortPos + 1;
    const shortMean = this.shortSum / this.shortCount;

    // Score against the distribution of past short means, before adding this one.
    let z = Number.NEGATIVE_INFINITY;
    if (this.longCount >= this.minHistory) {
      const mu = this.longSum / this.longCount;
      const variance = this.longSumSq / this.longCount - mu * mu;
      const sd = Math.max(Math.sqrt(variance > 0 ? variance : 0), this.minStd);
      z = (shortMean - mu) / sd;
    }

    if (this.longCount === this.longWindow) {
      const old = this.longRing[this.longPos];
      this.longSum -= old;
      this.longSumSq -= old * old;
    } else this.longCount++;
    this.longRing[this.longPos] = shortMean;
    this.longSum += shortMean;
    this.longSumSq += shortMean * shortMean;
    this.longPos = this.longPos + 1 === this.longWindow ? 0 : this.longPos + 1;
    return z;
  }
}

const LOG10_SPAN = 10;

/** Tail probability → score: 0 at p = 0.5, 1 at p = 0.5·10⁻¹⁰, logarithmic in between. */
export function tailToScore(p: number): number {
  if (!(p < 0.5)) return 0;
  if (p <= 0) return 1;
  const s = -Math.log10(2 * p) / LOG10_SPAN;
  return s > 1 ? 1 : s;
}

/** Standardised short mean → calibrated score (0 for z ≤ 0, skipping the tail computation). */
export function zToScore(z: number): number {
  if (!(z > 0)) return 0;
  if (z === Number.POSITIVE_INFINITY) return 1;
  return tailToScore(normalUpperTail(z));
}
