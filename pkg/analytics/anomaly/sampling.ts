import { medianInPlace } from './stats';

const DAY_MS = 86_400_000;

/** Sampling interval (ms) as the median positive difference of consecutive timestamps; NaN if < 2 points. */
export function inferStepMs(timestamps: ArrayLike<number>): number {
  const diffs = new Float64Array(Math.max(0, timestamps.length - 1));
  let m = 0;
  // A perfectly regular series (what a range query returns) has its median at hand: no selection.
  let regular = true;
  for (let i = 1; i < timestamps.length; i++) {
    const d = timestamps[i] - timestamps[i - 1];
    if (d > 0 && d - d === 0) {
      diffs[m++] = d;
      if (d !== diffs[0]) regular = false;
    } else regular = false;
  }
  return regular && m > 0 ? diffs[0] : medianInPlace(diffs, m);
}

/**
 * Daily cycle length in samples for a step, or 0 when a day holds fewer than 4 samples (no usable daily
 * phase). Rounded, so steps that do not divide a day exactly still get the nearest cycle.
 */
export function dailyPeriod(stepMs: number): number {
  if (!(stepMs > 0)) return 0;
  const p = Math.round(DAY_MS / stepMs);
  return p >= 4 ? p : 0;
}
