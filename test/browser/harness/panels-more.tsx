/**
 * More stand-ins for Grafana core panels the shipped dashboards use (see panels.tsx for why): bar gauge
 * (@grafana/ui's BarGauge in a VizRepeater, as Grafana's panel is built), heatmap (a canvas drawing of
 * `heatmap-rows` frames: one row per bucket, one column per time, cell opacity by value; Grafana's own
 * heatmap is a uPlot plot not on npm) and text (Grafana's markdown renderer). Harness only.
 */
import React, { useEffect, useRef } from 'react';
import {
  dateTimeFormat,
  FieldType,
  getFieldDisplayValues,
  getValueFormat,
  formattedValueToString,
  renderTextPanelMarkdown,
  VizOrientation,
  type FieldDisplay,
  type PanelProps,
} from '@grafana/data';
import { BarGauge, useTheme2, VizRepeater } from '@grafana/ui';
import { BarGaugeDisplayMode, BarGaugeNamePlacement, BarGaugeValueMode } from '@grafana/schema';

export function NoData({ width, height }: { width: number; height: number }) {
  return <div style={{ width, height, display: 'flex', alignItems: 'center', justifyContent: 'center', opacity: 0.7 }}>No data</div>;
}

interface BarGaugeOptions {
  reduceOptions?: { calcs: string[]; fields?: string; values?: boolean; limit?: number };
  orientation?: VizOrientation;
  displayMode?: BarGaugeDisplayMode;
  valueMode?: BarGaugeValueMode;
  namePlacement?: BarGaugeNamePlacement;
  showUnfilled?: boolean;
  minVizHeight?: number;
  maxVizHeight?: number;
  minVizWidth?: number;
}

export function BarGaugePanel({ data, width, height, options, fieldConfig, replaceVariables, timeZone, renderCounter }: PanelProps<BarGaugeOptions>) {
  const theme = useTheme2();
  const getValues = (): FieldDisplay[] =>
    getFieldDisplayValues({
      fieldConfig,
      reduceOptions: { calcs: options.reduceOptions?.calcs ?? ['lastNotNull'], fields: options.reduceOptions?.fields, values: options.reduceOptions?.values ?? false, limit: options.reduceOptions?.limit },
      replaceVariables,
      theme,
      data: data.series,
      timeZone,
    });
  if (data.series.length === 0 || getValues().length === 0) {
    return <NoData width={width} height={height} />;
  }
  const orientation = options.orientation === VizOrientation.Horizontal || (options.orientation !== VizOrientation.Vertical && width > height) ? VizOrientation.Horizontal : VizOrientation.Vertical;
  return (
    <VizRepeater<FieldDisplay>
      source={data}
      getValues={getValues}
      renderCounter={renderCounter}
      width={width}
      height={height}
      itemSpacing={8}
      orientation={orientation}
      minVizHeight={options.minVizHeight ?? 16}
      maxVizHeight={options.maxVizHeight ?? 300}
      minVizWidth={options.minVizWidth ?? 8}
      renderValue={({ value, width: w, height: h, orientation: o }) => (
        <BarGauge
          theme={theme}
          width={w}
          height={h}
          value={value.display}
          field={value.field}
          display={value.view && value.colIndex !== undefined ? value.view.getFieldDisplayProcessor(value.colIndex) : undefined}
          orientation={o}
          displayMode={options.displayMode ?? BarGaugeDisplayMode.Gradient}
          valueDisplayMode={options.valueMode ?? BarGaugeValueMode.Color}
          namePlacement={options.namePlacement ?? BarGaugeNamePlacement.Auto}
          showUnfilled={options.showUnfilled ?? true}
        />
      )}
    />
  );
}

interface HeatmapOptions {
  color?: { exponent?: number; fill?: string };
  filterValues?: { le?: number };
  yAxis?: { unit?: string };
  cellValues?: { unit?: string };
}

const GUTTER_LEFT = 64;
const GUTTER_BOTTOM = 20;
const LEGEND = 22;

export function HeatmapPanel({ data, width, height, options, timeRange, timeZone }: PanelProps<HeatmapOptions>) {
  const theme = useTheme2();
  const canvas = useRef<HTMLCanvasElement>(null);
  const frame = data.series.find((f) => f.fields.some((x) => x.type === FieldType.time) && f.fields.some((x) => x.type === FieldType.number));
  const buckets = frame?.fields.filter((x) => x.type === FieldType.number) ?? [];
  const time = frame?.fields.find((x) => x.type === FieldType.time);
  const filterLe = options.filterValues?.le ?? 1e-9;
  let max = 0;
  for (const b of buckets) for (const v of b.values) if (typeof v === 'number' && v > max) max = v;
  const fill = theme.visualization.getColorByName(options.color?.fill ?? 'dark-orange');
  const exponent = options.color?.exponent ?? 0.5;
  const plotW = Math.max(0, width - GUTTER_LEFT);
  const plotH = Math.max(0, height - GUTTER_BOTTOM - LEGEND);

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx || !time || !buckets.length || max <= 0) {
      return;
    }
    ctx.clearRect(0, 0, plotW, plotH);
    const from = timeRange.from.valueOf();
    const span = Math.max(1, timeRange.to.valueOf() - from);
    const colW = Math.max(1, plotW / Math.max(1, time.values.length) - 1);
    const rowH = plotH / buckets.length;
    ctx.fillStyle = fill;
    buckets.forEach((b, row) => {
      b.values.forEach((v, i) => {
        if (typeof v !== 'number' || v <= filterLe) return;
        ctx.globalAlpha = Math.max(0.05, Math.pow(v / max, exponent));
        const x = ((time.values[i] - from) / span) * plotW;
        ctx.fillRect(x, plotH - (row + 1) * rowH + 0.5, colW, Math.max(1, rowH - 1));
      });
    });
    ctx.globalAlpha = 1;
  });

  if (!time || !buckets.length || max <= 0) {
    return <NoData width={width} height={height} />;
  }
  const yFmt = getValueFormat(options.yAxis?.unit ?? 'short');
  const cellFmt = getValueFormat(options.cellValues?.unit ?? 'short');
  const label = (name: string) => (name === '+Inf' ? '+Inf' : formattedValueToString(yFmt(Number(name), 2)));
  const rowH = plotH / buckets.length;
  const every = Math.max(1, Math.ceil(14 / Math.max(1, rowH)));
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => timeRange.from.valueOf() + f * (timeRange.to.valueOf() - timeRange.from.valueOf()));
  const small = { fontSize: 11, color: theme.colors.text.secondary, position: 'absolute' as const, whiteSpace: 'nowrap' as const };
  return (
    <div style={{ position: 'relative', width, height }} data-testid="harness heatmap">
      {buckets.map((b, row) =>
        row % every === 0 ? (
          <span key={b.name} style={{ ...small, right: plotW + 6, top: plotH - (row + 0.5) * rowH - 7 }}>
            {label(b.name)}
          </span>
        ) : null
      )}
      <canvas ref={canvas} width={plotW} height={plotH} style={{ position: 'absolute', left: GUTTER_LEFT, top: 0 }} />
      {ticks.map((t, i) => (
        <span key={i} style={{ ...small, top: plotH + 3, left: GUTTER_LEFT + (i / 4) * plotW - (i === 4 ? 34 : i === 0 ? 0 : 17) }}>
          {dateTimeFormat(t, { format: 'HH:mm', timeZone })}
        </span>
      ))}
      <div style={{ ...small, top: plotH + GUTTER_BOTTOM + 4, left: GUTTER_LEFT, display: 'flex', alignItems: 'center', gap: 6 }}>
        <span>0</span>
        <span style={{ display: 'inline-block', width: 120, height: 8, background: `linear-gradient(to right, transparent, ${fill})` }} />
        <span>{formattedValueToString(cellFmt(max, 2))}</span>
      </div>
    </div>
  );
}

interface TextOptions {
  mode?: 'markdown' | 'html' | 'code';
  content?: string;
}

export function TextPanel({ options, width, height, replaceVariables }: PanelProps<TextOptions>) {
  const content = replaceVariables(options.content ?? '');
  const html = options.mode === 'code' ? `<pre>${content.replace(/[<&]/g, (c) => (c === '<' ? '&lt;' : '&amp;'))}</pre>` : renderTextPanelMarkdown(content);
  // renderTextPanelMarkdown sanitizes, as Grafana's text panel does.
  return <div className="markdown-html" style={{ width, height, overflow: 'auto' }} dangerouslySetInnerHTML={{ __html: html }} />;
}
