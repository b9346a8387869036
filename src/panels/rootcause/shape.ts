/** Pure data shaping for the root-cause panel. */
import { FieldType, type DataFrame } from '@grafana/data';

import { EVIDENCE_PREFIX, isEvidenceFrame, isRootCauseFrame, type EvidenceSeries, type Hypothesis, type RootCauseData } from './frames';

function col(frame: DataFrame, name: string) {
  return frame.fields.find((f) => f.name === name)?.values;
}

function optString(v: unknown): string | undefined {
  return v === null || v === undefined || v === '' ? undefined : String(v);
}

function optNumber(v: unknown): number | undefined {
  return v === null || v === undefined || v === '' || !Number.isFinite(Number(v)) ? undefined : Number(v);
}

export function readEvidence(frame: DataFrame): EvidenceSeries | undefined {
  const time = frame.fields.find((f) => f.type === FieldType.time);
  const value = frame.fields.find((f) => f.type === FieldType.number);
  if (!time || !value) {
    return undefined;
  }
  const custom = (frame.meta?.custom ?? {}) as { incidentStart?: unknown; incidentEnd?: unknown };
  const points: Array<[number, number]> = [];
  for (let i = 0; i < frame.length; i++) {
    const t = Number(time.values[i]);
    const v = value.values[i];
    if (Number.isFinite(t) && v !== null && v !== undefined && Number.isFinite(Number(v))) {
      points.push([t, Number(v)]);
    }
  }
  return {
    signal: (frame.name ?? '').slice(EVIDENCE_PREFIX.length),
    labels: { ...(value.labels ?? {}) },
    points,
    incidentStart: optNumber(custom.incidentStart),
    incidentEnd: optNumber(custom.incidentEnd),
    unit: value.config?.unit,
  };
}

function belongsTo(series: EvidenceSeries, h: Omit<Hypothesis, 'evidenceSeries'>, signalsList: string[]): boolean {
  if (series.labels.hypothesis_rank !== undefined) {
    return Number(series.labels.hypothesis_rank) === h.rank;
  }
  if (signalsList.length > 0) {
    return signalsList.includes(series.signal);
  }
  return new RegExp(`(^|[^a-z0-9_])${series.signal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^a-z0-9_]|$)`, 'i').test(h.evidence);
}

const isTarget = (f: DataFrame) => (f.meta?.custom as { role?: unknown } | undefined)?.role === 'target';

export function readRootCauseFrames(frames: DataFrame[]): RootCauseData {
  const evidenceFrames = frames.filter(isEvidenceFrame);
  const evidence = evidenceFrames.filter((f) => !isTarget(f)).map(readEvidence).filter((e): e is EvidenceSeries => e !== undefined);
  const target = evidenceFrames.filter(isTarget).map(readEvidence).find((e) => e !== undefined);
  const hypotheses: Hypothesis[] = [];
  for (const frame of frames.filter(isRootCauseFrame)) {
    for (let i = 0; i < frame.length; i++) {
      const base = {
        rank: optNumber(col(frame, 'rank')?.[i]) ?? i + 1,
        hypothesis: optString(col(frame, 'hypothesis')?.[i]) ?? 'Unnamed hypothesis',
        confidence: Math.min(1, Math.max(0, optNumber(col(frame, 'confidence')?.[i]) ?? 0)),
        evidence: optString(col(frame, 'evidence')?.[i]) ?? '',
        entity: optString(col(frame, 'entity')?.[i]),
        firstDeviation: optNumber(col(frame, 'first_deviation')?.[i]),
        action: optString(col(frame, 'action')?.[i]),
        traceLink: safeLink(optString(col(frame, 'trace_link')?.[i])),
      };
      const signalsList = (optString(col(frame, 'signals')?.[i]) ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      hypotheses.push({ ...base, evidenceSeries: evidence.filter((e) => belongsTo(e, base, signalsList)) });
    }
  }
  hypotheses.sort((a, b) => a.rank - b.rank);
  const table = frames.find(isRootCauseFrame);
  const custom = (table?.meta?.custom ?? {}) as { status?: unknown; message?: unknown; incidentOngoing?: unknown };
  const all = target ? [target, ...evidence] : evidence;
  const starts = all.map((e) => e.incidentStart).filter((v): v is number => v !== undefined);
  const ends = all.map((e) => e.incidentEnd).filter((v): v is number => v !== undefined);
  return {
    hypotheses,
    target,
    incidentStart: starts.length ? Math.min(...starts) : undefined,
    incidentEnd: ends.length ? Math.max(...ends) : undefined,
    status: custom.status === 'no_incident' ? 'no_incident' : table ? 'analysed' : undefined,
    message: optString(custom.message),
    incidentOngoing: typeof custom.incidentOngoing === 'boolean' ? custom.incidentOngoing : undefined,
  };
}

/** Only http(s) and app-relative links are rendered; anything else (javascript:, data:) is dropped. */
export function safeLink(url: string | undefined): string | undefined {
  if (!url) {
    return undefined;
  }
  if (url.startsWith('/') && !url.startsWith('//')) {
    return url;
  }
  return /^https?:\/\//i.test(url) ? url : undefined;
}

export interface SparklineGeometry {
  path: string;
  /** x range of the incident window, clipped to the chart; undefined when outside. */
  window?: { x: number; width: number };
}

/** SVG path for a sparkline of `points` in a width x height box, plus the incident window's x span. */
export function sparkline(points: Array<[number, number]>, width: number, height: number, incident?: { start?: number; end?: number }): SparklineGeometry {
  if (points.length === 0) {
    return { path: '' };
  }
  const t0 = points[0][0];
  const t1 = points[points.length - 1][0];
  let lo = Infinity;
  let hi = -Infinity;
  for (const [, v] of points) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const pad = 2;
  const x = (t: number) => (t1 === t0 ? width / 2 : ((t - t0) / (t1 - t0)) * width);
  const y = (v: number) => (hi === lo ? height / 2 : pad + (1 - (v - lo) / (hi - lo)) * (height - 2 * pad));
  const path = points.map(([t, v], i) => `${i === 0 ? 'M' : 'L'}${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  let window: SparklineGeometry['window'];
  if (incident?.start !== undefined && t1 > t0) {
    const a = Math.max(0, x(incident.start));
    const b = Math.min(width, x(incident.end ?? t1));
    if (b > a) {
      window = { x: a, width: b - a };
    }
  }
  return { path, window };
}

export function confidenceLabel(c: number): 'high' | 'medium' | 'low' {
  return c >= 0.7 ? 'high' : c >= 0.4 ? 'medium' : 'low';
}
