// Quantiles by selection instead of sorting: sorting every series dominated the analysis (500 series
// × 1,000 points), while a selection per quantile costs O(n). The results are exactly those of
// quantileSorted() on a sorted copy.
import { selectRank } from '../anomaly/stats';

/** A Float64Array reused across calls, grown on demand, so scoring many series allocates nothing per series. */
export class Scratch {
  private buf = new Float64Array(256);

  /** A buffer of at least n entries; growing keeps the current contents. */
  get(n: number): Float64Array {
    if (this.buf.length < n) {
      const grown = new Float64Array(Math.max(n, 2 * this.buf.length));
      grown.set(this.buf);
      this.buf = grown;
    }
    return this.buf;
  }
}

/**
 * Writes to out[j] the quantile qs[j] (linear interpolation, numpy's default, as quantileSorted) of the
 * finite values buf[0..n), n ≥ 1. qs must be ascending. Reorders buf[0..n).
 */
export function quantilesInPlace(buf: Float64Array, n: number, qs: readonly number[], out: number[]): void {
  // Ranks are taken from the highest down. Invariant: buf[0..end) holds the `end` smallest values and
  // (below n) buf[end] holds rank `end`, so every lower rank is found within that prefix and a rank
  // asked for twice (neighbouring quantiles share one when n is small) is read back.
  let end = n;
  for (let j = qs.length - 1; j >= 0; j--) {
    const pos = qs[j] * (n - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(lo + 1, n - 1);
    const upper = hi < end ? selectRank(buf, end, hi) : buf[hi];
    end = hi;
    if (lo < hi) {
      // Rank hi − 1 is the largest of the hi smallest values: one scan instead of another selection.
      moveMaxToEnd(buf, hi);
      end = lo;
    }
    const lower = buf[lo];
    // Same expression as quantileSorted, so the floating-point result is identical. Selection does not
    // order -0 and +0 as a sort does, but the expression gives +0 for any signs of zero.
    out[j] = lower + (upper - lower) * (pos - lo);
  }
}

/** Swaps the largest of buf[0..len) into buf[len − 1]. */
function moveMaxToEnd(buf: Float64Array, len: number): void {
  let at = len - 1;
  for (let i = 0; i < len - 1; i++) if (buf[i] > buf[at]) at = i;
  const max = buf[at];
  buf[at] = buf[len - 1];
  buf[len - 1] = max;
}
