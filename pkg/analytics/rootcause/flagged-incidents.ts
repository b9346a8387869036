// Incidents as the anomaly panel sees them: the operational detector (the `anomaly` query's default) run on
// a target series, each flagged window one candidate. Root cause then agrees with the panel a user just
// looked at: what the panel flags, root cause can explain (a +33 % TTFT rise for 30 minutes on noisy 15 s
// quantiles may never reach the robust-z bar of the shift finder, while the detector's evidence does).
import { detectOperational } from '../anomaly/operational';
import type { FoundIncident } from './find-incident';
import type { SignalSeries } from './types';

/**
 * Windows starting before the detector has seen a full baseline window are not candidates: a root-cause
 * range has no history before it, and a band learned from its first minutes is not a normal range.
 */
const WARM_UP_MS = 3_600_000;
/** Band half-widths ≈ robust z: the detector's band is 3 sigmas at its default sensitivity (≈ 2.2 IQRs). */
const HALF_WIDTH_IN_IQR = 2.2;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export interface FlaggedIncidentOptions {
  /** Latest time any target series has data (an incident reaching it is ongoing). */
  dataEnd: number;
  stepMs: number;
  /** Capped effect, as in the shift finder, so both rank on one scale. */
  maxEffect: number;
  /** Gap in steps within which a window reaching the end counts as ongoing. */
  maxGapPoints: number;
}

export function flaggedIncidents(series: SignalSeries, index: number, o: FlaggedIncidentOptions): FoundIncident[] {
  const t: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < series.times.length; i++) {
    const x = series.values[i];
    if (x !== null && Number.isFinite(x)) {
      t.push(series.times[i]);
      v.push(x);
    }
  }
  if (t.length < 2) return [];
  const d = detectOperational({ t, v }, { unit: series.unit });
  const out: FoundIncident[] = [];
  for (const w of d.windows) {
    if (w.start < t[0] + WARM_UP_MS) continue;
    const inside: number[] = [];
    const expected: number[] = [];
    const ratios: number[] = [];
    for (let i = 0; i < t.length; i++) {
      if (t[i] < w.start || t[i] > w.end || !d.flag[i]) continue;
      const half = (d.upper[i] - d.lower[i]) / 2;
      inside.push(v[i]);
      expected.push(d.expected[i]);
      if (half > 0) ratios.push(Math.abs(v[i] - d.expected[i]) / half);
    }
    if (inside.length < 2) continue;
    const base = median(expected);
    const now = median(inside);
    const minutes = Math.max(w.end - w.start + o.stepMs, o.stepMs) / 60_000;
    const effect = ratios.length ? median(ratios) * HALF_WIDTH_IN_IQR : o.maxEffect;
    out.push({
      kind: 'shift',
      series: index,
      signal: series.signal,
      labels: series.labels,
      start: w.start,
      end: w.end,
      direction: now >= base ? 'up' : 'down',
      baselineMedian: base,
      incidentMedian: now,
      relativeChange: base !== 0 ? Math.abs(now - base) / Math.abs(base) : Number.POSITIVE_INFINITY,
      score: Math.min(effect, o.maxEffect) * minutes,
      ongoing: o.dataEnd - w.end <= (o.maxGapPoints + 1) * o.stepMs,
    });
  }
  return out;
}
