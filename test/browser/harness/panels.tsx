/**
 * Stand-ins for Grafana's core timeseries, stat and table panels (bar gauge, heatmap and text in
 * panels-more.tsx), which live in Grafana's own code and
 * are not published on npm. Built from the @grafana/ui components Grafana's panels are made of
 * (TimeSeries/uPlot, BigValue, Table), so the app's scenes render real visualizations in the harness.
 * Harness only: the product never ships these; in Grafana, scenes' VizPanel loads the real panels.
 */
import React from 'react';
import {
  FieldType,
  getFieldDisplayValues,
  identityOverrideProcessor,
  PanelPlugin,
  PluginType,
  type PanelProps,
  type PanelPluginMeta,
} from '@grafana/data';
import { BigValue, BigValueColorMode, BigValueGraphMode, BigValueJustifyMode, BigValueTextMode, Table, TimeSeries, useTheme2 } from '@grafana/ui';
import type { VizLegendOptions } from '@grafana/schema';

import { BarGaugePanel, HeatmapPanel, NoData, TextPanel } from './panels-more';

const none = () => null;

/** Declares custom field options so VizPanel's option defaulting keeps them (it drops unknown ones). */
function customOptions(defaults: Record<string, unknown>) {
  return {
    useCustomConfig: (b: { addCustomEditor: (c: object) => unknown }) => {
      for (const [id, defaultValue] of Object.entries(defaults)) {
        b.addCustomEditor({ id, path: id, name: id, editor: none, override: none, process: identityOverrideProcessor, shouldApply: () => true, defaultValue });
      }
    },
  };
}

interface TimeSeriesOptions {
  legend?: VizLegendOptions;
}

function TimeSeriesPanel({ data, width, height, timeRange, timeZone, options }: PanelProps<TimeSeriesOptions>) {
  const frames = data.series.filter((f) => f.fields.some((x) => x.type === FieldType.time) && f.fields.some((x) => x.type === FieldType.number));
  if (!frames.length) {
    return <NoData width={width} height={height} />;
  }
  const legend = options.legend ?? { displayMode: 'list', placement: 'bottom', showLegend: true, calcs: [] };
  return <TimeSeries frames={frames} width={width} height={height} timeRange={timeRange} timeZone={timeZone} legend={legend as VizLegendOptions} />;
}

interface StatOptions {
  reduceOptions?: { calcs: string[]; fields?: string; values?: boolean };
  colorMode?: BigValueColorMode;
  graphMode?: BigValueGraphMode;
}

function StatPanel({ data, width, height, options, fieldConfig, replaceVariables, timeZone }: PanelProps<StatOptions>) {
  const theme = useTheme2();
  const values = getFieldDisplayValues({
    fieldConfig,
    reduceOptions: { calcs: options.reduceOptions?.calcs ?? ['lastNotNull'], fields: options.reduceOptions?.fields, values: options.reduceOptions?.values ?? false },
    replaceVariables,
    theme,
    data: data.series,
    timeZone,
    sparkline: options.graphMode !== BigValueGraphMode.None,
  });
  // No series: Grafana's stat shows the one value getFieldDisplayValues makes of it (the field's noValue, else "No data").
  if (!values.length) {
    return <NoData width={width} height={height} />;
  }
  const w = Math.floor(width / values.length);
  return (
    <div style={{ display: 'flex', width, height }}>
      {values.map((v, i) => (
        <BigValue
          key={i}
          theme={theme}
          width={w}
          height={height}
          value={v.display}
          sparkline={v.sparkline}
          colorMode={options.colorMode ?? BigValueColorMode.Value}
          graphMode={options.graphMode ?? BigValueGraphMode.Area}
          justifyMode={BigValueJustifyMode.Auto}
          textMode={values.length > 1 ? BigValueTextMode.ValueAndName : BigValueTextMode.Value}
        />
      ))}
    </div>
  );
}

interface TableOptions {
  showHeader?: boolean;
  cellHeight?: 'sm' | 'md' | 'lg';
}

function TablePanel({ data, width, height, options, title }: PanelProps<TableOptions>) {
  const frame = data.series[0];
  if (!frame || frame.length === 0) {
    return <NoData width={width} height={height} />;
  }
  return <Table ariaLabel={title} data={frame} width={width} height={height} noHeader={options.showHeader === false} cellHeight={options.cellHeight as never} />;
}

function meta(id: string, name: string): PanelPluginMeta {
  return { id, name, type: PluginType.panel, module: `core:plugin/${id}`, baseUrl: '', info: { version: 'harness', author: { name: 'harness' }, description: '', links: [], logos: { small: '', large: '' }, screenshots: [], updated: '' }, sort: 0 } as unknown as PanelPluginMeta;
}

function withMeta(plugin: PanelPlugin, id: string, name: string): PanelPlugin {
  plugin.meta = meta(id, name);
  return plugin;
}

export const corePanels: Record<string, PanelPlugin> = {
  timeseries: withMeta(
    new PanelPlugin<TimeSeriesOptions>(TimeSeriesPanel).useFieldConfig(
      customOptions({
        drawStyle: 'line',
        lineWidth: 1,
        fillOpacity: 0,
        gradientMode: 'none',
        lineInterpolation: 'linear',
        showPoints: 'never',
        pointSize: 4,
        spanNulls: false,
        axisPlacement: 'auto',
        axisLabel: '',
        axisSoftMin: undefined,
        axisSoftMax: undefined,
        scaleDistribution: { type: 'linear' },
        stacking: { mode: 'none', group: 'A' },
        hideFrom: { legend: false, tooltip: false, viz: false },
        barAlignment: 0,
        thresholdsStyle: { mode: 'off' },
      }) as never
    ),
    'timeseries',
    'Time series'
  ),
  stat: withMeta(new PanelPlugin<StatOptions>(StatPanel).useFieldConfig(), 'stat', 'Stat'),
  table: withMeta(
    new PanelPlugin<TableOptions>(TablePanel).useFieldConfig(customOptions({ cellOptions: { type: 'auto' }, width: undefined, minWidth: 120, align: 'auto', inspect: false, filterable: false }) as never),
    'table',
    'Table'
  ),
  bargauge: withMeta(new PanelPlugin(BarGaugePanel).useFieldConfig(), 'bargauge', 'Bar gauge'),
  heatmap: withMeta(new PanelPlugin(HeatmapPanel).useFieldConfig(customOptions({ hideFrom: { legend: false, tooltip: false, viz: false } }) as never), 'heatmap', 'Heatmap'),
  text: withMeta(new PanelPlugin(TextPanel).setNoPadding(), 'text', 'Text'),
};
