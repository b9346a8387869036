/**
 * Grafana's Prometheus-compatible rule-state API (/api/prometheus/grafana/api/v1/rules) for the harness,
 * with real state: every provisioned rule is evaluated the way Grafana's scheduler does it (its data
 * queries through the built backend executable with FromAlert, then reduce/math/threshold:
 * test/ootb/replay-eval.ts) at the harness's "now", and a label set that alerts is Firing once it has
 * alerted at every evaluation of the rule's `for` period (1-minute steps back), Pending before that.
 * Not Grafana: no notification state, annotations without their templates expanded (so instances carry
 * no summary), and noDataState "Alerting" is not applied (the target rule's no-data case).
 */
import type { DatasourceSettingsInput, PluginHandle } from '../host';
import type { ProvisionedRule } from '../ootb/alert-checks';
import { type Labels } from '../ootb/alert-eval';
import { durationMs, evaluateAt, labelKey, pool } from '../ootb/replay-eval';

export interface RuleGroupInput {
  name: string;
  folder: string;
  rules?: Array<Record<string, unknown>>;
}

const STEP_MS = 60_000;

interface Evaluated {
  health: 'ok' | 'error';
  lastError?: string;
  alerts: Array<{ labels: Labels; state: 'Alerting' | 'Pending'; activeAt: string }>;
}

async function evaluateRule(backend: Pick<PluginHandle, 'queryJson'>, settings: DatasourceSettingsInput, rule: ProvisionedRule, nowMs: number): Promise<Evaluated> {
  const plugin = backend as PluginHandle;
  const now = await evaluateAt(plugin, settings, rule, nowMs);
  if (now.errors.length) {
    return { health: 'error', lastError: now.errors.join('; '), alerts: [] };
  }
  const forMs = durationMs(rule.for);
  // Each alerting label set: since when has it alerted without a break (up to `for` back)?
  const since = new Map(now.alerting.map((l) => [labelKey(l), nowMs]));
  const open = new Set(since.keys());
  for (let t = nowMs - STEP_MS; t >= nowMs - forMs && open.size > 0; t -= STEP_MS) {
    const earlier = await evaluateAt(plugin, settings, rule, t);
    const alerting = new Set(earlier.alerting.map(labelKey));
    for (const key of [...open]) {
      if (alerting.has(key)) {
        since.set(key, t);
      } else {
        open.delete(key);
      }
    }
  }
  return {
    health: 'ok',
    alerts: now.alerting.map((labels) => {
      const start = since.get(labelKey(labels))!;
      return { labels: { ...labels, ...(rule.labels ?? {}) }, state: nowMs - start >= forMs ? 'Alerting' : 'Pending', activeAt: new Date(start).toISOString() };
    }),
  };
}

/** The API's answer: groups by folder title, rules with state, health and their active instances. */
export async function evaluatedRuleState(backend: Pick<PluginHandle, 'queryJson'>, settings: DatasourceSettingsInput, groups: RuleGroupInput[], nowMs: number) {
  const rules = groups.flatMap((g) => (g.rules ?? []) as unknown as ProvisionedRule[]);
  // A few rules at once: the backend and Prometheus are separate processes on a small machine.
  const results = await pool(
    rules.map((r) => () => evaluateRule(backend, settings, r, nowMs).catch((err: Error): Evaluated => ({ health: 'error', lastError: err.message, alerts: [] }))),
    2
  );
  const byUid = new Map(rules.map((r, i) => [r.uid, results[i]!]));
  return {
    status: 'success',
    data: {
      groups: groups.map((g) => ({
        name: g.name,
        file: g.folder,
        rules: ((g.rules ?? []) as unknown as ProvisionedRule[]).map((r) => {
          const e = byUid.get(r.uid)!;
          const state = e.alerts.some((a) => a.state === 'Alerting') ? 'firing' : e.alerts.length ? 'pending' : 'inactive';
          return {
            uid: r.uid,
            name: r.title,
            state,
            health: e.health,
            lastError: e.lastError ?? '',
            type: 'alerting',
            duration: durationMs(r.for) / 1000,
            labels: r.labels,
            annotations: r.annotations,
            queriedDatasourceUIDs: [...new Set(r.data.filter((q) => q.datasourceUid !== '__expr__').map((q) => q.datasourceUid))],
            alerts: e.alerts.map((a) => ({ labels: a.labels, annotations: {}, state: a.state, activeAt: a.activeAt, value: '' })),
          };
        }),
      })),
    },
  };
}
