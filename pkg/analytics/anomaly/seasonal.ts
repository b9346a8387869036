import {
  MAD_TO_SIGMA,
  median3 as median3Imported,
  medianAndMad,
  medianInPlace,
  median5 as median5Imported,
  medianOfCycles as medianOfCyclesImported,
} from './stats';

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

/** Median of past same-phase values at index i, or NaN when fewer than minCount exist. */
export function seasonalMedianAt(
  values: ArrayLike<number>,
  i: number,
  lags: readonly SeasonalLags[],
  buf: Float64Array,
  minCount = 1
): number {
  const n = collectSeasonalNeighbours(values, i, lags, buf);
  return n >= minCount ? medianInPlace(buf, n) : Number.NaN;
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
  const median = new Float64Array(n).fill(Number.NaN);
  const scale = withScale ? new Float64Array(n).fill(Number.NaN) : null;
  if (lags.length === 0) return { median, scale };
  // Imported hot helpers as locals, so V8 inlines them also when modules are loaded one by one (see ensemble.ts).
  const median3 = median3Imported;
  const medianOfCycles = medianOfCyclesImported;
  const median5 = median5Imported;
  const buf = new Float64Array(Math.max(1, neighbourCapacity(lags)));
  const pair = new Float64Array(2);
  const first = Math.min(...lags.map((l) => l.period));
  const fast =
    lags.length === 1 &&
    lags[0].period >= 2 &&
    lags[0].halfWidth === 1 &&
    (lags[0].cycles === 3 || lags[0].cycles === 5);
  const P = lags[0].period;
  const cycles = lags[0].cycles;
  // The fast path needs index i − period − 1 ≥ 0.
  const fastFrom = fast ? P + 1 : n;

  const exactAt = (i: number): void => {
    const m = collectSeasonalNeighbours(values, i, lags, buf);
    if (m === 0) return;
    if (scale) {
      medianAndMad(buf, m, pair);
      median[i] = pair[0];
      scale[i] = MAD_TO_SIGMA * pair[1];
    } else median[i] = medianInPlace(buf, m);
  };

  for (let i = first; i < Math.min(fastFrom, n); i++) exactAt(i);
  if (fastFrom >= n) return { median, scale };

  // m3[c] = median of values c−1, c, c+1 (NaN if any is missing).
  const m3 = new Float64Array(n);
  m3[0] = Number.NaN;
  m3[n - 1] = Number.NaN;
  for (let c = 1; c < n - 1; c++) {
    const a = values[c - 1];
    const b = values[c];
    const d = values[c + 1];
    m3[c] = a - a + (b - b) + (d - d) === 0 ? median3(a, b, d) : Number.NaN;
  }
  const P2 = 2 * P;
  const P3 = 3 * P;
  const P4 = 4 * P;
  const P5 = 5 * P;
  // k = cycles with all three neighbours in range (i − k·P − 1 ≥ 0) is constant on runs of P indices, so the
  // loop runs per k instead of dividing per point; the steady state (k = 5, most of a long series) calls the
  // five-input network directly.
  for (let k = Math.min(cycles, Math.floor((fastFrom - 1) / P)); k <= cycles; k++) {
    const from = k === Math.floor((fastFrom - 1) / P) ? fastFrom : k * P + 1;
    const to = k === cycles ? n : Math.min(n, (k + 1) * P + 1);
    if (k === 5 && !scale) {
      for (let i = from; i < to; i++) {
        const a = m3[i - P];
        const b = m3[i - P2];
        const c = m3[i - P3];
        const d = m3[i - P4];
        const e = m3[i - P5];
        if (a + b + c + d + e - (a + b + c + d + e) === 0) median[i] = median5(a, b, c, d, e);
        else exactAt(i); // a missing value among the neighbours
      }
      continue;
    }
    for (let i = from; i < to; i++) {
      const a = m3[i - P];
      const b = k >= 2 ? m3[i - P2] : 0;
      const c = k >= 3 ? m3[i - P3] : 0;
      const d = k >= 4 ? m3[i - P4] : 0;
      const e = k >= 5 ? m3[i - P5] : 0;
      if (!(a + b + c + d + e - (a + b + c + d + e) === 0)) {
        exactAt(i); // a missing value among the neighbours
        continue;
      }
      const m = medianOfCycles(k, a, b, c, d, e);
      median[i] = m;
      // The band's scale changes slowly along the cycle, so it is recomputed every SCALE_STRIDE points and
      // held in between (a held value uses only older data, so this stays online).
      if (scale) {
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
    }
  }
  return { median, scale };
}

const SCALE_STRIDE = 8;

/** Median of |values[c + j] − centre| for j = −1, 0, 1. */
function absDevMedian3(values: ArrayLike<number>, c: number, centre: number): number {
  return median3Imported(
    Math.abs(values[c - 1] - centre),
    Math.abs(values[c] - centre),
    Math.abs(values[c + 1] - centre)
  );
}
