/** Small numeric helpers shared by the detectors. All pure; NaN means "missing". */

/**
 * The value of rank k (0-based, ascending) among buf[0..n); afterwards buf[0..k) holds the k smallest
 * values and buf[k] that value. A quickselect whose partition has no data-dependent branch: on noisy
 * metrics a branchy (Hoare) partition mispredicts about every other comparison and measured 2.7× slower.
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

/** Median of the first n entries of buf (reorders buf). Even n: mean of the two middle values. NaN if n = 0. */
export function medianInPlace(buf: Float64Array, n: number): number {
  if (n <= 0) return Number.NaN;
  const upper = selectRank(buf, n, n >> 1);
  if (n % 2 === 1) return upper;
  // The lower middle is the maximum of the n/2 smallest values, which selection left in front.
  let lower = buf[0];
  for (let i = 1; i < n >> 1; i++) if (buf[i] > lower) lower = buf[i];
  return (lower + upper) / 2;
}

/** Median of the finite values (does not modify the input). */
export function median(values: ArrayLike<number>): number {
  const buf = finiteValues(values);
  return medianInPlace(buf, buf.length);
}

function finiteValues(values: ArrayLike<number>): Float64Array {
  const buf = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) buf[n++] = values[i];
  return buf.subarray(0, n);
}

/** Consistency factor that makes the MAD estimate σ for Gaussian data. */
export const MAD_TO_SIGMA = 1.4826;

/** Median absolute deviation around `centre` (unscaled) of the first n entries of buf (reorders buf). */
export function madInPlace(buf: Float64Array, n: number, centre: number): number {
  for (let i = 0; i < n; i++) buf[i] = Math.abs(buf[i] - centre);
  return medianInPlace(buf, n);
}

/** Unscaled median absolute deviation of the finite values (does not modify the input). */
export function mad(values: ArrayLike<number>): number {
  const buf = finiteValues(values);
  const m = medianInPlace(buf, buf.length);
  return madInPlace(buf, buf.length, m);
}

/**
 * Upper tail probability of the standard normal, P(Z > z), via the complementary error function
 * (W. J. Cody-style rational approximation through erfc; absolute error < 1.2e-7 relative to the tail).
 */
export function normalUpperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** Complementary error function (Numerical Recipes' Chebyshev fit, fractional error < 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
    );
  return x >= 0 ? r : 2 - r;
}

/** Sorts buf[0..n) ascending in place by insertion sort: fastest for the ~15 same-phase values per point. */
export function insertionSort(buf: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const x = buf[i];
    let j = i - 1;
    while (j >= 0 && buf[j] > x) {
      buf[j + 1] = buf[j];
      j--;
    }
    buf[j + 1] = x;
  }
}

/**
 * Median and unscaled MAD of buf[0..n) (n ≥ 1) in one sort: the absolute deviations on each side of the
 * median are already ordered, so the MAD is found by merging the two sides up to the middle rank.
 * Writes [median, mad] into out. Reorders buf.
 */
export function medianAndMad(buf: Float64Array, n: number, out: Float64Array): void {
  insertionSort(buf, n);
  const h = n >> 1;
  const odd = n % 2 === 1;
  const med = odd ? buf[h] : (buf[h - 1] + buf[h]) / 2;
  // Left walks down from the median, right walks up: each yields increasing |x − med|.
  let l = h - 1;
  let r = odd ? h + 1 : h;
  let rank = 0;
  let prev = 0;
  let cur = 0;
  if (odd) rank = 1; // the median itself: deviation 0, rank 0
  while (rank <= h) {
    const dl = l >= 0 ? med - buf[l] : Number.POSITIVE_INFINITY;
    const dr = r < n ? buf[r] - med : Number.POSITIVE_INFINITY;
    prev = cur;
    if (dl <= dr) {
      cur = dl;
      l--;
    } else {
      cur = dr;
      r++;
    }
    rank++;
  }
  out[0] = med;
  // Deviations ranked h−1 and h: for odd n the rank-0 zero precedes the walk, so prev is rank h−1 when h > 1.
  out[1] = odd ? cur : (prev + cur) / 2;
}

/**
 * Branch-free order statistics. V8 compiles Math.min/max and float ternaries to branches, which on noisy data
 * mispredict about half the time; indexing a two-slot scratch array with the comparison result (0 or 1)
 * picks the same value without a branch. The callers' inputs are finite (check for NaN before calling):
 * with a NaN the result is one of the inputs, not NaN.
 */
const PICK = new Float64Array(2);

/** 1 if a > b else 0, as a flag-to-integer conversion (setcc) rather than a branch. */
function gt(a: number, b: number): number {
  return ((a > b) as unknown as number) | 0;
}

/** min(a, b) without a branch (finite inputs). */
export function minOf(a: number, b: number): number {
  PICK[0] = a;
  PICK[1] = b;
  return PICK[gt(a, b)];
}

/** max(a, b) without a branch (finite inputs). */
export function maxOf(a: number, b: number): number {
  PICK[0] = a;
  PICK[1] = b;
  return PICK[gt(b, a)];
}

/**
 * Scratch for the median networks: every comparison gets its own pair of slots, so the CPU need not wait for
 * one pick's store before the next independent one (they would otherwise serialise on PICK).
 */
const NET = new Float64Array(16);

/** Median of three finite values without a branch. */
export function median3(a: number, b: number, c: number): number {
  return median3In(NET, a, b, c);
}

/**
 * `median3` picking through the caller's scratch (six slots): independent medians computed side by side
 * each get their own, so their picks do not wait on each other's stores.
 */
export function median3In(s: Float64Array, a: number, b: number, c: number): number {
  s[0] = a;
  s[1] = b;
  const k = gt(a, b);
  const lo = s[k];
  const hi = s[1 - k];
  s[2] = hi;
  s[3] = c;
  const m = s[2 + gt(hi, c)]; // min(hi, c)
  s[4] = lo;
  s[5] = m;
  return s[4 + gt(m, lo)]; // max(lo, m)
}

/** Median of five finite values without a branch (the classic 6-comparison network plus a median of three). */
export function median5(a: number, b: number, c: number, d: number, e: number): number {
  const s = NET;
  s[6] = a;
  s[7] = b;
  const k1 = gt(a, b);
  const lo1 = s[6 + k1];
  const hi1 = s[7 - k1];
  s[8] = c;
  s[9] = d;
  const k2 = gt(c, d);
  const lo2 = s[8 + k2];
  const hi2 = s[9 - k2];
  s[10] = lo1;
  s[11] = lo2;
  const f = s[10 + gt(lo2, lo1)]; // max(lo1, lo2)
  s[12] = hi1;
  s[13] = hi2;
  const g = s[12 + gt(hi1, hi2)]; // min(hi1, hi2)
  return median3(e, f, g);
}

/** Median of the first k (1–5) of a..e, finite, without a sort; even k averages the middle pair. */
export function medianOfCycles(k: number, a: number, b: number, c: number, d: number, e: number): number {
  if (k >= 5) return median5(a, b, c, d, e);
  if (k === 3) return median3(a, b, c);
  if (k === 1) return a;
  if (k === 2) return (a + b) / 2;
  // k = 4: the middle pair is max of the two pair minima and min of the two pair maxima.
  return (maxOf(minOf(a, b), minOf(c, d)) + minOf(maxOf(a, b), maxOf(c, d))) / 2;
}
