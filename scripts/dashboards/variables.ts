// Template variables shared by the dashboards. Label variables are answered by our datasource's
// variable support (`label_values` of a normalized label), so they work on every engine.
import { DATASOURCE_TYPE, DS_REF, type Variable } from './model';

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
  /** Other variables this one depends on, as normalized label → variable reference. */
  filters?: Record<string, string>;
}

/** A multi-value, include-All variable listing the values of one normalized label. */
export function labelVariable(name: string, label: string, o: LabelVariableOptions = {}): Variable {
  const query: Record<string, unknown> = { queryType: 'label_values', label, refId: `${name}-values` };
  if (o.signal) {
    query.signal = o.signal;
  }
  if (o.filters) {
    query.filters = o.filters;
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

/** Filters object for signal queries from variable names (normalized label → `${var:regex}`). */
export function filtersFor(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).map(([label, variable]) => [label, `\${${variable}:regex}`]));
}
