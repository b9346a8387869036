/**
 * NAB (Numenta Anomaly Benchmark) scoring, written from the published method:
 * labelled windows, a probationary period per file, sigmoid-weighted credit for the earliest detection in a
 * window, sigmoid-weighted penalties for detections outside windows, one threshold swept over the whole
 * benchmark, and normalisation so that the Null detector scores 0 and a perfect detector 100.
 *
 * Everything here is pure; `corpus.ts` does the file reading.
 */

export interface CostProfile {
  tpWeight: number;
  fnWeight: number;
  fpWeight: number;
}

export type ProfileName = 'standard' | 'reward_low_FP_rate' | 'reward_low_FN_rate';

export const NAB_PROFILES: Record<ProfileName, CostProfile> = {
  standard: { tpWeight: 1.0, fnWeight: 1.0, fpWeight: 0.11 },
  reward_low_FP_rate: { tpWeight: 1.0, fnWeight: 1.0, fpWeight: 0.22 },
  reward_low_FN_rate: { tpWeight: 1.0, fnWeight: 2.0, fpWeight: 0.11 },
};

/** One labelled series: row timestamps (epoch ms) and anomaly windows as inclusive [start, end] epoch ms. */
export interface LabelledSeries {
  name: string;
  timestamps: ArrayLike<number>;
  windows: ReadonlyArray<readonly [number, number]>;
}

/**
 * The detector-independent part of scoring one file: for every scored row (after the probationary period),
 * which window it is in (-1 = none) and its unweighted sigmoid credit.
 */
export interface PreparedSeries {
  name: string;
  /** Rows before this index are never scored. */
  probation: number;
  length: number;
  /** Per row (full length): window index within this file, or -1. */
  windowOf: Int32Array;
  /**
   * Per row (full length): inside a window the TP credit σ(y)/σ(−1) in (0, 1]; outside the (negative)
   * FP factor σ(distance past the previous window), −1 before any window.
   */
  credit: Float64Array;
  /** Number of windows that contain at least one scored row. */
  windowCount: number;
}

/** NAB's scaled sigmoid: +1 far before the right edge of a window, 0 at it, −1 well after (and beyond 3 widths). */
export function scaledSigmoid(y: number): number {
  if (y > 3) return -1;
  return 2 / (1 + Math.exp(5 * y)) - 1;
}

const MAX_TP = scaledSigmoid(-1);

/** Rows ignored at the start of each file: min(floor(0.15·n), 0.15·5000). */
export function probationaryPeriod(length: number, fraction = 0.15): number {
  return Math.min(Math.floor(fraction * length), fraction * 5000);
}

export function prepareSeries(series: LabelledSeries): PreparedSeries {
  const ts = series.timestamps;
  const n = ts.length;
  const windowOf = new Int32Array(n).fill(-1);
  const credit = new Float64Array(n);
  const probation = probationaryPeriod(n);

  // Row ranges of each window (inclusive), in time order.
  const ranges: Array<[number, number]> = [];
  const sorted = [...series.windows].sort((a, b) => a[0] - b[0]);
  for (const [start, end] of sorted) {
    let lo = -1;
    let hi = -1;
    for (let i = 0; i < n; i++) {
      const t = ts[i];
      if (t >= start && t <= end) {
        if (lo < 0) lo = i;
        hi = i;
      }
    }
    if (lo >= 0) ranges.push([lo, hi]);
  }

  let prevRight = -1;
  let prevWidth = 0;
  let w = 0;
  for (let i = 0; i < n; i++) {
    while (w < ranges.length && ranges[w][1] < i) {
      prevRight = ranges[w][1];
      prevWidth = ranges[w][1] - ranges[w][0] + 1;
      w++;
    }
    if (w < ranges.length && i >= ranges[w][0]) {
      const [lo, hi] = ranges[w];
      const width = hi - lo + 1;
      // −1 at the left edge, → 0 at the right edge.
      const position = -(hi - i + 1) / width;
      windowOf[i] = w;
      credit[i] = scaledSigmoid(position) / MAX_TP;
    } else if (prevRight < 0) {
      credit[i] = -1;
    } else {
      credit[i] = scaledSigmoid(Math.abs(prevRight - i) / (prevWidth - 1));
    }
  }

  let windowCount = 0;
  for (const [, hi] of ranges) if (hi >= probation) windowCount++;
  return { name: series.name, probation, length: n, windowOf, credit, windowCount };
}

/** Detections of one file flattened for the corpus sweep. */
interface SweepRows {
  score: Float64Array;
  /** Global window id or −1. */
  window: Int32Array;
  credit: Float64Array;
  windowCount: number;
}

function collectRows(prepared: readonly PreparedSeries[], scores: ReadonlyArray<ArrayLike<number>>): SweepRows {
  if (prepared.length !== scores.length) {
    throw new Error(`NAB scorer: ${prepared.length} files but ${scores.length} score arrays`);
  }
  let total = 0;
  for (const p of prepared) total += p.length - p.probation;
  const score = new Float64Array(total);
  const window = new Int32Array(total);
  const credit = new Float64Array(total);
  let k = 0;
  let windowBase = 0;
  let windowCount = 0;
  prepared.forEach((p, f) => {
    const s = scores[f];
    if (s.length !== p.length) {
      throw new Error(`NAB scorer: ${p.name} has ${p.length} rows but ${s.length} scores`);
    }
    for (let i = p.probation; i < p.length; i++, k++) {
      const v = s[i];
      score[k] = Number.isFinite(v) ? v : 0;
      const wl = p.windowOf[i];
      window[k] = wl < 0 ? -1 : windowBase + wl;
      credit[k] = p.credit[i];
    }
    // Window ids are per file; reserve ids for all windows of the file even if some are unscored.
    let fileWindows = 0;
    for (let i = 0; i < p.length; i++) if (p.windowOf[i] + 1 > fileWindows) fileWindows = p.windowOf[i] + 1;
    windowBase += fileWindows;
    windowCount += p.windowCount;
  });
  return { score, window, credit, windowCount };
}

export interface SweepResult {
  /** Detection = score ≥ threshold. */
  threshold: number;
  /** Raw (unnormalised) NAB score at that threshold. */
  raw: number;
  normalised: number;
  tp: number;
  fp: number;
  fn: number;
  windowCount: number;
}

export function normalise(raw: number, windowCount: number, profile: CostProfile): number {
  const perfect = profile.tpWeight * windowCount;
  const nullScore = -profile.fnWeight * windowCount;
  if (perfect === nullScore) return 0;
  return (100 * (raw - nullScore)) / (perfect - nullScore);
}

/** Score-descending order of the rows, computed once and reused across profiles. */
function descendingOrder(score: Float64Array): Uint32Array {
  const order = new Uint32Array(score.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  // Sorting a copy of negated scores paired with indices is much faster than a comparator closure over 365k rows.
  const keyed = new Float64Array(score.length);
  for (let i = 0; i < score.length; i++) keyed[i] = -score[i];
  const idx = Array.from(order);
  idx.sort((a, b) => keyed[a] - keyed[b] || a - b);
  for (let i = 0; i < idx.length; i++) order[i] = idx[i];
  return order;
}

/**
 * Benchmark-wide threshold sweep: every distinct score value is tried as a threshold (plus "never detect"),
 * and the threshold with the highest raw score wins (ties: the higher threshold).
 */
function sweep(rows: SweepRows, order: Uint32Array, profile: CostProfile): SweepResult {
  const { score, window, credit, windowCount } = rows;
  let windowIds = 0;
  for (let i = 0; i < window.length; i++) if (window[i] + 1 > windowIds) windowIds = window[i] + 1;
  const best = new Float64Array(windowIds).fill(Number.NaN);
  let windowTotal = -profile.fnWeight * windowCount;
  let fpTotal = 0;
  let tp = 0;
  let fp = 0;
  let result: SweepResult = {
    threshold: Number.POSITIVE_INFINITY,
    raw: windowTotal,
    normalised: 0,
    tp: 0,
    fp: 0,
    fn: windowCount,
    windowCount,
  };
  let k = 0;
  while (k < order.length) {
    const threshold = score[order[k]];
    // Admit every row with this exact score before evaluating the threshold.
    while (k < order.length && score[order[k]] === threshold) {
      const r = order[k++];
      const w = window[r];
      if (w < 0) {
        fpTotal += profile.fpWeight * credit[r];
        fp++;
      } else {
        const c = profile.tpWeight * credit[r];
        const prev = best[w];
        if (Number.isNaN(prev)) {
          tp++;
          windowTotal += profile.fnWeight + c;
          best[w] = c;
        } else if (c > prev) {
          windowTotal += c - prev;
          best[w] = c;
        }
      }
    }
    const raw = windowTotal + fpTotal;
    if (raw > result.raw) {
      result = { threshold, raw, normalised: 0, tp, fp, fn: windowCount - tp, windowCount };
    }
  }
  result.normalised = normalise(result.raw, windowCount, profile);
  return result;
}

/** Raw score of a fixed threshold (used for held-out evaluation). */
function scoreAt(rows: SweepRows, threshold: number, profile: CostProfile): SweepResult {
  const { score, window, credit, windowCount } = rows;
  const best = new Map<number, number>();
  let fpTotal = 0;
  let fp = 0;
  for (let r = 0; r < score.length; r++) {
    if (!(score[r] >= threshold)) continue;
    const w = window[r];
    if (w < 0) {
      fpTotal += profile.fpWeight * credit[r];
      fp++;
    } else {
      const c = profile.tpWeight * credit[r];
      const prev = best.get(w);
      if (prev === undefined || c > prev) best.set(w, c);
    }
  }
  let raw = fpTotal - profile.fnWeight * (windowCount - best.size);
  for (const c of best.values()) raw += c;
  return {
    threshold,
    raw,
    normalised: normalise(raw, windowCount, profile),
    tp: best.size,
    fp,
    fn: windowCount - best.size,
    windowCount,
  };
}

export interface CorpusScore {
  profiles: Record<ProfileName, SweepResult>;
}

/** Score a detector over a corpus: one benchmark-wide optimal threshold per profile. */
export function scoreCorpus(
  prepared: readonly PreparedSeries[],
  scores: ReadonlyArray<ArrayLike<number>>,
  profiles: Record<ProfileName, CostProfile> = NAB_PROFILES
): CorpusScore {
  const rows = collectRows(prepared, scores);
  const order = descendingOrder(rows.score);
  const out = {} as Record<ProfileName, SweepResult>;
  for (const name of Object.keys(profiles) as ProfileName[]) out[name] = sweep(rows, order, profiles[name]);
  return { profiles: out };
}

export interface HeldOutScore {
  /** Threshold tuned on the even-indexed files, scored on the odd-indexed ones, and the reverse. */
  evenToOdd: Record<ProfileName, SweepResult>;
  oddToEven: Record<ProfileName, SweepResult>;
}

/** Held-out evaluation: tune the threshold on half of the files (even/odd index), score the other half. */
export function scoreHeldOut(
  prepared: readonly PreparedSeries[],
  scores: ReadonlyArray<ArrayLike<number>>,
  profiles: Record<ProfileName, CostProfile> = NAB_PROFILES
): HeldOutScore {
  const pick = <T>(xs: readonly T[], parity: number) => xs.filter((_, i) => i % 2 === parity);
  const half = (parity: number) => collectRows(pick(prepared, parity), pick([...scores], parity));
  const even = half(0);
  const odd = half(1);
  const evenOrder = descendingOrder(even.score);
  const oddOrder = descendingOrder(odd.score);
  const evenToOdd = {} as Record<ProfileName, SweepResult>;
  const oddToEven = {} as Record<ProfileName, SweepResult>;
  for (const name of Object.keys(profiles) as ProfileName[]) {
    const p = profiles[name];
    evenToOdd[name] = scoreAt(odd, sweep(even, evenOrder, p).threshold, p);
    oddToEven[name] = scoreAt(even, sweep(odd, oddOrder, p).threshold, p);
  }
  return { evenToOdd, oddToEven };
}
