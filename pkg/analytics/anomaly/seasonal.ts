import { medianInPlace } from './stats';

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
