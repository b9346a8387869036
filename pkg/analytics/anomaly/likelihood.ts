import { normalUpperTail } from './stats';

/**
 * Anomaly-likelihood calibration of a raw deviation score (after Numenta's published method): the mean of
 * the last `shortWindow` raw scores is compared with a Gaussian fitted to the same short means over the last
 * `longWindow` points. A raw score that is high *for this series* gives a small tail probability p, which is
 * mapped to a score in [0, 1] on a log scale: 0 for p ≥ 0.5, 1 for p ≤ 5e-11.
 *
 * With `stride` > 1 the long window keeps every stride-th short mean (consecutive short means overlap in
 * all but one raw score, so little information is lost) and the Gaussian is refitted each time one is added
 * (Numenta re-estimates theirs only every 100 records). The ring then fits in L1 cache and scoring a point
 * is one subtraction and one multiplication.
 *
 * Online: the estimate for point t uses raw scores up to and including t only.
 */
export class LikelihoodCalibrator {
  private readonly shortRing: Float64Array;
  private readonly longRing: Float64Array;
  /**
   * Running sums and the current fit. Kept in a typed array rather than in fields: V8 stores double-valued
   * fields as boxed heap numbers, so every `this.sum += x` would go through an extra indirection.
   */
  private readonly st = new Float64Array(5);
  private shortPos = 0;
  private shortCount = 0;
  private longPos = 0;
  private longCount = 0;
  /** Points fed so far (finite raw scores). */
  private seen = 0;
  private phase = 0;
  private readonly minVar: number;

  constructor(
    readonly shortWindow: number,
    readonly longWindow: number,
    /** Points of history needed before any non-zero score. */
    readonly minHistory: number,
    /** Floor on the fitted standard deviation, in raw-score units. */
    readonly minStd: number,
    /** Keep every stride-th short mean in the long window (1 = all of them). */
    readonly stride = 1
  ) {
    checkLikelihoodWindows(shortWindow, longWindow, stride, minHistory);
    this.shortRing = new Float64Array(shortWindow);
    this.longRing = new Float64Array(longRingCapacity(longWindow, stride));
    this.minVar = minStd * minStd;
  }

  /** Feeds one raw score (NaN = missing: state unchanged, returns 0) and returns the calibrated score. */
  update(raw: number): number {
    return zToScore(this.updateZ(raw));
  }

  /**
   * Like `update` but returns the standardised short mean z (−∞ while warming up or for missing input, 0 when
   * the short mean is at or below the long-run mean, since only positive z can raise a score).
   * The score is monotonic in z, so callers combining several calibrators can take the max z and convert once.
   */
  updateZ(raw: number): number {
    if (!(raw - raw === 0)) return Number.NEGATIVE_INFINITY; // NaN or ±∞
    const st = this.st; // [shortSum, longSum, longSumSq, fitMean, fitInvSd]
    // Short-window mean of raw scores.
    if (this.shortCount === this.shortWindow) st[0] -= this.shortRing[this.shortPos];
    else this.shortCount++;
    this.shortRing[this.shortPos] = raw;
    st[0] += raw;
    this.shortPos = this.shortPos + 1 === this.shortWindow ? 0 : this.shortPos + 1;
    const shortMean = st[0] / this.shortCount;

    // Score against the Gaussian of past short means, before adding this one.
    const z = this.seen >= this.minHistory ? standardised(shortMean, st[3], st[4]) : Number.NEGATIVE_INFINITY;
    this.seen++;
    if (++this.phase === this.stride) {
      this.phase = 0;
      const cap = this.longRing.length;
      if (this.longCount === cap) {
        const old = this.longRing[this.longPos];
        st[1] -= old;
        st[2] -= old * old;
      } else this.longCount++;
      this.longRing[this.longPos] = shortMean;
      st[1] += shortMean;
      st[2] += shortMean * shortMean;
      this.longPos = this.longPos + 1 === cap ? 0 : this.longPos + 1;
      const inv = 1 / this.longCount;
      st[3] = st[1] * inv;
      st[4] = invStd(st[3], st[2] * inv, this.minVar);
    }
    return z;
  }
}

/** Short means kept for a long window of `longWindow` points at this stride. */
export function longRingCapacity(longWindow: number, stride: number): number {
  return Math.max(1, Math.ceil(longWindow / stride));
}

/** 1 / max(σ, minStd) for a Gaussian with mean mu and mean square meanSq (minVar = minStd²). */
export function invStd(mu: number, meanSq: number, minVar: number): number {
  const variance = meanSq - mu * mu;
  return 1 / Math.sqrt(variance > minVar ? variance : minVar);
}

/**
 * (x − mu)·invSd, with differences ≤ 1e-12 reported as 0: only positive z can raise a score, and raw scores
 * live in [0, 1], so anything smaller is rounding noise of the running sums (a constant input must score 0).
 */
export function standardised(x: number, mu: number, invSd: number): number {
  const num = x - mu;
  return num > 1e-12 ? num * invSd : 0;
}

export function checkLikelihoodWindows(
  shortWindow: number,
  longWindow: number,
  stride: number,
  minHistory: number
): void {
  if (!(Number.isInteger(shortWindow) && shortWindow >= 1 && Number.isInteger(longWindow) && longWindow >= 2)) {
    throw new Error(`likelihood windows must be integers ≥ 1 and ≥ 2, got ${shortWindow} and ${longWindow}`);
  }
  if (!(Number.isInteger(stride) && stride >= 1 && stride <= longWindow)) {
    throw new Error(`likelihood stride must be an integer between 1 and the long window, got ${stride}`);
  }
  // The first fit happens after `stride` points; scoring must not start before it.
  if (!(minHistory >= stride)) {
    throw new Error(`likelihood minimum history (${minHistory}) must be at least the stride (${stride})`);
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

/** Standardised short mean → calibrated score, computed exactly (erfc, exp, log10); the reference for `zToScore`. */
export function zToScoreExact(z: number): number {
  if (!(z > 0)) return 0;
  if (z === Number.POSITIVE_INFINITY) return 1;
  return tailToScore(normalUpperTail(z));
}

/**
 * `zToScore` is called once per point, so it reads a table of the score at z = k/128 and interpolates
 * linearly. The table holds the score before its clamp to 1 (smooth, second derivative ≤ 0.05, so the
 * interpolation error is below 4e-7, under the erfc approximation's own error) and the clamp is applied after
 * interpolating, so the kink at z ≈ 6.467 (p = 5e-11) stays sharp. At the knots the result is exact.
 */
const SCORE_TABLE_STEPS_PER_UNIT = 128;
const SCORE_TABLE_MAX_Z = 6.5;
const SCORE_TABLE = (() => {
  const knots = SCORE_TABLE_MAX_Z * SCORE_TABLE_STEPS_PER_UNIT;
  const table = new Float64Array(knots + 2);
  for (let k = 0; k <= knots + 1; k++) {
    const p = normalUpperTail(k / SCORE_TABLE_STEPS_PER_UNIT);
    // tailToScore without its clamp (p < 0.5 for every k > 0).
    table[k] = k === 0 ? 0 : -Math.log10(2 * p) / LOG10_SPAN;
  }
  return table;
})();

/** Standardised short mean → calibrated score in [0, 1] (0 for z ≤ 0 or NaN, 1 for z ≥ 6.5). */
export function zToScore(z: number): number {
  if (!(z >= 0)) return 0;
  if (z >= SCORE_TABLE_MAX_Z) return 1;
  const u = z * SCORE_TABLE_STEPS_PER_UNIT;
  const k = u | 0;
  const a = SCORE_TABLE[k];
  const s = a + (SCORE_TABLE[k + 1] - a) * (u - k);
  return s < 1 ? s : 1;
}
