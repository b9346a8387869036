// What Grafana's expression engine does after QueryData, for the subset our rules use: Reduce
// (last/mean/min/max/sum/count, dropping NaN/null), Math on reduced numbers (arithmetic, comparisons,
// && ||, joined on labels) and Threshold (gt/lt/within_range/outside_range → 1 or 0). Pure functions.
import type { ProvisionedRule } from './alert-checks';

export type Labels = Record<string, string>;
/** One series as a data query returns it (a time series, or one number for instant queries). */
export interface Series {
  labels: Labels;
  values: Array<number | null>;
}
export interface NumberItem {
  labels: Labels;
  value: number | null;
}

export function reduce(values: Array<number | null>, reducer: string): number | null {
  const xs = values.filter((v): v is number => typeof v === 'number' && !Number.isNaN(v));
  if (reducer === 'count') return xs.length;
  if (xs.length === 0) return null;
  switch (reducer) {
    case 'last':
      return xs[xs.length - 1]!;
    case 'mean':
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    case 'sum':
      return xs.reduce((a, b) => a + b, 0);
    case 'min':
      return Math.min(...xs);
    case 'max':
      return Math.max(...xs);
    default:
      throw new Error(`unsupported reducer ${reducer}`);
  }
}

export function threshold(value: number | null, type: string, params: number[]): number | null {
  if (value === null) return null;
  const [a = 0, b = 0] = params;
  switch (type) {
    case 'gt':
      return value > a ? 1 : 0;
    case 'lt':
      return value < a ? 1 : 0;
    case 'within_range':
      return value > Math.min(a, b) && value < Math.max(a, b) ? 1 : 0;
    case 'outside_range':
      return value < Math.min(a, b) || value > Math.max(a, b) ? 1 : 0;
    default:
      throw new Error(`unsupported threshold type ${type}`);
  }
}

// --- Math: a small Pratt parser over $refs, numbers and the operators Grafana's math supports.
type Node = { num: number } | { ref: string } | { op: string; l: Node; r: Node } | { neg: Node };
const PRECEDENCE: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '>': 4,
  '<': 4,
  '>=': 4,
  '<=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
};

function tokenize(expr: string): string[] {
  const tokens = expr.match(/\$\{?[A-Za-z]\w*\}?|\d+(\.\d+)?([eE][-+]?\d+)?|&&|\|\||==|!=|>=|<=|[-+*/%()<>]/g) ?? [];
  if (tokens.join('') !== expr.replace(/\s+/g, '')) throw new Error(`cannot parse math expression "${expr}"`);
  return tokens;
}

export function parseMath(expr: string): Node {
  const t = tokenize(expr);
  let i = 0;
  const primary = (): Node => {
    const tok = t[i++];
    if (tok === undefined) throw new Error(`unexpected end of "${expr}"`);
    if (tok === '(') {
      const n = binary(0);
      if (t[i++] !== ')') throw new Error(`missing ) in "${expr}"`);
      return n;
    }
    if (tok === '-') return { neg: primary() };
    if (tok.startsWith('$')) return { ref: tok.replace(/[${}]/g, '') };
    const num = Number(tok);
    if (Number.isNaN(num)) throw new Error(`unexpected "${tok}" in "${expr}"`);
    return { num };
  };
  const binary = (minPrec: number): Node => {
    let left = primary();
    for (;;) {
      const op = t[i];
      const prec = op !== undefined ? PRECEDENCE[op] : undefined;
      if (prec === undefined || prec < minPrec) break;
      i++;
      left = { op: op!, l: left, r: binary(prec + 1) };
    }
    return left;
  };
  const root = binary(0);
  if (i !== t.length) throw new Error(`trailing tokens in "${expr}"`);
  return root;
}

function apply(op: string, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '%':
      return a % b;
    case '>':
      return a > b ? 1 : 0;
    case '<':
      return a < b ? 1 : 0;
    case '>=':
      return a >= b ? 1 : 0;
    case '<=':
      return a <= b ? 1 : 0;
    case '==':
      return a === b ? 1 : 0;
    case '!=':
      return a !== b ? 1 : 0;
    case '&&':
      return a !== 0 && b !== 0 ? 1 : 0;
    case '||':
      return a !== 0 || b !== 0 ? 1 : 0;
    default:
      throw new Error(`unsupported operator ${op}`);
  }
}

/** Labels of `a` and `b` agree on every key they share (Grafana's union join for math). */
function compatible(a: Labels, b: Labels): boolean {
  return Object.keys(a).every((k) => !(k in b) || a[k] === b[k]);
}

function evalNode(n: Node, vars: Record<string, NumberItem[]>): NumberItem[] {
  if ('num' in n) return [{ labels: {}, value: n.num }];
  if ('ref' in n) {
    const v = vars[n.ref];
    if (!v) throw new Error(`math reads $${n.ref}, which is not defined`);
    return v;
  }
  if ('neg' in n)
    return evalNode(n.neg, vars).map((x) => ({ labels: x.labels, value: x.value === null ? null : -x.value }));
  const left = evalNode(n.l, vars);
  const right = evalNode(n.r, vars);
  const out: NumberItem[] = [];
  for (const a of left) {
    for (const b of right) {
      if (!compatible(a.labels, b.labels)) continue;
      const labels = Object.keys(a.labels).length >= Object.keys(b.labels).length ? a.labels : b.labels;
      out.push({ labels, value: a.value === null || b.value === null ? null : apply(n.op, a.value, b.value) });
    }
  }
  return out;
}

export function evalMath(expr: string, vars: Record<string, NumberItem[]>): NumberItem[] {
  return evalNode(parseMath(expr), vars);
}

export interface RuleInstance {
  labels: Labels;
  /** The condition's value: 1 alerting, 0 normal, null no data. */
  state: 'alerting' | 'normal' | 'nodata';
}

/** Runs a provisioned rule's expression steps on the data queries' series; one result per label set. */
export function evaluateRule(rule: ProvisionedRule, data: Record<string, Series[]>): RuleInstance[] {
  const numbers: Record<string, NumberItem[]> = {};
  for (const step of rule.data) {
    if (step.datasourceUid !== '__expr__') continue;
    const m = step.model as Record<string, unknown>;
    if (m.type === 'reduce') {
      const input = data[String(m.expression)];
      if (!input) throw new Error(`${step.refId}: no data for ${String(m.expression)}`);
      numbers[step.refId] = input.map((s) => ({ labels: s.labels, value: reduce(s.values, String(m.reducer)) }));
    } else if (m.type === 'math') {
      numbers[step.refId] = evalMath(String(m.expression), numbers);
    } else if (m.type === 'threshold') {
      const ev = (m.conditions as Array<{ evaluator: { type: string; params: number[] } }>)[0]!.evaluator;
      const input = numbers[String(m.expression)] ?? [];
      numbers[step.refId] = input.map((x) => ({ labels: x.labels, value: threshold(x.value, ev.type, ev.params) }));
    } else {
      throw new Error(`${step.refId}: unsupported expression type ${String(m.type)}`);
    }
  }
  return (numbers[rule.condition] ?? []).map((x) => ({
    labels: x.labels,
    state: x.value === null ? 'nodata' : x.value !== 0 ? 'alerting' : 'normal',
  }));
}
