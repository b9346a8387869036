// Detection results → frames. Range: one timeseries-multi frame per series (time, value, expected, lower,
// upper, score, flag; every value field carries the series labels), styled for Grafana's time-series
// panel (dashed expected line, shaded band between lower and upper, score on a right axis, flag hidden
// but in the tooltip), plus one annotations frame of anomaly windows. Instant: numeric-multi frames with
// the latest score per series, the shape alert rules reduce and threshold.
import type { AnomalyWindow } from '../../analytics/anomaly/detect';
import type { Field, FieldConfig, Frame, FrameMeta, Notice } from '../../grafana/frame';
import type { SourceSeries } from './series';

/** One series after detection, already trimmed to the panel range. */
export interface ScoredSeries {
  source: SourceSeries;
  times: number[];
  values: Array<number | null>;
  expected: Array<number | null>;
  lower: Array<number | null>;
  upper: Array<number | null>;
  score: number[];
  flag: number[];
  /** Anomaly windows; `text` describes a window in one sentence (peer departures) for its annotation. */
  windows: Array<AnomalyWindow & { text?: string }>;
  threshold: number;
  /** Score at the last point with a value inside the panel range (null when none). */
  latestScore: number | null;
}

export interface FrameContext {
  executedQueryString: string;
  notices: Notice[];
  custom: Record<string, unknown>;
  stepMs: number;
}

function meta(type: 'timeseries-multi' | 'numeric-multi', ctx: FrameContext, first: boolean): FrameMeta {
  const m: FrameMeta = { type, typeVersion: [0, 1], executedQueryString: ctx.executedQueryString, custom: ctx.custom };
  // Notices once, on the first frame: Grafana shows every frame's notices.
  if (first && ctx.notices.length) m.notices = ctx.notices;
  return m;
}

function valueConfig(s: SourceSeries, displayName: string, extra: FieldConfig = {}): FieldConfig {
  const c: FieldConfig = { displayNameFromDS: displayName, ...extra };
  // A counter is shown as its per-second rate: counts/s.
  if (s.counterRate) c.unit = 'cps';
  else if (s.config.unit) c.unit = s.config.unit;
  if (s.config.decimals !== undefined) c.decimals = s.config.decimals;
  return c;
}

/** Display names of the output fields; `fillBelowTo` refers to the lower band by its display name. */
export function displayNames(name: string) {
  return {
    value: name,
    expected: `${name} expected`,
    lower: `${name} lower`,
    upper: `${name} upper`,
    score: `${name} anomaly score`,
    flag: `${name} anomaly`,
  };
}

export function rangeFrames(scored: ScoredSeries[], ctx: FrameContext): Frame[] {
  return scored.map((s, i) => {
    const labels = s.source.labels;
    const dn = displayNames(s.source.name);
    const interval = ctx.stepMs;
    const num = (name: string, values: Array<number | null>, config: FieldConfig): Field => ({
      name,
      type: 'number',
      values,
      labels,
      config: { ...config, interval },
    });
    return {
      meta: meta('timeseries-multi', ctx, i === 0),
      fields: [
        { name: 'time', type: 'time', values: s.times, nullable: false, config: { interval } },
        num('value', s.values, valueConfig(s.source, dn.value)),
        num('expected', s.expected, valueConfig(s.source, dn.expected, { custom: { lineStyle: { fill: 'dash', dash: [10, 10] }, lineWidth: 1 } })),
        num('lower', s.lower, valueConfig(s.source, dn.lower, { custom: { lineWidth: 0, fillOpacity: 0, hideFrom: { legend: true, tooltip: false, viz: false } } })),
        num(
          'upper',
          s.upper,
          valueConfig(s.source, dn.upper, {
            custom: { lineWidth: 0, fillOpacity: 15, fillBelowTo: dn.lower, hideFrom: { legend: true, tooltip: false, viz: false } },
          })
        ),
        num('score', s.score, {
          displayNameFromDS: dn.score,
          unit: 'percentunit',
          min: 0,
          max: 1,
          description: `Calibrated anomaly score (0–1); points at or above ${s.threshold.toFixed(2)} are anomalous at this sensitivity.`,
          custom: { axisPlacement: 'right', lineWidth: 1, fillOpacity: 10, drawStyle: 'line' },
        }),
        num('flag', s.flag, {
          displayNameFromDS: dn.flag,
          min: 0,
          max: 1,
          description: '1 inside an anomaly window (from the point that triggered it while the score stays at or above the threshold), else 0.',
          custom: { hideFrom: { legend: true, tooltip: false, viz: true } },
        }),
      ],
    };
  });
}

const tagSafe = (s: string) => s.replace(/,/g, ';');

/** Grafana annotations (`meta.dataTopic: annotations`): one region per anomaly window inside the panel. */
export function annotationFrame(scored: ScoredSeries[], panel: { from: number; to: number }, stepMs: number, signalName?: string): Frame {
  const rows: Array<{ time: number; timeEnd: number; title: string; text: string; tags: string; score: number }> = [];
  for (const s of scored) {
    for (const w of s.windows) {
      if (w.end < panel.from || w.start > panel.to) continue;
      const labelTags = Object.entries(s.source.labels)
        .filter(([k]) => k !== '__name__')
        .map(([k, v]) => tagSafe(`${k}=${v}`));
      rows.push({
        time: w.start,
        // A one-point window still gets one step of width so it is visible as a region.
        timeEnd: Math.max(w.end, w.start + stepMs),
        title: `Anomaly: ${s.source.name}`,
        text: w.text ?? `Peak anomaly score ${w.peakScore.toFixed(2)} (threshold ${s.threshold.toFixed(2)}) on ${s.source.name}.`,
        tags: ['anomaly', ...(signalName ? [tagSafe(signalName)] : []), ...labelTags].join(','),
        score: w.peakScore,
      });
    }
  }
  rows.sort((a, b) => a.time - b.time);
  const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
  return {
    name: 'anomalies',
    meta: { dataTopic: 'annotations' },
    fields: [
      { name: 'time', type: 'time', values: col('time'), nullable: false },
      { name: 'timeEnd', type: 'time', values: col('timeEnd'), nullable: false },
      { name: 'title', type: 'string', values: col('title') },
      { name: 'text', type: 'string', values: col('text') },
      { name: 'tags', type: 'string', values: col('tags') },
      { name: 'score', type: 'number', values: col('score'), config: { displayName: 'Peak score', min: 0, max: 1 } },
    ],
  };
}

export function instantFrames(scored: ScoredSeries[], ctx: FrameContext): Frame[] {
  if (scored.length === 0) return [{ meta: meta('numeric-multi', ctx, true), fields: [] }];
  return scored.map((s, i) => ({
    meta: meta('numeric-multi', ctx, i === 0),
    fields: [
      {
        name: 'score',
        type: 'number',
        values: [s.latestScore],
        labels: s.source.labels,
        config: {
          displayNameFromDS: displayNames(s.source.name).score,
          min: 0,
          max: 1,
          description: `Latest anomaly score (0–1); at this sensitivity ${s.threshold.toFixed(2)} and above is anomalous.`,
        },
      },
    ],
  }));
}

export function emptyRangeFrame(ctx: FrameContext): Frame {
  return { meta: meta('timeseries-multi', ctx, true), fields: [] };
}
