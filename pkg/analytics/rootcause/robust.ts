// Robust statistics for BARO's RobustScorer (Pham et al., FSE'24): fit median and IQR on the
// pre-incident window, score = max |x − median| / IQR over the incident window. The IQR gets a floor
// so flat baselines (a counter stuck at 0, a constant gauge) do not give infinite scores.
import { quantilesInPlace, Scratch } from './select';
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

// Scratch space shared by every call (the functions are synchronous and never nest).
const baselineScratch = new Scratch();
const incidentValues = new Scratch();
const incidentTimes = new Scratch();

/** Median and interquartile range of the finite values; null when there are none. */
export function robustFit(values: Iterable<number | null>): RobustFit | null {
  let buf = baselineScratch.get(256);
  let n = 0;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    if (n === buf.length) buf = baselineScratch.get(n + 1);
    buf[n++] = v;
  }
  return n === 0 ? null : fitInPlace(buf, n);
}

const FIT_QUANTILES = [0.25, 0.5, 0.75];
const MEDIAN = [0.5];
const quantileOut = [0, 0, 0];

/** Fit of buf[0..n), n ≥ 1 (reorders buf). */
function fitInPlace(buf: Float64Array, n: number): RobustFit {
  quantilesInPlace(buf, n, FIT_QUANTILES, quantileOut);
  const [q1, median, q3] = quantileOut;
  return { median, q1, q3, iqr: q3 - q1, count: n };
}

/** Median of buf[0..n), n ≥ 1 (reorders buf). */
function medianInPlace(buf: Float64Array, n: number): number {
  quantilesInPlace(buf, n, MEDIAN, quantileOut);
  return quantileOut[0];
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
  // One pass splits the finite points into baseline and incident. Times are not assumed sorted, so
  // there is no binary search for the window edges (the comparisons are cheap next to the quantiles).
  const base = baselineScratch.get(times.length);
  const incV = incidentValues.get(times.length);
  const incT = incidentTimes.get(times.length);
  let nBase = 0;
  let nInc = 0;
  for (let i = 0; i < times.length; i++) {
    const v = values[i];
    if (v === null || !Number.isFinite(v)) continue;
    const t = times[i];
    if (t >= baselineStart && t < window.start) base[nBase++] = v;
    else if (t >= window.start && t <= window.end) {
      incT[nInc] = t;
      incV[nInc++] = v;
    }
  }
  if (nBase < (opts.minBaselinePoints ?? 3) || nInc === 0) return null;
  const fit = fitInPlace(base, nBase);
  const floor = Math.max(
    series.minScale ?? opts.absoluteFloor ?? 1e-9,
    (opts.relativeFloor ?? 0.01) * Math.abs(fit.median)
  );
  const scale = Math.max(fit.iqr, floor);
  let peak = 0;
  let peakDistance = Math.abs(incV[0] - fit.median);
  for (let i = 1; i < nInc; i++) {
    const distance = Math.abs(incV[i] - fit.median);
    if (distance > peakDistance) {
      peak = i;
      peakDistance = distance;
    }
  }
  const peakValue = incV[peak];
  const peakTime = incT[peak];
  const signedPeak = peakValue - fit.median;
  const direction = signedPeak < 0 ? 'down' : 'up';
  let firstDeviation: number | null = null;
  for (let i = 0; i < nInc; i++) {
    const d = (incV[i] - fit.median) / scale;
    if ((direction === 'up' ? d : -d) >= threshold) {
      firstDeviation = incT[i];
      break;
    }
  }
  return {
    signal: series.signal,
    labels: series.labels,
    score: Math.abs(signedPeak) / scale,
    direction,
    baselineMedian: fit.median,
    scale,
    peakValue,
    peakTime,
    // Last: selection reorders the incident values.
    incidentMedian: medianInPlace(incV, nInc),
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
