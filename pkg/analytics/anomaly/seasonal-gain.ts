import { SortedWindow } from './sorted-window';

/**
 * Whether removing the same-phase median of earlier cycles makes a series easier to predict, judged on the
 * points [from, to): the mean absolute error of a `window`-point median of the values themselves, ending
 * `lag` points before the point it predicts, against that of the residuals (value − seasonal). A daily batch job at 02:00 or a sharp morning ramp
 * gains; a series whose bursts come at varying times loses (the seasonal median puts a burst where there is
 * none today, and its absence looks like an incident). Only points before `to` are read.
 */
export function seasonalErrorRatio(x: ArrayLike<number>, seasonal: ArrayLike<number>, from: number, to: number, window: number, lag = 0): number {
  const plain = new SortedWindow(window);
  const resid = new SortedWindow(window);
  let errPlain = 0;
  let errResid = 0;
  let n = 0;
  for (let j = Math.max(0, from - window - lag); j < to; j++) {
    const v = x[j];
    const s = seasonal[j];
    if (j >= from && v === v && s === s && plain.count === window) {
      errPlain += Math.abs(v - plain.median());
      errResid += Math.abs(v - s - resid.median());
      n++;
    }
    // The baselines lag `lag` points behind the point they predict.
    const k = j - lag;
    if (k < 0) continue;
    const vk = x[k];
    const sk = seasonal[k];
    if (vk !== vk || sk !== sk) continue;
    plain.push(vk);
    resid.push(vk - sk);
  }
  if (n === 0) return Number.POSITIVE_INFINITY;
  if (errPlain === 0) return errResid === 0 ? 1 : Number.POSITIVE_INFINITY;
  return errResid / errPlain;
}
