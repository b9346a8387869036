// Missing data as evidence: candidate or target series that stopped reporting around the incident
// (an instance that crashed or was taken down), unless a rollout renamed them, or other series of the
// very same entity (the same labels: a GPU outlives its serving process) kept reporting meanwhile: then
// it was up, and the silent series lost their traffic (a latency quantile or ratio over no requests is
// no number), not their process.
import { silences } from './find-incident';
import type { Labels, SignalSeries, SilentSeries, TimeWindow } from './types';

/** The entity a series is about: its whole label set (undefined for a fleet-wide series). */
function entityOf(labels: Labels): string | undefined {
  const entries = Object.entries(labels);
  return entries.length ? JSON.stringify(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : undefined;
}

/** True when `s` has a finite point in [from, to]. */
function reportsDuring(s: SignalSeries, from: number, to: number): boolean {
  for (let i = 0; i < s.times.length; i++) {
    const t = s.times[i];
    const v = s.values[i];
    if (t >= from && t <= to && v !== null && Number.isFinite(v)) return true;
  }
  return false;
}

/**
 * Silences that begin in the incident window or up to `leadMs` before it. One that began earlier is
 * how the fleet already was when the incident started (a replica removed an hour ago, its old pod's
 * series stopped for good), not what changed.
 */
export function silentSeries(series: SignalSeries[], window: TimeWindow, opts: { stepMs?: number; leadMs?: number } = {}): SilentSeries[] {
  const lead = opts.leadMs ?? 10 * 60_000;
  const byEntity = new Map<string, SignalSeries[]>();
  for (const s of series) {
    const key = entityOf(s.labels);
    // `up` keeps reporting (as 0) for a target that is down: it is not a sign of life.
    if (key === undefined || s.signal === 'up') continue;
    const list = byEntity.get(key);
    if (list) list.push(s);
    else byEntity.set(key, [s]);
  }
  return silences(series, { stepMs: opts.stepMs })
    .filter((c) => c.start <= window.end && c.start >= window.start - lead)
    .filter((c) => {
      const key = entityOf(c.labels);
      const silent = series[c.series];
      const others = key === undefined ? [] : (byEntity.get(key) ?? []).filter((s) => s !== silent);
      return !others.some((s) => reportsDuring(s, c.start, Math.min(c.end, window.end)));
    })
    .map((c) => ({ signal: c.signal, labels: c.labels, from: c.start, to: c.end, ongoing: c.ongoing }));
}
