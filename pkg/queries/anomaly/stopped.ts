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

/** Times of the finite samples of a series' source (the whole lookback). */
function sampleTimes(s: ScoredSeries): number[] {
  const { times, values } = s.source;
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if (values[i] !== null && Number.isFinite(values[i])) out.push(times[i]!);
  return out;
}

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 16);

const ENTITY_LABELS = ['instance', 'pod', 'gpu', 'hostname', 'Hostname'];
/**
 * Latency quantiles and ratios have no value when there was no traffic (histogram_quantile and a ratio of
 * zero rates are NaN), so their silences say nothing about an outage; rates, counts and gauges do.
 */
const NO_VALUE_WITHOUT_TRAFFIC = new Set(['s', 'ms', 'µs', 'us', 'ns', 'percentunit']);

export function markStoppedSeries(scored: ScoredSeries[], opts: StoppedOptions): void {
  const { panel, stepMs, adaptAfterMs } = opts;
  const grace = Math.max(STALENESS_MS, 3 * stepMs);
  const samples = scored.map(sampleTimes);
  const starts = samples.map((t) => t[0]);
  scored.forEach((s, k) => {
    if (!ENTITY_LABELS.some((l) => s.source.labels[l] !== undefined)) return;
    if (NO_VALUE_WITHOUT_TRAFFIC.has(s.source.config.unit ?? '') && !s.source.counterRate) return;
    const t = samples[k]!;
    if (t.length === 0) return;
    // Silences: between two samples, or from the last sample to the range end.
    const silences: Array<{ last: number; next: number | null }> = [];
    for (let i = 1; i < t.length; i++) if (t[i]! - t[i - 1]! > grace + stepMs) silences.push({ last: t[i - 1]!, next: t[i]! });
    if (panel.to - t[t.length - 1]! > grace) silences.push({ last: t[t.length - 1]!, next: null });
    const added: number[] = [];
    for (const { last, next } of silences) {
      const replaced = starts.some((st, j) => j !== k && st !== undefined && Math.abs(st - last) <= REPLACEMENT_MS);
      if (replaced) continue;
      const end = Math.min(next === null ? panel.to : next - stepMs, last + adaptAfterMs);
      const from = last + stepMs;
      let first: number | undefined;
      let lastAdded: number | undefined;
      for (let x = from; x <= end; x += stepMs) {
        if (x < panel.from) continue;
        added.push(x);
        first ??= x;
        lastAdded = x;
      }
      if (first === undefined || lastAdded === undefined) continue;
      const resumed = next !== null && next - last <= adaptAfterMs + stepMs;
      const ongoing = next === null && end === panel.to;
      const how = resumed ? `, back at ${clock(next!)} UTC` : ongoing ? '' : `; flagged for ${Math.round(adaptAfterMs / MIN)} minutes, then taken as the new normal`;
      s.windows.push({
        start: first,
        end: lastAdded,
        peakScore: 1,
        text: `${s.source.name} stopped reporting after ${clock(last)} UTC${how} (no other series replaced it).`,
      });
    }
    if (added.length === 0) return;
    insertFlaggedGaps(s, added);
    s.windows.sort((a, b) => a.start - b.start);
  });
}

/** Adds flagged points without values at `times` (not among the series' times), keeping time order. */
function insertFlaggedGaps(s: ScoredSeries, times: number[]): void {
  const rows = s.times.map((t, i) => ({ t, i }));
  for (const t of times) rows.push({ t, i: -1 });
  rows.sort((a, b) => a.t - b.t);
  const pick = <T>(col: T[], fill: T) => rows.map((r) => (r.i < 0 ? fill : col[r.i]!));
  s.values = pick(s.values, null);
  s.expected = pick(s.expected, null);
  s.lower = pick(s.lower, null);
  s.upper = pick(s.upper, null);
  s.score = pick(s.score, 1);
  s.flag = pick(s.flag, 1);
  s.times = rows.map((r) => r.t);
}
