// Plain data-frame model used by every query handler. The Arrow encoder (arrow.ts) turns it into
// the IPC file bytes Grafana expects; nothing outside pkg/grafana needs to know about Arrow.

/**
 * Field value kinds that Grafana accepts from us. Time is epoch milliseconds. `json`: any JSON-serialisable
 * value, sent as its JSON text (Go's json.RawMessage); the browser gets the parsed value, field type `other`.
 */
export type FieldType = 'time' | 'number' | 'int64' | 'boolean' | 'string' | 'json';

/** A value of a `json` field: anything JSON.stringify accepts (null/undefined = a missing value). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface DataLink {
  title: string;
  url: string;
  targetBlank?: boolean;
  /** Grafana internal link: opens a query on a datasource instead of a URL. */
  internal?: { datasourceUid: string; datasourceName: string; query: Record<string, unknown> };
}

/** Subset of Grafana's FieldConfig that the host decodes strictly (wrong types fail the whole response). */
export interface FieldConfig {
  displayName?: string;
  displayNameFromDS?: string;
  description?: string;
  unit?: string;
  decimals?: number;
  min?: number | null;
  max?: number | null;
  /** Sampling interval in milliseconds. */
  interval?: number;
  links?: DataLink[];
  noValue?: string;
  thresholds?: { mode: 'absolute' | 'percentage'; steps: Array<{ value: number | null; color: string }> };
  custom?: Record<string, unknown>;
}

export interface Field {
  name: string;
  type: FieldType;
  /** time: epoch ms; number/int64: number (null = missing); boolean; string; json: any JSON value. */
  values: ArrayLike<number | string | boolean | null> | ArrayLike<JsonValue>;
  /** Defaults: time fields non-nullable, others nullable. */
  nullable?: boolean;
  labels?: Record<string, string>;
  config?: FieldConfig;
}

export type FrameType =
  | 'timeseries-multi'
  | 'timeseries-wide'
  | 'timeseries-long'
  | 'numeric-multi'
  | 'numeric-wide'
  | 'numeric-long'
  | 'table'
  | 'heatmap-rows'
  | 'directory-listing';

export interface Notice {
  severity: 'info' | 'warning' | 'error';
  text: string;
  link?: string;
}

/** Grafana FrameMeta: only keys Grafana's Go struct knows; free-form data goes in `custom`. */
export interface FrameMeta {
  type?: FrameType;
  typeVersion?: [number, number];
  executedQueryString?: string;
  preferredVisualisationType?: 'graph' | 'table' | 'logs' | 'trace' | 'nodeGraph' | 'flamegraph';
  notices?: Notice[];
  dataTopic?: 'annotations';
  custom?: Record<string, unknown>;
  stats?: Array<Record<string, unknown> & { value: number }>;
}

export interface Frame {
  name?: string;
  refId?: string;
  meta?: FrameMeta;
  fields: Field[];
}

export type ErrorSource = 'plugin' | 'downstream';

export interface DataResponse {
  frames: Frame[];
  /** HTTP-like status; always set (the host turns 0 into 500). */
  status: number;
  error?: string;
  errorSource?: ErrorSource;
}
