/** Grafana visualizations the pages share: neutral fleet tiles and per-series time series. */
import type { ValueMapping } from '@grafana/data';
import { PanelBuilders, type SceneDataProvider } from '@grafana/scenes';
import { BigValueColorMode, BigValueGraphMode, GraphDrawStyle, LegendDisplayMode, TooltipDisplayMode } from '@grafana/schema';

/**
 * A fleet tile: one number with its sparkline, in a neutral colour. Tiles report volume (requests,
 * tokens, GPUs, money), which has no "bad" value, so they never turn orange or red.
 */
export function tile(title: string, data: SceneDataProvider, unit: string, o: { decimals?: number; description?: string } = {}) {
  return PanelBuilders.stat()
    .setTitle(title)
    .setDescription(o.description ?? '')
    .setData(data)
    .setUnit(unit)
    .setDecimals(o.decimals)
    .setColor({ mode: 'fixed', fixedColor: 'text' })
    .setOption('colorMode', BigValueColorMode.None)
    .setOption('graphMode', BigValueGraphMode.Area)
    .setOption('reduceOptions', { calcs: ['lastNotNull'], values: false, fields: '' })
    .build();
}

/** A time series with one line per series, a compact list legend and a shared tooltip. */
export function series(title: string, data: SceneDataProvider, unit: string, o: { description?: string; max?: number; decimals?: number; mappings?: ValueMapping[] } = {}) {
  return PanelBuilders.timeseries()
    .setMappings(o.mappings ?? [])
    .setTitle(title)
    .setDescription(o.description ?? '')
    .setData(data)
    .setUnit(unit)
    .setDecimals(o.decimals)
    .setMin(0)
    .setMax(o.max)
    .setCustomFieldConfig('drawStyle', GraphDrawStyle.Line)
    .setCustomFieldConfig('fillOpacity', 8)
    .setCustomFieldConfig('lineWidth', 1)
    .setOption('legend', { displayMode: LegendDisplayMode.List, placement: 'bottom', showLegend: true, calcs: [] })
    .setOption('tooltip', { mode: TooltipDisplayMode.Multi, sort: 'desc' as never })
    .build();
}
