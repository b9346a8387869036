// Incident finding for a root-cause query without a window: among the target's series (fleet-wide,
// per model, per instance), the most significant recent change. A candidate window starts at a point
// that leaves the range of the points before it (its baseline: a window never starts before there is
// one), runs while the series stays beyond that range, and scores robust effect size × duration, so a
// sustained shift beats a late wobble and a blip at the very start of the range is never picked.
// A series that stops reporting while the others go on is an incident too (a target that went down).
import { flaggedIncidents } from './flagged-incidents';
import { robustFit } from './robust';
import type { Labels, SignalSeries, TimeWindow } from './types';

/** Smallest change worth calling an incident, in the signal's unit or relative to its level. */
export interface EffectFloor {
  /** Relative change (|x − baseline| / |baseline|) a short run must reach. */
  relative?: number;
  /** Relative change a run of `sustainedMinutes` or more must reach (default: `relative`). */
  relativeSustained?: number;
  sustainedMinutes?: number;
  /** Absolute change in the signal's unit. */
  absolute?: number;
}

export interface FindIncidentOptions {
  /** Robust z (|x − median| / scale) a point must reach to be part of a run. Default 4. */
  threshold?: number;
  floor?: EffectFloor;
  /** Baseline points before the earliest start. Default max(8, 15 % of the series). */
  minBaselinePoints?: number;
  /** At most this many baseline points before a start (the most recent ones). Default 240. */
  maxBaselinePoints?: number;
  /** Non-deviating points a run bridges. Default 3. */
  maxGapPoints?: number;
  /** Runs with fewer deviating points are not incidents. Default 2. */
  minPoints?: number;
  /** Latest time any target series has data (default: the latest point of the given series). */
  dataEnd?: number;
  /** Sample spacing, ms (default: the median spacing of the series). */
  stepMs?: number;
  /** Robust z is capped here before multiplying by duration (a scale floor near zero cannot win alone). Default 10. */
  maxEffect?: number;
  /**
   * Also take the windows the operational anomaly detector flags on series whose unit is known (what the
   * anomaly panel shows). Default true.
   */
  detectorWindows?: boolean;
  /**
   * Start of the range the user asked about, when the series reach further back (history fetched as a
   * baseline): only incidents with at least half of their length after it are reported, and recency
   * counts from it.
   */
  searchFrom?: number;
}

export type IncidentKind = 'shift' | 'stopped_reporting';

export interface FoundIncident extends TimeWindow {
  kind: IncidentKind;
  /** Index of the series in the input. */
  series: number;
  signal: string;
  labels: Labels;
  direction: 'up' | 'down';
  baselineMedian: number;
  /** Median over the run (null when the series stopped reporting). */
  incidentMedian: number | null;
  /** Median |x − baseline| / |baseline| over the run (Infinity when the baseline is 0). */
  relativeChange: number;
  /** Capped robust effect × minutes: what ranks incidents. */
  score: number;
  /** True when the run reaches the end of the data: the incident is still going. */
  ongoing: boolean;
}

interface Clean {
  times: number[];
  values: number[];
}

function clean(s: SignalSeries): Clean {
  const times: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < s.times.length; i++) {
    const v = s.values[i];
    if (v !== null && Number.isFinite(v)) {
      times.push(s.times[i]);
      values.push(v);
    }
  }
  return { times, values };
}

function medianOf(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median spacing of the times, or 0 with fewer than two points. */
export function medianStep(times: number[]): number {
  if (times.length < 2) return 0;
  const d: number[] = [];
  for (let i = 1; i < times.length; i++) d.push(times[i] - times[i - 1]);
  return medianOf(d);
}

/** The relative floor for a run of this many minutes: from `relative` down to `relativeSustained`. */
export function relativeFloorFor(floor: EffectFloor, minutes: number): number {
  const short = floor.relative ?? 0;
  const long = floor.relativeSustained ?? short;
  const span = floor.sustainedMinutes ?? 30;
  const f = Math.min(1, Math.max(0, minutes / span));
  return short + (long - short) * f;
}

/** Shift incidents of one series (not ranked across series). */
export function shiftIncidents(series: SignalSeries, index: number, opts: FindIncidentOptions = {}): FoundIncident[] {
  const { times, values } = clean(series);
  const n = values.length;
  const threshold = opts.threshold ?? 4;
  const floor = opts.floor ?? {};
  const minBase = opts.minBaselinePoints ?? Math.max(8, Math.floor(0.15 * n));
  const maxBase = opts.maxBaselinePoints ?? 240;
  const maxGap = opts.maxGapPoints ?? 3;
  const minPoints = opts.minPoints ?? 2;
  const maxEffect = opts.maxEffect ?? 10;
  const step = opts.stepMs ?? medianStep(times);
  const dataEnd = opts.dataEnd ?? times[n - 1];
  const out: FoundIncident[] = [];
  // Short-run relative floor: the bar a single point must pass to start or extend a run.
  const pointRelFloor = Math.min(floor.relative ?? 0, floor.relativeSustained ?? floor.relative ?? 0);
  let s = minBase;
  while (s < n) {
    const fit = robustFit(values.slice(Math.max(0, s - maxBase), s));
    if (!fit) break;
    const level = Math.abs(fit.median);
    const scale = Math.max(fit.iqr, series.minScale ?? 0, 0.01 * level, 1e-12);
    const bar = Math.max(threshold * scale, pointRelFloor * level, floor.absolute ?? 0);
    const d0 = values[s] - fit.median;
    if (Math.abs(d0) < bar) {
      s++;
      continue;
    }
    const dir = d0 > 0 ? 1 : -1;
    const run: number[] = [s];
    let last = s;
    for (let i = s + 1; i < n && i - last <= maxGap + 1; i++) {
      if (dir * (values[i] - fit.median) >= bar) {
        run.push(i);
        last = i;
      }
    }
    if (run.length >= minPoints) {
      const inRun = values.slice(s, last + 1);
      const runMedian = medianOf(inRun);
      const effects = run.map((i) => Math.abs(values[i] - fit.median));
      const effect = medianOf(effects);
      const relativeChange = level > 0 ? effect / level : Infinity;
      const minutes = Math.max(times[last] - times[s] + step, step) / 60_000;
      const relFloor = relativeFloorFor(floor, minutes);
      // The run as a whole must clear the floor for its length: short runs need a bigger change.
      if ((level === 0 || relativeChange >= relFloor) && effect >= (floor.absolute ?? 0) && dir * (runMedian - fit.median) > 0) {
        out.push({
          kind: 'shift',
          series: index,
          signal: series.signal,
          labels: series.labels,
          start: times[s],
          end: times[last],
          direction: dir > 0 ? 'up' : 'down',
          baselineMedian: fit.median,
          incidentMedian: runMedian,
          relativeChange,
          score: Math.min(effect / scale, maxEffect) * minutes,
          ongoing: dataEnd - times[last] <= (maxGap + 1) * step,
        });
      }
    }
    s = last + 1;
  }
  return out;
}

/**
 * Stopped reporting: the series has no data for more than `maxGapPoints + 1` steps before the end of
 * the target's data (ongoing), or a gap that long in the middle (ended). Needs a baseline before it.
 */
export function silenceIncidents(series: SignalSeries, index: number, opts: FindIncidentOptions = {}): FoundIncident[] {
  // One scan over the finite points, no copies: this runs on every candidate series.
  const { times, values } = series;
  const minBase = opts.minBaselinePoints ?? 8;
  const step = opts.stepMs ?? medianStep(finiteTimes(series, 65));
  if (!(step > 0)) return [];
  const maxGap = opts.maxGapPoints ?? 3;
  const maxEffect = opts.maxEffect ?? 10;
  const minSilence = (maxGap + 2) * step;
  const gaps: Array<[number, number, boolean]> = [];
  let n = 0;
  let last = NaN;
  for (let i = 0; i < times.length; i++) {
    const v = values[i];
    if (v === null || !Number.isFinite(v)) continue;
    if (n >= minBase && times[i] - last > minSilence) gaps.push([last + step, times[i] - step, false]);
    last = times[i];
    n++;
  }
  if (n < minBase) return [];
  const dataEnd = opts.dataEnd ?? last;
  if (dataEnd - last > minSilence) gaps.push([last + step, dataEnd, true]);
  if (gaps.length === 0) return [];
  const baseline = medianOf(clean(series).values);
  return gaps.map(([start, end, ongoing]) => ({
    kind: 'stopped_reporting' as const,
    series: index,
    signal: series.signal,
    labels: series.labels,
    start,
    end,
    direction: 'down' as const,
    baselineMedian: baseline,
    incidentMedian: null,
    relativeChange: 1,
    score: maxEffect * ((end - start + step) / 60_000),
    ongoing,
  }));
}

/** Times of the first `max` finite points (enough to read the sample spacing). */
function finiteTimes(s: SignalSeries, max: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.times.length && out.length < max; i++) {
    const v = s.values[i];
    if (v !== null && Number.isFinite(v)) out.push(s.times[i]);
  }
  return out;
}

/** First and last finite time of a series, without copying it. */
function span(s: SignalSeries): [number, number] | null {
  let first = -1;
  let lastI = -1;
  for (let i = 0; i < s.times.length; i++) {
    const v = s.values[i];
    if (v !== null && Number.isFinite(v)) {
      if (first < 0) first = i;
      lastI = i;
    }
  }
  return first < 0 ? null : [s.times[first], s.times[lastI]];
}

/** Labels that a rollout may change on the same entity (a new served-model name or version). */
const RENAMED_LABELS = new Set(['model', 'version']);

/**
 * A series that stops while another one with the same identity (but a new model name or version)
 * starts was renamed by a rollout, not taken down.
 */
function replaced(targets: SignalSeries[], firsts: Array<number | undefined>, i: number, c: FoundIncident): boolean {
  const own = Object.entries(targets[i].labels).filter(([k]) => !RENAMED_LABELS.has(k));
  return targets.some(
    (t, j) =>
      j !== i &&
      firsts[j] !== undefined &&
      firsts[j]! >= c.start - 5 * 60_000 &&
      firsts[j]! <= c.end &&
      own.every(([k, v]) => t.labels[k] === v)
  );
}

/** True when another series has a finite point inside [start, end]: it kept reporting while this one was silent. */
function othersReported(series: SignalSeries[], i: number, start: number, end: number): boolean {
  return series.some((s, j) => {
    if (j === i) return false;
    for (let k = 0; k < s.times.length; k++) {
      const t = s.times[k];
      if (t > end) break;
      const v = s.values[k];
      if (t >= start && v !== null && Number.isFinite(v)) return true;
    }
    return false;
  });
}

/**
 * Silences of every series, except series a rollout renamed; dataEnd defaults to the latest point of any.
 * A silence that ended while no other searched series reported either is a gap in the monitoring (the
 * scrape or the database was down), not something the target did: it is not an incident.
 */
export function silences(series: SignalSeries[], opts: FindIncidentOptions = {}): FoundIncident[] {
  const spans = series.map(span);
  const ends = spans.filter((x): x is [number, number] => x !== null).map((x) => x[1]);
  if (ends.length === 0) return [];
  const o = { ...opts, dataEnd: opts.dataEnd ?? Math.max(...ends) };
  const firsts = spans.map((x) => x?.[0]);
  return series.flatMap((s, i) =>
    silenceIncidents(s, i, o).filter((c) => !replaced(series, firsts, i, c) && (c.ongoing || othersReported(series, i, c.start, c.end)))
  );
}

export interface IncidentSearch {
  /** Every candidate, best first. */
  candidates: FoundIncident[];
  best: FoundIncident | null;
}

/**
 * How much a candidate counts for being recent: ×0.75 when it ended at the range start, ×1 when still
 * going. A stronger weight (the square of where it ends) found more of NAB's labelled windows (0.66 against
 * 0.61) but let a weaker run of an incident that reaches the range end win over its stronger run, so the
 * window shown said "still going" for an incident that had ended (the browser test of the root-cause
 * panel caught it).
 */
export function recencyWeight(end: number, rangeStart: number, span: number): number {
  const f = Math.min(1, Math.max(0, (end - rangeStart) / span));
  return 0.75 + 0.25 * f;
}

/** At least half of the incident lies at or after `from` (the start of the range asked about). */
function inAskedRange(c: FoundIncident, from: number): boolean {
  return c.end >= from && c.end - from >= (c.end - c.start) / 2;
}

/**
 * The most significant recent incident over all series: score (effect × duration) weighted towards
 * recent ones (recencyWeight); ties go to the later, then the more specific series (more labels).
 */
export function findIncident(targets: SignalSeries[], opts: FindIncidentOptions = {}): IncidentSearch {
  const ends = targets.map((s) => clean(s).times.at(-1)).filter((t): t is number => t !== undefined);
  const starts = targets.map((s) => clean(s).times[0]).filter((t): t is number => t !== undefined);
  if (ends.length === 0) return { candidates: [], best: null };
  const dataEnd = opts.dataEnd ?? Math.max(...ends);
  const rangeStart = opts.searchFrom ?? Math.min(...starts);
  const span = Math.max(1, dataEnd - rangeStart);
  const o = { ...opts, dataEnd };
  const step = opts.stepMs ?? medianStep(clean(targets[0]).times);
  const flagged =
    opts.detectorWindows === false || !(step > 0)
      ? []
      : targets.flatMap((s, i) =>
          s.unit === undefined ? [] : flaggedIncidents(s, i, { dataEnd, stepMs: step, maxEffect: opts.maxEffect ?? 10, maxGapPoints: opts.maxGapPoints ?? 3 })
        );
  const all = [...targets.flatMap((s, i) => shiftIncidents(s, i, o)), ...flagged, ...silences(targets, o)].filter(
    (c) => opts.searchFrom === undefined || inAskedRange(c, opts.searchFrom)
  );
  const weight = (c: FoundIncident) => c.score * recencyWeight(c.end, rangeStart, span);
  all.sort(
    (a, b) =>
      weight(b) - weight(a) ||
      b.end - a.end ||
      Object.keys(b.labels).length - Object.keys(a.labels).length
  );
  return { candidates: all, best: all[0] ?? null };
}
