import { fillBand } from './bands';
import { DEFAULT_ENSEMBLE, ensembleScores, newBaselineTrace, type EnsembleConfig } from './ensemble';
import { applyHoldOff, DEFAULT_HOLD_OFF } from './holdoff';
import { checkCommonOptions, emptyColumns, seasonalCycle } from './columns';
import { checkSeries, regularGrid } from './grid';
import { seasonalProfile, type SeasonalLags } from './seasonal';

/**
 * Anomaly detection for one series, as the query layer needs it: a robust expected value with a band to draw,
 * a calibrated score in [0, 1], de-duplicated flags and anomaly windows. Strictly online: every output at a
 * point depends only on that point and earlier ones.
 */
export interface DetectSeries {
  /** Epoch milliseconds, ascending (equal neighbours allowed). */
  t: ArrayLike<number>;
  /** Values; null / NaN are gaps. */
  v: ArrayLike<number | null>;
}

export type Seasonality = 'auto' | 'none' | 'daily' | 'weekly';

export interface DetectOptions {
  /** 0 = only the most blatant anomalies, 1 = flag eagerly. Default 0.5 (the NAB-tuned operating point). */
  sensitivity?: number;
  seasonality?: Seasonality;
  /** Points suppressed after a flag (de-duplication). Default 200, tuned on NAB. */
  holdOffPoints?: number;
  /** Time suppressed after a flag, in ms; replaces holdOffPoints when given (NAB's configuration uses 1,000 min). */
  holdOffMs?: number;
}

export interface AnomalyWindow {
  /** Epoch ms of the first and last point of the window. */
  start: number;
  end: number;
  peakScore: number;
}

export interface DetectResult {
  /** Per input point; null where no baseline exists yet. */
  expected: Array<number | null>;
  lower: Array<number | null>;
  upper: Array<number | null>;
  /** Calibrated anomaly score in [0, 1] (0 for gaps). */
  score: number[];
  /** score ≥ threshold(sensitivity), after hold-off de-duplication. */
  flag: boolean[];
  windows: AnomalyWindow[];
  notices: string[];
  /** Inferred sampling step (ms), the band half-width in scale units and the score threshold used. */
  stepMs: number;
  bandK: number;
  threshold: number;
}

/**
 * The same outputs as `DetectResult`, as typed arrays: NaN where `DetectResult` has null, 0/1 flags. About
 * five times cheaper to produce for long series than arrays of number | null (whose doubles V8 must box),
 * so callers that slice or encode the columns should prefer `detectColumns`.
 */
export interface DetectColumns {
  expected: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  score: Float64Array;
  flag: Uint8Array;
  windows: AnomalyWindow[];
  notices: string[];
  stepMs: number;
  bandK: number;
  threshold: number;
}

/** Score threshold for a sensitivity: 0 → 0.6, 0.5 → 0.3 (NAB optimum), 1 → 0.1; piecewise linear. */
export function thresholdFor(sensitivity: number): number {
  return sensitivity <= 0.5 ? 0.6 - 0.6 * sensitivity : 0.3 - 0.4 * (sensitivity - 0.5);
}

/** Band half-width in scale units: 0 → 4.5, 0.5 → 3, 1 → 1.5. */
export function bandWidthFor(sensitivity: number): number {
  return 4.5 - 3 * sensitivity;
}

/** Earlier cycles needed before the same-phase median is used. */
const MIN_SEASONAL_CYCLES = 2;

export function detectColumns(series: DetectSeries, opts: DetectOptions = {}): DetectColumns {
  const { t, v } = series;
  const sensitivity = opts.sensitivity ?? 0.5;
  const seasonality = opts.seasonality ?? 'auto';
  checkCommonOptions(sensitivity, seasonality);
  const holdOff = opts.holdOffPoints ?? DEFAULT_HOLD_OFF.holdOff;
  if (!(Number.isInteger(holdOff) && holdOff >= 0)) {
    throw new RangeError(`anomaly holdOffPoints must be a non-negative integer, got ${holdOff}`);
  }
  const holdOffMs = opts.holdOffMs;
  if (holdOffMs !== undefined && !(Number.isFinite(holdOffMs) && holdOffMs >= 0)) {
    throw new RangeError(`anomaly holdOffMs must be a non-negative number of milliseconds, got ${holdOffMs}`);
  }
  checkSeries(t, v);
  const n = t.length;

  const threshold = thresholdFor(sensitivity);
  const bandK = bandWidthFor(sensitivity);
  // Every slot is written below (NaN where there is no baseline); only n < 2 returns them untouched.
  const result = emptyColumns(n, bandK, threshold);
  const notices = result.notices;
  if (n < 2) {
    notices.push(`only ${n} point${n === 1 ? '' : 's'}: nothing to compare against`);
    return result;
  }

  // Regularise onto the inferred step so gaps become NaN slots and seasonal phases line up.
  const { step, slotOf, values: grid } = regularGrid(t, v, notices);
  const gridLength = grid.length;
  result.stepMs = step;

  const lags = seasonalLags(seasonality, step, gridLength, notices);

  // Short inputs: let the calibration and range breakouts start earlier than the NAB-tuned 300 points.
  const cfg: EnsembleConfig = { ...DEFAULT_ENSEMBLE };
  if (gridLength < 4 * DEFAULT_ENSEMBLE.likelihoodMinHistory) {
    const warm = Math.max(20, Math.floor(gridLength / 4));
    cfg.likelihoodMinHistory = Math.min(cfg.likelihoodMinHistory, warm);
    cfg.breakoutWarmup = Math.min(cfg.breakoutWarmup, warm);
    notices.push(`scores start after ${cfg.likelihoodMinHistory} points of history (${gridLength} available)`);
  }

  // One pass for the same-phase profile, one for score + EWMA trace; the band is composed from both.
  const profile = seasonalProfile(grid, lags, true);
  const trace = newBaselineTrace(gridLength);
  const scores = ensembleScores(grid, cfg, lags, profile.median, trace);
  let gridTimes: Float64Array | undefined;
  if (holdOffMs !== undefined) {
    gridTimes = new Float64Array(gridLength);
    if (gridLength === n) for (let i = 0; i < n; i++) gridTimes[slotOf[i]] = t[i];
    else for (let g = 0; g < gridLength; g++) gridTimes[g] = t[0] + g * step;
  }
  const deduped = applyHoldOff(
    scores,
    { trigger: threshold, holdOff, breakMargin: DEFAULT_HOLD_OFF.breakMargin, holdOffMs },
    gridTimes
  );

  const { expected, lower, upper, score, flag } = result;
  fillBand(profile, trace, slotOf, bandK, expected, lower, upper);
  let lastFlagged = -1;
  for (let i = 0; i < n; i++) {
    const g = slotOf[i];
    score[i] = scores[g];
    // A slot shared by equal timestamps fires once (slots are non-decreasing in i).
    if (deduped[g] >= threshold && g !== lastFlagged) {
      lastFlagged = g;
      flag[i] = 1;
    }
  }
  result.windows = anomalyWindows(t, score, flag, threshold);
  return result;
}

export function detect(series: DetectSeries, opts: DetectOptions = {}): DetectResult {
  const c = detectColumns(series, opts);
  const n = c.score.length;
  const expected: Array<number | null> = [];
  const lower: Array<number | null> = [];
  const upper: Array<number | null> = [];
  const score: number[] = [];
  const flag: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const e = c.expected[i];
    if (e === e) {
      expected.push(e);
      lower.push(c.lower[i]);
      upper.push(c.upper[i]);
    } else {
      expected.push(null);
      lower.push(null);
      upper.push(null);
    }
    score.push(c.score[i]);
    flag.push(c.flag[i] === 1);
  }
  const { windows, notices, stepMs, bandK, threshold } = c;
  return { expected, lower, upper, score, flag, windows, notices, stepMs, bandK, threshold };
}

function seasonalLags(seasonality: Seasonality, step: number, gridLength: number, notices: string[]): SeasonalLags[] {
  const lag = seasonalCycle(seasonality, step, notices);
  if (!lag) return [];
  const needed = MIN_SEASONAL_CYCLES * lag.period;
  if (gridLength < needed) {
    const cycle = seasonality === 'weekly' ? 'weekly' : 'daily';
    notices.push(`only ${gridLength} points of history; need at least ${needed} for a ${cycle} seasonal baseline — using EWMA bands only`);
    return [];
  }
  return [lag];
}

/** A window starts at each flag and runs while the score stays at or above the threshold. */
export function anomalyWindows(
  t: ArrayLike<number>,
  score: ArrayLike<number>,
  flag: ArrayLike<boolean | number>,
  threshold: number
): AnomalyWindow[] {
  const windows: AnomalyWindow[] = [];
  for (let i = 0; i < flag.length; i++) {
    if (!flag[i]) continue;
    let j = i;
    let peak = score[i];
    while (j + 1 < score.length && score[j + 1] >= threshold) {
      j++;
      if (score[j] > peak) peak = score[j];
    }
    const last = windows[windows.length - 1];
    if (last && last.end >= t[i]) {
      last.end = Math.max(last.end, t[j]);
      last.peakScore = Math.max(last.peakScore, peak);
    } else {
      windows.push({ start: t[i], end: t[j], peakScore: peak });
    }
    i = j;
  }
  return windows;
}
