// Degradation levels → the same frame shapes as any signal: timeseries-multi (range) or numeric-multi
// (instant), one frame per label set with one numeric field, so stat panels and alert rules
// (reduce → threshold) read them unchanged. What drove each value goes in `meta.custom.drivers` (one
// entry per value, parallel to the field): a string field would break alerting's numeric-only frames
// and a driver label would change the series identity whenever the driver changes. Alert queries
// (FromAlert) skip it.
import type { Field, Frame, FrameMeta, Notice } from '../../grafana/frame';
import { renderLegend } from '../promql/frames';
import type { Driver, LevelSeries } from './levels';

export const LEVEL_THRESHOLDS = {
  mode: 'absolute' as const,
  steps: [
    { value: null, color: 'green' },
    { value: 1, color: 'yellow' },
    { value: 2, color: 'orange' },
    { value: 3, color: 'red' },
    { value: 4, color: 'dark-red' },
  ],
};

export interface LevelFrameOptions {
  valueName: string;
  title: string;
  legendFormat?: string;
  displayLabels: string[];
  executedQueryString: string;
  stepMs?: number;
  notices: Notice[];
  custom: Record<string, unknown>;
  /** Leave drivers out (alert queries). */
  withDrivers: boolean;
}

function displayName(opts: LevelFrameOptions, labels: Record<string, string>): string {
  if (opts.legendFormat && opts.legendFormat !== '__auto') return renderLegend(opts.legendFormat, labels);
  const parts = opts.displayLabels.map((l) => labels[l]).filter((v): v is string => !!v);
  return parts.length ? `${opts.title} ${parts.join(' / ')}` : opts.title;
}

function driverJson(d: Driver | null): Record<string, unknown> | null {
  return d ? { input: d.input, value: d.value, threshold: d.threshold } : null;
}

function meta(type: FrameMeta['type'], opts: LevelFrameOptions, first: boolean, extra: Record<string, unknown>): FrameMeta {
  const m: FrameMeta = {
    type,
    typeVersion: [0, 1],
    executedQueryString: opts.executedQueryString,
    custom: { ...opts.custom, ...extra },
  };
  if (first && opts.notices.length) m.notices = opts.notices;
  return m;
}

function valueField(opts: LevelFrameOptions, s: LevelSeries, values: Array<number | null>): Field {
  return {
    name: opts.valueName,
    type: 'number',
    values,
    labels: s.labels,
    config: {
      displayNameFromDS: displayName(opts, s.labels),
      unit: 'none',
      decimals: 0,
      min: 0,
      max: 4,
      thresholds: LEVEL_THRESHOLDS,
      ...(opts.stepMs ? { interval: opts.stepMs } : {}),
    },
  };
}

export function levelRangeFrames(series: LevelSeries[], times: number[], opts: LevelFrameOptions): Frame[] {
  if (series.length === 0) return [{ meta: meta('timeseries-multi', opts, true, {}), fields: [] }];
  return series.map((s, i) => ({
    meta: meta('timeseries-multi', opts, i === 0, opts.withDrivers ? { drivers: s.drivers.map(driverJson) } : {}),
    fields: [
      { name: 'time', type: 'time', values: times, nullable: false, config: opts.stepMs ? { interval: opts.stepMs } : undefined },
      valueField(opts, s, s.values),
    ],
  }));
}

export function levelInstantFrames(series: LevelSeries[], opts: LevelFrameOptions): Frame[] {
  const present = series.filter((s) => s.values[0] !== null && s.values[0] !== undefined);
  if (present.length === 0) return [{ meta: meta('numeric-multi', opts, true, {}), fields: [] }];
  return present.map((s, i) => ({
    meta: meta('numeric-multi', opts, i === 0, opts.withDrivers ? { driver: driverJson(s.drivers[0] ?? null) } : {}),
    fields: [valueField(opts, s, [s.values[0]!])],
  }));
}
