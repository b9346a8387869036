// Plain types for the parts of Grafana's dashboard JSON model we generate. Kept loose on purpose:
// Grafana accepts many more keys; we only type what the builders set so typos fail to compile.

export const DATASOURCE_TYPE = 'llmops-observability-datasource';
/** Every panel and target points at the `datasource` template variable, never at a fixed UID. */
export const DS_REF = { type: DATASOURCE_TYPE, uid: '${datasource}' } as const;
export const GRAFANA_DS_REF = { type: 'grafana', uid: '-- Grafana --' } as const;
/** Grafana's built-in datasource that reuses another panel's query results. */
export const DASHBOARD_DS_REF = { type: 'datasource', uid: '-- Dashboard --' } as const;
export const DASHBOARD_TAG = 'llmops';
export const SCHEMA_VERSION = 39;

export type DsRef = { type: string; uid: string };

/** Labels every signal output carries after normalization (DESIGN.md). */
export type NormalizedLabel = 'model' | 'instance' | 'engine' | 'gpu' | 'gpu_model' | 'hostname' | 'pod' | 'namespace';

export type Aggregation = 'p50' | 'p90' | 'p95' | 'p99' | 'avg' | 'max' | 'min' | 'sum' | 'rate' | 'ratio';

/** pkg/model filter: exact value, or an explicit matcher (we use `=~` with `${var:regex}`). */
export type FilterValue = string | { op: '=' | '!=' | '=~' | '!~'; value: string };
export type Filters = Record<string, FilterValue>;

export interface SignalQuery {
  queryType: 'signal';
  signal: string;
  aggregation: Aggregation;
  groupBy: string[];
  filters: Filters;
  instant: boolean;
  legendFormat?: string;
  /** `heatmap`: per-bucket rates of a histogram signal, for heatmap panels. */
  format?: 'heatmap';
}

export interface PromqlQuery {
  queryType: 'promql';
  expr: string;
  legendFormat?: string;
  instant: boolean;
}

export type SourceQuery = SignalQuery | PromqlQuery;

export interface AnomalyQuery {
  queryType: 'anomaly';
  source: SourceQuery;
  detector: { sensitivity: number; [key: string]: unknown };
  instant: boolean;
}

export interface RootcauseQuery {
  queryType: 'rootcause';
  target: SignalQuery;
  instant: boolean;
}

export interface CostQuery {
  queryType: 'cost';
  view: 'summary' | 'by_model' | 'by_gpu_model' | 'over_time' | 'opportunities';
  instant: boolean;
  /** Label filters (the Model variable), applied to every upstream query of the cost computation. */
  filters?: Filters;
}

export interface TracesQuery {
  queryType: 'traces';
  service: string;
  operation?: string;
  tags?: Record<string, string>;
  minDuration?: string;
  limit: number;
  instant: boolean;
}

export interface ComplianceQuery {
  queryType: 'compliance';
  service: string;
  operation?: string;
  limit: number;
  instant: boolean;
}

export type Query = SourceQuery | AnomalyQuery | RootcauseQuery | CostQuery | TracesQuery | ComplianceQuery;
export type Target = Query & { refId: string; datasource: DsRef; hide?: boolean };

export interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface ThresholdStep {
  color: string;
  value: number | null;
}

export interface Panel {
  id: number;
  type: string;
  title: string;
  description?: string;
  gridPos: GridPos;
  datasource?: DsRef;
  targets?: Target[];
  fieldConfig?: { defaults: Record<string, unknown>; overrides: unknown[] };
  options?: Record<string, unknown>;
  transformations?: unknown[];
  collapsed?: boolean;
  panels?: Panel[];
  links?: unknown[];
  maxDataPoints?: number;
  interval?: string;
}

export interface Variable {
  name: string;
  label?: string;
  type: 'datasource' | 'query' | 'custom' | 'textbox' | 'constant' | 'interval';
  [key: string]: unknown;
}

export interface Dashboard {
  id: null;
  uid: string;
  title: string;
  description: string;
  tags: string[];
  timezone: string;
  editable: boolean;
  graphTooltip: number;
  schemaVersion: number;
  version: number;
  refresh: string;
  time: { from: string; to: string };
  timepicker: Record<string, unknown>;
  fiscalYearStartMonth: number;
  liveNow: boolean;
  weekStart: string;
  links: unknown[];
  annotations: { list: unknown[] };
  templating: { list: Variable[] };
  panels: Panel[];
}
