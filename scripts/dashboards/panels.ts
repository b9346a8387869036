// Panel constructors and the grid layout. Panels are declared in rows; `layout` assigns ids and
// gridPos so nothing overlaps and every row fits Grafana's 24 columns.
import { DS_REF, type Panel, type Query, type ThresholdStep } from './model';
import { toTargets } from './queries';

/** A panel before layout: everything except id and gridPos, plus its size. */
export type PanelSpec = Omit<Panel, 'id' | 'gridPos'> & { w: number; h: number };
export interface RowSpec {
  title: string;
  panels: PanelSpec[];
}

export const GRID_COLUMNS = 24;

export function steps(...pairs: Array<[string, number | null]>): { mode: 'absolute'; steps: ThresholdStep[] } {
  return { mode: 'absolute', steps: pairs.map(([color, value]) => ({ color, value })) };
}

/** Neutral thresholds for panels where colour carries no meaning. */
export const NO_THRESHOLDS = steps(['green', null]);

export interface CommonOptions {
  description?: string;
  unit?: string;
  min?: number;
  max?: number;
  decimals?: number;
  thresholds?: ReturnType<typeof steps>;
  w?: number;
  h?: number;
  transformations?: unknown[];
  overrides?: unknown[];
  links?: unknown[];
}

function fieldDefaults(o: CommonOptions, custom?: Record<string, unknown>): Record<string, unknown> {
  const d: Record<string, unknown> = { unit: o.unit ?? 'short', thresholds: o.thresholds ?? NO_THRESHOLDS };
  if (o.min !== undefined) {
    d.min = o.min;
  }
  if (o.max !== undefined) {
    d.max = o.max;
  }
  if (o.decimals !== undefined) {
    d.decimals = o.decimals;
  }
  d.color = { mode: o.thresholds ? 'thresholds' : 'palette-classic' };
  if (custom) {
    d.custom = custom;
  }
  return d;
}

function base(type: string, title: string, queries: Query[], o: CommonOptions, w: number, h: number): PanelSpec {
  const p: PanelSpec = {
    type,
    title,
    datasource: { ...DS_REF },
    targets: toTargets(queries),
    w: o.w ?? w,
    h: o.h ?? h,
  };
  if (o.description) {
    p.description = o.description;
  }
  if (o.transformations) {
    p.transformations = o.transformations;
  }
  if (o.links) {
    p.links = o.links;
  }
  return p;
}

export interface TimeseriesOptions extends CommonOptions {
  stack?: boolean;
  /** Draw the thresholds as dashed lines (useful for utilisation with a red line). */
  showThresholds?: boolean;
  bars?: boolean;
}

export function timeseries(title: string, queries: Query[], o: TimeseriesOptions = {}): PanelSpec {
  const p = base('timeseries', title, queries, o, 12, 8);
  p.fieldConfig = {
    defaults: fieldDefaults(o, {
      drawStyle: o.bars ? 'bars' : 'line',
      lineWidth: 1,
      fillOpacity: o.stack ? 30 : 10,
      showPoints: 'never',
      spanNulls: false,
      stacking: { mode: o.stack ? 'normal' : 'none', group: 'A' },
      thresholdsStyle: { mode: o.showThresholds ? 'dashed' : 'off' },
    }),
    overrides: o.overrides ?? [],
  };
  if (o.thresholds && !o.showThresholds) {
    // Colour by series, thresholds only drive the dashed lines when asked for.
    (p.fieldConfig.defaults.color as Record<string, string>).mode = 'palette-classic';
  }
  p.options = {
    legend: { displayMode: 'table', placement: 'bottom', showLegend: true, calcs: ['mean', 'max', 'lastNotNull'] },
    tooltip: { mode: 'multi', sort: 'desc' },
  };
  return p;
}

export interface StatOptions extends CommonOptions {
  colorMode?: 'value' | 'background' | 'none';
  graph?: boolean;
  reducer?: string;
  /** Which fields to show (Grafana's reduceOptions.fields: a name or /regex/); default all numeric. */
  fields?: string;
}

export function stat(title: string, queries: Query[], o: StatOptions = {}): PanelSpec {
  const p = base('stat', title, queries, o, 4, 4);
  p.fieldConfig = { defaults: fieldDefaults(o), overrides: o.overrides ?? [] };
  p.options = {
    reduceOptions: { calcs: [o.reducer ?? 'lastNotNull'], fields: o.fields ?? '', values: false },
    colorMode: o.colorMode ?? (o.thresholds ? 'background' : 'value'),
    graphMode: o.graph === false ? 'none' : 'area',
    justifyMode: 'auto',
    orientation: 'auto',
    textMode: 'auto',
    wideLayout: true,
    showPercentChange: false,
  };
  return p;
}

export function gauge(title: string, queries: Query[], o: CommonOptions = {}): PanelSpec {
  const p = base('gauge', title, queries, o, 6, 6);
  p.fieldConfig = { defaults: fieldDefaults(o), overrides: o.overrides ?? [] };
  p.options = {
    reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
    showThresholdLabels: false,
    showThresholdMarkers: true,
  };
  return p;
}

export function table(title: string, queries: Query[], o: CommonOptions = {}): PanelSpec {
  const p = base('table', title, queries, o, 24, 8);
  p.fieldConfig = {
    defaults: fieldDefaults(o, { align: 'auto', cellOptions: { type: 'auto' }, inspect: false }),
    overrides: o.overrides ?? [],
  };
  p.options = { showHeader: true, cellHeight: 'sm', footer: { show: false, reducer: ['sum'], fields: '' } };
  return p;
}

/** One of our own panel plugins (cost, root cause); options are whatever the panel defines. */
export function pluginPanel(
  type: string,
  title: string,
  queries: Query[],
  options: Record<string, unknown>,
  o: CommonOptions = {}
): PanelSpec {
  const p = base(type, title, queries, o, 24, 12);
  p.fieldConfig = { defaults: {}, overrides: [] };
  p.options = options;
  return p;
}

export function text(title: string, markdown: string, w = 24, h = 3): PanelSpec {
  return { type: 'text', title, w, h, options: { mode: 'markdown', content: markdown } };
}

/** Field override helper: set properties on the field with this display name. */
export function overrideByName(name: string, properties: Record<string, unknown>): unknown {
  return {
    matcher: { id: 'byName', options: name },
    properties: Object.entries(properties).map(([id, value]) => ({ id, value })),
  };
}

/** Flows panels left to right, wrapping at 24 columns; each row starts with a row panel. */
export function layout(rows: RowSpec[]): Panel[] {
  const out: Panel[] = [];
  let id = 1;
  let y = 0;
  for (const row of rows) {
    out.push({
      id: id++,
      type: 'row',
      title: row.title,
      collapsed: false,
      panels: [],
      gridPos: { x: 0, y, w: 24, h: 1 },
    });
    y += 1;
    let x = 0;
    let lineHeight = 0;
    for (const spec of row.panels) {
      const { w, h, ...panel } = spec;
      if (w > GRID_COLUMNS) {
        throw new Error(`panel "${spec.title}" is ${w} columns wide; the grid has ${GRID_COLUMNS}`);
      }
      if (x + w > GRID_COLUMNS) {
        y += lineHeight;
        x = 0;
        lineHeight = 0;
      }
      out.push({ id: id++, gridPos: { x, y, w, h }, ...panel });
      x += w;
      lineHeight = Math.max(lineHeight, h);
    }
    y += lineHeight;
  }
  return out;
}
