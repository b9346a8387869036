// Pure scoring of the incident suite: anomaly frames and root-cause answers (as Grafana receives them)
// against the ground truth. No I/O here, so the rules are unit-tested on their own.
import type { GroundTruthFault } from '../../simulator/src';
import { SIGNAL_BY_ID } from '../../pkg/signals/catalog';
import type { SignalId } from '../../pkg/model/ids';
import type { QueryJsonFrame, QueryJsonResult } from '../../test/host';
import type { Affected } from './scenarios';

/** One series of an anomaly answer. */
export interface AnomalySeries {
  labels: Record<string, string>;
  times: number[];
  values: Array<number | null>;
  lower: Array<number | null>;
  upper: Array<number | null>;
  flag: Array<number | null>;
}

export interface AnomalyWindowRow {
  start: number;
  end: number;
  tags: string;
}

export interface AnomalyAnswer {
  series: AnomalySeries[];
  windows: AnomalyWindowRow[];
  stepMs: number;
}

const col = (f: QueryJsonFrame, name: string) => {
  const i = f.schema.fields.findIndex((x) => x.name === name);
  return i < 0 ? [] : (f.data.values[i] as Array<number | null>);
};

/** Reads an anomaly query result: series frames (value, lower, upper, flag) and the annotation frame. */
export function readAnomaly(result: QueryJsonResult): AnomalyAnswer {
  if (result.error) throw new Error(`anomaly query failed (${result.status}): ${result.error}`);
  const frames = result.frames ?? [];
  const series: AnomalySeries[] = frames
    .filter((f) => f.schema.meta?.type === 'timeseries-multi')
    .filter((f) => f.schema.fields.some((x) => x.name === 'flag'))
    .map((f) => ({
      labels: f.schema.fields.find((x) => x.name === 'value')?.labels ?? {},
      times: col(f, 'time') as number[],
      values: col(f, 'value'),
      lower: col(f, 'lower'),
      upper: col(f, 'upper'),
      flag: col(f, 'flag'),
    }));
  const ann = frames.find((f) => f.schema.meta?.dataTopic === 'annotations');
  const windows: AnomalyWindowRow[] = ann
    ? (col(ann, 'time') as number[]).map((start, i) => ({ start, end: col(ann, 'timeEnd')[i] as number, tags: String((ann.data.values[ann.schema.fields.findIndex((x) => x.name === 'tags')] ?? [])[i] ?? '') }))
    : [];
  const custom = (frames[0]?.schema.meta?.custom ?? {}) as { anomaly?: { stepMs?: number } };
  const stepMs = custom.anomaly?.stepMs ?? inferStep(series);
  return { series, windows, stepMs };
}

function inferStep(series: AnomalySeries[]): number {
  let best = Infinity;
  for (const s of series) for (let i = 1; i < s.times.length; i++) best = Math.min(best, s.times[i] - s.times[i - 1]);
  return Number.isFinite(best) ? best : 60_000;
}

/** The series of a source that carry the fault: its instances' series, or its GPUs'. */
export function isAffected(labels: Record<string, string>, fault: GroundTruthFault, affected: Affected): boolean {
  if (affected === 'instances') return labels.instance !== undefined && fault.target.instances.includes(labels.instance);
  return fault.target.gpus.some((g) => g.hostname === labels.hostname && g.gpu === labels.gpu);
}

/** When the incident is visible on its source: the fault start, or a ramp's given share of its length. */
export function visibleAt(fault: GroundTruthFault, rampShare?: number): number {
  return fault.startMs + (rampShare !== undefined ? rampShare * fault.rampMs : 0);
}

export interface DetectionScore {
  /** First flagged point at or after the onset, in points after the onset (0 = the onset point); null = never. */
  delayPoints: number | null;
  detectedWithin3: boolean;
  /** Flagged share of the grid points from the onset to the fault's end (missing points count as not flagged). */
  shareFlagged: number;
  affectedSeries: number;
}

export function scoreDetection(answer: AnomalyAnswer, fault: GroundTruthFault, affected: Affected, onsetMs: number): DetectionScore {
  const step = answer.stepMs;
  const mine = answer.series.filter((s) => isAffected(s.labels, fault, affected));
  let delay: number | null = null;
  let shareSum = 0;
  // Grid points in [onset, end): the points a detector could have flagged.
  const firstPoint = Math.ceil(onsetMs / step) * step;
  const expected = Math.max(1, Math.ceil((fault.endMs - firstPoint) / step));
  for (const s of mine) {
    let flagged = 0;
    s.times.forEach((t, i) => {
      if (t < onsetMs || s.flag[i] !== 1) return;
      const d = Math.round((t - firstPoint) / step);
      if (delay === null || d < delay) delay = d;
      if (t < fault.endMs) flagged++;
    });
    shareSum += Math.min(1, flagged / expected);
  }
  return {
    delayPoints: delay,
    detectedWithin3: delay !== null && delay <= 3,
    shareFlagged: mine.length ? shareSum / mine.length : 0,
    affectedSeries: mine.length,
  };
}

/** The domain a signal's values live in, from the catalog's unit: ratios in [0, 1], counts and times ≥ 0. */
export function domainOf(signal: string): { min?: number; max?: number } {
  const def = SIGNAL_BY_ID.get(signal as SignalId);
  if (!def) throw new Error(`unknown signal ${signal}`);
  if (def.unit === 'percentunit') return { min: 0, max: 1 };
  // Temperatures may be below 0 in principle; a score-only signal (degradation level) has its own scale.
  if (def.unit === 'celsius' || def.unit === 'none') return {};
  return { min: 0 };
}

export interface DomainScore {
  points: number;
  outside: number;
  seriesOutside: number;
  /** Worst offender, for the report. */
  worst?: string;
}

export function scoreDomain(answer: AnomalyAnswer, signal: string): DomainScore {
  const { min, max } = domainOf(signal);
  let points = 0;
  let outside = 0;
  let seriesOutside = 0;
  let worst: string | undefined;
  let worstBy = 0;
  for (const s of answer.series) {
    let bad = 0;
    for (let i = 0; i < s.times.length; i++) {
      const lo = s.lower[i];
      const hi = s.upper[i];
      if (lo === null && hi === null) continue;
      points++;
      const below = min !== undefined && lo !== null ? min - lo : 0;
      const above = max !== undefined && hi !== null ? hi - max : 0;
      if (below > 1e-9 || above > 1e-9) {
        bad++;
        if (Math.max(below, above) > worstBy) {
          worstBy = Math.max(below, above);
          worst = `${signal} ${JSON.stringify(s.labels)} band [${lo}, ${hi}]`;
        }
      }
    }
    outside += bad;
    if (bad) seriesOutside++;
  }
  return { points, outside, seriesOutside, worst };
}

/** What a root-cause query answered. */
export type RcaAnswer =
  | { kind: 'error'; status: number; message: string }
  | { kind: 'no_incident'; message: string }
  | { kind: 'ranked'; top?: { id: string; entity: Record<string, string>; confidence: number }; window?: { start: number; end: number; source?: string } };

/** Hypothesis ids that mean "nothing to blame". */
const NO_CAUSE_IDS = new Set(['unknown', 'no_cause', 'none']);

export function readRootcause(result: QueryJsonResult): RcaAnswer {
  if (result.error) {
    // Today the handler answers "no anomaly found" as a 400; the issue wants it as a result: both count.
    if (/no (anomaly|incident)/i.test(result.error)) return { kind: 'no_incident', message: result.error };
    return { kind: 'error', status: result.status, message: result.error };
  }
  const table = (result.frames ?? []).find((f) => f.schema.name === 'rootcause') ?? (result.frames ?? [])[0];
  if (!table) return { kind: 'no_incident', message: 'no frames' };
  const custom = (table.schema.meta?.custom ?? {}) as Record<string, unknown>;
  if (custom.incidentSource === 'none' || custom.noIncident === true) return { kind: 'no_incident', message: String(custom.message ?? 'no incident') };
  const ids = col(table, 'hypothesis_id') as unknown as string[];
  const conf = col(table, 'confidence') as number[];
  const entities = (custom.entities ?? []) as Array<Record<string, string>>;
  const window =
    typeof custom.incidentStart === 'number' && typeof custom.incidentEnd === 'number'
      ? { start: custom.incidentStart, end: custom.incidentEnd, source: custom.incidentSource as string | undefined }
      : undefined;
  if (!ids.length) return { kind: 'ranked', window };
  return { kind: 'ranked', top: { id: ids[0], entity: entities[0] ?? {}, confidence: conf[0] }, window };
}

/** "No incident" or "no cause": the right answer on healthy data. */
export function isNoCause(a: RcaAnswer): boolean {
  if (a.kind === 'no_incident') return true;
  return a.kind === 'ranked' && (!a.top || NO_CAUSE_IDS.has(a.top.id));
}

/**
 * The hypothesis names the cause on the fault's entity: its instance, pod or GPU; for a fault on every
 * instance of a model (`wide` 'model') that model too; for a fleet-wide fault (`wide` true) a model it hit
 * or the fleet.
 */
export function rcaCorrect(a: RcaAnswer, fault: GroundTruthFault, causes: string[], wide: boolean | 'model'): boolean {
  if (a.kind !== 'ranked' || !a.top || !causes.includes(a.top.id)) return false;
  const e = a.top.entity;
  const t = fault.target;
  if (e.instance && t.instances.includes(e.instance)) return true;
  if (e.pod && t.pods.includes(e.pod)) return true;
  if (e.hostname && e.gpu !== undefined && t.gpus.some((g) => g.hostname === e.hostname && g.gpu === e.gpu)) return true;
  if (!wide || e.instance || e.pod || e.gpu !== undefined) return false;
  return wide === 'model' ? e.model !== undefined && t.models.includes(e.model) : !e.model || t.models.includes(e.model);
  return false;
}

export function describeRca(a: RcaAnswer): string {
  if (a.kind === 'error') return `error ${a.status}: ${a.message.slice(0, 80)}`;
  if (a.kind === 'no_incident') return 'no incident';
  if (!a.top) return 'no hypotheses';
  const e = a.top.entity;
  // The most specific name of the entity: a GPU, an instance, a model, or the fleet.
  const ent = e.gpu !== undefined && e.hostname ? `${e.hostname}/gpu${e.gpu}` : (e.instance ?? e.pod ?? e.model ?? 'fleet');
  return `${a.top.id} on ${ent} ${(a.top.confidence * 100).toFixed(0)}%`;
}
