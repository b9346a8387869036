// Robust statistics for BARO's RobustScorer (Pham et al., FSE'24): fit median and IQR on the
// pre-incident window, score = max |x − median| / IQR over the incident window. The IQR gets a floor
// so flat baselines (a counter stuck at 0, a constant gauge) do not give infinite scores.
import type { MovementScore, SignalSeries, TimeWindow } from './types';

/** Quantile of an ascending array with linear interpolation (numpy's default); NaN when empty. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export interface RobustFit {
  median: number;
  q1: number;
  q3: number;
  iqr: number;
  count: number;
}

/** Median and interquartile range of the finite values; null when there are none. */
export function robustFit(values: Iterable<number | null>): RobustFit | null {
  const list: number[] = [];
  for (const v of values) if (v !== null && Number.isFinite(v)) list.push(v);
  if (list.length === 0) return null;
  // Typed-array sort is numeric and several times faster than Array#sort with a comparator.
  return fitSorted(Float64Array.from(list).sort());
}

function fitSorted(xs: Float64Array): RobustFit {
  const q1 = quantileSorted(xs, 0.25);
  const q3 = quantileSorted(xs, 0.75);
  return { median: quantileSorted(xs, 0.5), q1, q3, iqr: q3 - q1, count: xs.length };
}

export interface ScoreOptions {
  /** Baseline starts here (default: the series' first point). The baseline ends at window.start. */
  baselineStart?: number;
  /** Deviation (in scale units) that counts as "moved" for the first-deviation time. Default 3. */
  threshold?: number;
  /** Scale floor relative to |median|. Default 0.01. */
  relativeFloor?: number;
  /** Absolute scale floor when the series has no `minScale`. Default 1e-9. */
  absoluteFloor?: number;
  /** Fewest baseline points needed to score. Default 3. */
  minBaselinePoints?: number;
}

/**
 * Scores one series against an incident window. Returns null when there is not enough baseline or
 * no incident data (a series that appears only during the incident is handled by the caller).
 */
export function scoreMovement(series: SignalSeries, window: TimeWindow, opts: ScoreOptions = {}): MovementScore | null {
  const threshold = opts.threshold ?? 3;
  const baselineStart = opts.baselineStart ?? -Infinity;
  const { times, values } = series;
  const baseBuf = new Float64Array(times.length);
  const incT: number[] = [];
  const incV: number[] = [];
  let nBase = 0;
  for (let i = 0; i < times.length; i++) {
    const v = values[i];
    if (v === null || !Number.isFinite(v)) continue;
    const t = times[i];
    if (t >= baselineStart && t < window.start) baseBuf[nBase++] = v;
    else if (t >= window.start && t <= window.end) {
      incT.push(t);
      incV.push(v);
    }
  }
  if (nBase < (opts.minBaselinePoints ?? 3) || incV.length === 0) return null;
  const fit = fitSorted(baseBuf.subarray(0, nBase).sort());
  const floor = Math.max(
    series.minScale ?? opts.absoluteFloor ?? 1e-9,
    (opts.relativeFloor ?? 0.01) * Math.abs(fit.median)
  );
  const scale = Math.max(fit.iqr, floor);
  let peak = 0;
  for (let i = 1; i < incV.length; i++) {
    if (Math.abs(incV[i] - fit.median) > Math.abs(incV[peak] - fit.median)) peak = i;
  }
  const signedPeak = incV[peak] - fit.median;
  const direction = signedPeak < 0 ? 'down' : 'up';
  let firstDeviation: number | null = null;
  for (let i = 0; i < incV.length; i++) {
    const d = (incV[i] - fit.median) / scale;
    if ((direction === 'up' ? d : -d) >= threshold) {
      firstDeviation = incT[i];
      break;
    }
  }
  const sortedInc = Float64Array.from(incV).sort();
  return {
    signal: series.signal,
    labels: series.labels,
    score: Math.abs(signedPeak) / scale,
    direction,
    baselineMedian: fit.median,
    scale,
    peakValue: incV[peak],
    peakTime: incT[peak],
    incidentMedian: quantileSorted(sortedInc, 0.5),
    firstDeviation,
  };
}

/** Scores every series and sorts by score, highest first (BARO's ranking). */
export function rankMovements(series: SignalSeries[], window: TimeWindow, opts: ScoreOptions = {}): MovementScore[] {
  const out: MovementScore[] = [];
  for (const s of series) {
    const m = scoreMovement(s, window, opts);
    if (m) out.push(m);
  }
  return out.sort((a, b) => b.score - a.score);
}
