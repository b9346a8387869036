import { medianInPlace } from './stats';

/**
 * Whether removing the same-phase median of earlier cycles makes a series easier to predict, judged on the
 * points [from, to): the mean absolute error of a baseline one to two windows old (the median of the block
 * of `window` points before the previous block: how far a band falls behind on a diurnal ramp), for the
 * values themselves against the residuals (value − seasonal). A daily batch job at 02:00 or a sharp morning
 * ramp gains; a series whose bursts come at varying times loses (the seasonal median puts a burst where
 * there is none today, and its absence looks like an incident). Block medians, not a sliding one: this runs
 * once per cycle per series and must stay cheap. Only points before `to` are read.
 */
export function seasonalErrorRatio(x: ArrayLike<number>, seasonal: ArrayLike<number>, from: number, to: number, window: number): number {
  // Medians of the two previous blocks (NaN = none), and one block's values in scratch arrays: the medians are
  // selected in place (stats.ts), not sorted, and no array grows per point.
  let plainPrev2 = Number.NaN;
  let plainPrev1 = Number.NaN;
  let residPrev2 = Number.NaN;
  let residPrev1 = Number.NaN;
  let errPlain = 0;
  let errResid = 0;
  let n = 0;
  const plain = new Float64Array(window);
  const resid = new Float64Array(window);
  for (let start = from - 2 * window, k = 0; start < to; start += window, k++) {
    let m = 0;
    // The block two back is the baseline of this one (none for the first two blocks).
    const scored = k >= 2 && plainPrev2 === plainPrev2;
    for (let j = Math.max(0, start); j < Math.min(start + window, to); j++) {
      const v = x[j];
      const s = seasonal[j];
      if (v !== v || s !== s) continue;
      if (j >= from && scored) {
        errPlain += Math.abs(v - plainPrev2);
        errResid += Math.abs(v - s - residPrev2);
        n++;
      }
      plain[m] = v;
      resid[m] = v - s;
      m++;
    }
    plainPrev2 = plainPrev1;
    residPrev2 = residPrev1;
    plainPrev1 = medianInPlace(plain, m);
    residPrev1 = medianInPlace(resid, m);
  }
  if (n === 0) return Number.POSITIVE_INFINITY;
  if (errPlain === 0) return errResid === 0 ? 1 : Number.POSITIVE_INFINITY;
  return errResid / errPlain;
}
