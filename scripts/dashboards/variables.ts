// Template variables shared by the dashboards. Label variables are answered by our datasource's
// variable support (`label_values` of a normalized label), so they work on every engine.
import { DATASOURCE_TYPE, DS_REF, type Filters, type Variable } from './model';

export function datasourceVariable(): Variable {
  return {
    name: 'datasource',
    label: 'Data source',
    type: 'datasource',
    query: DATASOURCE_TYPE,
    current: {},
    hide: 0,
    includeAll: false,
    multi: false,
    options: [],
    refresh: 1,
    regex: '',
  };
}

/**
 * A multi-value, include-All variable listing the values of one normalized label (the variable is
 * named after the label, so `filtersFor` can match on it), taken from series of `signal`.
 */
export function labelVariable(label: string, title: string, signal: string, o: { single?: boolean } = {}): Variable {
  // Shape of LlmOpsVariableQuery in src/datasource/types.ts (the datasource's variable support).
  return datasourceQueryVariable(
    label,
    title,
    { refId: `${label}-values`, kind: 'label-values', label, signal },
    `label_values(${signal}, ${label})`,
    { multi: !o.single, refresh: 2 }
  );
}

/**
 * Scrape job and Kubernetes namespace: every dashboard can be narrowed to one deployment in a shared
 * Prometheus. Our datasource has no ad-hoc filter support (no getTagKeys/getTagValues), so these are
 * label variables like the others; All matches series without the label too.
 */
export const SCOPE_LABELS = ['job', 'namespace'] as const;

export function scopeVariables(signal: string): Variable[] {
  return [labelVariable('job', 'Job', signal), labelVariable('namespace', 'Namespace', signal)];
}

export function customVariable(name: string, label: string, values: string[], selected: string): Variable {
  if (!values.includes(selected)) {
    throw new Error(`variable ${name}: default ${selected} is not one of ${values.join(', ')}`);
  }
  return {
    name,
    label,
    type: 'custom',
    query: values.join(','),
    current: { selected: true, text: selected, value: selected },
    options: values.map((v) => ({ selected: v === selected, text: v, value: v })),
    hide: 0,
    includeAll: false,
    multi: false,
  };
}

export function textboxVariable(name: string, label: string, value: string): Variable {
  return {
    name,
    label,
    type: 'textbox',
    query: value,
    current: { selected: false, text: value, value },
    options: [{ selected: true, text: value, value }],
    hide: 0,
  };
}

/**
 * Filters for signal queries from the label variables of the same names. Each becomes a regex
 * matcher on `${label:regex}`, so multi-value selections and All (`.*`) both work.
 */
export function filtersFor(labels: string[]): Filters {
  return Object.fromEntries(labels.map((label) => [label, { op: '=~' as const, value: `\${${label}:regex}` }]));
}

/** Single-value variable listing the Jaeger services our datasource sees. */
export function serviceVariable(name = 'service'): Variable {
  return datasourceQueryVariable(name, 'Service', { refId: `${name}-values`, kind: 'services' }, 'services()', {
    multi: false,
    refresh: 1,
  });
}

/**
 * A variable answered by our datasource's variable support. Multi-value ones include All, whose
 * value must be a regex that matches absent labels too (filters use ${var:regex}).
 */
function datasourceQueryVariable(
  name: string,
  label: string,
  query: Record<string, unknown>,
  definition: string,
  o: { multi: boolean; refresh: 1 | 2 }
): Variable {
  return {
    name,
    label,
    type: 'query',
    datasource: { ...DS_REF },
    query,
    definition,
    current: {},
    hide: 0,
    includeAll: o.multi,
    ...(o.multi ? { allValue: '.*' } : {}),
    multi: o.multi,
    options: [],
    refresh: o.refresh,
    regex: '',
    sort: 1,
  };
}
