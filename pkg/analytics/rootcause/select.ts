// Quantiles by selection instead of sorting: sorting every series dominated the analysis (500 series
// × 1,000 points), while a selection per quantile costs O(n). The results are exactly those of
// quantileSorted() on a sorted copy.

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

/**
 * The value of rank k (0-based, ascending) among buf[0..n); afterwards buf[0..k) holds the k smallest
 * values and buf[k] that value. A quickselect whose partition has no data-dependent branch: on noisy
 * metrics a branchy partition (as in anomaly/stats.ts) mispredicts about every other comparison and
 * measured 2.7× slower.
 */
export function selectRank(buf: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n;
  // Pivot: median of three pseudo-random positions (fixed seed, so runs repeat). Fixed positions
  // (first, middle, last) are defeated by ordered input: a descending ramp took one round per value.
  let seed = 1;
  // Past about 6n values visited, sort what is left: O(n log n) at worst whatever the input.
  let budget = 6 * n;
  while (hi - lo > 1) {
    budget -= hi - lo;
    if (budget < 0) {
      buf.subarray(lo, hi).sort();
      break;
    }
    const span = hi - lo;
    const a = buf[lo + pick((seed = nextSeed(seed)), span)];
    const b = buf[lo + pick((seed = nextSeed(seed)), span)];
    const pivot = median3(a, b, buf[lo + pick((seed = nextSeed(seed)), span)]);
    // Values below the pivot to the front: `+(v < pivot)` compiles to a flag, not a jump.
    let below = lo;
    for (let i = lo; i < hi; i++) {
      const v = buf[i];
      buf[i] = buf[below];
      buf[below] = v;
      below += +(v < pivot);
    }
    if (k < below) {
      hi = below;
      continue;
    }
    if (below > lo) {
      lo = below;
      continue;
    }
    // The pivot is the smallest value left: move the values equal to it to the front, so the range
    // still shrinks (and a run of equal values, a flat baseline, ends here).
    let equal = below;
    for (let i = below; i < hi; i++) {
      const v = buf[i];
      buf[i] = buf[equal];
      buf[equal] = v;
      equal += +(v <= pivot);
    }
    if (k < equal) return buf[k];
    lo = equal;
  }
  return buf[k];
}

/** 32-bit LCG step in int32 arithmetic. */
function nextSeed(x: number): number {
  return (Math.imul(x, 1103515245) + 12345) | 0;
}

/** An index in [0, span) from the high bits of the seed (an LCG's low bits repeat quickly). */
function pick(seed: number, span: number): number {
  return Math.floor(((seed >>> 0) / 4294967296) * span);
}

function median3(a: number, b: number, c: number): number {
  if (a < b) return b < c ? b : a < c ? c : a;
  return a < c ? a : b < c ? c : b;
}
