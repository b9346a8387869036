// Bad-deploy evidence: a `version` label value that appears during the range (it has no samples at
// the start) and whose error ratio is clearly higher than the versions that were already running.
import { related } from './topology';
import type { Labels, SignalSeries, TimeWindow } from './types';

export interface DeployEvidence {
  version: string;
  labels: Labels;
  firstSeen: number;
  /** Mean error ratio of the new version in the incident window (from its first sample when that is later). */
  newErrorRatio: number;
  /** Mean error ratio of the older versions of the same entity over the same span (or before it). */
  oldErrorRatio: number;
  oldVersions: string[];
}

export interface DeployOptions {
  /**
   * Label that carries the version. Default `version`. Use `model` when a rollout shows up as a new
   * served-model name on the same instance (the label itself is then ignored when matching entities).
   */
  versionLabel?: string;
  /** New version's error ratio must exceed old × ratio and old + margin. Defaults 2 and 0.01. */
  minRatio?: number;
  minMargin?: number;
}

function firstSample(s: SignalSeries): number | null {
  for (let i = 0; i < s.times.length; i++) if (s.values[i] !== null && Number.isFinite(s.values[i])) return s.times[i];
  return null;
}

function meanBetween(s: SignalSeries, from: number, to: number): number | null {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < s.times.length; i++) {
    const v = s.values[i];
    if (v === null || !Number.isFinite(v) || s.times[i] < from || s.times[i] > to) continue;
    sum += v;
    n++;
  }
  return n ? sum / n : null;
}

/**
 * Finds new versions (first sample after the earliest sample of any series, at or before the incident
 * end) whose error ratio in the incident window beats the older versions of a related entity. Strongest
 * difference first.
 */
export function detectBadDeploys(
  errorRatioByVersion: SignalSeries[],
  window: TimeWindow,
  opts: DeployOptions = {}
): DeployEvidence[] {
  const key = opts.versionLabel ?? 'version';
  const minRatio = opts.minRatio ?? 2;
  const minMargin = opts.minMargin ?? 0.01;
  const withVersion = errorRatioByVersion.filter((s) => s.labels[key] !== undefined);
  const firsts = withVersion.map(firstSample);
  const rangeStart = Math.min(...firsts.filter((t): t is number => t !== null));
  const out: DeployEvidence[] = [];
  withVersion.forEach((s, i) => {
    const first = firsts[i];
    if (first === null || first <= rangeStart || first > window.end) return;
    // What the new version does in the window: one rolled out earlier in the history that stopped
    // serving before it (rolled back, replaced) or serves it well is not this incident's cause.
    const newRatio = meanBetween(s, Math.max(first, window.start), window.end);
    if (newRatio === null) return;
    const others = (l: Labels) => Object.fromEntries(Object.entries(l).filter(([k]) => k !== key));
    const olds = withVersion.filter(
      (o, j) => firsts[j] !== null && firsts[j]! < first && o.labels[key] !== s.labels[key] && related(others(o.labels), others(s.labels))
    );
    // A rolling update may retire the old version entirely: then compare with its mean before.
    const oldMeans = olds.map((o) => meanBetween(o, first, window.end) ?? meanBetween(o, -Infinity, first)).filter((m): m is number => m !== null);
    if (oldMeans.length === 0) return;
    const oldRatio = oldMeans.reduce((a, b) => a + b, 0) / oldMeans.length;
    if (newRatio >= oldRatio * minRatio && newRatio >= oldRatio + minMargin) {
      out.push({
        version: s.labels[key],
        labels: s.labels,
        firstSeen: first,
        newErrorRatio: newRatio,
        oldErrorRatio: oldRatio,
        oldVersions: [...new Set(olds.map((o) => o.labels[key]))].sort(),
      });
    }
  });
  return out.sort((a, b) => b.newErrorRatio - b.oldErrorRatio - (a.newErrorRatio - a.oldErrorRatio));
}
