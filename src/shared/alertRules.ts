/** Reads Grafana's provisioned alert rules and keeps those that query an LLM Ops datasource. */
import { getBackendSrv } from '@grafana/runtime';

import { DATASOURCE_TYPE } from '../constants';

export interface ProvisionedRule {
  uid: string;
  title: string;
  ruleGroup: string;
  folderUID: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  provenance?: string;
  isPaused?: boolean;
  data: Array<{ refId: string; datasourceUid: string; model?: { datasource?: { type?: string }; queryType?: string; [k: string]: unknown } }>;
}

export interface RuleGroupSummary {
  group: string;
  folderUID: string;
  rules: ProvisionedRule[];
}

export function groupLlmOpsRules(rules: ProvisionedRule[], llmOpsUids: string[]): RuleGroupSummary[] {
  const ours = rules.filter((r) => r.data?.some((q) => q.model?.datasource?.type === DATASOURCE_TYPE || llmOpsUids.includes(q.datasourceUid)));
  const groups = new Map<string, RuleGroupSummary>();
  for (const r of ours) {
    const key = `${r.folderUID}/${r.ruleGroup}`;
    const g = groups.get(key) ?? { group: r.ruleGroup, folderUID: r.folderUID, rules: [] };
    g.rules.push(r);
    groups.set(key, g);
  }
  return [...groups.values()]
    .map((g) => ({ ...g, rules: g.rules.sort((a, b) => a.title.localeCompare(b.title)) }))
    .sort((a, b) => a.group.localeCompare(b.group));
}

/** The threshold(s) a rule fires at, read from its threshold expression, for display. */
export function thresholdOf(rule: ProvisionedRule): string | undefined {
  for (const q of rule.data) {
    const m = q.model as { type?: string; conditions?: Array<{ evaluator?: { type?: string; params?: number[] } }> } | undefined;
    if (m?.type === 'threshold' && m.conditions?.[0]?.evaluator) {
      const ev = m.conditions[0].evaluator;
      const op: Record<string, string> = { gt: '>', lt: '<', gte: '≥', lte: '≤', eq: '=', ne: '≠', within_range: 'within', outside_range: 'outside' };
      return `${op[ev.type ?? ''] ?? ev.type} ${(ev.params ?? []).join(' – ')}`;
    }
  }
  return undefined;
}

export function fetchProvisionedRules(): Promise<ProvisionedRule[]> {
  return getBackendSrv().get<ProvisionedRule[]>('/api/v1/provisioning/alert-rules', undefined, undefined, { showErrorAlert: false });
}
