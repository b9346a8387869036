import {
  MAD_TO_SIGMA as MAD_TO_SIGMA_IMPORTED,
  median3 as median3Imported,
  median3In as median3InImported,
  medianAndMad,
  medianInPlace,
  median5 as median5Imported,
  medianOfCycles as medianOfCyclesImported,
} from './stats';

// Hot helpers copied into module constants once: when modules are loaded one by one (tsx, vitest) every use
// of an imported binding goes through a getter, which V8 does not inline (bundled builds are unaffected).
const median3 = median3Imported;
const median3In = median3InImported;
const median5 = median5Imported;
const medianOfCycles = medianOfCyclesImported;
const MAD_TO_SIGMA = MAD_TO_SIGMA_IMPORTED;

/** The band's scale is recomputed every SCALE_STRIDE points (a power of two) and held in between. */
const SCALE_STRIDE = 8;
const SCALE_MASK = SCALE_STRIDE - 1;
/** Indices per call of a hot loop (see seasonalProfile). */
const BLOCK = 4096;

/** One scratch per cycle for `absDevMedian3In`, so the five deviations' medians run side by side. */
const DEV_SCRATCH_1 = new Float64Array(6);
const DEV_SCRATCH_2 = new Float64Array(6);
const DEV_SCRATCH_3 = new Float64Array(6);
const DEV_SCRATCH_4 = new Float64Array(6);
const DEV_SCRATCH_5 = new Float64Array(6);

/**
 * Robust seasonal baseline on a regular grid: the expected value at index i is the median of the values at
 * the same phase in earlier cycles (i − k·period + j for k = 1..cycles, |j| ≤ halfWidth), so one odd day
 * cannot move it. Only indices < i are read (online). Missing (NaN) values are skipped.
 */
export interface SeasonalLags {
  /** Cycle length in grid steps (e.g. 288 for one day of 5-minute samples). */
  period: number;
  /** How many earlier cycles to look back. */
  cycles: number;
  /** Neighbouring phases on each side to include (tolerates small phase jitter). */
  halfWidth: number;
}

/** Fills buf with the past same-phase values for index i; returns how many were written. */
export function collectSeasonalNeighbours(
  values: ArrayLike<number>,
  i: number,
  lags: readonly SeasonalLags[],
  buf: Float64Array
): number {
  let n = 0;
  for (const { period, cycles, halfWidth } of lags) {
    for (let k = 1; k <= cycles; k++) {
      const centre = i - k * period;
      if (centre - halfWidth < 0) break;
      for (let j = -halfWidth; j <= halfWidth; j++) {
        const idx = centre + j;
        // Never read the current point or the future, even with a wide half-width.
        if (idx >= i) continue;
        const v = values[idx];
        if (v === v && n < buf.length) buf[n++] = v;
      }
    }
  }
  return n;
}

/** Capacity a neighbour buffer needs for these lags. */
export function neighbourCapacity(lags: readonly SeasonalLags[]): number {
  return lags.reduce((a, l) => a + l.cycles * (2 * l.halfWidth + 1), 0);
}

/**
 * Same-phase baseline for every index: `median[i]` is the robust expected value at i from earlier cycles and
 * `scale[i]` (when asked for) 1.4826 × their median absolute deviation; NaN where no earlier cycle exists.
 */
export interface SeasonalProfile {
  median: Float64Array;
  scale: Float64Array | null;
}

/**
 * Fast path for the lags the detector uses (one period, ±1 phase step, 3 or 5 cycles): the median of the
 * per-cycle medians of three ("median of medians") over the cycles available so far (1 to `cycles`; two or
 * four per-cycle medians average their middle pair), and likewise for the absolute deviations. It has the
 * same breakdown as the plain median of all 3·cycles values (up to two whole odd days of five, and one stray
 * point in each day), the same population median (for odd group sizes the median of medians is
 * median-unbiased), and costs a handful of branch-free min/max instead of a sort. Where a neighbour is
 * missing, and for other lags, it is the exact median and MAD of the available values.
 * Online: index i reads indices ≤ i − period + 1 < i.
 */
export function seasonalProfile(
  values: ArrayLike<number>,
  lags: readonly SeasonalLags[],
  withScale: boolean
): SeasonalProfile {
  const n = values.length;
  const median = new Float64Array(n);
  const scale = withScale ? new Float64Array(n) : null;
  fillProfile(profilePlan(values, lags), 0, n, median, 0, scale);
  return { median, scale };
}

/**
 * Same-phase medians of one series computed block by block, for a caller that consumes each block at once
 * (the ensemble's scoring loop): `fill(from, to, out)` writes the medians of indices from..to−1 into out[0..].
 * No series-long array is written and read back. Blocks must be filled before the next plan is made (plans
 * share one scratch array).
 */
export function seasonalMedianBlocks(
  values: ArrayLike<number>,
  lags: readonly SeasonalLags[]
): (from: number, to: number, out: Float64Array) => void {
  const plan = profilePlan(values, lags);
  return (from, to, out) => fillProfile(plan, from, to, out, from, null);
}

interface ProfilePlan {
  values: ArrayLike<number>;
  /** values as a Float64Array (for the hot loops). */
  grid: Float64Array;
  lags: readonly SeasonalLags[];
  /** First index with an earlier cycle. */
  first: number;
  /** First index of the fast path (the series length when the lags do not allow it). */
  fastFrom: number;
  period: number;
  cycles: number;
  /** Per-index median of three neighbours (fast path only), filled lazily up to m3FilledTo. */
  m3: Float64Array;
  m3FilledTo: number;
  buf: Float64Array;
  pair: Float64Array;
}

function profilePlan(values: ArrayLike<number>, lags: readonly SeasonalLags[]): ProfilePlan {
  const n = values.length;
  const first = lags.length ? Math.min(n, ...lags.map((l) => l.period)) : n;
  const fast =
    lags.length === 1 &&
    lags[0].period >= 2 &&
    lags[0].halfWidth === 1 &&
    (lags[0].cycles === 3 || lags[0].cycles === 5);
  const grid = values instanceof Float64Array ? values : Float64Array.from(values);
  // The fast path needs index i − period − 1 ≥ 0.
  const fastFrom = fast ? Math.min(n, lags[0].period + 1) : n;
  const m3 = fastFrom < n ? medianOf3Scratch(n) : EMPTY;
  return {
    values,
    grid,
    lags,
    first,
    fastFrom,
    period: lags.length ? lags[0].period : 0,
    cycles: lags.length ? lags[0].cycles : 0,
    m3,
    m3FilledTo: 0,
    buf: new Float64Array(Math.max(1, neighbourCapacity(lags))),
    pair: new Float64Array(2),
  };
}

/**
 * Median (and scale, when given) of indices from..to−1, written at index − off. The scale is only computed
 * for a whole series at once (off = 0): its held values are read back from the previous index.
 */
function fillProfile(
  plan: ProfilePlan,
  from: number,
  to: number,
  median: Float64Array,
  off: number,
  scale: Float64Array | null
): void {
  const { values, grid, lags, first, fastFrom, period: P, cycles, m3, buf, pair } = plan;
  const exactAt = (i: number): void => {
    const m = collectSeasonalNeighbours(values, i, lags, buf);
    if (m === 0) {
      median[i - off] = Number.NaN;
      if (scale) scale[i] = Number.NaN;
    } else if (scale) {
      medianAndMad(buf, m, pair);
      median[i] = pair[0];
      scale[i] = MAD_TO_SIGMA * pair[1];
    } else median[i - off] = medianInPlace(buf, m);
  };
  // Indices before the first cycle have no baseline.
  for (let i = from; i < Math.min(first, to); i++) {
    median[i - off] = Number.NaN;
    if (scale) scale[i] = Number.NaN;
  }
  for (let i = Math.max(from, first); i < Math.min(fastFrom, to); i++) exactAt(i);
  if (fastFrom >= to) return;
  // Medians of three up to index to − P (the newest a median here reads), filled just ahead of use so the
  // five cycles the loop reads are still in cache.
  const m3To = Math.min(values.length, to - P + 1);
  for (let c = plan.m3FilledTo; c < m3To; c += BLOCK) fillMedian3(grid, m3, c, Math.min(m3To, c + BLOCK));
  if (m3To > plan.m3FilledTo) plan.m3FilledTo = m3To;

  // The hot loops below are separate functions over Float64Arrays, called block by block: each is called many
  // times with one array type, so V8 compiles it as an ordinary optimised function instead of replacing a
  // long-running loop on the stack, whose code for these loops is up to twice as slow.
  // k = cycles with all three neighbours in range (i − k·P − 1 ≥ 0) is constant on runs of P indices, so the
  // loop runs per k instead of dividing per point; the steady state (k = 5, most of a long series) uses the
  // five-input network directly. A run stops at a missing neighbour, which gets the exact median.
  const kFirst = Math.floor((fastFrom - 1) / P);
  for (let k = Math.min(cycles, kFirst); k <= cycles; k++) {
    const runFrom = Math.max(from, k === kFirst ? fastFrom : k * P + 1);
    const runTo = Math.min(to, k === cycles ? to : (k + 1) * P + 1);
    let i = runFrom;
    while (i < runTo) {
      const end = Math.min(runTo, i + BLOCK);
      if (k !== 5) i = profileRun(grid, m3, P, k, i, end, fastFrom, median, off, scale ?? EMPTY);
      else {
        const stop = medianOf5Run(m3, P, i, end, median, off);
        if (scale) scaleOf5Run(grid, median, P, i, stop, fastFrom, scale);
        i = stop;
      }
      if (i < end) exactAt(i++);
    }
  }
}

const EMPTY = new Float64Array(0);

/**
 * Scratch for the per-cycle medians of three, reused across calls (it is only read within one call) and grown
 * to the longest series seen: a fresh array per call is zero-filled and page-faulted in for nothing.
 */
let m3Scratch = new Float64Array(0);
function medianOf3Scratch(n: number): Float64Array {
  if (m3Scratch.length < n) m3Scratch = new Float64Array(n);
  return m3Scratch;
}

/** m3[c] = median of values c−1, c, c+1 (NaN if any is missing, and at both ends); finite otherwise. */
function fillMedian3(values: Float64Array, m3: Float64Array, from: number, to: number): void {
  const last = values.length - 1;
  for (let c = from; c < to; c++) {
    if (c === 0 || c === last) {
      m3[c] = Number.NaN;
      continue;
    }
    const a = values[c - 1];
    const b = values[c];
    const d = values[c + 1];
    // + 0, or NaN when a value is missing (NaN or ±∞): no branch.
    m3[c] = median3(a, b, d) + (a - a + (b - b) + (d - d));
  }
}

/**
 * Steady state: median of the five per-cycle medians, written at i − off. Returns where a neighbour is missing
 * (or `to`).
 */
function medianOf5Run(
  m3: Float64Array,
  P: number,
  from: number,
  to: number,
  median: Float64Array,
  off: number
): number {
  const P2 = 2 * P;
  const P3 = 3 * P;
  const P4 = 4 * P;
  const P5 = 5 * P;
  for (let i = from; i < to; i++) {
    const a = m3[i - P];
    const b = m3[i - P2];
    const c = m3[i - P3];
    const d = m3[i - P4];
    const e = m3[i - P5];
    // m3 holds finite values or NaN, so the sum is NaN exactly when a neighbour is missing.
    const sum = a + b + c + d + e;
    if (sum !== sum) return i;
    median[i - off] = median5(a, b, c, d, e);
  }
  return to;
}

/**
 * The scale for indices from..to−1 whose medians `medianOf5Run` has just written: recomputed every
 * SCALE_STRIDE points and held in between. A pass of its own: folded into the median loop, V8's register
 * allocation for that loop gets much worse.
 */
function scaleOf5Run(
  values: Float64Array,
  median: Float64Array,
  P: number,
  from: number,
  to: number,
  fastFrom: number,
  scale: Float64Array
): void {
  // The scale held from the previous index (NaN = none yet, recompute).
  let held = from > fastFrom ? scale[from - 1] : Number.NaN;
  for (let i = from; i < to; i++) {
    if ((i & SCALE_MASK) === 0 || held !== held) held = scaleOf5Cycles(values, i, P, median[i]);
    scale[i] = held;
  }
}

/**
 * Median of the first k per-cycle medians (written at i − off) and, when `scale` is non-empty (then off = 0),
 * the median of their absolute deviations. Returns where a neighbour is missing (or `to`).
 */
function profileRun(
  values: Float64Array,
  m3: Float64Array,
  P: number,
  k: number,
  from: number,
  to: number,
  fastFrom: number,
  median: Float64Array,
  off: number,
  scale: Float64Array
): number {
  const withScale = scale.length > 0;
  const P2 = 2 * P;
  const P3 = 3 * P;
  const P4 = 4 * P;
  const P5 = 5 * P;
  for (let i = from; i < to; i++) {
    const a = m3[i - P];
    const b = k >= 2 ? m3[i - P2] : 0;
    const c = k >= 3 ? m3[i - P3] : 0;
    const d = k >= 4 ? m3[i - P4] : 0;
    const e = k >= 5 ? m3[i - P5] : 0;
    const sum = a + b + c + d + e;
    if (sum !== sum) return i;
    const m = medianOfCycles(k, a, b, c, d, e);
    median[i - off] = m;
    if (!withScale) continue;
    // Held between recomputations (a held value uses only older data, so this stays online).
    if (i % SCALE_STRIDE !== 0 && i > fastFrom && scale[i - 1] === scale[i - 1]) {
      scale[i] = scale[i - 1];
      continue;
    }
    const dev = medianOfCycles(
      k,
      absDevMedian3(values, i - P, m),
      k >= 2 ? absDevMedian3(values, i - P2, m) : 0,
      k >= 3 ? absDevMedian3(values, i - P3, m) : 0,
      k >= 4 ? absDevMedian3(values, i - P4, m) : 0,
      k >= 5 ? absDevMedian3(values, i - P5, m) : 0
    );
    scale[i] = MAD_TO_SIGMA * dev;
  }
  return to;
}

/**
 * 1.4826 × the median over five cycles of the per-cycle median |value − m| (three neighbours each). A function
 * of its own, called every SCALE_STRIDE points: inside the run's loop it would exceed V8's inlining budget.
 */
function scaleOf5Cycles(values: Float64Array, i: number, P: number, m: number): number {
  return (
    MAD_TO_SIGMA *
    median5(
      absDevMedian3In(DEV_SCRATCH_1, values, i - P, m),
      absDevMedian3In(DEV_SCRATCH_2, values, i - 2 * P, m),
      absDevMedian3In(DEV_SCRATCH_3, values, i - 3 * P, m),
      absDevMedian3In(DEV_SCRATCH_4, values, i - 4 * P, m),
      absDevMedian3In(DEV_SCRATCH_5, values, i - 5 * P, m)
    )
  );
}

/** Median of |values[c + j] − centre| for j = −1, 0, 1, picking through scratch s. */
function absDevMedian3In(s: Float64Array, values: Float64Array, c: number, centre: number): number {
  return median3In(s, Math.abs(values[c - 1] - centre), Math.abs(values[c] - centre), Math.abs(values[c + 1] - centre));
}

/** Median of |values[c + j] − centre| for j = −1, 0, 1. */
function absDevMedian3(values: Float64Array, c: number, centre: number): number {
  return median3(Math.abs(values[c - 1] - centre), Math.abs(values[c] - centre), Math.abs(values[c + 1] - centre));
}
