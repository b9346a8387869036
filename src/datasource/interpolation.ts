/**
 * Template-variable interpolation for LLM Ops queries. PromQL strings get PromQL-safe values:
 * a single value is escaped for a double-quoted label matcher; multi-value and "All" selections
 * become a regex alternation of regex-escaped values (for `=~"..."`), then string-escaped.
 */
import type { FilterValue, LlmOpsQuery, SourceQuery } from './types';

/** `templateSrv.replace`'s signature reduced to what we use. */
export type Replace = (text: string, format?: (value: unknown, variable?: unknown) => string) => string;

interface VariableLike {
  multi?: boolean;
  includeAll?: boolean;
}

/** Escapes a value for use inside a PromQL double-quoted string. */
export function escapePromqlString(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/** Escapes RE2 metacharacters so a value matches literally inside a regex. */
export function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isMultiValued(value: unknown, variable: unknown): boolean {
  const v = (variable ?? {}) as VariableLike;
  return Array.isArray(value) || Boolean(v.multi) || Boolean(v.includeAll);
}

function asValues(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).map((v) => String(v ?? ''));
}

/** Format function for PromQL expressions (values end up inside `"..."`). */
export function promqlFormat(value: unknown, variable?: unknown): string {
  if (!isMultiValued(value, variable)) {
    return escapePromqlString(String(value ?? ''));
  }
  const values = asValues(value);
  const regex = values.length === 1 ? escapeRegex(values[0]) : `(${values.map(escapeRegex).join('|')})`;
  return escapePromqlString(regex);
}

/** Format for regex contexts the backend builds matchers from: a regex-escaped alternation, no PromQL escaping. */
export function regexFormat(value: unknown, variable?: unknown): string {
  if (!isMultiValued(value, variable)) {
    return String(value ?? '');
  }
  return asValues(value).map(escapeRegex).join('|');
}

/**
 * Format for a string label filter (pkg/model: `"value"` exact, `"/regex/"` regex): a single value
 * stays exact; a multi-value selection becomes `/a|b/` with each value regex-escaped.
 */
export function filterFormat(value: unknown, variable?: unknown): string {
  if (!isMultiValued(value, variable)) {
    return String(value ?? '');
  }
  return `/${asValues(value).map(escapeRegex).join('|')}/`;
}

const SEP = '\u0000';

function interpolateFilter(v: FilterValue, replace: Replace): FilterValue {
  if (typeof v === 'string') {
    // Inside an explicit /regex/ only the alternation is needed, not another pair of slashes.
    return /^\/[\s\S]*\/$/.test(v) ? replace(v, regexFormat) : replace(v, filterFormat);
  }
  if (Array.isArray(v)) {
    // Any-of-these-values: a multi-value variable expands into more exact values.
    return v.flatMap((el) => replace(el, (val) => asValues(val).join(SEP)).split(SEP));
  }
  return { ...v, value: replace(v.value, v.op === '=~' || v.op === '!~' ? regexFormat : (val) => asValues(val).join(',')) };
}

function replaceFilters(record: Record<string, FilterValue> | undefined, replace: Replace) {
  if (!record) {
    return record;
  }
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, interpolateFilter(v, replace)]));
}

function replaceStrings(record: Record<string, string> | undefined, replace: Replace) {
  return record && Object.fromEntries(Object.entries(record).map(([k, v]) => [k, replace(String(v))]));
}

function interpolateSource<T extends Partial<SourceQuery> | LlmOpsQuery>(q: T, replace: Replace): T {
  return {
    ...q,
    expr: q.expr === undefined ? undefined : replace(q.expr, promqlFormat),
    legendFormat: q.legendFormat === undefined ? undefined : replace(q.legendFormat),
    signal: q.signal === undefined ? undefined : replace(q.signal),
    // A variable may choose the aggregation (the app's Root cause page does); the backend validates the result.
    aggregation: q.aggregation === undefined ? undefined : (replace(q.aggregation) as typeof q.aggregation),
    groupBy: q.groupBy?.flatMap((g) => replace(g, (v) => asValues(v).join(',')).split(',')).filter(Boolean),
    filters: replaceFilters(q.filters, replace),
  };
}

/** Returns a copy of `query` with every variable-bearing field interpolated. */
export function interpolateQuery(query: LlmOpsQuery, replace: Replace): LlmOpsQuery {
  const out: LlmOpsQuery = interpolateSource<LlmOpsQuery>(query, replace);
  if (query.source) {
    out.source = interpolateSource(query.source, replace);
  }
  if (query.target) {
    out.target = interpolateSource(query.target, replace);
  }
  for (const key of ['service', 'operation', 'traceId', 'minDuration'] as const) {
    if (query[key] !== undefined) {
      out[key] = replace(String(query[key]));
    }
  }
  if (query.tags) {
    out.tags = replaceStrings(query.tags, replace);
  }
  return dropUndefined(out);
}

function dropUndefined<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}
