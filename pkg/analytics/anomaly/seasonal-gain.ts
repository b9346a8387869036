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
  const plainMedians: number[] = [];
  const residMedians: number[] = [];
  let errPlain = 0;
  let errResid = 0;
  let n = 0;
  const plain: number[] = [];
  const resid: number[] = [];
  for (let start = from - 2 * window, k = 0; start < to; start += window, k++) {
    plain.length = 0;
    resid.length = 0;
    for (let j = Math.max(0, start); j < Math.min(start + window, to); j++) {
      const v = x[j];
      const s = seasonal[j];
      if (v !== v || s !== s) continue;
      if (j >= from && k >= 2 && plainMedians[k - 2] === plainMedians[k - 2]) {
        errPlain += Math.abs(v - plainMedians[k - 2]);
        errResid += Math.abs(v - s - residMedians[k - 2]);
        n++;
      }
      plain.push(v);
      resid.push(v - s);
    }
    plainMedians.push(median(plain));
    residMedians.push(median(resid));
  }
  if (n === 0) return Number.POSITIVE_INFINITY;
  if (errPlain === 0) return errResid === 0 ? 1 : Number.POSITIVE_INFINITY;
  return errResid / errPlain;
}

function median(xs: number[]): number {
  if (xs.length === 0) return Number.NaN;
  xs.sort((a, b) => a - b);
  const m = xs.length >> 1;
  return xs.length % 2 ? xs[m] : (xs[m - 1] + xs[m]) / 2;
}
