// Prometheus results → Grafana dataplane frames. Range: `timeseries-multi` (one frame per series:
// time + value with labels). Instant: `numeric-multi` (one frame per series: one numeric field with
// labels, one row), the shape alert rules reduce and threshold. Limits add a warning notice.
import type { Field, Frame, FrameMeta, Notice } from '../../grafana/frame';
import type { InstantSample, Labels, RangeSeries } from '../../upstream/prometheus';

export interface FrameOptions {
  /** Value field name (the signal id, or "value"). */
  valueName: string;
  executedQueryString: string;
  maxSeries: number;
  /** What the series limit is, for the notice (default: jsonData.maxSeries). */
  seriesLimitText?: string;
  unit?: string;
  /** `{{label}}` template for displayNameFromDS. */
  legendFormat?: string;
  /** Display name when no legendFormat: prefix plus the label values. */
  displayPrefix?: string;
  /** Labels whose values make up the default display name (in order). */
  displayLabels?: string[];
  stepMs?: number;
  notices?: Notice[];
  custom?: Record<string, unknown>;
}

const labelKeyCache = new WeakMap<Labels, string>();

/** A label set's identity (sorted name=value pairs), cached per labels object. */
export function labelKey(l: Labels): string {
  let k = labelKeyCache.get(l);
  if (k === undefined) {
    k = Object.keys(l)
      .sort()
      .map((n) => `${n}=${l[n]}`)
      .join('\u0000');
    labelKeyCache.set(l, k);
  }
  return k;
}

/** Deterministic order and the series limit. */
function limitSeries<T extends { labels: Labels }>(
  items: T[],
  max: number,
  notices: Notice[],
  limitText = `limit jsonData.maxSeries = ${max}`
): T[] {
  const sorted = [...items].sort((a, b) =>
    labelKey(a.labels) < labelKey(b.labels) ? -1 : labelKey(a.labels) > labelKey(b.labels) ? 1 : 0
  );
  if (sorted.length <= max) return sorted;
  notices.push({
    severity: 'warning',
    text: `Showing ${max} of ${sorted.length} series (${limitText}): add filters or group by fewer labels.`,
  });
  return sorted.slice(0, max);
}

export function renderLegend(template: string, labels: Labels): string {
  return template.replace(/\{\{\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\}\}/g, (_, name: string) => labels[name] ?? '');
}

function displayName(opts: FrameOptions, labels: Labels): string | undefined {
  if (opts.legendFormat && opts.legendFormat !== '__auto') return renderLegend(opts.legendFormat, labels);
  if (!opts.displayPrefix) return undefined;
  const parts = (opts.displayLabels ?? []).map((l) => labels[l]).filter((v): v is string => !!v);
  return parts.length ? `${opts.displayPrefix} ${parts.join(' / ')}` : opts.displayPrefix;
}

/** The value field's config: display name, unit and (range frames) the step. */
function valueConfig(opts: FrameOptions, labels: Labels, stepMs?: number): Field['config'] {
  const config: Field['config'] = {};
  const dn = displayName(opts, labels);
  if (dn !== undefined) config.displayNameFromDS = dn;
  if (opts.unit) config.unit = opts.unit;
  if (stepMs) config.interval = stepMs;
  return config;
}

function meta(type: FrameMeta['type'], opts: FrameOptions, notices: Notice[]): FrameMeta {
  const m: FrameMeta = { type, typeVersion: [0, 1], executedQueryString: opts.executedQueryString };
  if (notices.length) m.notices = notices;
  if (opts.custom) m.custom = opts.custom;
  return m;
}

export function rangeFrames(series: RangeSeries[], opts: FrameOptions): Frame[] {
  const notices = [...(opts.notices ?? [])];
  const kept = limitSeries(series, opts.maxSeries, notices, opts.seriesLimitText);
  if (kept.length === 0) return [{ meta: meta('timeseries-multi', opts, notices), fields: [] }];
  return kept.map((s, i) => {
    const config = valueConfig(opts, s.labels, opts.stepMs);
    return {
      // Notices once, on the first frame (Grafana shows every frame's notices).
      meta: meta('timeseries-multi', opts, i === 0 ? notices : []),
      fields: [
        {
          name: 'time',
          type: 'time',
          values: s.times,
          nullable: false,
          config: opts.stepMs ? { interval: opts.stepMs } : undefined,
        },
        { name: opts.valueName, type: 'number', values: s.values, labels: s.labels, config },
      ],
    };
  });
}

export function instantFrames(samples: InstantSample[], opts: FrameOptions): Frame[] {
  const notices = [...(opts.notices ?? [])];
  const kept = limitSeries(samples, opts.maxSeries, notices);
  if (kept.length === 0) return [{ meta: meta('numeric-multi', opts, notices), fields: [] }];
  return kept.map((s, i) => {
    const config = valueConfig(opts, s.labels);
    return {
      meta: meta('numeric-multi', opts, i === 0 ? notices : []),
      fields: [{ name: opts.valueName, type: 'number', values: [s.value], labels: s.labels, config }],
    };
  });
}
