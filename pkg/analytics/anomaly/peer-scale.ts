import { MAD_TO_SIGMA, normalUpperTail } from './stats';

/**
 * How wide the peer band is: σ of the peers (1.4826·MAD, corrected for small groups, pooled over recent
 * timestamps) times k (the sensitivity's, widened for large groups).
 */

/**
 * 1.4826·MAD underestimates σ in small samples; these factors make its median over time (which is what the
 * pooled σ is) match σ for normal data. Measured by simulation (40,000 samples per n); above 9 peers
 * n/(n − 1.2) fits the measurements within 0.5 %.
 */
const SMALL_SAMPLE = [1, 1, 1, 1.878, 1.479, 1.329, 1.269, 1.201, 1.179, 1.15];

/** σ estimate from the unscaled MAD of c values. */
export function sigmaFromMad(mad: number, c: number): number {
  return MAD_TO_SIGMA * (c < SMALL_SAMPLE.length ? SMALL_SAMPLE[c] : c / (c - 1.2)) * mad;
}

/**
 * Band half-width in σ per number of peers reporting (index = count): the sensitivity's k, widened so that
 * among c healthy peers about 0.02 sit outside the band at a time by chance. The largest of 100 normal
 * values is typically 2.5σ out and of 1,000 about 3.2σ, so a fixed k would flag the extremes of every
 * large fleet.
 */
export function bandKByPeerCount(n: number, bandK: number): Float64Array {
  const k = new Float64Array(n + 1);
  for (let c = 0; c <= n; c++) k[c] = Math.max(bandK, normalQuantileUpper(0.01 / Math.max(c, 1)));
  return k;
}

/** z with P(Z > z) = p for the standard normal (bisection on the tail; called once per peer count). */
export function normalQuantileUpper(p: number): number {
  let lo = 0;
  let hi = 40;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (normalUpperTail(mid) > p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * The peers' σ as the median of the last `size` per-timestamp estimates it was allowed to learn. With 3–8
 * peers one timestamp's MAD is often near 0 by chance, and a departing series inflates it (with 3 peers
 * about threefold), so the band uses this pool, which the caller does not feed while a minority of the
 * peers is departing: the baseline does not learn from what it flags. Kept sorted (insert and evict by
 * binary search), so reading the median costs nothing per timestamp, which matters for small groups.
 */
export class PooledScale {
  /** Values in arrival order (the oldest is evicted first). */
  private readonly ring: Float64Array;
  private readonly sorted: Float64Array;
  private count = 0;
  private next = 0;

  constructor(size: number) {
    this.ring = new Float64Array(size);
    this.sorted = new Float64Array(size);
  }

  learn(sigma: number): void {
    if (!(sigma >= 0 && sigma < Number.POSITIVE_INFINITY)) return;
    const size = this.ring.length;
    if (this.count === size) {
      const at = this.lowerBound(this.ring[this.next]);
      this.sorted.copyWithin(at, at + 1, this.count);
      this.count--;
    }
    const at = this.lowerBound(sigma);
    this.sorted.copyWithin(at + 1, at, this.count);
    this.sorted[at] = sigma;
    this.count++;
    this.ring[this.next] = sigma;
    this.next = (this.next + 1) % size;
  }

  /** The pooled σ, or `fallback` (this timestamp's own estimate) before anything was learned. */
  current(fallback: number): number {
    const c = this.count;
    if (c === 0) return fallback;
    const h = c >> 1;
    return c % 2 === 1 ? this.sorted[h] : (this.sorted[h - 1] + this.sorted[h]) / 2;
  }

  /** First index in the sorted values whose value is ≥ x. */
  private lowerBound(x: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
