// The detector presets a query can name in `detector.method`. `operational` (also `auto`, the default) is the
// product's detector for running services; `nab` (also `ensemble`, its earlier name) is the configuration
// tuned on the Numenta Anomaly Benchmark: one early alarm per event, then a long hold-off.
import { detectColumns, type DetectColumns, type DetectSeries, type Seasonality } from '../../analytics/anomaly/detect';
import { detectOperational } from '../../analytics/anomaly/operational';

export const DETECTOR_METHODS = ['auto', 'operational', 'nab', 'ensemble'] as const;
export type DetectorMethod = (typeof DETECTOR_METHODS)[number];
export type DetectorPreset = 'operational' | 'nab';

export function presetOf(method: string | undefined): DetectorPreset {
  return method === 'nab' || method === 'ensemble' ? 'nab' : 'operational';
}

export interface DetectorSettings {
  preset: DetectorPreset;
  sensitivity: number;
  seasonality: Seasonality;
  /** Operational only. */
  adaptAfterMs?: number;
  baselineWindowMs?: number;
}

/** Runs the preset on one series; `unit` (Grafana unit id) sets the operational detector's floors and domain. */
export function runDetector(series: DetectSeries, d: DetectorSettings, unit: string | undefined): DetectColumns {
  if (d.preset === 'nab') return detectColumns(series, { sensitivity: d.sensitivity, seasonality: d.seasonality });
  return detectOperational(series, {
    sensitivity: d.sensitivity,
    seasonality: d.seasonality,
    unit,
    adaptAfterMs: d.adaptAfterMs,
    baselineWindowMs: d.baselineWindowMs,
  });
}
