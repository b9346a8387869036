// Checks on Grafana alert-rule provisioning files, as pure functions: the structure Grafana's
// evaluator needs (protocol doc §4.5, §5.3.4) and what our notification policy routes on.

export interface RuleQuery {
  refId: string;
  datasourceUid: string;
  relativeTimeRange?: { from: number; to: number };
  model: Record<string, unknown>;
}

export interface ProvisionedRule {
  uid: string;
  title: string;
  condition: string;
  for?: string;
  data: RuleQuery[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** Values that are integers by nature (XID codes, degradation levels) read fine unformatted. */
const INTEGER_VALUES = /(XID|level)\s*$/;
const THRESHOLD_TYPES = new Set(['gt', 'lt', 'within_range', 'outside_range']);
const REDUCERS = new Set(['last', 'mean', 'min', 'max', 'sum', 'count']);
const DURATION = /^(\d+(ms|s|m|h|d|w))+$/;

/** refIds a math expression reads (`$A`, `${A}`). */
export function mathRefs(expression: string): string[] {
  return [...expression.matchAll(/\$\{?([A-Za-z][A-Za-z0-9_]*)\}?/g)].map((m) => m[1]!);
}

/**
 * Structural problems of one rule: the condition is the last step and a threshold, every reduce reads
 * a data query, the threshold only sees reduced numbers, data queries use `dsUid`, and the labels and
 * annotations our notifications need are there.
 */
export function ruleProblems(rule: ProvisionedRule, dsUid: string, severities: Set<string>): string[] {
  const p: string[] = [];
  const byRef = new Map(rule.data.map((q) => [q.refId, q]));
  if (byRef.size !== rule.data.length) p.push('duplicate refIds');
  const last = rule.data[rule.data.length - 1];
  if (!last || rule.condition !== last.refId)
    p.push(`condition ${rule.condition} is not the last step (${last?.refId})`);
  if (last?.model.type !== 'threshold') p.push('the last step is not a threshold expression');

  const kind = (q: RuleQuery) => (q.datasourceUid === '__expr__' ? String(q.model.type) : 'query');
  const reduced = (ref: string, seen = new Set<string>()): boolean => {
    const q = byRef.get(ref);
    if (!q || seen.has(ref)) return false;
    seen.add(ref);
    const k = kind(q);
    if (k === 'reduce') return true;
    if (k === 'math') {
      const refs = mathRefs(String(q.model.expression));
      // A copy per branch: the same input may appear twice ($B > 5 && $B > 1.5 * $C); `seen` only stops cycles.
      return refs.length > 0 && refs.every((r) => reduced(r, new Set(seen)));
    }
    if (k === 'threshold') return reduced(String(q.model.expression), seen);
    return false;
  };

  let reduces = 0;
  for (const q of rule.data) {
    const k = kind(q);
    if (q.model.refId !== undefined && q.model.refId !== q.refId)
      p.push(`${q.refId}: model.refId is ${String(q.model.refId)}`);
    if (k === 'query') {
      if (q.datasourceUid !== dsUid) p.push(`${q.refId}: datasourceUid ${q.datasourceUid}, expected ${dsUid}`);
      const ds = q.model.datasource as { uid?: string } | undefined;
      if (ds && ds.uid !== dsUid) p.push(`${q.refId}: model.datasource.uid ${String(ds.uid)}`);
      if (!q.relativeTimeRange || q.relativeTimeRange.from <= q.relativeTimeRange.to)
        p.push(`${q.refId}: relativeTimeRange must look back (from > to)`);
    } else if (k === 'reduce') {
      reduces++;
      const input = byRef.get(String(q.model.expression));
      if (!input || kind(input) !== 'query')
        p.push(`${q.refId}: reduce must read a data query, reads ${String(q.model.expression)}`);
      if (!REDUCERS.has(String(q.model.reducer))) p.push(`${q.refId}: unknown reducer ${String(q.model.reducer)}`);
    } else if (k === 'math') {
      for (const r of mathRefs(String(q.model.expression)))
        if (!byRef.has(r)) p.push(`${q.refId}: math reads unknown $${r}`);
    } else if (k === 'threshold') {
      const conds = q.model.conditions as Array<{ evaluator?: { type?: string; params?: unknown[] } }> | undefined;
      const ev = conds?.length === 1 ? conds[0]!.evaluator : undefined;
      if (
        !ev ||
        !THRESHOLD_TYPES.has(String(ev.type)) ||
        !Array.isArray(ev.params) ||
        !ev.params.every((n) => typeof n === 'number')
      ) {
        p.push(`${q.refId}: threshold needs exactly one condition with evaluator {type, params: number[]}`);
      }
      if (!reduced(String(q.model.expression)))
        p.push(`${q.refId}: threshold input ${String(q.model.expression)} is not reduced to numbers`);
    } else {
      p.push(`${q.refId}: unexpected expression type ${k}`);
    }
  }
  if (reduces === 0) p.push('no reduce step');

  const severity = rule.labels?.severity;
  if (!severity || !severities.has(severity))
    p.push(`severity label "${String(severity)}" matches no notification-policy route`);
  for (const key of ['summary', 'description', 'runbook_url', '__dashboardUid__', '__panelId__']) {
    if (!rule.annotations?.[key]?.trim()) p.push(`annotation ${key} is missing`);
  }
  const panelId = rule.annotations?.__panelId__;
  if (panelId !== undefined && !/^\d+$/.test(panelId)) p.push(`annotation __panelId__ "${panelId}" is not a panel id`);
  for (const key of ['summary', 'description']) {
    // `$values.B` prints Grafana's whole value struct ("[ var='B' labels={…} value=0.0123456789 ]").
    const text = rule.annotations?.[key] ?? '';
    for (const m of text.matchAll(/\$values\.(\w+)(\.\w+)?/g)) {
      if (m[2] !== '.Value') p.push(`annotation ${key}: $values.${m[1]} without .Value`);
    }
    for (const m of text.matchAll(/\{\{[^}]*\$values\.\w+\.Value[^}]*\}\}/g)) {
      if (!/\bhumanize(Percentage|Duration)?\b/.test(m[0]) && !INTEGER_VALUES.test(text.slice(0, m.index)))
        p.push(`annotation ${key}: ${m[0]} is not humanized`);
    }
  }
  if (!rule.uid || rule.uid.length > 40) p.push('uid must be 1–40 characters');
  if (rule.for !== undefined && !DURATION.test(rule.for)) p.push(`for "${rule.for}" is not a duration`);
  return p;
}

interface Route {
  receiver?: string;
  object_matchers?: string[][];
  mute_time_intervals?: string[];
  routes?: Route[];
}

/** Severity values the policy tree matches with `severity = X`, plus receivers and mute timings it uses. */
export function policyRefs(policies: { policies?: Route[] }): {
  severities: Set<string>;
  receivers: Set<string>;
  muteTimings: Set<string>;
} {
  const severities = new Set<string>();
  const receivers = new Set<string>();
  const muteTimings = new Set<string>();
  const walk = (r: Route) => {
    if (r.receiver) receivers.add(r.receiver);
    for (const m of r.mute_time_intervals ?? []) muteTimings.add(m);
    for (const [label, op, value] of r.object_matchers ?? [])
      if (label === 'severity' && op === '=' && value) severities.add(value);
    for (const child of r.routes ?? []) walk(child);
  };
  for (const r of policies.policies ?? []) walk(r);
  return { severities, receivers, muteTimings };
}
