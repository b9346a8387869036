// Small constructors for panel targets. Every target is pinned to the `${datasource}` variable so
// the same JSON works against any instance of our datasource.
import {
  DS_REF,
  type Aggregation,
  type AnomalyQuery,
  type ComplianceQuery,
  type CostQuery,
  type Filters,
  type PromqlQuery,
  type Query,
  type RootcauseQuery,
  type SignalQuery,
  type SourceQuery,
  type Target,
  type TracesQuery,
} from './model';

export interface SignalOptions {
  groupBy?: string[];
  filters?: Filters;
  instant?: boolean;
  legendFormat?: string;
  format?: 'heatmap';
}

export function signal(id: string, aggregation: Aggregation, opts: SignalOptions = {}): SignalQuery {
  const q: SignalQuery = {
    queryType: 'signal',
    signal: id,
    aggregation,
    groupBy: opts.groupBy ?? [],
    filters: opts.filters ?? {},
    instant: opts.instant ?? false,
  };
  if (opts.legendFormat) {
    q.legendFormat = opts.legendFormat;
  }
  if (opts.format) {
    q.format = opts.format;
  }
  return q;
}

export function promql(expr: string, legendFormat?: string, instant = false): PromqlQuery {
  const q: PromqlQuery = { queryType: 'promql', expr, instant };
  if (legendFormat) {
    q.legendFormat = legendFormat;
  }
  return q;
}

/** The default detector sensitivity; 0.8 keeps bands tight enough to see real incidents. */
export const DEFAULT_SENSITIVITY = 0.8;

export function anomaly(source: SourceQuery, sensitivity = DEFAULT_SENSITIVITY, instant = false): AnomalyQuery {
  // The source is nested without refId; its own `instant` flag is irrelevant (the anomaly query's wins).
  return { queryType: 'anomaly', source: { ...source, instant: false }, detector: { sensitivity }, instant };
}

export function rootcause(target: SignalQuery): RootcauseQuery {
  return { queryType: 'rootcause', target: { ...target, instant: false }, instant: false };
}

export function cost(view: CostQuery['view'], instant = false, filters?: CostQuery['filters']): CostQuery {
  return { queryType: 'cost', view, instant, ...(filters ? { filters } : {}) };
}

export function traces(opts: Omit<TracesQuery, 'queryType' | 'instant'>): TracesQuery {
  return { queryType: 'traces', ...opts, instant: false };
}

export function compliance(opts: Omit<ComplianceQuery, 'queryType' | 'instant'>): ComplianceQuery {
  return { queryType: 'compliance', ...opts, instant: false };
}

/** Gives queries refIds A, B, C … and the datasource reference. */
export function toTargets(queries: Query[]): Target[] {
  return queries.map((q, i) => ({ refId: String.fromCharCode(65 + i), datasource: { ...DS_REF }, ...q }));
}
