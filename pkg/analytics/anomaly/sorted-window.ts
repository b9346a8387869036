/** Values a wide window's push moves one by one before it moves the rest with one copyWithin. */
const SHORT_MOVE = 32;
/** Windows wider than this are wide (a one-hour window at 1-minute steps, 60 values, is not). */
const WIDE_WINDOW = 128;

/**
 * The last `capacity` accepted values of a series, kept both in arrival order (to evict the oldest) and
 * sorted (so the median and quartiles are read in O(1)). When full, a push replaces the oldest value in one
 * move: a binary search finds it, and the values between it and the new value's place shift by one (on
 * average a third of the window, in a loop the branch predictor follows, where a remove and an insert each
 * cost a mispredicted binary search and a `copyWithin` call). The sorted contents are exactly those of a
 * remove followed by an insert.
 */
export class SortedWindow {
  private readonly ring: Float64Array;
  private readonly sorted: Float64Array;
  private head = 0;
  private size = 0;
  /** Where the quantiles `probes` asks for fall for `probedSize` values: order statistics and weights. */
  private readonly probes: Float64Array;
  private readonly probeLo: Int32Array;
  private readonly probeHi: Int32Array;
  private readonly probeF: Float64Array;
  private probedSize = -1;
  /** Long moves are likely (a wide window): past SHORT_MOVE values they are done by copyWithin. */
  private readonly wide: boolean;

  /** `probes`: quantiles read together by `probeInto`, in that order (their positions are kept per size). */
  constructor(
    readonly capacity: number,
    probes: readonly number[] = []
  ) {
    if (!(Number.isInteger(capacity) && capacity > 0)) throw new RangeError(`window capacity must be a positive integer, got ${capacity}`);
    this.ring = new Float64Array(capacity);
    this.sorted = new Float64Array(capacity);
    this.wide = capacity > WIDE_WINDOW;
    this.probes = Float64Array.from(probes);
    this.probeLo = new Int32Array(probes.length);
    this.probeHi = new Int32Array(probes.length);
    this.probeF = new Float64Array(probes.length);
  }

  get count(): number {
    return this.size;
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
  }

  /** Adds a finite value, evicting the oldest when full. */
  push(x: number): void {
    if (this.size === this.capacity) {
      const oldest = this.ring[this.head];
      this.ring[this.head] = x;
      this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
      if (this.wide) this.replaceSortedWide(oldest, x);
      else this.replaceSorted(oldest, x);
    } else {
      let slot = this.head + this.size;
      if (slot >= this.capacity) slot -= this.capacity;
      this.ring[slot] = x;
      this.insertSorted(x);
    }
  }

  /** Quantile p in [0, 1] with linear interpolation between order statistics; NaN when empty. */
  quantile(p: number): number {
    const n = this.size;
    if (n === 0) return Number.NaN;
    const pos = p * (n - 1);
    const lo = Math.floor(pos);
    const hi = lo + 1 < n ? lo + 1 : lo;
    const f = pos - lo;
    return this.sorted[lo] + (this.sorted[hi] - this.sorted[lo]) * f;
  }

  median(): number {
    return this.quantile(0.5);
  }

  /**
   * Writes the constructor's probe quantiles to out[at], out[at + 1], …: the same values as `quantile(p)` for
   * each, with the interpolation positions worked out once per window size (a full window keeps its size).
   */
  probeInto(out: Float64Array, at: number): void {
    const n = this.size;
    const k = this.probes.length;
    if (n === 0) {
      for (let j = 0; j < k; j++) out[at + j] = Number.NaN;
      return;
    }
    if (n !== this.probedSize) {
      for (let j = 0; j < k; j++) {
        const pos = this.probes[j] * (n - 1);
        const lo = Math.floor(pos);
        this.probeLo[j] = lo;
        this.probeHi[j] = lo + 1 < n ? lo + 1 : lo;
        this.probeF[j] = pos - lo;
      }
      this.probedSize = n;
    }
    const s = this.sorted;
    const lo = this.probeLo;
    const hi = this.probeHi;
    const f = this.probeF;
    for (let j = 0; j < k; j++) {
      const a = s[lo[j]];
      out[at + j] = a + (s[hi[j]] - a) * f[j];
    }
  }

  /** Copies the values in ascending order. */
  sortedCopy(): Float64Array {
    return this.sorted.slice(0, this.size);
  }

  /** Copies the window (arrival order preserved) so it can be restored later. */
  snapshot(): Float64Array {
    const out = new Float64Array(this.size);
    for (let k = 0; k < this.size; k++) {
      let slot = this.head + k;
      if (slot >= this.capacity) slot -= this.capacity;
      out[k] = this.ring[slot];
    }
    return out;
  }

  /** Replaces the contents with `values` (oldest first; only the last `capacity` are kept). */
  restore(values: ArrayLike<number>): void {
    this.clear();
    const from = Math.max(0, values.length - this.capacity);
    for (let k = from; k < values.length; k++) this.push(values[k]);
  }

  /** Inserts x after every value ≤ x, shifting the larger ones up from the end. */
  private insertSorted(x: number): void {
    const s = this.sorted;
    let i = this.size;
    while (i > 0 && s[i - 1] > x) {
      s[i] = s[i - 1];
      i--;
    }
    s[i] = x;
    this.size++;
  }

  /**
   * Removes the first value equal to `old` (every pushed value is finite, so it is present) and inserts x
   * after every remaining value ≤ x: the values in between move one place towards the freed slot.
   */
  private replaceSorted(old: number, x: number): void {
    const s = this.sorted;
    const n = this.size;
    let i = firstNotBelow(s, n, old);
    if (old <= x) {
      while (i + 1 < n && s[i + 1] <= x) {
        s[i] = s[i + 1];
        i++;
      }
    } else {
      while (i > 0 && s[i - 1] > x) {
        s[i] = s[i - 1];
        i--;
      }
    }
    s[i] = x;
  }

  /** As replaceSorted, for a wide window: the rest of a long move found by binary search and done by copyWithin. */
  private replaceSortedWide(old: number, x: number): void {
    const s = this.sorted;
    const n = this.size;
    let i = firstNotBelow(s, n, old);
    if (old <= x) {
      const stop = i + SHORT_MOVE < n - 1 ? i + SHORT_MOVE : n - 1;
      while (i < stop && s[i + 1] <= x) {
        s[i] = s[i + 1];
        i++;
      }
      if (i === stop && i + 1 < n && s[i + 1] <= x) {
        // The first value above x after i + 1.
        let lo = i + 2;
        let hi = n;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (s[mid] <= x) lo = mid + 1;
          else hi = mid;
        }
        s.copyWithin(i, i + 1, lo);
        i = lo - 1;
      }
    } else {
      const stop = i - SHORT_MOVE > 0 ? i - SHORT_MOVE : 0;
      while (i > stop && s[i - 1] > x) {
        s[i] = s[i - 1];
        i--;
      }
      if (i === stop && i > 0 && s[i - 1] > x) {
        // The first value above x before i − 1.
        let lo = 0;
        let hi = i - 1;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (s[mid] <= x) lo = mid + 1;
          else hi = mid;
        }
        s.copyWithin(lo + 1, lo, i);
        i = lo;
      }
    }
    s[i] = x;
  }
}

/**
 * The first index of s[0..n) (ascending, n ≥ 1) whose value is not below x, by a search whose steps are
 * arithmetic, not jumps: which way each step goes is a coin toss for the branch predictor.
 */
function firstNotBelow(s: Float64Array, n: number, x: number): number {
  let i = 0;
  for (let len = n; len > 1; ) {
    const half = len >>> 1;
    i += half * +(s[i + half] < x);
    len -= half;
  }
  return i + +(s[i] < x);
}
