// Replays Grafana's alert scheduler over a simulated history: at each evaluation time the rule's data
// queries go to the backend executable as alerting sends them (FromAlert header, relativeTimeRange made
// absolute at that time, intervalMs/maxDataPoints from the model), the expression steps run on the
// answer (alert-eval.ts), and each label set walks Normal → Pending → Alerting honouring `for`.
import type { PluginHandle, DatasourceSettingsInput } from '../host';
import type { ProvisionedRule } from './alert-checks';
import { evaluateRule, type Labels, type Series } from './alert-eval';
import { framesToSeries } from './live-fleet';

export interface Firing {
  labels: Labels;
  /** Evaluation times (epoch ms) at which this label set was Alerting (after `for`). */
  times: number[];
}

export interface RuleReplay {
  uid: string;
  firings: Firing[];
  /** Query errors (Grafana: execErrState), as "time: refId: message". */
  errors: string[];
  evaluations: number;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Prometheus/Grafana duration ("1h30m", "0s") in ms. */
export function durationMs(text: string | undefined): number {
  if (!text) return 0;
  let total = 0;
  const rest = text.replace(/(\d+)(ms|s|m|h|d|w)/g, (_, n: string, u: string) => {
    total += Number(n) * UNITS[u]!;
    return '';
  });
  if (rest !== '') throw new Error(`not a duration: "${text}"`);
  return total;
}

export const labelKey = (l: Labels): string => JSON.stringify(Object.entries(l).sort(([a], [b]) => a.localeCompare(b)));

/** One evaluation: the rule's data queries at `nowMs`, then its expressions. */
export async function evaluateAt(
  plugin: PluginHandle,
  settings: DatasourceSettingsInput,
  rule: ProvisionedRule,
  nowMs: number
): Promise<{ alerting: Labels[]; errors: string[] }> {
  const queries = rule.data.filter((q) => q.datasourceUid !== '__expr__');
  const json = await plugin.queryJson(
    queries.map((q) => ({
      refId: q.refId,
      queryType: String(q.model.queryType),
      model: q.model,
      from: nowMs - (q.relativeTimeRange?.from ?? 600) * 1000,
      to: nowMs - (q.relativeTimeRange?.to ?? 0) * 1000,
      maxDataPoints: Number(q.model.maxDataPoints ?? 43_200),
      intervalMs: Number(q.model.intervalMs ?? 15_000),
    })),
    { settings, headers: { FromAlert: 'true', 'X-Cache-Skip': 'true', 'X-Rule-Uid': rule.uid } }
  );
  const errors: string[] = [];
  const data: Record<string, Series[]> = {};
  for (const q of queries) {
    const r = json.results[q.refId];
    if (!r || r.error || r.status !== 200) {
      errors.push(`${new Date(nowMs).toISOString()}: ${q.refId}: ${r ? `${r.status} ${r.error}` : 'no result'}`);
      continue;
    }
    data[q.refId] = framesToSeries(r.frames ?? []);
  }
  if (errors.length) return { alerting: [], errors };
  const alerting = evaluateRule(rule, data)
    .filter((i) => i.state === 'alerting')
    .map((i) => i.labels);
  return { alerting, errors };
}

/**
 * Evaluates `rule` at every time in `times` (ascending) and applies `for`: a label set is Pending from
 * its first alerting evaluation and Alerting once it has stayed alerting for `for`. NoData (noDataState
 * OK), normal results and missing series reset it.
 */
export async function replayRule(
  plugin: PluginHandle,
  settings: DatasourceSettingsInput,
  rule: ProvisionedRule,
  times: number[]
): Promise<RuleReplay> {
  const forMs = durationMs(rule.for);
  const pendingSince = new Map<string, number>();
  const firings = new Map<string, Firing>();
  const errors: string[] = [];
  for (const t of times) {
    const res = await evaluateAt(plugin, settings, rule, t);
    errors.push(...res.errors);
    const now = new Set<string>();
    for (const labels of res.alerting) {
      const key = labelKey(labels);
      now.add(key);
      const since = pendingSince.get(key) ?? t;
      pendingSince.set(key, since);
      if (t - since >= forMs) {
        const f = firings.get(key) ?? { labels, times: [] };
        f.times.push(t);
        firings.set(key, f);
      }
    }
    for (const key of [...pendingSince.keys()]) if (!now.has(key)) pendingSince.delete(key);
  }
  return { uid: rule.uid, firings: [...firings.values()], errors, evaluations: times.length };
}

/** Runs `tasks` with at most `limit` in flight (the plugin and Prometheus are separate processes). */
export async function pool<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return out;
}
