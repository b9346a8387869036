// Grafana-managed alert rules as data, rendered to the provisioning format (protocol doc §5.3.4):
// data queries → Reduce → (optional Math) → Threshold, condition = the threshold's refId.
import { DATASOURCE_TYPE, type SourceQuery, type AnomalyQuery } from './model';

/** uid of the datasource provisioned in provisioning/datasources/llmops.yaml. */
export const ALERT_DATASOURCE_UID = 'llmops-ds';
export const ALERT_FOLDER = 'LLM Ops';
export const APP_ID = 'llmops-observability-app';
/** Severity labels; the notification policy routes on these: P0 pages, P1 is urgent, P2 a ticket. */
export const SEVERITIES = { P0: 'page', P1: 'urgent', P2: 'ticket' } as const;
export type Severity = keyof typeof SEVERITIES;

export type Reducer = 'last' | 'mean' | 'min' | 'max' | 'sum' | 'count';
export type ThresholdOp = 'gt' | 'lt';

export interface DataStep {
  kind: 'query';
  refId: string;
  /** Look-back window in seconds (Grafana's relativeTimeRange.from). */
  rangeSeconds: number;
  query: SourceQuery | AnomalyQuery;
}
export interface ReduceStep {
  kind: 'reduce';
  refId: string;
  input: string;
  reducer: Reducer;
}
export interface MathStep {
  kind: 'math';
  refId: string;
  expression: string;
}
export interface ThresholdStep {
  kind: 'threshold';
  refId: string;
  input: string;
  op: ThresholdOp;
  value: number;
}
export type Step = DataStep | ReduceStep | MathStep | ThresholdStep;

/** The dashboard panel that shows a rule's signal: first match by signal id and/or title prefix. */
export interface PanelRef {
  dashboard: string;
  signal?: string;
  title?: string;
}

/** The same alert for Prometheus/Alertmanager, in raw PromQL on the engines' metric names. */
export interface PrometheusAlert {
  alert: string;
  expr: string;
  summary: string;
  description: string;
}

export interface AlertRule {
  uid: string;
  title: string;
  severity: Severity;
  /** Pending period: the condition must hold this long before the alert fires. */
  for: string;
  steps: Step[];
  /** Grafana notification templates; values humanized (`humanize`, `humanizePercentage`, …). */
  summary: string;
  description: string;
  /** The condition in words; {0}, {1} … are the rule's numbers in order (`ruleNumbers`), {0:%} as percent. */
  condition: string;
  /** The runbook section (docs/runbooks.md): what it means and what to do, markdown. */
  runbook: { meaning: string; actions: string };
  /** Deliberate: what an empty answer means for this rule. */
  noDataState: 'NoData' | 'OK' | 'Alerting';
  /** Deliberate: a failing query is reported as an Error alert on the rule's own route. */
  execErrState: 'Error' | 'Alerting' | 'OK';
  panel: PanelRef;
  /** The thresholds both packs must share (checked by test/ootb/alert-packs.test.ts). */
  thresholds: number[];
  /** The Prometheus pack's version, or why there is none. */
  prometheus: PrometheusAlert | { none: string };
}

export interface AlertGroup {
  name: string;
  interval: string;
  rules: AlertRule[];
}

const EXPR_DS = { type: '__expr__', uid: '__expr__' };

function renderStep(step: Step): Record<string, unknown> {
  if (step.kind === 'query') {
    return {
      refId: step.refId,
      datasourceUid: ALERT_DATASOURCE_UID,
      relativeTimeRange: { from: step.rangeSeconds, to: 0 },
      model: {
        refId: step.refId,
        datasource: { type: DATASOURCE_TYPE, uid: ALERT_DATASOURCE_UID },
        intervalMs: 15000,
        maxDataPoints: 43200,
        ...step.query,
      },
    };
  }
  const common = { refId: step.refId, datasourceUid: '__expr__', relativeTimeRange: { from: 0, to: 0 } };
  if (step.kind === 'reduce') {
    return {
      ...common,
      model: {
        refId: step.refId,
        type: 'reduce',
        expression: step.input,
        reducer: step.reducer,
        settings: { mode: 'dropNN' },
        datasource: EXPR_DS,
      },
    };
  }
  if (step.kind === 'math') {
    return { ...common, model: { refId: step.refId, type: 'math', expression: step.expression, datasource: EXPR_DS } };
  }
  return {
    ...common,
    model: {
      refId: step.refId,
      type: 'threshold',
      expression: step.input,
      conditions: [{ evaluator: { type: step.op, params: [step.value] } }],
      datasource: EXPR_DS,
    },
  };
}

/** Resolved dashboard panel of a rule (uid + numeric panel id). */
export interface ResolvedPanel {
  dashboardUid: string;
  panelId: number;
}

/** Where Grafana links "View runbook": the app's Alerts page shows the rule's section of docs/runbooks.md. */
export function grafanaRunbookUrl(uid: string): string {
  return `/a/${APP_ID}/alerts?runbook=${uid}`;
}

export function renderRule(rule: AlertRule, panel: ResolvedPanel): Record<string, unknown> {
  const last = rule.steps[rule.steps.length - 1];
  if (!last || last.kind !== 'threshold') {
    throw new Error(`alert ${rule.uid}: the last step must be a threshold`);
  }
  return {
    uid: rule.uid,
    title: rule.title,
    condition: last.refId,
    data: rule.steps.map(renderStep),
    // Grafana's own link from the alert to the panel; the same pair is in the annotations (the
    // provisioning API reads only those).
    dashboardUid: panel.dashboardUid,
    panelId: panel.panelId,
    for: rule.for,
    noDataState: rule.noDataState,
    execErrState: rule.execErrState,
    labels: { severity: rule.severity, team: 'llm-serving' },
    annotations: {
      summary: rule.summary,
      description: rule.description,
      runbook_url: grafanaRunbookUrl(rule.uid),
      __dashboardUid__: panel.dashboardUid,
      __panelId__: String(panel.panelId),
    },
    isPaused: false,
  };
}

export function renderGroups(
  groups: AlertGroup[],
  resolve: (rule: AlertRule) => ResolvedPanel
): Record<string, unknown> {
  return {
    apiVersion: 1,
    groups: groups.map((g) => ({
      orgId: 1,
      name: g.name,
      folder: ALERT_FOLDER,
      interval: g.interval,
      rules: g.rules.map((r) => renderRule(r, resolve(r))),
    })),
  };
}
