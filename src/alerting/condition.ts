// A Grafana-managed rule's condition in words, read from the rule's own expressions so a threshold
// tuned in Grafana's UI shows its new value. Pure functions: the pack generator, the tests and the
// Alerts page share them.

/** One step of a rule's `data` as Grafana's provisioning and ruler APIs return it. */
export interface RuleDataStep {
  refId: string;
  datasourceUid?: string;
  model?: Record<string, unknown>;
}

/**
 * The numbers a rule compares with, in evaluation order: numeric literals of Math expressions and the
 * params of Threshold expressions. A pack rule's words refer to them as {0}, {1}, …
 */
export function ruleNumbers(data: RuleDataStep[]): number[] {
  const out: number[] = [];
  for (const step of data) {
    const m = step.model ?? {};
    if (m.type === 'math' && typeof m.expression === 'string') {
      // Numbers not part of a $ref (refIds may contain digits).
      for (const match of m.expression
        .replace(/\$\{?[A-Za-z][\w]*\}?/g, ' ')
        .matchAll(/\d+(?:\.\d+)?(?:[eE][-+]?\d+)?/g)) {
        out.push(Number(match[0]));
      }
    } else if (m.type === 'threshold') {
      const conditions = m.conditions as Array<{ evaluator?: { params?: unknown[] } }> | undefined;
      for (const p of conditions?.[0]?.evaluator?.params ?? []) {
        if (typeof p === 'number') {
          out.push(p);
        }
      }
    }
  }
  return out;
}

/** Highest {n} index a template uses, -1 if none. */
function maxIndex(template: string): number {
  return Math.max(-1, ...[...template.matchAll(/\{(\d+)(?::[a-z%]+)?\}/g)].map((m) => Number(m[1])));
}

/** A number for people: at most 3 significant digits past the point, no float noise. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) {
    return String(n);
  }
  const rounded = Math.abs(n) >= 100 ? Math.round(n * 10) / 10 : Number(n.toPrecision(3));
  return String(rounded);
}

/**
 * Fills a pack template ("TTFT p95 > {0} s", "error ratio > {0:%}") with the rule's current numbers.
 * Undefined when the rule no longer has the numbers the template expects (its structure was edited).
 */
export function fillCondition(template: string, numbers: number[]): string | undefined {
  if (maxIndex(template) >= numbers.length) {
    return undefined;
  }
  return template.replace(/\{(\d+)(?::([a-z%]+))?\}/g, (_, i: string, fmt?: string) => {
    const n = numbers[Number(i)]!;
    return fmt === '%' ? `${formatNumber(n * 100)} %` : formatNumber(n);
  });
}

const OPS: Record<string, string> = {
  gt: '>',
  lt: '<',
  gte: '≥',
  lte: '≤',
  eq: '=',
  ne: '≠',
  within_range: 'between',
  outside_range: 'outside',
  within_range_included: 'between',
  outside_range_included: 'outside',
};

/**
 * A generic description for rules without pack words: the threshold applied to what it reads, with Math
 * expressions spelled out, so "> 0" never stands alone when the real comparison is in a Math step.
 */
export function genericCondition(data: RuleDataStep[], condition: string): string {
  const byRef = new Map(data.map((d) => [d.refId, d]));
  const name = (ref: string, depth = 0): string => {
    const m = byRef.get(ref)?.model ?? {};
    if (depth > 4) {
      return ref;
    }
    if (m.type === 'reduce') {
      return `${String(m.reducer ?? 'last')} of ${name(String(m.expression), depth + 1)}`;
    }
    if (m.type === 'math') {
      return String(m.expression)
        .replace(/\$\{?([A-Za-z]\w*)\}?/g, (_, r: string) => name(r, depth + 1))
        .replace(/&&/g, 'and')
        .replace(/\|\|/g, 'or');
    }
    if (m.type === 'threshold') {
      return name(String(m.expression), depth + 1);
    }
    if (typeof m.signal === 'string') {
      return `${m.signal.replace(/_/g, ' ')}${m.aggregation ? ` ${String(m.aggregation)}` : ''}`;
    }
    if (m.source && typeof m.source === 'object') {
      return `anomaly score of ${name2(m.source as Record<string, unknown>)}`;
    }
    if (typeof m.expr === 'string') {
      return `query ${ref}`;
    }
    return ref;
  };
  const name2 = (q: Record<string, unknown>) =>
    typeof q.signal === 'string' ? `${q.signal.replace(/_/g, ' ')} ${String(q.aggregation ?? '')}`.trim() : 'a query';
  const cond = byRef.get(condition)?.model ?? {};
  if (cond.type !== 'threshold') {
    return name(condition);
  }
  const ev = (cond.conditions as Array<{ evaluator?: { type?: string; params?: number[] } }> | undefined)?.[0]
    ?.evaluator;
  const input = byRef.get(String(cond.expression))?.model ?? {};
  const params = ev?.params ?? [];
  // A Math step already holds the comparison; "> 0" on it only means "is true".
  if (input.type === 'math' && ev?.type === 'gt' && params[0] === 0) {
    return name(String(cond.expression));
  }
  const op = OPS[ev?.type ?? ''] ?? ev?.type ?? '?';
  const value = ev?.type?.includes('range')
    ? `${formatNumber(params[0] ?? 0)} and ${formatNumber(params[1] ?? 0)}`
    : formatNumber(params[0] ?? 0);
  return `${name(String(cond.expression))} ${op} ${value}`;
}

/** "5m" → "5 m", "1h30m" → "1 h 30 m", "0s" → "" (no pending period). */
export function readableFor(duration: string | number | undefined): string {
  if (duration === undefined || duration === '' || duration === 0 || duration === '0s') {
    return '';
  }
  if (typeof duration === 'number') {
    const m = Math.round(duration / 60);
    return m >= 1 && duration % 60 === 0 ? `${m} m` : `${duration} s`;
  }
  return duration.replace(/(\d+)(ms|s|m|h|d|w)/g, '$1 $2 ').trim();
}

/** "Fires when … for 5 m": pack words with the rule's numbers when they fit, else the generic form. */
export function firesWhen(
  rule: { data: RuleDataStep[]; condition: string; for?: string | number },
  template?: string
): string {
  const words =
    (template && fillCondition(template, ruleNumbers(rule.data))) || genericCondition(rule.data, rule.condition);
  const pending = readableFor(rule.for);
  return pending ? `${words} for ${pending}` : words;
}
