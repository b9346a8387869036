// A series that stops reporting while the range goes on is an anomaly of its own (an instance that went
// down, a GPU that fell off the bus) that no detector on its values can see: there are no values. Marked
// here, for the operational detector: the missing stretch is added as flagged points without values, up to
// the adaptation horizon (after that the absence is the new normal, e.g. a decommissioned host). A series
// that another one replaces (a new series starting near the moment it stopped, as pods do in a rollout)
// did not stop: it was renamed. Only series of one entity (an instance, pod, GPU or host) are marked: a
// model's aggregate that ends is a rollback or a rename, not an outage. Range form only: alert rules read
// `up` and the degradation level for outages, and a scale-in must not page.
import type { ScoredSeries } from './frames';

export interface StoppedOptions {
  panel: { from: number; to: number };
  stepMs: number;
  adaptAfterMs: number;
}

const MIN = 60_000;
/** Prometheus keeps a vanished series for 5 minutes (its lookback delta): shorter silences are not stops. */
const STALENESS_MS = 5 * MIN;
/** A series starting this close to another's stop is taken as its replacement. */
const REPLACEMENT_MS = 10 * MIN;

function lastSample(s: ScoredSeries): number | undefined {
  const { times, values } = s.source;
  for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null && Number.isFinite(values[i])) return times[i];
  return undefined;
}

function firstSample(s: ScoredSeries): number | undefined {
  const { times, values } = s.source;
  for (let i = 0; i < values.length; i++) if (values[i] !== null && Number.isFinite(values[i])) return times[i];
  return undefined;
}

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 16);

const ENTITY_LABELS = ['instance', 'pod', 'gpu', 'hostname', 'Hostname'];

export function markStoppedSeries(scored: ScoredSeries[], opts: StoppedOptions): void {
  const { panel, stepMs, adaptAfterMs } = opts;
  const grace = Math.max(STALENESS_MS, 3 * stepMs);
  const starts = scored.map(firstSample);
  scored.forEach((s, k) => {
    if (!ENTITY_LABELS.some((l) => s.source.labels[l] !== undefined)) return;
    const last = lastSample(s);
    if (last === undefined || panel.to - last <= grace) return;
    const until = Math.min(panel.to, last + adaptAfterMs);
    if (until < panel.from) return;
    const replaced = starts.some((t, j) => j !== k && t !== undefined && Math.abs(t - last) <= REPLACEMENT_MS);
    if (replaced) return;
    const first = last + stepMs;
    let added = 0;
    for (let t = first; t <= until; t += stepMs) {
      if (t < panel.from) continue;
      s.times.push(t);
      s.values.push(null);
      s.expected.push(null);
      s.lower.push(null);
      s.upper.push(null);
      s.score.push(1);
      s.flag.push(1);
      added++;
    }
    if (added === 0) return;
    const ongoing = until === panel.to;
    s.windows.push({
      start: Math.max(first, panel.from),
      end: until,
      peakScore: 1,
      text: `${s.source.name} stopped reporting after ${clock(last)} UTC${ongoing ? '' : `; flagged for ${Math.round(adaptAfterMs / MIN)} minutes, then taken as the new normal`} (no other series replaced it).`,
    });
  });
}
