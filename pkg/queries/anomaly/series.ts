// Source frames (timeseries-multi from the signal/promql handlers) → plain series for the detector, and
// the one transformation the detector must not see raw: cumulative counters, whose resets would look
// like crashes. A counter is analysed as its per-second rate, the interval across a reset left out.
import type { Field, FieldConfig, Frame, Notice } from '../../grafana/frame';
import { labelKey } from '../promql/frames';

export interface SourceSeries {
  labels: Record<string, string>;
  /** Display name of the source value field (legend), used as the prefix of every output field. */
  name: string;
  /** Source value field name (signal id or "value"). */
  valueName: string;
  times: number[];
  values: Array<number | null>;
  config: FieldConfig;
  /** Set when the values were turned from a cumulative counter into a per-second rate. */
  counterRate?: boolean;
}

export interface SourceResult {
  series: SourceSeries[];
  notices: Notice[];
  executedQueryString?: string;
  custom?: Record<string, unknown>;
}

/** Grafana's default series name when nothing else is set: `metric{a="1", b="2"}`. */
export function defaultSeriesName(labels: Record<string, string>, fallback: string): string {
  const { __name__: metric, ...rest } = labels;
  const inner = Object.keys(rest)
    .sort()
    .map((k) => `${k}="${rest[k]}"`)
    .join(', ');
  if (!metric && !inner) return fallback;
  return `${metric ?? ''}${inner ? `{${inner}}` : ''}`;
}

function numberOrNull(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function seriesFromFrames(frames: Frame[]): SourceResult {
  const notices: Notice[] = [];
  const series: SourceSeries[] = [];
  let executedQueryString: string | undefined;
  let custom: Record<string, unknown> | undefined;
  for (const f of frames) {
    for (const n of f.meta?.notices ?? []) notices.push(n);
    executedQueryString ??= f.meta?.executedQueryString;
    custom ??= f.meta?.custom;
    const time = f.fields.find((x) => x.type === 'time');
    const value = f.fields.find((x): x is Field => x.type === 'number' || x.type === 'int64');
    if (!time || !value) continue;
    const labels = { ...(value.labels ?? {}) };
    const config = { ...(value.config ?? {}) };
    series.push({
      labels,
      name: config.displayNameFromDS ?? config.displayName ?? defaultSeriesName(labels, value.name),
      valueName: value.name,
      times: Array.from(time.values as ArrayLike<number>),
      values: Array.from(value.values as ArrayLike<unknown>, numberOrNull),
      config,
    });
  }
  return { series, notices, executedQueryString, custom };
}

const COUNTER_SUFFIX = /_(total|count|sum|bucket)$/;
const COUNTER_IN_EXPR = /[a-zA-Z_:][a-zA-Z0-9_:]*_(total|count|sum|bucket)\b/;
const RATE_LIKE = /\b(rate|irate|increase|delta|idelta|deriv|resets|changes|predict_linear|histogram_quantile|absent|count|count_values|timestamp)\s*\(/;

/**
 * A raw cumulative counter: the name says so (`__name__`, or an expression that reads a counter without
 * rate()/increase()), and the values almost never go down (a reset now and then is the point).
 */
export function looksLikeCounter(labels: Record<string, string>, values: ArrayLike<number | null>, expr?: string): boolean {
  const named = labels.__name__ !== undefined ? COUNTER_SUFFIX.test(labels.__name__) : !!expr && COUNTER_IN_EXPR.test(expr) && !RATE_LIKE.test(expr);
  if (!named) return false;
  let pairs = 0;
  let down = 0;
  let up = 0;
  let prev: number | null = null;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || !Number.isFinite(v)) continue;
    if (prev !== null) {
      pairs++;
      if (v < prev) down++;
      else if (v > prev) up++;
    }
    prev = v;
  }
  return pairs >= 3 && up > 0 && down <= 0.05 * pairs;
}

/**
 * Per-second rate of a cumulative counter. A drop is a reset (the process restarted): what was counted
 * between the last sample and the restart is lost, so the interval across a reset is a gap rather than
 * a guess (PromQL's rate() takes the new value as the increase, which reads as a dip). Gaps stay gaps;
 * the first point after a gap uses the last value before it.
 */
export function counterToRate(times: ArrayLike<number>, values: ArrayLike<number | null>): Array<number | null> {
  const out: Array<number | null> = new Array(values.length).fill(null);
  let prevT = Number.NaN;
  let prevV: number | null = null;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || !Number.isFinite(v)) continue;
    if (prevV !== null && times[i] > prevT && v >= prevV) out[i] = (v - prevV) / ((times[i] - prevT) / 1000);
    prevT = times[i];
    prevV = v;
  }
  return out;
}

/** Alert rules need one series per label set: later duplicates get a distinguishing `series` label. */
export function uniqueLabelSets(series: SourceSeries[]): void {
  const seen = new Set<string>();
  series.forEach((s, i) => {
    if (seen.has(labelKey(s.labels))) s.labels = { ...s.labels, series: String(i) };
    seen.add(labelKey(s.labels));
  });
}
