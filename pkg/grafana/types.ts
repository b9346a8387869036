// Request/response shapes of Grafana's plugin protocol v2 as the runtime hands them to a plugin.
// Field names follow the protobuf definitions; int64 values arrive as JS numbers, bytes as Buffers
// already parsed where they carry JSON.
import type { DataResponse } from './frame';

export interface User {
  login: string;
  name: string;
  email: string;
  role: string;
}

export interface DataSourceInstanceSettings {
  id: number;
  uid: string;
  name: string;
  url: string;
  user: string;
  database: string;
  basicAuthEnabled: boolean;
  basicAuthUser: string;
  /** Parsed jsonData (empty object when Grafana sent nothing). */
  jsonData: Record<string, unknown>;
  decryptedSecureJsonData: Record<string, string>;
  lastUpdatedMS: number;
}

export interface AppInstanceSettings {
  jsonData: Record<string, unknown>;
  decryptedSecureJsonData: Record<string, string>;
  lastUpdatedMS: number;
}

export interface PluginContext {
  orgId: number;
  pluginId: string;
  user?: User;
  dataSourceInstanceSettings?: DataSourceInstanceSettings;
  appInstanceSettings?: AppInstanceSettings;
  grafanaConfig: Record<string, string>;
  pluginVersion: string;
  userAgent: string;
}

export interface TimeRange {
  fromEpochMS: number;
  toEpochMS: number;
}

export interface DataQuery {
  refId: string;
  queryType: string;
  maxDataPoints: number;
  intervalMS: number;
  timeRange: TimeRange;
  /** The whole query object as Grafana sent it (refId, datasource, own fields …); {} if unparsable. */
  json: Record<string, unknown>;
  /** Set when `json` bytes were not valid JSON: the query must fail with this message. */
  jsonError?: string;
}

export interface QueryDataRequest {
  pluginContext: PluginContext;
  headers: Record<string, string>;
  queries: DataQuery[];
}

export type HealthStatus = 'UNKNOWN' | 'OK' | 'ERROR';

export interface CheckHealthResult {
  status: HealthStatus;
  message: string;
  /** Must be a JSON object (Grafana rejects anything else). */
  details?: Record<string, unknown>;
}

export interface CallResourceRequest {
  pluginContext: PluginContext;
  /** Path after /resources/, no leading slash, no query string. */
  path: string;
  method: string;
  /** path + '?' + raw query. */
  url: string;
  headers: Record<string, string[]>;
  body: Buffer;
}

export interface CallResourceResponse {
  status: number;
  headers?: Record<string, string[]>;
  body?: Buffer | string;
}

/** Streams a resource response: the first chunk carries status and headers. */
export interface ResourceSender {
  send(chunk: CallResourceResponse): void;
}

/** A per-datasource instance; disposed when settings change or the process stops. */
export interface Disposable {
  dispose?(): void | Promise<void>;
}

/**
 * What a backend plugin implements. The runtime resolves `instance` from the per-datasource cache
 * (keyed by uid + lastUpdatedMS) before calling any handler.
 */
export interface BackendPlugin<I extends Disposable> {
  newInstance(settings: DataSourceInstanceSettings | undefined, ctx: PluginContext): I;
  /**
   * Answer every refId; never throw for a single bad query (the runtime guards anyway). `signal` fires
   * when Grafana cancels the call or its deadline passes: stop upstream requests and heavy work then.
   */
  queryData(req: QueryDataRequest, instance: I, signal?: AbortSignal): Promise<Record<string, DataResponse>>;
  checkHealth(ctx: PluginContext, instance: I, headers: Record<string, string>): Promise<CheckHealthResult>;
  callResource(req: CallResourceRequest, instance: I, sender: ResourceSender): Promise<void>;
}
