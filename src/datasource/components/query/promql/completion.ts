// What to complete at the cursor, from the text before it (pure, unit-tested): a metric or function
// name, a label name inside `{…}` or `by (…)`, a label value after `label="`, or a range duration.
import { AGGREGATIONS, FUNCTION_DOCS, FUNCTIONS, KEYWORDS, MACROS } from './grammar';

export type CompletionContext =
  | { kind: 'name'; prefix: string }
  | { kind: 'label'; prefix: string; metric?: string }
  | { kind: 'labelValue'; prefix: string; label: string; metric?: string }
  | { kind: 'duration'; prefix: string };

export type ItemKind = 'metric' | 'function' | 'keyword' | 'variable' | 'label' | 'value' | 'duration';

export interface CompletionItem {
  label: string;
  kind: ItemKind;
  insertText: string;
  detail?: string;
}

const DURATIONS = ['$__rate_interval', '$__interval', '1m', '5m', '15m', '1h', '6h', '1d'];

/** Innermost unclosed bracket before the cursor (strings skipped), and where it opened. */
function openBracket(text: string): { ch: string; at: number } | undefined {
  const stack: Array<{ ch: string; at: number }> = [];
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '{' || c === '[' || c === '(') stack.push({ ch: c, at: i });
    else if (c === '}' || c === ']' || c === ')') stack.pop();
  }
  return stack.at(-1);
}

export function completionContext(before: string): CompletionContext {
  const open = openBracket(before);
  if (open?.ch === '[') {
    return { kind: 'duration', prefix: /[\w$]*$/.exec(before)![0] };
  }
  if (open?.ch === '{') {
    const metric = /([a-zA-Z_:][\w:]*)\s*$/.exec(before.slice(0, open.at))?.[1];
    const inside = before.slice(open.at + 1);
    const value = /([a-zA-Z_]\w*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)$/.exec(inside);
    if (value) return { kind: 'labelValue', label: value[1]!, prefix: value[3]!, metric };
    return { kind: 'label', prefix: /[a-zA-Z_]\w*$/.exec(inside)?.[0] ?? '', metric };
  }
  // `sum by (` / `on (` / `without (`: label names.
  if (open?.ch === '(' && /\b(by|without|on|ignoring|group_left|group_right)\s*$/.test(before.slice(0, open.at))) {
    return { kind: 'label', prefix: /[a-zA-Z_]\w*$/.exec(before)?.[0] ?? '' };
  }
  return { kind: 'name', prefix: /[a-zA-Z_:$][\w:$]*$/.exec(before)?.[0] ?? '' };
}

/** Functions, aggregations, keywords and Grafana macros matching a name prefix. */
export function staticNameItems(prefix: string): CompletionItem[] {
  const p = prefix.toLowerCase();
  const starts = (s: string) => s.toLowerCase().startsWith(p);
  return [
    ...FUNCTIONS.filter(starts).map((f): CompletionItem => ({ label: f, kind: 'function', insertText: `${f}(`, detail: FUNCTION_DOCS[f] ?? 'function' })),
    ...AGGREGATIONS.filter(starts).map((a): CompletionItem => ({ label: a, kind: 'function', insertText: `${a}(`, detail: 'aggregation operator' })),
    ...KEYWORDS.filter(starts).map((k): CompletionItem => ({ label: k, kind: 'keyword', insertText: k })),
    ...MACROS.filter(starts).map((m): CompletionItem => ({ label: m, kind: 'variable', insertText: m, detail: 'Grafana macro' })),
  ];
}

export function durationItems(prefix: string): CompletionItem[] {
  return DURATIONS.filter((d) => d.startsWith(prefix)).map((d) => ({ label: d, kind: 'duration', insertText: d }));
}

/** Metric names first (what a user types most), then the language's own words. */
export function nameItems(prefix: string, metrics: string[]): CompletionItem[] {
  const own = metrics.filter((m) => m.startsWith(prefix)).slice(0, 500).map((m): CompletionItem => ({ label: m, kind: 'metric', insertText: m }));
  return [...own, ...staticNameItems(prefix)];
}
