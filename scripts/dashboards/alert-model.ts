// Grafana-managed alert rules as data, rendered to the provisioning format (protocol doc §5.3.4):
// data queries → Reduce → (optional Math) → Threshold, condition = the threshold's refId.
import { DATASOURCE_TYPE, type SourceQuery, type AnomalyQuery } from './model';

/** uid of the datasource provisioned in provisioning/datasources/llmops.yaml. */
export const ALERT_DATASOURCE_UID = 'llmops-ds';
export const ALERT_FOLDER = 'LLM Ops';
/** Severity labels; the notification policy routes on these. */
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

export interface AlertRule {
  uid: string;
  title: string;
  severity: Severity;
  /** Pending period: the condition must hold this long before the alert fires. */
  for: string;
  steps: Step[];
  summary: string;
  description: string;
  runbook: string;
  noDataState?: 'NoData' | 'OK' | 'Alerting';
  /** Dashboard to link from the notification. */
  dashboardUid?: string;
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

export function renderRule(rule: AlertRule): Record<string, unknown> {
  const last = rule.steps[rule.steps.length - 1];
  if (!last || last.kind !== 'threshold') {
    throw new Error(`alert ${rule.uid}: the last step must be a threshold`);
  }
  const out: Record<string, unknown> = {
    uid: rule.uid,
    title: rule.title,
    condition: last.refId,
    data: rule.steps.map(renderStep),
    for: rule.for,
    noDataState: rule.noDataState ?? 'OK',
    execErrState: 'Error',
    labels: { severity: rule.severity, team: 'llm-serving' },
    annotations: {
      summary: rule.summary,
      description: rule.description,
      runbook: rule.runbook,
    },
    isPaused: false,
  };
  if (rule.dashboardUid) {
    // A plain link; Grafana's own dashboardUid/panelId pair would need a panel id as well.
    (out.annotations as Record<string, string>).dashboard = `/d/${rule.dashboardUid}`;
  }
  return out;
}

export function renderGroups(groups: AlertGroup[]): Record<string, unknown> {
  return {
    apiVersion: 1,
    groups: groups.map((g) => ({
      orgId: 1,
      name: g.name,
      folder: ALERT_FOLDER,
      interval: g.interval,
      rules: g.rules.map(renderRule),
    })),
  };
}
