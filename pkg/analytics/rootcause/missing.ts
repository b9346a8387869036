// Missing data as evidence: candidate or target series that stopped reporting around the incident
// (an instance that crashed or was taken down), unless a rollout renamed them.
import { silences } from './find-incident';
import type { SignalSeries, SilentSeries, TimeWindow } from './types';

/** Silences that overlap the incident window (or start up to `leadMs` before it). */
export function silentSeries(series: SignalSeries[], window: TimeWindow, opts: { stepMs?: number; leadMs?: number } = {}): SilentSeries[] {
  const lead = opts.leadMs ?? 10 * 60_000;
  return silences(series, { stepMs: opts.stepMs })
    .filter((c) => c.start <= window.end && c.end >= window.start - lead)
    .map((c) => ({ signal: c.signal, labels: c.labels, from: c.start, to: c.end, ongoing: c.ongoing }));
}
