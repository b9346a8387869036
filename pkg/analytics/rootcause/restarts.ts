// Restarts and rollouts as real fleets show them: `process_start_time_seconds` jumps, counters reset,
// a `version` / image label or the served-model name changes on the same entity.
import { entityLabels } from './topology';
import type { Labels, RestartEvent, SignalSeries } from './types';

function points(s: SignalSeries): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < s.times.length; i++) {
    const v = s.values[i];
    if (v !== null && Number.isFinite(v)) out.push([s.times[i], v]);
  }
  return out;
}

/** `process_start_time_seconds` (epoch seconds): every increase is a restart at the new start time. */
export function restartsFromProcessStart(series: SignalSeries[]): RestartEvent[] {
  const out: RestartEvent[] = [];
  for (const s of series) {
    const p = points(s);
    for (let i = 1; i < p.length; i++) {
      if (p[i][1] - p[i - 1][1] < 1) continue;
      // The new start time, but never before the last sample of the old process.
      const at = Math.min(p[i][0], Math.max(p[i - 1][0], p[i][1] * 1000));
      out.push({ kind: 'process_start', labels: entityLabels(s.labels), at });
    }
  }
  return out;
}

/** `resets(counter[w])` per entity: each run of non-zero values is one reset, at its first sample. */
export function restartsFromCounterResets(series: SignalSeries[]): RestartEvent[] {
  const out: RestartEvent[] = [];
  for (const s of series) {
    let inRun = false;
    for (const [t, v] of points(s)) {
      if (v > 0 && !inRun) out.push({ kind: 'counter_reset', labels: entityLabels(s.labels), at: t });
      inRun = v > 0;
    }
  }
  return out;
}

/**
 * A label value (version, image, served-model name) that first appears after another value of the
 * same entity (the other labels equal) was already reporting: a rollout at its first sample.
 */
export function rolloutsFromLabel(series: SignalSeries[], label: string): RestartEvent[] {
  const groups = new Map<string, Array<{ value: string; first: number; labels: Labels }>>();
  for (const s of series) {
    const value = s.labels[label];
    const first = points(s)[0]?.[0];
    if (value === undefined || first === undefined) continue;
    const rest = Object.entries(s.labels).filter(([k]) => k !== label).sort();
    const key = JSON.stringify(rest);
    const list = groups.get(key) ?? [];
    const seen = list.find((x) => x.value === value);
    if (seen) seen.first = Math.min(seen.first, first);
    else list.push({ value, first, labels: Object.fromEntries(rest) });
    groups.set(key, list);
  }
  const out: RestartEvent[] = [];
  for (const list of groups.values()) {
    list.sort((a, b) => a.first - b.first);
    for (let i = 1; i < list.length; i++) {
      if (list[i].first <= list[0].first) continue;
      out.push({
        kind: label === 'model' ? 'model_rename' : 'version_change',
        labels: entityLabels(list[i].labels),
        at: list[i].first,
        from: list[i - 1].value,
        to: list[i].value,
      });
    }
  }
  return out;
}
