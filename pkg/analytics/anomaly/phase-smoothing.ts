import { SortedWindow } from './sorted-window';

/**
 * How far around a phase the operations detector reads earlier days, in time (its daily profile and its
 * time-of-day rule). A latency quantile read from a histogram wobbles from one scrape to the next by a
 * bucket; the median of two or three earlier days at one exact scrape keeps that wobble, and one stray
 * scrape yesterday would count as "a peak at this time of day". The median over a few minutes around the
 * phase keeps the day's shape (hours long) and drops the wobble. Features shorter than this (a 1-minute cron
 * spike) are not learned.
 */
export const PHASE_SMOOTHING_MS = 150_000;

/** Neighbours on each side of a phase at this step: 0 where one step already spans the smoothing. */
export function phaseHalfWidth(stepMs: number): number {
  return Math.max(0, Math.round(PHASE_SMOOTHING_MS / stepMs));
}

/**
 * Centred running median of `x` over `halfWidth` points on each side (missing values skipped; where a gap
 * leaves none, NaN). Index j reads x[j − halfWidth .. j + halfWidth] (the first points a shorter window, the
 * last `halfWidth` the last full one): callers must only use it where those are in the past (a daily
 * profile reads j = i − period, a day before the point it predicts).
 */
export function centredRunningMedian(x: ArrayLike<number>, halfWidth: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(n).fill(Number.NaN);
  if (halfWidth <= 0) {
    for (let j = 0; j < n; j++) out[j] = x[j];
    return out;
  }
  const width = 2 * halfWidth + 1;
  // The window holds the present values of x[k − width + 1 .. k]: a missing value evicts nothing, so after
  // a gap it may reach a little further back (gaps are rare on a regular grid; the profile only needs a level).
  const win = new SortedWindow(width);
  for (let k = 0; k < n + halfWidth; k++) {
    if (k < n) {
      const v = x[k];
      if (v === v) win.push(v);
    }
    const j = k - halfWidth;
    if (j >= 0 && win.count > 0) out[j] = win.median();
  }
  return out;
}
