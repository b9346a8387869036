// The Alerts page's model: rule state from Grafana's Prometheus-compatible rules API (which Viewers can
// read: /api/prometheus/grafana/api/v1/rules), the definitions from the ruler API when the user may read
// them (for the thresholds as tuned), the pack's words for LLM Ops rules. Pure functions.
import { firesWhen, type RuleDataStep } from './condition';
import { PACK_HASH_ANNOTATION } from './packHash';
import type { AlertPack } from './types';

/** GET /api/prometheus/grafana/api/v1/rules (ngalert definitions/prom.go). */
export interface PromRulesResponse {
  status: string;
  data: { groups: PromRuleGroup[] };
}
export interface PromRuleGroup {
  name: string;
  /** The folder title. */
  file: string;
  folderUid?: string;
  rules: PromRule[];
}
export interface PromAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: string;
  activeAt?: string | null;
  value?: string;
}
export interface PromRule {
  name: string;
  uid?: string;
  folderUid?: string;
  state?: string;
  health?: string;
  lastError?: string;
  /** Pending period, seconds. */
  duration?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  alerts?: PromAlert[];
  queriedDatasourceUIDs?: string[];
  type?: string;
}

/** GET /api/ruler/grafana/api/v1/rules: folder title → groups. */
export type RulerResponse = Record<
  string,
  Array<{
    name: string;
    rules: Array<{
      for?: string;
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
      grafana_alert: {
        uid: string;
        title: string;
        condition: string;
        data: RuleDataStep[];
        namespace_uid?: string;
        rule_group?: string;
      };
    }>;
  }>
>;

export type RuleStatus = 'firing' | 'pending' | 'error' | 'nodata' | 'normal';

export interface AlertInstanceRow {
  /** "model llama-3.1-8b · instance vllm-0:8000": the labels that name what is affected. */
  target: string;
  /** The model the instance is about (its `model` or `model_name` label), if it names one. */
  model?: string;
  summary?: string;
  state: string;
  activeAt?: string;
}

export interface RuleRow {
  uid?: string;
  title: string;
  folder: string;
  group: string;
  severity?: string;
  status: RuleStatus;
  lastError?: string;
  firesWhen: string;
  /** The pack's runbook section for this rule, if it is one of ours. */
  runbook?: string;
  alerts: AlertInstanceRow[];
}

const STATUS_ORDER: Record<RuleStatus, number> = { firing: 0, pending: 1, error: 2, nodata: 3, normal: 4 };
const SEVERITY_ORDER: Record<string, number> = { P0: 0, P1: 1, P2: 2 };

/** Firing first, then pending, errors, no data, normal; within each P0 before P1 before P2; then by title. */
export function sortRules(rows: RuleRow[]): RuleRow[] {
  return [...rows].sort(
    (a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
      (SEVERITY_ORDER[a.severity ?? ''] ?? 9) - (SEVERITY_ORDER[b.severity ?? ''] ?? 9) ||
      a.title.localeCompare(b.title)
  );
}

function statusOf(rule: PromRule): RuleStatus {
  const state = (rule.state ?? '').toLowerCase();
  if (state === 'firing' || state === 'alerting') {
    return 'firing';
  }
  if (state === 'pending') {
    return 'pending';
  }
  const health = (rule.health ?? '').toLowerCase();
  if (health === 'error') {
    return 'error';
  }
  if (health === 'nodata') {
    return 'nodata';
  }
  return 'normal';
}

const TARGET_LABELS = ['model', 'model_name', 'instance', 'hostname', 'gpu', 'job'];
const LABEL_WORDS: Record<string, string> = { model_name: 'model', hostname: 'host' };

/** The labels that say what an alert is about, in words; never template text. */
export function targetOf(labels: Record<string, string>): string {
  const parts = TARGET_LABELS.filter((k) => labels[k]).map((k) => `${LABEL_WORDS[k] ?? k} ${labels[k]}`);
  return parts.length ? parts.join(' · ') : 'whole rule';
}

/** The model an alert instance is about: engines label it `model_name`, LLM Ops signals `model`. */
export function modelOf(labels: Record<string, string>): string | undefined {
  return labels.model || labels.model_name || undefined;
}

/** Text with any unexpanded Grafana template left out (`{{ $labels.model }}` must never reach the page). */
export function withoutTemplates(text: string | undefined): string | undefined {
  if (!text) {
    return text;
  }
  const cleaned = text
    .replace(/\{\{-?\s*\$labels\.(\w+)\s*-?\}\}/g, (_, l: string) => `‹${LABEL_WORDS[l] ?? l}›`)
    .replace(/\{\{[^}]*\}\}/g, '…')
    .trim();
  return cleaned || undefined;
}

function isLlmOpsData(data: RuleDataStep[], llmOpsUids: string[], datasourceType: string): boolean {
  return data.some(
    (q) =>
      (q.datasourceUid && llmOpsUids.includes(q.datasourceUid)) ||
      (q.model?.datasource as { type?: string } | undefined)?.type === datasourceType
  );
}

/**
 * Rows for the LLM Ops rules: those whose queries use an LLM Ops datasource, carry the pack fingerprint,
 * or are pack rules. `ruler` is optional (the user may not be allowed to read definitions).
 */
export function ruleRows(
  prom: PromRulesResponse,
  ruler: RulerResponse | undefined,
  pack: AlertPack,
  llmOpsUids: string[],
  datasourceType: string
): RuleRow[] {
  const defs = new Map<string, RulerResponse[string][number]['rules'][number]>();
  const defsByName = new Map<string, RulerResponse[string][number]['rules'][number]>();
  for (const [folder, groups] of Object.entries(ruler ?? {})) {
    for (const g of groups) {
      for (const r of g.rules) {
        if (!r.grafana_alert) {
          continue;
        }
        defs.set(r.grafana_alert.uid, r);
        defsByName.set(`${folder}\u0000${g.name}\u0000${r.grafana_alert.title}`, r);
      }
    }
  }
  const packRules = new Map(pack.groups.flatMap((g) => g.rules).map((r) => [r.uid, r]));
  const packByTitle = new Map(pack.groups.flatMap((g) => g.rules).map((r) => [r.title, r]));
  const rows: RuleRow[] = [];
  for (const g of prom.data?.groups ?? []) {
    for (const r of g.rules ?? []) {
      if (r.type && r.type !== 'alerting') {
        continue;
      }
      const def = (r.uid && defs.get(r.uid)) || defsByName.get(`${g.file}\u0000${g.name}\u0000${r.name}`);
      const uid = r.uid ?? def?.grafana_alert.uid;
      const annotations = r.annotations ?? def?.annotations ?? {};
      const packRule = (uid && packRules.get(uid)) || (!uid ? packByTitle.get(r.name) : undefined);
      const ours =
        !!packRule ||
        PACK_HASH_ANNOTATION in annotations ||
        (def
          ? isLlmOpsData(def.grafana_alert.data, llmOpsUids, datasourceType)
          : (r.queriedDatasourceUIDs ?? []).some((u) => llmOpsUids.includes(u)));
      if (!ours) {
        continue;
      }
      const words = packRule ? pack.runbooks[packRule.uid]?.words : undefined;
      const fires = def
        ? firesWhen(
            { data: def.grafana_alert.data, condition: def.grafana_alert.condition, for: def.for ?? r.duration },
            words
          )
        : packRule
          ? `${firesWhen({ data: packRule.data, condition: packRule.condition, for: packRule.for }, words)} (as shipped)`
          : '–';
      rows.push({
        uid,
        title: r.name,
        folder: g.file,
        group: g.name,
        severity: r.labels?.severity ?? def?.labels?.severity,
        status: statusOf(r),
        lastError: r.lastError || undefined,
        firesWhen: fires,
        runbook: packRule?.uid,
        alerts: (r.alerts ?? [])
          .filter((a) => /alerting|firing|pending/i.test(a.state))
          .map((a) => ({
            target: targetOf(a.labels ?? {}),
            model: modelOf(a.labels ?? {}),
            summary: withoutTemplates(a.annotations?.summary),
            state: a.state,
            activeAt: a.activeAt ?? undefined,
          })),
      });
    }
  }
  return sortRules(rows);
}

/**
 * Firing and pending alert instances per model, over the LLM Ops rules (rows from ruleRows). Instances
 * that name no model (a GPU, a host, a scrape target) count for none.
 */
export function activeAlertsByModel(rows: RuleRow[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of rows) {
    for (const a of r.alerts) {
      if (a.model) {
        counts.set(a.model, (counts.get(a.model) ?? 0) + 1);
      }
    }
  }
  return counts;
}

/**
 * The rules with a firing or pending instance on one of `models`, each listing only those instances;
 * `undefined` (no filter, the "All" value) keeps every rule.
 */
export function rowsForModels(rows: RuleRow[], models: string[] | undefined): RuleRow[] {
  if (!models) {
    return rows;
  }
  const wanted = new Set(models);
  return rows
    .map((r) => {
      const alerts = r.alerts.filter((a) => a.model !== undefined && wanted.has(a.model));
      // The rule's state as it stands for these models: pending here even if it fires for another.
      const status: RuleStatus = alerts.some((a) => !/pending/i.test(a.state)) ? 'firing' : 'pending';
      return { ...r, alerts, status };
    })
    .filter((r) => r.alerts.length > 0);
}
