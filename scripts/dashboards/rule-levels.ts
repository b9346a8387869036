// What the generated artefacts say about levels, read back from them (pure functions): the numbers an
// alert rule compares each signal with, and the colour steps each dashboard panel or table column gives
// a signal. threshold-parity.test.ts and src/scenes/overview.test.ts compare both with the table of
// signal levels (pkg/model/signal-levels.ts).

export interface RuleStep {
  refId: string;
  datasourceUid?: string;
  model?: Record<string, unknown>;
}
export interface RuleLike {
  uid: string;
  condition: string;
  data: RuleStep[];
}

/** One comparison a rule makes: `signal op value` (for SLOs, on the attainment the burn rate implies). */
export interface RuleComparison {
  uid: string;
  signal: string;
  op: '>' | '<' | '>=' | '<=';
  value: number;
}

/** The TTFT SLO burn rate: (1 − attainment) / budget, budget at the end of the expression. */
const BURN = /time_to_first_token_seconds_bucket[\s\S]*\)\s*\/\s*([\d.]+)\s*$/;

/** What a data query reads: a signal id, `anomaly_score`, `ttft_slo_burn` (with its budget), else undefined. */
export function queryReads(model: Record<string, unknown> | undefined): { signal: string; budget?: number } | undefined {
  if (!model) return undefined;
  if (model.queryType === 'anomaly') return { signal: 'anomaly_score' };
  if (model.queryType === 'signal' && typeof model.signal === 'string') return { signal: model.signal };
  if (model.queryType === 'promql' && typeof model.expr === 'string') {
    const burn = BURN.exec(model.expr);
    if (burn) return { signal: 'ttft_slo_burn', budget: Number(burn[1]) };
    if (/time_to_first_token_seconds_bucket/.test(model.expr)) return { signal: 'ttft_slo_attainment' };
    if (/(inter_token_latency|time_per_output_token)_seconds_bucket/.test(model.expr)) return { signal: 'tpot_slo_attainment' };
  }
  return undefined;
}

const OPS: Record<string, RuleComparison['op']> = { gt: '>', lt: '<', gte: '>=', lte: '<=' };

/**
 * Every comparison of a reduced query with a number: Threshold steps on a Reduce, and `$X op n` in Math
 * steps where X is a Reduce (a number scaled by another ref, `$C > 1.5 * $D`, is relative: left out).
 * Burn rates become the attainment at which they fire: burn > f ⇔ attainment < 1 − f × budget.
 */
export function ruleComparisons(rule: RuleLike): RuleComparison[] {
  const byRef = new Map(rule.data.map((s) => [s.refId, s]));
  const readsOfRef = (ref: string) => {
    const step = byRef.get(ref);
    if (step?.model?.type !== 'reduce') return undefined;
    return queryReads(byRef.get(String(step.model.expression))?.model);
  };
  const out: RuleComparison[] = [];
  const push = (ref: string, op: RuleComparison['op'], value: number) => {
    const reads = readsOfRef(ref);
    if (!reads) return;
    if (reads.signal === 'ttft_slo_burn' && reads.budget !== undefined && (op === '>' || op === '>=')) {
      out.push({ uid: rule.uid, signal: 'ttft_slo_attainment', op: op === '>' ? '<' : '<=', value: +(1 - value * reads.budget).toFixed(6) });
    } else {
      out.push({ uid: rule.uid, signal: reads.signal, op, value });
    }
  };
  for (const step of rule.data) {
    const m = step.model ?? {};
    if (m.type === 'threshold') {
      const ev = (m.conditions as Array<{ evaluator?: { type?: string; params?: number[] } }> | undefined)?.[0]?.evaluator;
      const op = OPS[ev?.type ?? ''];
      if (op && typeof ev?.params?.[0] === 'number') push(String(m.expression), op, ev.params[0]);
    } else if (m.type === 'math' && typeof m.expression === 'string') {
      for (const c of m.expression.matchAll(/\$\{?([A-Za-z]\w*)\}?\s*(>=|<=|>|<)\s*(\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)(?![\d.eE]|\s*[*/])/g)) {
        push(c[1]!, c[2] as RuleComparison['op'], Number(c[3]));
      }
    }
  }
  return out;
}

/** The first value a comparison is true for: `> n` on an integer signal fires from n + 1. */
export function firesFrom(c: RuleComparison, integer: boolean): number {
  if (integer && c.op === '>') return Math.floor(c.value) + 1;
  return c.value;
}

export interface Step {
  color: string;
  value: number | null;
}

/** Where a colour starts: the value of its first step (null = the base step), undefined if absent. */
export function colourStart(steps: Step[], colour: string): number | null | undefined {
  const s = steps.find((x) => x.color === colour);
  return s === undefined ? undefined : s.value;
}

interface PanelLike {
  id?: number;
  title?: string;
  targets?: Array<Record<string, unknown>>;
  fieldConfig?: { defaults?: { thresholds?: { steps?: Step[] } }; overrides?: Array<{ matcher?: { id?: string; options?: unknown }; properties?: Array<{ id: string; value: unknown }> }> };
  panels?: PanelLike[];
}

/** Colour steps one panel or table column gives one signal. */
export interface Colouring {
  where: string;
  signal: string;
  steps: Step[];
}

const coloured = (steps: Step[] | undefined): steps is Step[] =>
  !!steps && steps.some((s) => !['green', 'text', 'transparent'].includes(s.color));

/**
 * The signals each panel colours: panel thresholds when all its queries read one signal (a reused
 * panel reads its source's), table columns by the overrides naming a query's legend.
 */
export function dashboardColourings(d: { title?: string; panels?: PanelLike[] }): Colouring[] {
  const panels: PanelLike[] = [];
  const walk = (ps: PanelLike[] | undefined) => ps?.forEach((p) => (panels.push(p), walk(p.panels)));
  walk(d.panels);
  const byId = new Map(panels.map((p) => [p.id, p]));
  const out: Colouring[] = [];
  for (const p of panels) {
    const targets = (p.targets ?? []).flatMap((t) => (typeof t.panelId === 'number' ? (byId.get(t.panelId)?.targets ?? []) : [t]));
    const where = `${d.title} › ${p.title}`;
    const defaults = p.fieldConfig?.defaults?.thresholds?.steps;
    const signals = [...new Set(targets.map((t) => queryReads(t)?.signal ?? '?'))];
    if (coloured(defaults) && signals.length === 1 && signals[0] !== '?') {
      out.push({ where, signal: signals[0]!, steps: defaults });
    }
    for (const o of p.fieldConfig?.overrides ?? []) {
      const steps = (o.properties ?? []).find((x) => x.id === 'thresholds')?.value as { steps?: Step[] } | undefined;
      if (o.matcher?.id !== 'byName' || !coloured(steps?.steps)) continue;
      const target = targets.find((t) => t.legendFormat === o.matcher!.options || t.refId === o.matcher!.options);
      const reads = queryReads(target);
      if (reads) out.push({ where: `${where} › ${String(o.matcher.options)}`, signal: reads.signal, steps: steps!.steps! });
    }
  }
  return out;
}
