import { newKernelState, scoreBlock } from './ensemble-kernel';
import { checkLikelihoodWindows, longRingCapacity } from './likelihood';
import { seasonalMedianBlocks, seasonalProfile, type SeasonalLags } from './seasonal';

/**
 * The default online anomaly scorer. Three cheap one-pass detectors produce raw deviations:
 *  - value z against an EWMA mean/variance (level shifts, spikes, jumps),
 *  - the change of the fast/slow mean square of first differences, |f − s|/(f + s) = |tanh(½·ln(f/s))| (the
 *    series became noisier or went flat; one division instead of a logarithm),
 *  - residual against a robust seasonal median (breaks of the daily pattern). While the seasonal model fits
 *    clearly better than the EWMA one, it replaces the value detector, so the daily ramp-up is not re-flagged
 *    every morning.
 * (A fourth, the first difference against its own RMS, was dropped: on NAB it only added false positives —
 * standard 64.18 with it, 64.54 without, 138 against 130 false positives for the same 88 detections — and
 * it cost about a tenth of the scoring time.)
 * Each is squashed to [0, 1) and calibrated by anomaly likelihood; the score is the maximum. A value outside
 * everything seen so far (plus a tolerance, and ≥ breakoutMinZ standard deviations away) scores 1 outright.
 * Every estimate at index i uses only indices ≤ i.
 *
 * De-duplication (hold-off) is a separate step: see `holdoff.ts`.
 */
export interface EnsembleConfig {
  /** EWMA weight for the level/variance of the value. */
  alphaValue: number;
  /** EWMA weight of the slow mean square of first differences (the variance-change detector's reference). */
  alphaDiff: number;
  /** Fast EWMA weight of squared differences for the variance-change detector (0 = off). */
  alphaFastVar: number;
  /** Raw-score squashing for z scores: raw = z / (z + zHalf). */
  zHalf: number;
  /**
   * Squashing of the variance change y = |f − s|/(f + s): raw = y/(y + varHalf/2), which for ratios near 1 is
   * |ln(f/s)|/(|ln(f/s)| + varHalf) to first order.
   */
  varHalf: number;
  /** Winsorise EWMA updates at this many standard deviations so one wild point cannot wreck the baseline. */
  clipZ: number;
  likelihoodShort: number;
  likelihoodLong: number;
  /** Points of history before the calibrated scores can be non-zero. */
  likelihoodMinHistory: number;
  likelihoodMinStd: number;
  /** The likelihood's long window keeps every stride-th short mean (and refits its Gaussian then). */
  likelihoodStride: number;
  /** Range breakout tolerance as a fraction of the historical range (0 = off). */
  breakoutTolerance: number;
  /** Points of history before breakouts can fire. */
  breakoutWarmup: number;
  /** A breakout must also be this many EWMA standard deviations from the mean (new records of plain noise are not news). */
  breakoutMinZ: number;
  /** EWMA weight of the mean absolute residuals used to compare the seasonal and EWMA models. */
  alphaSeasonal: number;
  /** The seasonal detector only counts while its mean |residual| is below this fraction of the EWMA one. */
  seasonalGate: number;
  /** While the seasonal model is in use, ignore the non-seasonal value/difference detectors. */
  seasonalExclusive: boolean;
}

/**
 * Tuned on NAB (pkg/analytics/nab/evaluate.ts), one configuration for the whole corpus. breakoutMinZ = 4
 * costs about 3.7 NAB points but removes the ~0.9 false flags per 1,000 points that range records of plain
 * Gaussian noise otherwise raise. likelihoodStride = 8 costs about 0.25 NAB points and buys ~30 % speed.
 */
export const DEFAULT_ENSEMBLE: EnsembleConfig = {
  alphaValue: 0.01,
  alphaDiff: 0.01,
  alphaFastVar: 0.05,
  zHalf: 1,
  varHalf: 1,
  clipZ: 10,
  likelihoodShort: 10,
  likelihoodLong: 8640,
  likelihoodMinHistory: 300,
  likelihoodMinStd: 0.03,
  likelihoodStride: 8,
  breakoutTolerance: 0.03,
  breakoutWarmup: 300,
  breakoutMinZ: 4,
  alphaSeasonal: 0.002,
  seasonalGate: 0.5,
  seasonalExclusive: true,
};

export { CLIP_WARMUP, COMPARE_CLIP } from './ensemble-kernel';

/** Daily seasonal lags used by the ensemble: the same phase ±1 step over the previous 5 days. */
export function dailyLags(dailyPeriod: number): SeasonalLags[] {
  return dailyPeriod > 0 ? [{ period: dailyPeriod, cycles: 5, halfWidth: 1 }] : [];
}

/**
 * Per-point state the user-facing bands are built from, filled by `ensembleScores` when asked (so detect()
 * needs no second pass): the EWMA forecast for i (before x[i] is seen) and whether the seasonal model
 * currently fits at least as well as the EWMA one.
 */
export interface BaselineTrace {
  mean: Float64Array;
  /** EWMA standard deviation, at least `floor`. */
  sd: Float64Array;
  /** Smallest meaningful scale at i: half the data's quantum, or a tiny fraction of the level. */
  floor: Float64Array;
  seasonalFits: Uint8Array;
}

export function newBaselineTrace(n: number): BaselineTrace {
  return {
    mean: new Float64Array(n).fill(Number.NaN),
    sd: new Float64Array(n).fill(Number.NaN),
    floor: new Float64Array(n).fill(Number.NaN),
    seasonalFits: new Uint8Array(n),
  };
}

/** Points per kernel call: small enough that the kernel is called many times (see ensemble-kernel.ts). */
const BLOCK = 4096;

/**
 * Calibrated anomaly score in [0, 1] for every point of a regularly sampled series (NaN = missing: scores 0
 * and leaves the state unchanged). `lags` enables the seasonal detector (empty = off).
 *
 * Hot loop (tens of millions of points per second, `ensemble-kernel.ts`): one pass, no allocation per point,
 * the three always-on calibrators share one clock and live in locals, squashing z/(z + h) is written as
 * |dev|/(|dev| + h·sd) (one division instead of two), and the tail probability comes from a table (`zToScore`).
 * `LikelihoodCalibrator` is the readable reference of the calibrators; a unit test checks the loop against it.
 */
export function ensembleScores(
  values: ArrayLike<number>,
  cfg: EnsembleConfig = DEFAULT_ENSEMBLE,
  lags: readonly SeasonalLags[] = [],
  /** Same-phase medians already computed for these lags (`seasonalProfile`), to avoid doing it twice. */
  seasonalMedians?: Float64Array,
  /** Filled with the EWMA forecast and model comparison per point when given (length ≥ values.length). */
  trace?: BaselineTrace
): Float64Array {
  if (!primed) primeDetector();
  const n = values.length;
  const out = new Float64Array(n);
  checkLikelihoodWindows(cfg.likelihoodShort, cfg.likelihoodLong, cfg.likelihoodStride, cfg.likelihoodMinHistory);
  // One array type for the kernel, so V8 compiles it for Float64Array only.
  const series = values instanceof Float64Array ? values : Float64Array.from(values, Number);
  // Medians given for the whole series are read in place; otherwise each block's are computed just before it
  // is scored, into a block-sized buffer (no series-long array written and read back).
  const blockMedians = lags.length && !seasonalMedians ? seasonalMedianBlocks(series, lags) : null;
  const medianBuffer = blockMedians ? new Float64Array(BLOCK) : (seasonalMedians ?? EMPTY);
  const state = newKernelState({
    shortW: cfg.likelihoodShort,
    minHistory: cfg.likelihoodMinHistory,
    minStd: cfg.likelihoodMinStd,
    stride: cfg.likelihoodStride,
    longCap: longRingCapacity(cfg.likelihoodLong, cfg.likelihoodStride),
    seasonalFrom: lags.length ? Math.min(...lags.map((l) => l.period)) : n,
    alphaValue: cfg.alphaValue,
    alphaDiff: cfg.alphaDiff,
    alphaSeasonal: cfg.alphaSeasonal,
    zHalf: cfg.zHalf,
    clipZ: cfg.clipZ,
    alphaFastVar: cfg.alphaFastVar,
    varHalf: cfg.varHalf,
    seasonalGate: cfg.seasonalGate,
    seasonalExclusive: cfg.seasonalExclusive,
    breakoutTolerance: cfg.breakoutTolerance,
    breakoutWarmup: cfg.breakoutWarmup,
    breakoutMinZ: cfg.breakoutMinZ,
  });
  const withTrace = trace !== undefined;
  const mean = trace ? trace.mean : EMPTY;
  const sd = trace ? trace.sd : EMPTY;
  const floor = trace ? trace.floor : EMPTY;
  const fits = trace ? trace.seasonalFits : EMPTY_FLAGS;
  for (let from = 0; from < n; from += BLOCK) {
    const to = Math.min(n, from + BLOCK);
    if (blockMedians) blockMedians(from, to, medianBuffer);
    const medianOffset = blockMedians ? from : 0;
    scoreBlock(series, from, to, out, medianBuffer, medianOffset, withTrace, mean, sd, floor, fits, state);
  }
  return out;
}

const EMPTY = new Float64Array(0);
const EMPTY_FLAGS = new Uint8Array(0);

/**
 * V8 compiles the hot loops once they are warm, with the type feedback gathered so far; a path first taken
 * later (the first missing value, the first seasonal point, the first breakout…) throws the compiled code
 * away, and depending on when that happens the final code was measured up to 40 % slower from one process
 * to the next. So before the first real series, a short synthetic one walks every path once, in both ways
 * the detector is called (score only, and with medians and trace as detect() does).
 */
let primed = false;

function primeDetector(): void {
  primed = true;
  const period = 8;
  const n = 50 * period;
  const v = new Float64Array(n);
  let seed = 7;
  for (let i = 0; i < n; i++) {
    seed = (seed * 48271) % 2147483647;
    const noise = seed / 2147483647 - 0.5;
    v[i] =
      40 * Math.sin((2 * Math.PI * i) / period) + noise + (i > 30 * period ? 25 : 0) + (i === 20 * period ? 500 : 0);
    if (i % 37 === 5) v[i] = Number.NaN;
  }
  const lags = dailyLags(period);
  const small = {
    likelihoodShort: 3,
    likelihoodLong: 16,
    likelihoodStride: 2,
    likelihoodMinHistory: 4,
    breakoutWarmup: 10,
  };
  for (const seasonalExclusive of [true, false]) {
    const cfg: EnsembleConfig = { ...DEFAULT_ENSEMBLE, ...small, seasonalExclusive };
    ensembleScores(v, cfg);
    ensembleScores(v, cfg, lags);
    const profile = seasonalProfile(v, lags, true);
    ensembleScores(v, cfg, lags, profile.median, newBaselineTrace(n));
  }
}
