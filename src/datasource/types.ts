/**
 * Editor-side query and settings model of the LLM Ops datasource. The query model's single source of
 * truth is pkg/model (zod schemas the backend validates with); its types are imported here with
 * `import type` (erased from the bundle), and the checks at the bottom fail the typecheck if the
 * editor's shape drifts from the model. Field names are fixed by DESIGN.md.
 */
import type { DataQuery, DataSourceJsonData } from '@grafana/data';
import type {
  Aggregation,
  AnomalyQuery,
  ComplianceQuery,
  CostInstantView,
  CostMetric,
  CostQuery,
  CostView,
  FilterValue,
  NormalizedLabel,
  PromqlQuery,
  QueryType,
  RootcauseQuery,
  SignalQuery,
  TraceQuery,
  TracesQuery,
} from '../../pkg/model';

export type { Aggregation, CostInstantView, CostMetric, CostView, FilterValue, QueryType };

export const QUERY_TYPES = ['signal', 'promql', 'anomaly', 'rootcause', 'cost', 'traces', 'trace', 'compliance'] as const satisfies readonly QueryType[];
export const AGGREGATIONS = ['p50', 'p90', 'p95', 'p99', 'avg', 'max', 'min', 'sum', 'rate', 'ratio'] as const satisfies readonly Aggregation[];
export const COST_VIEWS = ['summary', 'by_model', 'by_gpu_model', 'over_time', 'opportunities'] as const satisfies readonly CostView[];
/** Cost views an instant query reduces to one number per series. */
export const COST_INSTANT_VIEWS = ['summary', 'by_model', 'by_gpu_model'] as const satisfies readonly CostInstantView[];
export const COST_METRICS = [
  'cost_per_million_tokens',
  'total_cost',
  'projected_monthly_cost',
  'gpu_cost_per_hour',
  'idle_share',
  'idle_cost_per_hour',
  'energy_cost',
] as const satisfies readonly CostMetric[];
export const DEFAULT_COST_METRIC: CostMetric = 'cost_per_million_tokens';
/** Instant views that compute each metric (pkg/model COST_METRIC_VIEWS; a test keeps them equal). */
export const COST_METRIC_VIEWS: Record<CostMetric, readonly CostInstantView[]> = {
  cost_per_million_tokens: ['summary', 'by_model', 'by_gpu_model'],
  total_cost: ['summary', 'by_model', 'by_gpu_model'],
  projected_monthly_cost: ['summary', 'by_model', 'by_gpu_model'],
  gpu_cost_per_hour: ['summary', 'by_model', 'by_gpu_model'],
  idle_share: ['summary', 'by_model', 'by_gpu_model'],
  idle_cost_per_hour: ['summary', 'by_gpu_model'],
  energy_cost: ['summary', 'by_model', 'by_gpu_model'],
};

/** Labels every output series carries, whatever the engine's own spelling. */
export const NORMALIZED_LABELS: string[] = ['model', 'instance', 'engine', 'gpu', 'gpu_model', 'hostname', 'pod', 'namespace'] satisfies NormalizedLabel[];

/**
 * Filters: normalized label -> `"value"` (exact), `"/regex/"` (anchored regex), `["a","b"]` (any of)
 * or `{ op, value }` (explicit matcher), as pkg/model defines.
 */
export type LabelFilters = Record<string, FilterValue>;

export interface SignalFields {
  /** A signal id (pkg/model SIGNAL_IDS); typed as string so a custom or templated value can be saved. */
  signal?: string;
  aggregation?: Aggregation;
  groupBy?: string[];
  filters?: LabelFilters;
  /** Series names from labels, like Prometheus' legend: `{{model}} on {{instance}}` (the backend renders it). */
  legendFormat?: string;
}

export interface PromqlFields {
  expr?: string;
  legendFormat?: string;
}

/** A signal or promql query without refId, used as anomaly source and root-cause target. */
export interface SourceQuery extends SignalFields, PromqlFields {
  queryType: 'signal' | 'promql';
  instant?: boolean;
}

export interface DetectorSettings {
  /** 0 (only blatant anomalies) … 1 (flag small deviations); backend default 0.5. */
  sensitivity?: number;
  /** Detector name; absent means the backend's default. */
  method?: string;
  /** Seasonal baseline; absent = `auto` (daily when there is enough history). */
  seasonality?: 'auto' | 'none' | 'daily' | 'weekly';
  /** History read before the range, e.g. `3d`. */
  history?: string;
  /** Operational detector: how long a new level must hold before it is the baseline, e.g. `2h`. */
  adaptAfter?: string;
  /** Operational detector: trailing baseline window, e.g. `1h`. */
  baselineWindow?: string;
  /** `history` (default) or `peers`: each series against the others of its `peerGroup`. */
  mode?: 'history' | 'peers';
  peerGroup?: string[];
}

export interface LlmOpsQuery extends DataQuery, SignalFields, PromqlFields {
  queryType?: QueryType;
  /** One value per series at the end of the range. */
  instant?: boolean;
  // anomaly
  source?: SourceQuery;
  detector?: DetectorSettings;
  // rootcause
  target?: SourceQuery;
  incidentStart?: number;
  incidentEnd?: number;
  // cost (CostView) and compliance ('findings' | 'over_time')
  view?: CostView | ComplianceView;
  /** cost, instant only: which number per series (default cost_per_million_tokens). */
  metric?: CostMetric;
  // traces
  service?: string;
  operation?: string;
  tags?: Record<string, string>;
  minDuration?: string;
  limit?: number;
  // trace
  traceId?: string;
  // compliance (also service, operation, limit, view)
  kinds?: ComplianceKind[];
}

export type ComplianceView = 'findings' | 'over_time';
export type ComplianceKind = 'email' | 'phone' | 'credit_card' | 'api_key' | 'ip_address';

export const DEFAULT_QUERY: Partial<LlmOpsQuery> = {
  queryType: 'signal',
  signal: 'ttft',
  aggregation: 'p95',
  groupBy: ['model'],
};

export interface ApiPrice {
  /** Price per 1M input tokens. */
  input: number;
  /** Price per 1M output tokens. */
  output: number;
}

export interface LlmOpsJsonData extends DataSourceJsonData {
  jaegerUrl?: string;
  timeoutSeconds?: number;
  maxSeries?: number;
  /** Analytic queries (anomaly, root cause, cost, compliance) running at once (default 2). */
  maxConcurrentAnalytics?: number;
  /** Longest wait of an analytic query for its turn before a "busy" error (default: half the timeout). */
  analyticsQueueSeconds?: number;
  /** Upstream requests the analytic queries may have in flight at once (default 1). */
  maxAnalyticsUpstreamRequests?: number;
  /** Regex of the Prometheus jobs the scrape-health signals and target alert rules watch. */
  targetJobs?: string;
  /** GPU model (DCGM modelName or a short form like H100) -> price per GPU-hour. */
  gpuHourlyPrices?: Record<string, number>;
  /** Model -> API price per 1M tokens, for the API-price comparison. */
  apiPrices?: Record<string, ApiPrice>;
  electricityPricePerKwh?: number;
  /** g CO2e per kWh for carbon estimates (default 400, a world-average figure). */
  gridCarbonIntensity?: number;
  currency?: string;
  /** Overrides of the degradation-level defaults (README "Degradation level"); SLOs in seconds. */
  degradationThresholds?: DegradationThresholdSettings;
  basicAuth?: boolean;
  basicAuthUser?: string;
  /** TLS to Prometheus under Grafana's names (certificates and key in secureJsonData), and to Jaeger prefixed. */
  tlsAuth?: boolean;
  tlsAuthWithCACert?: boolean;
  tlsSkipVerify?: boolean;
  serverName?: string;
  jaegerTlsAuth?: boolean;
  jaegerTlsAuthWithCACert?: boolean;
  jaegerTlsSkipVerify?: boolean;
  jaegerServerName?: string;
  /** Grafana's convention: httpHeaderName1…N in jsonData, httpHeaderValue1…N in secureJsonData. */
  [httpHeaderName: `httpHeaderName${number}`]: string | undefined;
}

/** Thresholds for levels 1–4 (null = that level is never reached by this input). */
export type LevelThresholdList = [number | null, number | null, number | null, number | null];

export interface DegradationThresholdSettings {
  ttftSloSeconds?: number;
  e2eSloSeconds?: number;
  errorRatio?: LevelThresholdList;
  ttftSloRatio?: LevelThresholdList;
  e2eSloRatio?: LevelThresholdList;
  queuePressure?: LevelThresholdList;
  kvCacheUsage?: LevelThresholdList;
  preemptionRate?: LevelThresholdList;
  gpuMemoryUsedRatio?: LevelThresholdList;
  gpuUtilization?: LevelThresholdList;
}

export interface LlmOpsSecureJsonData {
  basicAuthPassword?: string;
  prometheusBearerToken?: string;
  jaegerBearerToken?: string;
  tlsCACert?: string;
  tlsClientCert?: string;
  tlsClientKey?: string;
  jaegerTlsCACert?: string;
  jaegerTlsClientCert?: string;
  jaegerTlsClientKey?: string;
  [httpHeaderValue: `httpHeaderValue${number}`]: string | undefined;
}

/** Variable query: what `metricFindQuery` should list. */
export interface LlmOpsVariableQuery extends DataQuery {
  kind: 'label-values' | 'labels' | 'signals' | 'services' | 'operations' | 'engines';
  label?: string;
  signal?: string;
  service?: string;
}

// Compile-time checks: every query the model accepts fits the editor's query type, and the
// query types the editor offers are exactly the model's.
type Fits<T> = T extends Omit<LlmOpsQuery, 'refId'> ? true : never;
export const modelQueriesFitEditor: [
  Fits<Omit<PromqlQuery, 'refId'>>,
  Fits<Omit<SignalQuery, 'refId'>>,
  Fits<Omit<AnomalyQuery, 'refId'>>,
  Fits<Omit<RootcauseQuery, 'refId'>>,
  Fits<Omit<CostQuery, 'refId'>>,
  Fits<Omit<TracesQuery, 'refId'>>,
  Fits<Omit<TraceQuery, 'refId'>>,
  Fits<Omit<ComplianceQuery, 'refId'>>,
] = [true, true, true, true, true, true, true, true];
type SameSet<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const queryTypesMatchModel: SameSet<(typeof QUERY_TYPES)[number], QueryType> = true;
