// The alert pack as the app ships it (src/alerting/pack.generated.ts, from scripts/dashboards/alerts.ts).
import type { RuleDataStep } from './condition';

/** One rule in Grafana's file-provisioning shape, plus the words the Alerts page shows. */
export interface PackRule {
  uid: string;
  title: string;
  condition: string;
  data: Array<RuleDataStep & { relativeTimeRange?: { from: number; to: number }; queryType?: string }>;
  dashboardUid?: string;
  panelId?: number;
  for: string;
  noDataState: string;
  execErrState: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  isPaused: boolean;
}

export interface PackGroup {
  name: string;
  /** Evaluation interval, seconds. */
  intervalSeconds: number;
  rules: PackRule[];
}

export interface Runbook {
  title: string;
  severity: string;
  /** The condition with {n} placeholders (see condition.ts). */
  words: string;
  /** The runbook section's body, markdown. */
  markdown: string;
}

export interface AlertPack {
  /** uid of the datasource the pack's queries name; the installer swaps in the user's. */
  datasourceUid: string;
  folderTitle: string;
  groups: PackGroup[];
  runbooks: Record<string, Runbook>;
}
