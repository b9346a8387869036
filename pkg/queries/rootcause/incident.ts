// Finding the incident when the query gives no window: the target signal as asked, plus the same
// signal per model and per instance (a fleet-wide total dilutes one instance's step), searched by the
// pure incident finder with the signal's effect-size floor.
import type { DataContext } from '../../datasource/data-context';
import type { FoundIncident } from '../../analytics/rootcause/find-incident';
import { inlineCompute, type Compute } from '../../compute';
import { incidentFloorFor } from '../../analytics/rootcause/floors';
import type { Labels, SignalSeries } from '../../analytics/rootcause/types';
import type { Availability } from '../../signals/build';
import type { QueryRange } from '../promql/range';
import { fetchSignal, type SignalRequest } from './fetch-signal';

export interface DetectedIncident {
  incident: FoundIncident | null;
  /** The target and its per-model / per-instance constituents (deduplicated by labels). */
  series: SignalSeries[];
}

const key = (labels: Labels) => JSON.stringify(Object.entries(labels).sort());

/** The groupings searched besides the query's own: per model, per instance. */
export function constituentGroupings(groupBy: string[] | undefined): string[][] {
  const own = [...(groupBy ?? [])].sort().join(',');
  return [['model'], ['instance']].filter((g) => g.join(',') !== own);
}

export async function detectIncident(
  data: DataContext,
  available: Availability,
  target: SignalRequest,
  targetSeries: SignalSeries[],
  range: QueryRange,
  abort?: AbortSignal,
  compute: Compute = inlineCompute,
  /** Start of the range asked about, when `range` reaches further back for a baseline. */
  searchFrom?: number
): Promise<DetectedIncident> {
  const extra = await Promise.all(
    constituentGroupings(target.groupBy).map((groupBy) => fetchSignal(data, available, { ...target, groupBy }, range, abort))
  );
  const seen = new Set(targetSeries.map((s) => key(s.labels)));
  const series = [...targetSeries];
  for (const s of extra.flatMap((f) => f.series)) {
    if (seen.has(key(s.labels))) continue;
    seen.add(key(s.labels));
    series.push(s);
  }
  const best = await compute.run('findIncident', { series, options: { floor: incidentFloorFor(target.signal), stepMs: range.stepMs, searchFrom } }, abort);
  return { incident: best, series };
}

/** "17 %" for modest changes, "×4.1" once the level more than doubled (or "from 0" when it was zero). */
function change(i: FoundIncident): string {
  if (!Number.isFinite(i.relativeChange)) return 'from 0';
  if (i.direction === 'up' && i.relativeChange >= 1) return `×${Number((1 + i.relativeChange).toPrecision(2))}`;
  return `${Math.round(i.relativeChange * 100)} %`;
}

/** One sentence for the table's status: where, since when, still going or ended. */
export function describeIncident(i: FoundIncident, step: number): string {
  const where = Object.keys(i.labels).length ? Object.entries(i.labels).map(([k, v]) => `${k}=${v}`).join(' ') : 'fleet';
  const at = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const minutes = Math.round((i.end - i.start + step) / 60_000);
  const what =
    i.kind === 'stopped_reporting'
      ? `${i.signal} stopped reporting on ${where}`
      : `${i.signal} ${i.direction === 'up' ? 'rose' : 'fell'} ${change(i)} on ${where}`;
  return `${what} from ${at(i.start)}, ${i.ongoing ? `still going (${minutes} min so far)` : `ended ${at(i.end)} (${minutes} min)`}`;
}
