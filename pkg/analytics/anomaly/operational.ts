import type { AnomalyWindow, DetectColumns, DetectSeries, Seasonality } from './detect';
import { bandWidthFor } from './detect';
import { checkCommonOptions, emptyColumns, seasonalCycle } from './columns';
import { domainFor, effectFloorFor, type EffectFloor, type ValueDomain } from './effect-floor';
import { checkSeries, regularGrid } from './grid';
import { seasonalProfile, type SeasonalLags } from './seasonal';
import { BaselineWindow } from './baseline-window';
import { ExcursionHistory } from './excursions';
import { seasonalErrorRatio } from './seasonal-gain';
import { centredRunningMedian, phaseHalfWidth } from './phase-smoothing';

/**
 * The operations detector, the product default. Built for what an on-call engineer expects of a band around
 * a latency, a rate or a GPU temperature, where NAB's detector (detect.ts, kept as the `nab` preset) is built to
 * score one early alarm per event:
 * - the expected value is the median of a trailing baseline window (after removing the same-phase median of
 *   earlier days when there are two of them), the scale the wider of its interquartile and 5–95 % ranges;
 * - points outside the band never enter the baseline, so an incident is not learned: it stays flagged, its
 *   score stays high, and the band is the pre-incident one when it ends;
 * - a new level that holds for the adaptation horizon is accepted as the new normal (a deploy that made
 *   things permanently slower stops paging), and a later return to the old normal is recognised at once;
 * - a deviation must clear an effect-size floor for the signal's unit, so a one-bucket wobble of a
 *   histogram quantile is not an anomaly;
 * - a point outside the band is flagged once the evidence of consecutive out-of-band points is enough (see
 *   EVIDENCE_NEEDED), like an alert rule's `for`, so a lone slow scrape is not an incident (its score still
 *   shows it);
 * - strictly causal: a point's outputs depend on it and earlier points only, so they do not change when the
 *   range end moves later.
 */
export interface OperationalOptions {
  /** 0 = only large deviations, 1 = small ones too. Default 0.5. */
  sensitivity?: number;
  seasonality?: Seasonality;
  /** Grafana unit of the values: chooses the effect-size floor and the domain of the band. */
  unit?: string;
  /** Overrides the domain derived from the unit. */
  domain?: ValueDomain;
  /** Trailing window the baseline is the median of. Default 1 hour. */
  baselineWindowMs?: number;
  /** How long a new level must hold before it becomes the baseline. Default 2 hours. */
  adaptAfterMs?: number;
}

export const OPERATIONAL_DEFAULTS = {
  baselineWindowMs: 3_600_000,
  adaptAfterMs: 2 * 3_600_000,
} as const;

/** Score at the band's edge: points scoring above it are outside the band. */
export const OPERATIONAL_THRESHOLD = 0.5;

/** Baseline window bounds in points (a 1-hour window at 5-minute steps still needs 20 points). */
const MIN_WINDOW_POINTS = 20;
const MAX_WINDOW_POINTS = 360;
/**
 * Evidence before a flag, CUSUM-like: consecutive out-of-band points each add how far past the band's edge
 * they are (ratio − 1, capped), and at least two of them must add up to this. Two points at three
 * half-widths or more, four at two, eight at 1.5, fourteen at 1.3: a small deviation must last longer to
 * count. Once an episode is flagged, its further out-of-band points are flagged at once. A histogram
 * quantile that jumps into the next bucket for a scrape or two does not get there; an incident does at its
 * second point.
 */
const EVIDENCE_NEEDED = 4;
const EVIDENCE_CAP = 6;
/**
 * EVIDENCE_NEEDED holds up to this step. Past it a point stands for more time (a 60 s scrape's point is four
 * 15 s points), and a rate over four scrapes shows a step in full only at its third point, so the evidence
 * needed falls with the step, to half at twice this step and beyond: at 60 s an incident is flagged within
 * three points, as at 15 s, where it would otherwise wait for its fifth (four minutes).
 */
const EVIDENCE_REFERENCE_STEP_MS = 30_000;
const EVIDENCE_MIN_SHARE = 0.5;

/** Summed band ratios an out-of-band run needs before it is flagged, at this step. */
export function evidenceNeededAt(stepMs: number): number {
  return EVIDENCE_NEEDED * Math.min(1, Math.max(EVIDENCE_MIN_SHARE, EVIDENCE_REFERENCE_STEP_MS / stepMs));
}
/**
 * Where the effect floor, not the noise, sets the band (a quiet series: GPU memory held at 90 % ± 0.01 %),
 * a point past the band is past it with certainty, however slightly: it adds its excess in noise half-widths
 * too, up to this much. A leak that creeps over the floor is then flagged at its second point beyond it,
 * while a noisy series (band set by its own spread) still needs the full evidence above.
 */
const CERTAIN_EVIDENCE_CAP = 2;
/**
 * An excursion the series already made this many times within RECUR_HORIZON_MS, at least 1/RECUR_MARGIN as
 * far, is recurring behaviour: the band widens to it there and it is not flagged. The first ones are.
 */
const RECUR_COUNT = 3;
const RECUR_HORIZON_MS = 24 * 3_600_000;
const RECUR_MARGIN = 1.25;
/**
 * Earlier days whose value at this time of day (read a few minutes around it) went at least 1/RECUR_MARGIN
 * as far the same way for a point to be the daily pattern: two, so one earlier incident at this hour is not.
 */
const DAILY_RECUR_COUNT = 2;
/** "This time of day" for DAILY_RECUR_COUNT: daily peaks come this much earlier or later from day to day. */
const DAILY_RECUR_AROUND_MS = 30 * 60_000;
/** Out-of-band points closer than this (and at most this many points) belong to one episode. */
const EPISODE_GAP_MS = 5 * 60_000;
/** A remembered normal (from before an adaptation) is forgotten after this long. */
const REMEMBER_NORMAL_MS = 24 * 3_600_000;
/** Earlier cycles needed before the same-phase median is used. */
const MIN_SEASONAL_CYCLES = 2;
/**
 * With seasonality 'auto', the same-phase median is used only while it cuts the last cycle's error by this
 * much, the error of a baseline one window old (how far a band falls behind on a diurnal ramp).
 */
const SEASONAL_GAIN = 0.9;
/** IQR → standard deviation for normal data. */
const IQR_TO_SIGMA = 1 / 1.349;
/** Differences of the baseline's values this far apart measure its short-term noise. */
const DIFFERENCE_LAG_MS = 5 * 60_000;
/** The band's sigma is at most this many short-term (difference) sigmas. */
const TREND_CAP = 3;
/** 5–95 % range → standard deviation for normal data. */
const TAIL_TO_SIGMA = 1 / 3.29;

/** Score of a deviation of `ratio` band half-widths: 0.5 at the edge, 0.94 at twice, ~1 at three times. */
export function operationalScore(ratio: number): number {
  return 1 - Math.pow(2, -ratio * ratio);
}

export function detectOperational(series: DetectSeries, opts: OperationalOptions = {}): DetectColumns {
  const { t, v } = series;
  const sensitivity = opts.sensitivity ?? 0.5;
  const seasonality = opts.seasonality ?? 'auto';
  checkCommonOptions(sensitivity, seasonality);
  const windowMs = opts.baselineWindowMs ?? OPERATIONAL_DEFAULTS.baselineWindowMs;
  const adaptMs = opts.adaptAfterMs ?? OPERATIONAL_DEFAULTS.adaptAfterMs;
  if (!(windowMs > 0)) throw new RangeError(`anomaly baseline window must be a positive duration, got ${windowMs} ms`);
  if (!(adaptMs > 0)) throw new RangeError(`anomaly adaptation horizon must be a positive duration, got ${adaptMs} ms`);
  checkSeries(t, v);
  const n = t.length;
  const bandK = bandWidthFor(sensitivity);
  if (n < 2) {
    const out = emptyColumns(n, bandK, OPERATIONAL_THRESHOLD);
    out.notices.push(`only ${n} point${n === 1 ? '' : 's'}: nothing to compare against`);
    return out;
  }
  const notices: string[] = [];
  const { step, slotOf, values: grid } = regularGrid(t, v, notices);
  const g = runOnGrid(grid, step, {
    bandK,
    // More sensitive → smaller floors: ×1.5 at 0, ×1 at 0.5, ×0.5 at 1.
    floor: scaleFloor(effectFloorFor(opts.unit), 1.5 - sensitivity),
    domain: opts.domain ?? domainFor(opts.unit, v),
    windowPoints: Math.min(MAX_WINDOW_POINTS, Math.max(MIN_WINDOW_POINTS, Math.round(windowMs / step))),
    adaptPoints: Math.max(1, Math.round(adaptMs / step)),
    lags: ((lag) => (lag ? [lag] : []))(seasonalCycle(seasonality, step, notices)),
    forceSeason: seasonality !== 'auto',
  });
  let out: DetectColumns;
  if (isIdentity(slotOf, grid.length)) {
    // One point per slot (the usual case: no gaps, no repeated timestamps): the grid's columns are the output.
    const { expected, lower, upper, score, flag } = g;
    out = { expected, lower, upper, score, flag, windows: [], notices, stepMs: step, bandK, threshold: OPERATIONAL_THRESHOLD };
  } else {
    out = emptyColumns(n, bandK, OPERATIONAL_THRESHOLD);
    let lastSlot = -1;
    for (let i = 0; i < n; i++) {
      const s = slotOf[i];
      out.expected[i] = g.expected[s];
      out.lower[i] = g.lower[s];
      out.upper[i] = g.upper[s];
      out.score[i] = g.score[s];
      // Equal timestamps share a slot: flag it once.
      if (g.flag[s] && s !== lastSlot) out.flag[i] = 1;
      lastSlot = s;
    }
  }
  out.notices = notices;
  out.stepMs = step;
  out.windows = flagWindows(t, out.score, out.flag, Math.max(EPISODE_GAP_MS, 3 * step));
  return out;
}

interface GridConfig {
  bandK: number;
  floor: EffectFloor;
  domain: ValueDomain;
  windowPoints: number;
  adaptPoints: number;
  lags: SeasonalLags[];
  /** The caller named the cycle (not 'auto'): use it whether or not it predicts better. */
  forceSeason: boolean;
}

interface GridOutputs {
  expected: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  score: Float64Array;
  flag: Uint8Array;
}

function scaleFloor(f: EffectFloor, k: number): EffectFloor {
  return { relative: f.relative * k, absolute: f.absolute * k, counts: f.counts };
}

function runOnGrid(x: Float64Array, step: number, cfg: GridConfig): GridOutputs {
  const G = x.length;
  const o: GridOutputs = {
    expected: new Float64Array(G).fill(Number.NaN),
    lower: new Float64Array(G).fill(Number.NaN),
    upper: new Float64Array(G).fill(Number.NaN),
    score: new Float64Array(G),
    flag: new Uint8Array(G),
  };
  const W = cfg.windowPoints;
  const evidenceNeeded = evidenceNeededAt(step);
  const minBaseline = Math.min(W, Math.max(8, Math.round(W / 4)));
  const episodeGap = Math.max(3, Math.round(EPISODE_GAP_MS / step));
  const rememberPoints = Math.round(REMEMBER_NORMAL_MS / step);
  const { bandK, domain } = cfg;
  const { relative, absolute } = cfg.floor;
  const counts = cfg.floor.counts === true;
  const lo = domain.min ?? Number.NEGATIVE_INFINITY;
  const hi = domain.max ?? Number.POSITIVE_INFINITY;

  // Same-phase median of earlier cycles. From `seasonFrom` on, and re-judged every cycle, the baseline works
  // on x − seasonal when that predicts the last cycle better (or when the caller asked for the cycle).
  const lag = cfg.lags[0];
  // Each earlier day read a few minutes around the phase (phase-smoothing.ts), not at one scrape.
  const smoothed = lag ? centredRunningMedian(x, phaseHalfWidth(step)) : null;
  const seasonal = lag ? seasonalProfile(smoothed!, [{ ...lag, halfWidth: 0 }], false).median : null;
  let nextSeasonCheck = lag ? MIN_SEASONAL_CYCLES * lag.period : Number.POSITIVE_INFINITY;
  let useSeason = false;
  let lastSeasonal = 0;
  const baseAt = (i: number): number => {
    if (!useSeason || seasonal === null) return 0;
    const s = seasonal[i];
    if (s === s) lastSeasonal = s;
    return lastSeasonal;
  };

  const window = new BaselineWindow(W, Math.max(1, Math.round(DIFFERENCE_LAG_MS / step)));
  /** Residual (value − seasonal) per slot, NaN for gaps: what the baseline is rebuilt from. */
  const resid = new Float64Array(G).fill(Number.NaN);
  const accepted = new Uint8Array(G);
  let episodeStart = -1;
  let lastOut = -1;
  /** Consecutive out-of-band points and their summed (capped) band ratios; whether this episode flagged. */
  let runLength = 0;
  let runEvidence = 0;
  let episodeFlagged = false;
  let remembered: Float64Array | null = null;
  let rememberedAt = -1;
  /** Signed peak deviation of the current excursion (0 = none), recorded into `excursions` when the next starts. */
  let excursionPeak = 0;
  const excursions = new ExcursionHistory();
  const recurHorizon = Math.max(1, Math.round(RECUR_HORIZON_MS / step));
  const dailyAround = lag ? Math.min(lag.period - 1, Math.round(DAILY_RECUR_AROUND_MS / step)) : 0;
  /** Median, quartiles, 5 / 95 % quantiles and difference sigma of the window (BaselineWindow.bandStats), and of the remembered one. */
  const stats = new Float64Array(7);
  const rememberedStats = new Float64Array(7);

  const rebuild = (from: number, to: number, onlyAccepted: boolean) => {
    window.clear();
    for (let j = Math.max(0, from); j < to; j++) {
      const r = resid[j];
      if (r === r && (!onlyAccepted || accepted[j])) window.push(r);
    }
  };
  /** Band of a baseline (its median, quartiles and 5 / 95 % quantiles) around `base`: writes [level, tol, noise tol]. */
  const band = new Float64Array(3);
  const bandFor = (med: number, q1: number, q3: number, q05: number, q95: number, diffSigma: number, base: number): void => {
    const level = base + med;
    const a = Math.abs(level);
    // The wider of the interquartile and the 5–95 % spreads, each as a normal sigma: heavy tails (a
    // histogram quantile that jumps into the next, wider bucket now and then) widen the band.
    const core = (q3 - q1) * IQR_TO_SIGMA;
    let sigma = core;
    const tail = (q95 - q05) * TAIL_TO_SIGMA;
    if (tail > sigma) sigma = tail;
    // A trend inside the window (a slow leak) must not widen its own band past a few short-term sigmas.
    if (diffSigma === diffSigma) {
      const cap = TREND_CAP * diffSigma;
      if (sigma > cap) sigma = cap > diffSigma ? cap : diffSigma;
    }
    if (counts && sigma * sigma < (a > 1 ? a : 1)) sigma = Math.sqrt(a > 1 ? a : 1);
    let tol = bandK * sigma;
    // The noise of the window's core (its IQR), for the certainty of a point past a floor-set band: the tails
    // may hold the first minutes of a slow leak, which must not make the leak look like noise.
    const coreSigma = counts && core * core < (a > 1 ? a : 1) ? Math.sqrt(a > 1 ? a : 1) : core;
    band[2] = bandK * (coreSigma < sigma ? coreSigma : sigma);
    // Near the top of a bounded domain the headroom is what matters: GPU memory at 90 % (vLLM reserves it)
    // that climbs to 98 % has used most of what was left.
    const room = hi - level;
    const scaleOfLevel = room >= 0 && room < a ? room : a;
    if (relative * scaleOfLevel > tol) tol = relative * scaleOfLevel;
    if (absolute > tol) tol = absolute;
    band[0] = level;
    band[1] = tol;
  };

  for (let i = 0; i < G; i++) {
    const xi = x[i];
    if (xi !== xi) continue;
    if (i >= nextSeasonCheck) {
      const use = cfg.forceSeason || seasonalErrorRatio(x, seasonal!, i - lag!.period, i, W) < SEASONAL_GAIN;
      if (use !== useSeason) {
        // The baseline switches to (or from) seasonal residuals: re-express its window in them.
        useSeason = use;
        for (let j = Math.max(0, i - W); j < i; j++) resid[j] = x[j] - (use ? seasonal![j] : 0);
        rebuild(i - W, i, true);
        if (remembered) remembered = null;
      }
      while (nextSeasonCheck <= i) nextSeasonCheck += lag!.period;
    }
    const base = baseAt(i);
    const r = xi - base;
    resid[i] = r;
    if (window.count < minBaseline) {
      window.push(r);
      accepted[i] = 1;
      continue;
    }
    window.bandStats(stats);
    bandFor(stats[0], stats[1], stats[2], stats[3], stats[4], stats[5], base);
    let level = band[0];
    let tol = band[1];
    let noiseTol = band[2];
    let dev = Math.abs(xi - level);
    let outOfBand = dev > tol;
    if (outOfBand && remembered !== null && i - rememberedAt <= rememberPoints) {
      // Back to the normal that held before the last adaptation: restore it rather than flag the recovery.
      bandFor(rememberedStats[0], rememberedStats[1], rememberedStats[2], rememberedStats[3], rememberedStats[4], rememberedStats[5], base);
      if (Math.abs(xi - band[0]) <= band[1]) {
        window.restore(remembered);
        remembered = null;
        level = band[0];
        tol = band[1];
        noiseTol = band[2];
        dev = Math.abs(xi - level);
        outOfBand = false;
        episodeStart = -1;
        excursionPeak = 0;
      }
    }
    let recurring = false;
    if (outOfBand) {
      // The band reaches as far as excursions the series made RECUR_COUNT times in the last day, or at this
      // time of day on DAILY_RECUR_COUNT earlier days (a daily peak that a whole-day profile does not model).
      let reach = RECUR_MARGIN * excursions.envelope(i, xi - level, recurHorizon, RECUR_COUNT);
      if (smoothed !== null && reach < dev) {
        const daily = RECUR_MARGIN * sameTimeReach(smoothed, o.expected, i, lag!.period, lag!.cycles, dailyAround, level, tol, xi - level, DAILY_RECUR_COUNT);
        if (daily > reach) reach = daily;
      }
      if (reach >= dev) {
        recurring = true;
        tol = reach;
      }
    }
    const ratio = tol > 0 ? dev / tol : dev > 0 ? Number.POSITIVE_INFINITY : 0;
    o.expected[i] = clamp(level, lo, hi);
    o.lower[i] = clamp(level - tol, lo, hi);
    o.upper[i] = clamp(level + tol, lo, hi);
    o.score[i] = operationalScore(ratio);
    if (!outOfBand) {
      window.push(r);
      accepted[i] = 1;
      runLength = 0;
      runEvidence = 0;
      continue;
    }
    if (episodeStart < 0 || i - lastOut > episodeGap) {
      if (excursionPeak !== 0) excursions.record(lastOut, excursionPeak);
      excursionPeak = 0;
      episodeStart = i;
      episodeFlagged = false;
    }
    lastOut = i;
    if (dev > Math.abs(excursionPeak)) excursionPeak = xi - level;
    if (recurring && !episodeFlagged) {
      // Recurring behaviour, not evidence; it stays out of the baseline like any excursion.
      runLength = 0;
      runEvidence = 0;
    } else {
      runLength++;
      const pastEdge = (ratio < EVIDENCE_CAP ? ratio : EVIDENCE_CAP) - 1;
      const certainty = noiseTol > 0 ? Math.min(CERTAIN_EVIDENCE_CAP, (dev - tol) / noiseTol) : CERTAIN_EVIDENCE_CAP;
      runEvidence += certainty > pastEdge ? certainty : pastEdge;
      if (episodeFlagged || (runLength >= 2 && runEvidence >= evidenceNeeded)) {
        o.flag[i] = 1;
        episodeFlagged = true;
      }
    }
    if (i - episodeStart + 1 >= cfg.adaptPoints) {
      // The new level has held for the adaptation horizon: it is the baseline now. The old one is
      // remembered, so a return to it later is not flagged as a new incident.
      remembered = window.snapshot();
      window.bandStats(rememberedStats);
      rememberedAt = i;
      const from = Math.max(episodeStart, i + 1 - W);
      window.clear();
      for (let j = from; j <= i; j++) {
        const rj = resid[j];
        if (rj === rj) {
          window.push(rj);
          accepted[j] = 1;
        }
      }
      episodeStart = -1;
      excursionPeak = 0;
      runLength = 0;
      runEvidence = 0;
    }
  }
  return o;
}

/** Whether point i sits in slot i for every point of a grid of exactly that many slots. */
function isIdentity(slotOf: Int32Array, gridLength: number): boolean {
  if (slotOf.length !== gridLength) return false;
  for (let i = 0; i < slotOf.length; i++) if (slotOf[i] !== i) return false;
  return true;
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** Runs of flagged points, merged across gaps shorter than `mergeMs`; each with its peak score. */
export function flagWindows(t: ArrayLike<number>, score: ArrayLike<number>, flag: ArrayLike<number>, mergeMs: number): AnomalyWindow[] {
  const windows: AnomalyWindow[] = [];
  let current: AnomalyWindow | null = null;
  for (let i = 0; i < flag.length; i++) {
    if (!flag[i]) continue;
    if (current && t[i] - current.end <= mergeMs) {
      current.end = t[i];
      if (score[i] > current.peakScore) current.peakScore = score[i];
    } else {
      current = { start: t[i], end: t[i], peakScore: score[i] };
      windows.push(current);
    }
  }
  return windows;
}

/**
 * How far, the way `signedDev` points, the series went from `level` around this time of day (within `around`
 * points either side: daily peaks drift by tens of minutes) on at least `count` of the last `cycles` days: the
 * count-th largest such excursion, 0 when fewer days made one. A day counts only if its baseline before that
 * time (its expected value `around` points earlier) was today's, within `tol`: a series that dropped today
 * must not read yesterday's normal level as a daily excursion back up. `smoothed` holds each point's
 * neighbourhood median; only indices more than `around` points short of a period back are read.
 */
export function sameTimeReach(
  smoothed: ArrayLike<number>,
  expected: ArrayLike<number>,
  i: number,
  period: number,
  cycles: number,
  around: number,
  level: number,
  tol: number,
  signedDev: number,
  count: number
): number {
  const found: number[] = [];
  const sign = signedDev > 0 ? 1 : -1;
  for (let k = 1; k <= cycles; k++) {
    const centre = i - k * period;
    if (centre - around < 0) break;
    if (!(Math.abs(expected[centre - around] - level) <= tol)) continue;
    let far = 0;
    for (let j = centre - around; j <= centre + around; j++) {
      const d = (smoothed[j] - level) * sign;
      if (d > far) far = d;
    }
    if (far > 0) found.push(far);
  }
  if (found.length < count) return 0;
  found.sort((a, b) => b - a);
  return found[count - 1];
}
