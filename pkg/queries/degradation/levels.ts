// Degradation level per serving series and time (pkg/analytics/degradation on aligned inputs), then
// aggregated to the query's group-by (max by default: a model is as degraded as its worst instance).
// Pure: no I/O.
import { degradationLevel, type DegradationInput, type DegradationThresholds } from '../../analytics/degradation';
import type { ServingInputs } from './inputs';
import { labelKey } from '../promql/frames';

export interface Driver {
  /** The input that set the level (errorRatio, ttftSloRatio, queuePressure …). */
  input: DegradationInput;
  value: number;
  threshold: number | null;
}

export interface LevelSeries {
  labels: Record<string, string>;
  values: Array<number | null>;
  /** Per value: what drove it (null when normal or no data). */
  drivers: Array<Driver | null>;
}

export type LevelAggregation = 'max' | 'avg' | 'min';

export function levelsPerServing(s: ServingInputs, n: number, thresholds: DegradationThresholds): LevelSeries {
  const values: Array<number | null> = new Array(n).fill(null);
  const drivers: Array<Driver | null> = new Array(n).fill(null);
  const at = (k: keyof ServingInputs['inputs'], i: number) => s.inputs[k]?.[i] ?? null;
  for (let i = 0; i < n; i++) {
    const inputs = {
      errorRatio: at('errorRatio', i),
      ttftP95: at('ttftP95', i),
      e2eP95: at('e2eP95', i),
      waiting: at('waiting', i),
      running: at('running', i),
      kvCacheUsage: at('kvCacheUsage', i),
      preemptionRate: at('preemptionRate', i),
      gpuUtilization: at('gpuUtilization', i),
      gpuMemoryUsedRatio: at('gpuMemoryUsedRatio', i),
    };
    // No input at all at this time: the series did not exist (no data), not "normal".
    if (Object.values(inputs).every((v) => v === null)) continue;
    const r = degradationLevel(inputs, thresholds);
    values[i] = r.level;
    if (r.drivenBy !== null && r.value !== null) drivers[i] = { input: r.drivenBy, value: r.value, threshold: r.threshold };
  }
  return { labels: s.labels, values, drivers };
}

/** Groups per-serving levels by the requested labels; the driver is the worst member's. */
export function aggregateLevels(
  members: LevelSeries[],
  groupBy: string[],
  aggregation: LevelAggregation,
  n: number
): LevelSeries[] {
  const groups = new Map<string, { labels: Record<string, string>; members: LevelSeries[] }>();
  for (const m of members) {
    const labels: Record<string, string> = {};
    for (const l of groupBy) if (m.labels[l] !== undefined) labels[l] = m.labels[l]!;
    const k = labelKey(labels);
    const g = groups.get(k) ?? { labels, members: [] };
    g.members.push(m);
    groups.set(k, g);
  }
  const out: LevelSeries[] = [];
  for (const g of groups.values()) {
    const values: Array<number | null> = new Array(n).fill(null);
    const drivers: Array<Driver | null> = new Array(n).fill(null);
    for (let i = 0; i < n; i++) {
      let worst: LevelSeries | undefined;
      let sum = 0;
      let count = 0;
      let min = Infinity;
      for (const m of g.members) {
        const v = m.values[i];
        if (v === null || v === undefined) continue;
        sum += v;
        count++;
        min = Math.min(min, v);
        if (!worst || v > worst.values[i]!) worst = m;
      }
      if (!count) continue;
      values[i] = aggregation === 'max' ? worst!.values[i]! : aggregation === 'min' ? min : sum / count;
      drivers[i] = worst!.drivers[i] ?? null;
    }
    out.push({ labels: g.labels, values, drivers });
  }
  return out.sort((a, b) => (labelKey(a.labels) < labelKey(b.labels) ? -1 : 1));
}
