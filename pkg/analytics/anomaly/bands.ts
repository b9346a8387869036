import { CLIP_WARMUP, COMPARE_CLIP } from './ensemble';
import { collectSeasonalNeighbours, neighbourCapacity, type SeasonalLags } from './seasonal';
import { MAD_TO_SIGMA, medianAndMad } from './stats';

/**
 * The user-facing baseline: an expected value and a scale per point, so that expected ± k·scale can be drawn
 * as a band. With seasonal lags it is the median of the same phase in earlier cycles and 1.4826·MAD of those
 * values (Grafana's "robust" rules draw the same thing); without, or before enough cycles exist, or while the
 * seasonal model fits worse than a plain EWMA, it is an EWMA mean ± EWMA standard deviation. Online: the
 * baseline at i uses indices < i only.
 */
export interface Baseline {
  expected: Float64Array;
  scale: Float64Array;
  /** 1 where the seasonal model supplied the baseline. */
  seasonal: Uint8Array;
  /** The same-phase median at every point (NaN where there is no earlier cycle yet), whichever model won. */
  seasonalMedian: Float64Array;
}

export interface BaselineOptions {
  alpha: number;
  /** Winsorise EWMA updates at this many standard deviations. */
  clipZ: number;
  /** EWMA weight of the mean |residual| used to compare the two models. */
  alphaCompare: number;
  /** Minimum same-phase values before the seasonal model is used. */
  minNeighbours: number;
}

export const DEFAULT_BASELINE: BaselineOptions = { alpha: 0.01, clipZ: 10, alphaCompare: 0.002, minNeighbours: 3 };

export function robustBaseline(
  values: ArrayLike<number>,
  lags: readonly SeasonalLags[],
  opts: BaselineOptions = DEFAULT_BASELINE
): Baseline {
  const n = values.length;
  const expected = new Float64Array(n).fill(Number.NaN);
  const scale = new Float64Array(n).fill(Number.NaN);
  const seasonal = new Uint8Array(n);
  const seasonalMedian = new Float64Array(n).fill(Number.NaN);
  const buf = new Float64Array(Math.max(1, neighbourCapacity(lags)));
  const pair = new Float64Array(2);
  let mean = Number.NaN;
  let variance = 0;
  let prev = Number.NaN;
  let count = 0;
  let quantum = Number.POSITIVE_INFINITY;
  let seasonalAbs = Number.NaN;
  let ewmaAbs = Number.NaN;

  for (let i = 0; i < n; i++) {
    const x = values[i];
    const finite = Number.isFinite(x);
    const floor = Math.max(quantum === Number.POSITIVE_INFINITY ? 0 : 0.5 * quantum, 1e-9 * (Math.abs(mean || 0) + 1));
    const sdE = Math.max(Math.sqrt(variance), floor);
    let sExp = Number.NaN;
    let sScale = Number.NaN;
    if (lags.length) {
      const m = collectSeasonalNeighbours(values, i, lags, buf);
      if (m > 0) {
        medianAndMad(buf, m, pair);
        seasonalMedian[i] = pair[0];
        if (m >= opts.minNeighbours) {
          sExp = pair[0];
          sScale = Math.max(MAD_TO_SIGMA * pair[1], floor);
        }
      }
    }
    const useSeasonal = sExp === sExp && (seasonalAbs !== seasonalAbs || seasonalAbs <= ewmaAbs);
    if (useSeasonal) {
      expected[i] = sExp;
      scale[i] = sScale;
      seasonal[i] = 1;
    } else if (mean === mean) {
      expected[i] = mean;
      scale[i] = sdE;
    }
    if (!finite) continue;

    // Model comparison and EWMA updates after the baseline for i is fixed.
    if (sExp === sExp && mean === mean) {
      const r = Math.abs(x - sExp);
      const e = Math.abs(x - mean);
      if (seasonalAbs !== seasonalAbs) {
        seasonalAbs = r;
        ewmaAbs = e;
      } else {
        seasonalAbs += opts.alphaCompare * (Math.min(r, COMPARE_CLIP * seasonalAbs) - seasonalAbs);
        ewmaAbs += opts.alphaCompare * (Math.min(e, COMPARE_CLIP * ewmaAbs) - ewmaAbs);
      }
    }
    if (mean !== mean) {
      mean = x;
    } else {
      const clip = count > CLIP_WARMUP ? opts.clipZ * sdE : Number.POSITIVE_INFINITY;
      const dev = x - mean;
      const devU = dev > clip ? clip : dev < -clip ? -clip : dev;
      const incr = opts.alpha * devU;
      mean += incr;
      variance = (1 - opts.alpha) * (variance + devU * incr);
    }
    if (prev === prev) {
      const d = Math.abs(x - prev);
      if (d > 0 && d < quantum) quantum = d;
    }
    prev = x;
    count++;
  }
  return { expected, scale, seasonal, seasonalMedian };
}
