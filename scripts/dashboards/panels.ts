// Panel constructors and the grid layout. Panels are declared in rows; `layout` assigns ids and
// gridPos so nothing overlaps and every row fits Grafana's 24 columns.
import { DASHBOARD_DS_REF, DS_REF, type Panel, type Query, type ThresholdStep } from './model';
import { toTargets } from './queries';
import { catalogUnit, describePanel, signalDef } from './signal-docs';
import { degradationMappings, signalThreshold, type SignalThreshold } from './signal-thresholds';

/** A panel before layout: everything except id and gridPos, plus its size. */
export type PanelSpec = Omit<Panel, 'id' | 'gridPos'> & {
  w: number;
  h: number;
  /** A name other panels of the dashboard refer to (shared queries). */
  key?: string;
  /** Reuse the query results of the panel with this key (Grafana's `-- Dashboard --` datasource). */
  shareFrom?: string;
  /** The targets the reusing panel would have run itself: must equal its source's (checked in layout). */
  sameAs?: string;
  /** Placed under the previous panel of the row, at its x and width, instead of beside it. */
  below?: boolean;
};
export interface RowSpec {
  title: string;
  panels: PanelSpec[];
  /** Detail rows start collapsed: their panels load only when opened. */
  collapsed?: boolean;
}

export const GRID_COLUMNS = 24;

export function steps(...pairs: Array<[string, number | null]>): { mode: 'absolute'; steps: ThresholdStep[] } {
  return { mode: 'absolute', steps: pairs.map(([color, value]) => ({ color, value })) };
}

/** Neutral thresholds for panels where colour carries no meaning. */
export const NO_THRESHOLDS = steps(['green', null]);

export interface CommonOptions {
  description?: string;
  /** Default: the unit the signal catalog gives the panel's signals. */
  unit?: string;
  /**
   * Colours: default the shared per-signal definition (signal-thresholds.ts) when the panel shows one
   * signal; `null` = none.
   */
  colors?: SignalThreshold | null;
  mappings?: unknown[];
  min?: number;
  max?: number;
  decimals?: number;
  /** Text shown instead of "No data" when the query returns nothing (a count whose series exist only when non-zero). */
  noValue?: string;
  thresholds?: ReturnType<typeof steps>;
  w?: number;
  h?: number;
  /** Under the previous panel of the row (same x and width) instead of beside it. */
  below?: boolean;
  transformations?: unknown[];
  overrides?: unknown[];
  links?: unknown[];
}

function fieldDefaults(o: CommonOptions, custom?: Record<string, unknown>): Record<string, unknown> {
  const d: Record<string, unknown> = { unit: o.unit ?? 'short', thresholds: o.thresholds ?? NO_THRESHOLDS };
  if (o.mappings) {
    d.mappings = o.mappings;
  }
  if (o.min !== undefined) {
    d.min = o.min;
  }
  if (o.max !== undefined) {
    d.max = o.max;
  }
  if (o.decimals !== undefined) {
    d.decimals = o.decimals;
  }
  if (o.noValue !== undefined) {
    d.noValue = o.noValue;
  }
  d.color = { mode: o.thresholds ? 'thresholds' : 'palette-classic' };
  if (custom) {
    d.custom = custom;
  }
  return d;
}

/** The one signal a panel shows (all its signal queries agree), for catalog colours and mappings. */
function singleSignal(queries: Query[]): { signal: string; aggregation: string } | undefined {
  const sigs = queries.filter((q) => q.queryType === 'signal');
  if (sigs.length === 0 || sigs.length !== queries.length) return undefined;
  const [first] = sigs;
  return sigs.every((q) => q.signal === first!.signal && q.aggregation === first!.aggregation) ? first : undefined;
}

/** Fills unit, colours, mappings and description from the catalog where the caller left them out. */
function resolved(queries: Query[], o: CommonOptions): CommonOptions {
  const one = singleSignal(queries);
  const colors =
    o.colors === null
      ? undefined
      : (o.colors ?? (one && !o.thresholds ? signalThreshold(one.signal as never, one.aggregation) : undefined));
  const degradation = one?.signal === 'degradation_level';
  return {
    ...o,
    unit: o.unit ?? (degradation ? 'none' : catalogUnit(queries)),
    thresholds: o.thresholds ?? colors?.steps,
    mappings: o.mappings ?? (degradation ? degradationMappings() : undefined),
    description: describePanel(o.description, queries, colors?.text),
  };
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
  if (o.below) p.below = true;
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
  /** Draw the thresholds as dashed lines (default: when the panel has thresholds). */
  showThresholds?: boolean;
  bars?: boolean;
  /**
   * `list` (a line under the plot), `table` (to the right, with mean/max/last), `hidden` (tooltip only).
   * Default: per-instance/GPU/host series get `table` on wide panels and `hidden` on narrow ones.
   */
  legend?: 'list' | 'table' | 'hidden';
}

/** Series-heavy queries: one series per replica, GPU or host. */
const MANY_SERIES = new Set(['instance', 'gpu', 'hostname', 'pod']);

function legendFor(queries: Query[], o: TimeseriesOptions, w: number): Record<string, unknown> {
  const many = queries.some((q) => q.queryType === 'signal' && q.groupBy.some((l) => MANY_SERIES.has(l)));
  const mode = o.legend ?? (many ? (w >= 12 ? 'table' : 'hidden') : 'list');
  if (mode === 'hidden') return { displayMode: 'list', placement: 'bottom', showLegend: false, calcs: [] };
  if (mode === 'table') {
    return {
      displayMode: 'table',
      placement: 'right',
      showLegend: true,
      calcs: ['mean', 'max', 'lastNotNull'],
      width: 320,
    };
  }
  return { displayMode: 'list', placement: 'bottom', showLegend: true, calcs: [] };
}

export function timeseries(title: string, queries: Query[], opts: TimeseriesOptions = {}): PanelSpec {
  const o: TimeseriesOptions = resolved(queries, opts);
  if (o.showThresholds === undefined && o.thresholds) o.showThresholds = true;
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
    legend: legendFor(queries, o, p.w),
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

export function stat(title: string, queries: Query[], opts: StatOptions = {}): PanelSpec {
  const o: StatOptions = resolved(queries, opts);
  const p = base('stat', title, queries, o, 4, 4);
  const defaults = fieldDefaults(o);
  // A number with no good or bad colour reads in the text colour: the classic palette's first colour is
  // green, which made a 2.5-minute TTFT p95 look healthy beside a red p99.
  if (!o.thresholds) defaults.color = { mode: 'fixed', fixedColor: 'text' };
  p.fieldConfig = { defaults, overrides: o.overrides ?? [] };
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

export function gauge(title: string, queries: Query[], opts: CommonOptions = {}): PanelSpec {
  const o = resolved(queries, opts);
  const p = base('gauge', title, queries, o, 6, 6);
  p.fieldConfig = { defaults: fieldDefaults(o), overrides: o.overrides ?? [] };
  p.options = {
    reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
    showThresholdLabels: false,
    showThresholdMarkers: true,
  };
  return p;
}

export function table(title: string, queries: Query[], opts: CommonOptions = {}): PanelSpec {
  const o = resolved(queries, { colors: null, ...opts });
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

export interface HeatmapOptions extends CommonOptions {
  /** Colour scheme of the cells. */
  scheme?: string;
}

/**
 * A heatmap of a histogram signal's buckets (the signal query with `format: 'heatmap'` returns
 * per-bucket rates, one field per upper bound); Grafana draws them as they are (no re-bucketing).
 */
export function heatmap(title: string, queries: Query[], opts: HeatmapOptions = {}): PanelSpec {
  const o: HeatmapOptions = { ...resolved(queries, { colors: null, ...opts }), scheme: opts.scheme };
  // The buckets' bounds are in the signal's own unit (seconds, tokens); the cells are requests/s.
  const first = queries[0];
  const yUnit = opts.unit ?? (first?.queryType === 'signal' ? signalDef(first.signal).unit : 'short');
  const p = base('heatmap', title, queries, o, 8, 8);
  p.fieldConfig = { defaults: { custom: { hideFrom: { legend: false, tooltip: false, viz: false } } }, overrides: [] };
  p.options = {
    calculate: false,
    cellGap: 1,
    color: {
      mode: 'scheme',
      scheme: o.scheme ?? 'Oranges',
      steps: 64,
      exponent: 0.5,
      fill: 'dark-orange',
      reverse: false,
    },
    exemplars: { color: 'rgba(255,0,255,0.7)' },
    filterValues: { le: 1e-9 },
    legend: { show: true },
    rowsFrame: { layout: 'le' },
    tooltip: { mode: 'single', yHistogram: true, showColorScale: false },
    yAxis: { axisPlacement: 'left', reverse: false, unit: yUnit },
    cellValues: { unit: 'reqps' },
  };
  return p;
}

/**
 * A panel that shows another panel's query results (Grafana's `-- Dashboard --` datasource), reduced
 * or drawn differently, so the query runs once. `source` is the other panel's `key`.
 */
export function sharedBarGauge(title: string, source: string, o: CommonOptions & { reducer?: string } = {}): PanelSpec {
  const p: PanelSpec = {
    type: 'bargauge',
    title,
    datasource: { ...DASHBOARD_DS_REF },
    targets: [{ refId: 'A', datasource: { ...DASHBOARD_DS_REF }, panelId: 0 }] as never,
    shareFrom: source,
    w: o.w ?? 8,
    h: o.h ?? 8,
  };
  if (o.description) p.description = o.description;
  const defaults = fieldDefaults(o);
  // A breakdown, not a status: one neutral colour (the classic palette made some bars red and others green).
  if (!o.thresholds) defaults.color = { mode: 'fixed', fixedColor: 'blue' };
  p.fieldConfig = { defaults, overrides: o.overrides ?? [] };
  p.options = {
    reduceOptions: { calcs: [o.reducer ?? 'mean'], fields: '', values: false },
    orientation: 'horizontal',
    displayMode: 'basic',
    valueMode: 'color',
    showUnfilled: true,
    namePlacement: 'auto',
    sizing: 'auto',
    minVizHeight: 16,
    maxVizHeight: 40,
  };
  return p;
}

/**
 * The same panel, drawn from the results of the panel with key `source` instead of running its own
 * query again (it must ask exactly what that panel asks).
 */
export function reuse(panel: PanelSpec, source: string): PanelSpec {
  return {
    ...panel,
    datasource: { ...DASHBOARD_DS_REF },
    targets: [{ refId: 'A', datasource: { ...DASHBOARD_DS_REF }, panelId: 0 }] as never,
    shareFrom: source,
    sameAs: JSON.stringify(panel.targets),
  };
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

/**
 * Transformations of a table with one row per label set and one column per instant signal query:
 * labels to columns, frames merged into rows, then each value column renamed to its query's
 * legendFormat and the label columns put first. Grafana's labelsToFields drops the display name the
 * datasource gives a field (it may hold label values), so without the rename the headers read as
 * signal ids (`request_rate`) and overrides by legend name match nothing.
 */
export function labelTableTransformations(queries: Query[], labels: string[]): unknown[] {
  const renameByName: Record<string, string> = {};
  for (const q of queries) {
    if (q.queryType !== 'signal' || !q.legendFormat) {
      throw new Error('labelTableTransformations: every query must be a signal query with a legendFormat');
    }
    if (renameByName[q.signal]) {
      throw new Error(`labelTableTransformations: signal ${q.signal} twice; its columns would share one name`);
    }
    renameByName[q.signal] = q.legendFormat;
  }
  const order = [...labels, ...Object.keys(renameByName)];
  return [
    { id: 'labelsToFields', options: { mode: 'columns', keepLabels: labels } },
    // Rows with the same labels (model and engine, or instance, host and engine) become one row.
    { id: 'merge', options: {} },
    {
      id: 'organize',
      options: { excludeByName: { Time: true }, indexByName: Object.fromEntries(order.map((n, i) => [n, i])), renameByName },
    },
  ];
}

/** Flows panels left to right, wrapping at 24 columns; each row starts with a row panel. */
export function layout(rows: RowSpec[]): Panel[] {
  const out: Panel[] = [];
  const ids = new Map<string, number>();
  const targetsByKey = new Map<string, string>();
  const shared: Array<{ panel: Panel; source: string; sameAs?: string }> = [];
  let id = 1;
  let y = 0;
  for (const row of rows) {
    const rowPanel: Panel = {
      id: id++,
      type: 'row',
      title: row.title,
      collapsed: row.collapsed ?? false,
      panels: [],
      gridPos: { x: 0, y, w: 24, h: 1 },
    };
    out.push(rowPanel);
    y += 1;
    // A collapsed row keeps its panels inside it, positioned as if it were open (Grafana moves the rows
    // below when it opens); the rows below start right after it.
    let py = y;
    let x = 0;
    let lineHeight = 0;
    let previous: Panel | undefined;
    for (const spec of row.panels) {
      const { w, h, key, shareFrom, sameAs, below, ...panel } = spec;
      if (w > GRID_COLUMNS) {
        throw new Error(`panel "${spec.title}" is ${w} columns wide; the grid has ${GRID_COLUMNS}`);
      }
      let gridPos: Panel['gridPos'];
      if (below) {
        if (!previous || previous.gridPos.w !== w) {
          throw new Error(`panel "${spec.title}" goes below the previous panel of its row, which must be as wide (${w})`);
        }
        gridPos = { x: previous.gridPos.x, y: previous.gridPos.y + previous.gridPos.h, w, h };
        lineHeight = Math.max(lineHeight, gridPos.y + h - py);
      } else {
        if (x + w > GRID_COLUMNS) {
          py += lineHeight;
          x = 0;
          lineHeight = 0;
        }
        gridPos = { x, y: py, w, h };
      }
      const placed: Panel = { id: id++, gridPos, ...panel };
      previous = placed;
      if (key) {
        if (ids.has(key)) throw new Error(`two panels have the key ${key}`);
        ids.set(key, placed.id);
        targetsByKey.set(key, JSON.stringify(placed.targets));
      }
      if (shareFrom) shared.push({ panel: placed, source: shareFrom, sameAs });
      if (row.collapsed) rowPanel.panels!.push(placed);
      else out.push(placed);
      if (!below) {
        x += w;
        lineHeight = Math.max(lineHeight, h);
      }
    }
    py += lineHeight;
    if (!row.collapsed) y = py;
  }
  for (const { panel, source, sameAs } of shared) {
    const panelId = ids.get(source);
    if (panelId === undefined) throw new Error(`panel "${panel.title}" shares the results of unknown panel ${source}`);
    if (sameAs !== undefined && sameAs !== targetsByKey.get(source)) {
      throw new Error(`panel "${panel.title}" reuses ${source}, which asks something else`);
    }
    panel.targets = [{ refId: 'A', datasource: { ...DASHBOARD_DS_REF }, panelId }] as never;
  }
  return out;
}
