// NAB_INCIDENTS_VERBOSE=1 npm run bench nab-incidents: one line per missed window on stderr, saying what
// the finder picked instead and where the window's own candidate ranked, each with a rough kind of change,
// so misses can be sorted into causes (nothing found at all, an earlier larger change, a data gap, …).
import { medianStep, recencyWeight, type FoundIncident, type IncidentSearch } from '../pkg/analytics/rootcause/find-incident';
import { robustFit } from '../pkg/analytics/rootcause/robust';
import type { SignalSeries } from '../pkg/analytics/rootcause/types';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Rough kind of change: gap (data missing at its start, or the series went silent), spike (≤ 6 points),
 * drift (the run keeps moving away), variance (spread grew more than the level moved) or shift; and
 * whether it is still going, returned to the old level afterwards, or ended elsewhere.
 */
export function changeKind(s: SignalSeries, c: FoundIncident): string {
  if (c.kind === 'stopped_reporting') return c.ongoing ? 'gap/ongoing' : 'gap';
  const t = s.times;
  const v = s.values.map((x) => (x === null ? NaN : x));
  const step = medianStep(t);
  const i0 = t.findIndex((x) => x >= c.start);
  const i1 = t.findIndex((x) => x >= c.end);
  for (let i = Math.max(1, i0 - 3); i <= Math.min(i1, i0 + 3); i++) if (t[i] - t[i - 1] > 4 * step) return 'gap';
  const n = i1 - i0 + 1;
  if (n <= 6) return 'spike';
  const base = v.slice(Math.max(0, i0 - 240), i0);
  const baseMedian = median(base);
  const run = v.slice(i0, i1 + 1);
  const effect = Math.abs(median(run) - baseMedian);
  const after = v.slice(i1 + 1, i1 + 1 + Math.max(12, n));
  const returned = after.length >= 6 && Math.abs(median(after) - baseMedian) < 0.3 * effect;
  const k = Math.max(1, Math.floor(n / 3));
  const first = median(run.slice(0, k));
  const last = median(run.slice(-k));
  const drift = Math.abs(last - first) > 0.6 * effect && Math.abs(last - baseMedian) > Math.abs(first - baseMedian);
  const runSpread = robustFit(run)?.iqr ?? 0;
  const baseSpread = Math.max(robustFit(base)?.iqr ?? 0, 1e-12);
  const kind = runSpread / baseSpread > 4 && effect < 1.5 * runSpread ? 'variance' : drift ? 'drift' : 'shift';
  return `${kind}/${c.ongoing ? 'ongoing' : returned ? 'returned' : 'ended'}`;
}

/** Miss class: what was picked (kind, before/after the window) and what the window's best candidate is. */
export function missClass(s: SignalSeries, r: IncidentSearch, window: [number, number]): string {
  const inWindow = r.candidates.find((c) => c.start <= window[1] && c.end >= window[0]);
  const own = inWindow ? changeKind(s, inWindow).split('/')[0] : 'no candidate';
  if (!r.best) return `answered no incident; window: ${own}`;
  return `picked ${changeKind(s, r.best).split('/')[0]} ${r.best.end < window[0] ? 'before' : 'after'} the window; window: ${own}`;
}

/** One line per miss: the pick and the window's candidate with effect, duration, score, recency weight, rank. */
export function describeMiss(name: string, s: SignalSeries, r: IncidentSearch, window: [number, number]): string {
  const from = s.times[0];
  const span = Math.max(1, s.times[s.times.length - 1] - from);
  const h = (t: number) => `${((t - from) / 3_600_000).toFixed(1)}h`;
  const one = (c: FoundIncident) =>
    `${changeKind(s, c)} ${h(c.start)}–${h(c.end)} ${c.direction === 'up' ? '+' : '−'}${Number.isFinite(c.relativeChange) ? `${Math.round(100 * c.relativeChange)} %` : 'from 0'} score ${c.score.toFixed(0)} recency ×${recencyWeight(c.end, from, span).toFixed(2)}`;
  const rank = r.candidates.findIndex((c) => c.start <= window[1] && c.end >= window[0]);
  const pick = r.best ? one(r.best) : 'no incident';
  const own = rank < 0 ? 'no candidate' : `#${rank + 1} of ${r.candidates.length}: ${one(r.candidates[rank])}`;
  return `  ${name} window ${h(window[0])}–${h(window[1])} of ${h(from + span)}: picked ${pick}; window's ${own}`;
}
