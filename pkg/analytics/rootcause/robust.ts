// Robust statistics for BARO's RobustScorer (Pham et al., FSE'24): fit median and IQR on the
// pre-incident window, score = max |x − median| / IQR over the incident window. The IQR gets a floor
// (see scale-floor.ts) so flat baselines (a counter stuck at 0, a constant gauge) do not give huge
// scores for a wobble.
import { meanMagnitude, medianPositive, unitFloor, unitOf, type ScaleUnit } from './scale-floor';
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
const orderedBaseline = new Scratch();

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
  /** Absolute scale floor when the series has no `minScale`. Default: from the series' unit (scale-floor.ts). */
  absoluteFloor?: number;
  /** Scale floor relative to the series' mean magnitude over baseline and incident. Default 0.01. */
  magnitudeFloor?: number;
  /** Extra floor from the same signal on other entities (rankMovements sets it). */
  peerFloor?: number;
  /** Incident points that must deviate together: the score is the p-th largest deviation. Default 1 (BARO's max). */
  persistence?: number;
  /** Fewest baseline points needed to score. Default 3. */
  minBaselinePoints?: number;
  /**
   * Score a series that already sat where the incident goes well before the window (see heldSince)
   * against that recent level instead of its older history: what changed when the symptom began is
   * what matters. Set when the symptom itself was normal before the window.
   */
  recenterHeld?: boolean;
}

/**
 * Scores one series against an incident window: the baseline is the points before it, or, when too few,
 * those after it as well. Returns null when there is not enough baseline or no incident data (a series
 * that appears only during the incident is handled by the caller).
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
  // Index of the last baseline point, and whether the baseline points come in time order (then its
  // tail can be told apart: see trailingShift).
  let lastBase = -1;
  let baseSorted = true;
  for (let i = 0; i < times.length; i++) {
    const v = values[i];
    if (v === null || !Number.isFinite(v)) continue;
    const t = times[i];
    if (t >= baselineStart && t < window.start) {
      if (lastBase >= 0 && t < times[lastBase]) baseSorted = false;
      lastBase = i;
      base[nBase++] = v;
    } else if (t >= window.start && t <= window.end) {
      incT[nInc] = t;
      incV[nInc++] = v;
    }
  }
  const minBase = opts.minBaselinePoints ?? 3;
  // Too little before the window (an incident at the start of the range, or normal data recorded after
  // it): what the series did after the window is its normal behaviour too. The points before stay in;
  // no trailing run is trimmed (the tail of such a baseline is not what came right before the window).
  if (nBase < minBase && nInc > 0) {
    for (let i = 0; i < times.length; i++) {
      const v = values[i];
      if (v !== null && Number.isFinite(v) && times[i] > window.end) base[nBase++] = v;
    }
    lastBase = -1;
  }
  if (nBase < minBase || nInc === 0) return null;
  let fit = fitInPlace(base, nBase);
  let { lo, hi, absDev } = baselineSpread(base, nBase, fit.median);
  // A series with a declared minScale keeps it (with the relative floor); an unknown series gets its
  // floor from its unit, its typical size over baseline and incident, and the same signal elsewhere.
  const unit = unitOf(series.signal, series.unit);
  // A percentage or ratio that sits near its top (availability at 100 %) is measured by its distance
  // from the top: a drop from 100 % to 96 % is large, though 4 % of the level.
  const bound = upperBound(unit, fit.median);
  const level = (x: number) => (bound === null ? Math.abs(x) : Math.abs(bound - x));
  const floor =
    series.minScale !== undefined
      ? Math.max(series.minScale, (opts.relativeFloor ?? 0.01) * level(fit.median), Number.MIN_VALUE)
      : Math.max(
          opts.absoluteFloor ?? unitFloor(unit),
          (opts.relativeFloor ?? 0.01) * level(fit.median),
          bound === null
            ? (opts.magnitudeFloor ?? 0.01) * ((meanMagnitude(base.subarray(0, nBase)) * nBase + meanMagnitude(incV.subarray(0, nInc)) * nInc) / (nBase + nInc))
            : 0,
          bound === null ? (opts.peerFloor ?? 0) : 0,
          Number.MIN_VALUE
        );
  // The baseline ends where the change began: when the last baseline points already sit where the
  // incident goes (a window opened after the onset, a cause that precedes its symptom), they are the
  // change, not the normal range. Refit without them; otherwise they widen the scale and the range
  // (a window given 60 s late on a 300 s fault scored its CPU hog 5 instead of hundreds).
  // When the change began before the window: its onset and direction (reported as the first deviation).
  let onset: { time: number; direction: 'up' | 'down' } | null = null;
  let heldSince: number | undefined;
  let cut: { firstIndex: number; count: number } | null = null;
  if (baseSorted && lastBase >= 0) {
    const trailingDirection = incidentDirection(incV, nInc, fit.median);
    cut = trailingShift(values, lastBase, fit.median, Math.max(fit.iqr, floor) * threshold, trailingDirection);
    // Only an onset shortly before the window (at most half its length earlier): a level held longer
    // than that before the window is where the series already was, not what changed in it.
    if (cut !== null && nBase - cut.count >= minBase && window.start - times[cut.firstIndex] <= MAX_ONSET_LEAD * (window.end - window.start)) {
      onset = { time: times[cut.firstIndex], direction: trailingDirection };
      nBase = 0;
      for (let i = 0; i < cut.firstIndex; i++) {
        const v = values[i];
        if (v === null || !Number.isFinite(v)) continue;
        const t = times[i];
        if (t >= baselineStart && t < window.start) base[nBase++] = v;
      }
      fit = fitInPlace(base, nBase);
      ({ lo, hi, absDev } = baselineSpread(base, nBase, fit.median));
    } else if (cut !== null) heldSince = times[cut.firstIndex];
  }
  // Held since before the window: the old history says "moved", but it moved before the symptom did.
  // Centre on the held level (its own range as the normal one); the scale stays the history's.
  let center = fit.median;
  if (heldSince !== undefined && opts.recenterHeld && cut) {
    const run: number[] = [];
    for (let i = cut.firstIndex; i <= lastBase; i++) {
      const v = values[i];
      if (v !== null && Number.isFinite(v) && times[i] >= baselineStart && times[i] < window.start) run.push(v);
    }
    run.sort((a, b) => a - b);
    center = quantileSorted(run, 0.5);
    lo = run[0];
    hi = run[run.length - 1];
  }
  // A baseline that is constant but for a few blips has IQR 0; its mean absolute deviation is not.
  // Used only where the IQR collapsed below the floor: elsewhere the IQR stays BARO's scale.
  const scale = fit.iqr > floor ? fit.iqr : Math.max(absDev / nBase, floor);
  let peak = 0;
  let peakDistance = Math.abs(incV[0] - center);
  for (let i = 1; i < nInc; i++) {
    const distance = Math.abs(incV[i] - center);
    if (distance > peakDistance) {
      peak = i;
      peakDistance = distance;
    }
  }
  const peakValue = incV[peak];
  const peakTime = incT[peak];
  const signedPeak = peakValue - center;
  const direction = signedPeak < 0 ? 'down' : 'up';
  // With `persistence` p, the score is the p-th largest deviation in the peak's direction: one
  // outlying point of a sparse series (a p99 of three requests) does not outrank a sustained shift.
  const samplesForSpan = pointsForSpan(times, times.length);
  const persistence = Math.min(opts.persistence ?? 1, nInc, samplesForSpan);
  const sustained = persistence <= 1 ? Math.abs(signedPeak) : kthLargestDeviation(incV, nInc, center, direction, persistence);
  let firstDeviation: number | null = null;
  let deviatingPoints = 0;
  for (let i = 0; i < nInc; i++) {
    const d = (incV[i] - center) / scale;
    if ((direction === 'up' ? d : -d) >= threshold) {
      if (firstDeviation === null) firstDeviation = incT[i];
      deviatingPoints++;
    }
  }
  // A move that began shortly before the window (trimmed from the baseline above) started there.
  if (onset && firstDeviation !== null && onset.direction === direction) firstDeviation = onset.time;
  // Inside the baseline's range, a move that scores is judged against the levels the baseline held in
  // runs (an earlier incident, a recurring excursion); found only then (most moves score low).
  const moved = direction === 'up' ? center + sustained : center - sustained;
  let visited: VisitedLevels | null = null;
  const inRange = moved >= lo && moved <= hi;
  if (inRange && sustained / scale >= threshold && baseSorted && lastBase >= 0 && !(heldSince !== undefined && opts.recenterHeld)) {
    // `base` was reordered by the fit: runs need the points in time order.
    const end = onset && cut ? cut.firstIndex : lastBase + 1;
    const ordered = orderedBaseline.get(end);
    let n = 0;
    for (let i = 0; i < end; i++) {
      const v = values[i];
      if (v !== null && Number.isFinite(v) && times[i] >= baselineStart && times[i] < window.start) ordered[n++] = v;
    }
    visited = visitedLevels(ordered, n, center, scale * threshold);
  }
  return {
    signal: series.signal,
    labels: series.labels,
    score: sustained / scale,
    direction,
    deviatingPoints,
    incidentPoints: nInc,
    requiredPoints: Math.min(MIN_SUSTAINED_POINTS, samplesForSpan),
    exceedance: exceedanceOf(moved, direction, lo, hi, center, visited) / scale,
    baselineMedian: center,
    ...(bound !== null ? { level: Math.abs(bound - center) } : {}),
    scale,
    peakValue,
    peakTime,
    // Last: selection reorders the incident values.
    incidentMedian: medianInPlace(incV, nInc),
    firstDeviation,
    ...(heldSince !== undefined ? { heldSince } : {}),
  };
}

/** One pass over buf[0..n): its range and its summed absolute deviation from `median`. */
function baselineSpread(buf: Float64Array, n: number, median: number): { lo: number; hi: number; absDev: number } {
  let lo = Infinity;
  let hi = -Infinity;
  let absDev = 0;
  for (let i = 0; i < n; i++) {
    const v = buf[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    absDev += Math.abs(v - median);
  }
  return { lo, hi, absDev };
}

/** Where a baseline has been: its calm range and the [min, max] of each excursion run. */
interface VisitedLevels {
  calmLo: number;
  calmHi: number;
  runs: Array<[number, number]>;
}

/**
 * The levels buf[0..n) (time order) held: the calm range (points outside excursion runs) and each
 * excursion run (MIN_TRAILING_RUN or more consecutive points `minDeviation` or more from `center` on one
 * side). Null when there is no excursion run (the min–max range is then all there is).
 */
function visitedLevels(buf: ArrayLike<number>, n: number, center: number, minDeviation: number): VisitedLevels | null {
  const side = (v: number) => (v - center >= minDeviation ? 1 : center - v >= minDeviation ? -1 : 0);
  let calmLo = Infinity;
  let calmHi = -Infinity;
  const runs: Array<[number, number]> = [];
  for (let i = 0; i < n; ) {
    const s = side(buf[i]);
    let j = i + 1;
    if (s !== 0) while (j < n && side(buf[j]) === s) j++;
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = i; k < j; k++) {
      lo = Math.min(lo, buf[k]);
      hi = Math.max(hi, buf[k]);
    }
    if (s !== 0 && j - i >= MIN_TRAILING_RUN) runs.push([lo, hi]);
    else {
      calmLo = Math.min(calmLo, lo);
      calmHi = Math.max(calmHi, hi);
    }
    i = j;
  }
  return runs.length === 0 || !(calmHi >= calmLo) ? null : { calmLo, calmHi, runs };
}

/** A deviation within this factor of an earlier excursion's counts as that excursion again. */
const VISITED_FACTOR = 2;

/**
 * How far `value` lies from every level the baseline visited, in the direction of the move (0 inside).
 * Beyond the baseline's whole range: the distance to its edge. Inside it: the distance to the nearest
 * level visited on either side: a latency sustained at 15× its calm level is new, though an earlier
 * incident went higher (that incident is not the normal range); the same excursion again is not new.
 */
function exceedanceOf(value: number, direction: 'up' | 'down', lo: number, hi: number, center: number, visited: VisitedLevels | null): number {
  if (direction === 'up' ? value > hi : value < lo) return direction === 'up' ? value - hi : lo - value;
  if (!visited || (value >= visited.calmLo && value <= visited.calmHi)) return 0;
  let below = value >= visited.calmHi ? visited.calmHi : -Infinity;
  let above = value <= visited.calmLo ? visited.calmLo : Infinity;
  const d = Math.abs(value - center);
  for (const [a, b] of visited.runs) {
    // The same excursion again, to within a factor of its own size (quantiles of a sparse histogram
    // land on nearby bucket values each time), is a level the series has been at.
    const da = Math.abs(a - center);
    const db = Math.abs(b - center);
    const sameSide = (a - center) * (value - center) > 0;
    if (sameSide && d >= Math.min(da, db) / VISITED_FACTOR && d <= Math.max(da, db) * VISITED_FACTOR) return 0;
    if (b < value) below = Math.max(below, b);
    if (a > value) above = Math.min(above, a);
  }
  return Math.min(value - below, above - value);
}

/**
 * How long a deviation must last to be more than one outlying sample. Two samples at a 15 s or 60 s
 * scrape; a sample of 2 minutes or more is already an aggregate over that long (5-minute CloudWatch
 * periods, a recording rule at a coarse step), so one sample is a sustained observation there.
 */
const PERSISTENCE_SPAN_MS = 120_000;

/** Deviating points a movement needs (movedBeyondNormal) at a fine step. */
const MIN_SUSTAINED_POINTS = 2;

/** The top of a percentage (100) or ratio (1) whose baseline sits in its upper half, else null. */
export function upperBound(unit: ScaleUnit, median: number): number | null {
  const top = unit === 'percent' ? 100 : unit === 'ratio' ? 1 : null;
  return top !== null && median > top / 2 && median <= top ? top : null;
}

/**
 * Points spanning PERSISTENCE_SPAN_MS at the series' sample spacing (at least 1). The spacing is the
 * smallest gap between consecutive samples over the whole series: gaps in a sparse series (span
 * series of a quiet service, seen some minutes only) do not make its samples coarse.
 */
function pointsForSpan(times: ArrayLike<number>, n: number): number {
  let step = Infinity;
  for (let i = 1; i < n; i++) {
    const gap = Math.abs(times[i] - times[i - 1]);
    if (gap > 0 && gap < step) step = gap;
  }
  return Number.isFinite(step) ? Math.max(1, Math.ceil(PERSISTENCE_SPAN_MS / step)) : 1;
}

/** How far before the window (as a share of its length) a change may begin and still be trimmed from the baseline. */
const MAX_ONSET_LEAD = 0.5;

/** Points a trailing run needs before it counts as the change's start (one outlying scrape does not). */
const MIN_TRAILING_RUN = 2;

/** 'up' or 'down': where most incident points sit relative to the baseline median (ties: up). */
function incidentDirection(incV: Float64Array, n: number, median: number): 'up' | 'down' {
  let above = 0;
  let below = 0;
  for (let i = 0; i < n; i++) {
    if (incV[i] > median) above++;
    else if (incV[i] < median) below++;
  }
  return below > above ? 'down' : 'up';
}

/**
 * The run of baseline points ending at `lastIndex` (walking back over finite values) that deviate from
 * `median` by at least `minDeviation` in `direction`: its first index and length, or null when shorter
 * than MIN_TRAILING_RUN.
 */
export function trailingShift(
  values: ArrayLike<number | null>,
  lastIndex: number,
  median: number,
  minDeviation: number,
  direction: 'up' | 'down'
): { firstIndex: number; count: number } | null {
  let count = 0;
  let firstIndex = lastIndex + 1;
  for (let i = lastIndex; i >= 0; i--) {
    const v = values[i];
    if (v === null || !Number.isFinite(v)) continue;
    const d = direction === 'up' ? v - median : median - v;
    if (!(d >= minDeviation)) break;
    count++;
    firstIndex = i;
  }
  return count >= MIN_TRAILING_RUN ? { firstIndex, count } : null;
}

/** Share of a signal's typical level (across its series) below which no series of it counts as moved. */
const PEER_FLOOR = 0.02;

/**
 * Per signal: PEER_FLOOR × the median mean-magnitude of its series. Series of one signal share a unit,
 * so a service whose client latency is always 0 is measured against what latency means elsewhere.
 */
export function peerFloors(series: SignalSeries[], fraction = PEER_FLOOR): Map<string, number> {
  const bySignal = new Map<string, number[]>();
  for (const s of series) {
    // Series with a declared minScale do not use the peer floor.
    if (s.minScale !== undefined) continue;
    const list = bySignal.get(s.signal) ?? [];
    list.push(meanMagnitude(s.values));
    bySignal.set(s.signal, list);
  }
  const out = new Map<string, number>();
  for (const [signal, mags] of bySignal) out.set(signal, fraction * medianPositive(mags));
  return out;
}

/** The k-th largest deviation from `center` in `direction` among buf[0..n) (0 when fewer points go that way). */
export function kthLargestDeviation(buf: ArrayLike<number>, n: number, center: number, direction: 'up' | 'down', k: number): number {
  // The k largest so far, descending (k is small: an insertion per point, no sort, no allocation per point).
  const top = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    const d = direction === 'up' ? buf[i] - center : center - buf[i];
    if (d <= top[k - 1]) continue;
    let j = k - 1;
    while (j > 0 && top[j - 1] < d) {
      top[j] = top[j - 1];
      j--;
    }
    top[j] = d;
  }
  return top[k - 1];
}

/** Scores every series and sorts by score, highest first (BARO's ranking). */
export function rankMovements(series: SignalSeries[], window: TimeWindow, opts: ScoreOptions = {}): MovementScore[] {
  const out: MovementScore[] = [];
  const peers = opts.peerFloor === undefined ? peerFloors(series) : undefined;
  for (const s of series) {
    const m = scoreMovement(s, window, peers ? { ...opts, peerFloor: peers.get(s.signal) } : opts);
    if (m) out.push(m);
  }
  return out.sort((a, b) => b.score - a.score);
}
