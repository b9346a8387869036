// Histogram bucket rates (`sum by (le)`, cumulative) → one `heatmap-rows` frame: a time field and one
// number field per bucket upper bound, ascending, each holding the rate of observations in that bucket
// alone (cumulative count minus the bucket below), which is what Grafana's heatmap draws per cell.
import type { Field, Frame, FrameMeta } from '../../grafana/frame';
import type { RangeSeries } from '../../upstream/prometheus';

export interface HeatmapFrameOptions {
  unit?: string;
  stepMs: number;
  meta: Omit<FrameMeta, 'type' | 'typeVersion'>;
}

const bound = (le: string) => (le === '+Inf' ? Infinity : Number(le));

export function heatmapFrame(series: RangeSeries[], opts: HeatmapFrameOptions): Frame {
  const meta: FrameMeta = { ...opts.meta, type: 'heatmap-rows', typeVersion: [0, 1] };
  // One series per `le` (a second spelling of the same bound, 1 and 1.0, adds up).
  const byBound = new Map<number, { le: string; at: Map<number, number> }>();
  const times = new Set<number>();
  for (const s of series) {
    const le = s.labels.le;
    if (le === undefined || Number.isNaN(bound(le))) continue;
    const b = bound(le);
    const entry = byBound.get(b) ?? { le, at: new Map<number, number>() };
    for (let i = 0; i < s.times.length; i++) {
      const v = s.values[i];
      if (!Number.isFinite(v)) continue;
      times.add(s.times[i]!);
      entry.at.set(s.times[i]!, (entry.at.get(s.times[i]!) ?? 0) + v!);
    }
    byBound.set(b, entry);
  }
  if (byBound.size === 0) return { meta, fields: [] };
  const t = [...times].sort((a, b) => a - b);
  const bounds = [...byBound.keys()].sort((a, b) => a - b);
  const fields: Field[] = [
    { name: 'time', type: 'time', values: t, nullable: false, config: { interval: opts.stepMs } },
  ];
  let below: Array<number | null> = t.map(() => 0);
  for (const b of bounds) {
    const { le, at } = byBound.get(b)!;
    const cumulative = t.map((x) => at.get(x) ?? null);
    // Rates of adjacent buckets are computed separately: a bucket can come out a hair below the one
    // under it, which is no negative count.
    const own = cumulative.map((c, i) => (c === null || below[i] === null ? null : Math.max(0, c - below[i]!)));
    const name = b === Infinity ? '+Inf' : String(b);
    fields.push({
      name,
      type: 'number',
      values: own,
      config: { displayNameFromDS: name, ...(opts.unit ? { unit: opts.unit } : {}) },
      labels: { le },
    });
    below = cumulative;
  }
  return { meta, fields };
}
