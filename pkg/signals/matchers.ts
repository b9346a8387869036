// Label matchers and selectors, rendered safely.
import type { FilterValue } from '../model/query';
import { assertLabelName, assertRegex, escapeRegex, quoteLabelValue } from './escape';

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  label: string;
  op: MatchOp;
  value: string;
}

export function renderMatcher(m: Matcher): string {
  return `${assertLabelName(m.label)}${m.op}${quoteLabelValue(m.value)}`;
}

/** `metric{a="b",…}`; metric names with ':' are valid identifiers in PromQL. */
export function renderSelector(metric: string, matchers: Matcher[]): string {
  if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(metric)) throw new Error(`invalid metric name ${metric}`);
  return matchers.length ? `${metric}{${matchers.map(renderMatcher).join(',')}}` : metric;
}

/** A user filter (string, /regex/, list or {op,value}) → one matcher on the given label. */
export function filterToMatcher(label: string, f: FilterValue): Matcher {
  if (Array.isArray(f)) {
    if (f.length === 1) return { label, op: '=', value: f[0]! };
    return { label, op: '=~', value: f.map(escapeRegex).join('|') };
  }
  if (typeof f === 'object') {
    if (f.op === '=~' || f.op === '!~') assertRegex(f.value);
    return { label, op: f.op, value: f.value };
  }
  if (f.length >= 2 && f.startsWith('/') && f.endsWith('/')) {
    return { label, op: '=~', value: assertRegex(f.slice(1, -1)) };
  }
  return { label, op: '=', value: f };
}

/** Does a matcher accept this value? (Used for synthetic labels like `engine` that have no source label.) */
export function matcherAccepts(m: Matcher, value: string): boolean {
  switch (m.op) {
    case '=':
      return value === m.value;
    case '!=':
      return value !== m.value;
    case '=~':
      return new RegExp(`^(?:${m.value})$`).test(value);
    case '!~':
      return !new RegExp(`^(?:${m.value})$`).test(value);
  }
}
