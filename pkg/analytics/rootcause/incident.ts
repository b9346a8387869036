// "The latest anomaly of the target": when the caller gives no incident window, flag points far from
// the range's own median (robust z against the IQR, anomalies being a minority of the range) and take
// the latest run of flagged points, bridging short gaps.
import { robustFit } from './robust';
import type { SignalSeries, TimeWindow } from './types';

export interface IncidentOptions {
  /** Robust z (|x − median| / IQR) that flags a point. Default 4. */
  threshold?: number;
  /** Flagged points at most this many samples apart belong to one run. Default 3. */
  maxGapPoints?: number;
  /** Relative IQR floor. Default 0.05 × |median|. */
  relativeFloor?: number;
  /** Runs with fewer flagged points are ignored (one stray spike is not an incident). Default 2. */
  minPoints?: number;
}

export interface FlaggedRun extends TimeWindow {
  /** Largest robust z in the run. */
  peak: number;
  /** Flagged points in the run. */
  points: number;
  series: number;
}

/** Runs of anomalous points per series, in time order. */
export function anomalousRuns(series: SignalSeries, opts: IncidentOptions = {}): FlaggedRun[] {
  const threshold = opts.threshold ?? 4;
  const maxGap = opts.maxGapPoints ?? 3;
  const fit = robustFit(series.values);
  if (!fit || series.times.length < 2) return [];
  const scale = Math.max(fit.iqr, series.minScale ?? 1e-9, (opts.relativeFloor ?? 0.05) * Math.abs(fit.median));
  const runs: FlaggedRun[] = [];
  let current: FlaggedRun | null = null;
  let lastIdx = -Infinity;
  for (let i = 0; i < series.times.length; i++) {
    const v = series.values[i];
    if (v === null || !Number.isFinite(v)) continue;
    const z = Math.abs(v - fit.median) / scale;
    if (z < threshold) continue;
    if (current && i - lastIdx <= maxGap) {
      current.end = series.times[i];
      current.peak = Math.max(current.peak, z);
      current.points++;
    } else {
      current = { start: series.times[i], end: series.times[i], peak: z, points: 1, series: 0 };
      runs.push(current);
    }
    lastIdx = i;
  }
  return runs.filter((r) => r.points >= (opts.minPoints ?? 2));
}

/** The latest anomalous run over all target series (ties: the stronger one), or null. */
export function latestIncident(targets: SignalSeries[], opts: IncidentOptions = {}): FlaggedRun | null {
  let best: FlaggedRun | null = null;
  targets.forEach((s, idx) => {
    for (const run of anomalousRuns(s, opts)) {
      const r = { ...run, series: idx };
      if (!best || r.start > best.start || (r.start === best.start && r.peak > best.peak)) best = r;
    }
  });
  return best;
}
