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

export interface LabelVariableOptions {
  label?: string;
  /** Restrict values to series of this signal (e.g. GPU labels come from a GPU signal). */
  signal?: string;
}

/** A multi-value, include-All variable listing the values of one normalized label. */
export function labelVariable(name: string, label: string, o: LabelVariableOptions = {}): Variable {
  // Shape of LlmOpsVariableQuery in src/datasource/types.ts (the datasource's variable support).
  const query: Record<string, unknown> = { refId: `${name}-values`, kind: 'label-values', label };
  if (o.signal) {
    query.signal = o.signal;
  }
  return {
    name,
    label: o.label ?? name,
    type: 'query',
    datasource: { ...DS_REF },
    query,
    definition: `label_values(${o.signal ? `${o.signal}, ` : ''}${label})`,
    current: {},
    hide: 0,
    includeAll: true,
    // With ${var:regex} in filters the All value must be a regex that matches absent labels too.
    allValue: '.*',
    multi: true,
    options: [],
    refresh: 2,
    regex: '',
    sort: 1,
  };
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
 * Filters for signal queries from variables (normalized label → variable name). Each becomes a
 * regex matcher on `${var:regex}`, so multi-value selections and All (`.*`) both work.
 */
export function filtersFor(labels: Record<string, string>): Filters {
  return Object.fromEntries(
    Object.entries(labels).map(([label, variable]) => [label, { op: '=~' as const, value: `\${${variable}:regex}` }])
  );
}

/** Single-value variable listing the Jaeger services our datasource sees. */
export function serviceVariable(name = 'service'): Variable {
  return {
    name,
    label: 'Service',
    type: 'query',
    datasource: { ...DS_REF },
    query: { refId: `${name}-values`, kind: 'services' },
    definition: 'services()',
    current: {},
    hide: 0,
    includeAll: false,
    multi: false,
    options: [],
    refresh: 1,
    regex: '',
    sort: 1,
  };
}
