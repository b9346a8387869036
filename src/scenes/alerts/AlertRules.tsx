/**
 * The Alerts page's rule list as a scene object: loads the LLM Ops rules and their state when the page
 * opens and on every refresh (the refresh picker), filtered by the page's `model` variable.
 */
import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { config, locationService } from '@grafana/runtime';
import {
  MultiValueVariable,
  sceneGraph,
  SceneObjectBase,
  VariableDependencyConfig,
  type SceneComponentProps,
  type SceneObjectState,
} from '@grafana/scenes';
import { Alert, Badge, Button, LoadingPlaceholder, TextLink, useStyles2, type BadgeColor } from '@grafana/ui';
import { useLocation } from 'react-router-dom';

import { loadRuleRows } from '../../alerting/loadRules';
import { ALERT_PACK } from '../../alerting/pack.generated';
import { rowsForModels, type RuleRow, type RuleStatus } from '../../alerting/ruleState';
import { testIds } from '../../components/testIds';
import { errorText, llmOpsDatasources } from '../../shared/api';
import { InstallRulesModal } from './InstallRulesModal';
import { RunbookView } from './RunbookView';

interface AlertRulesState extends SceneObjectState {
  rows?: RuleRow[];
  error?: string;
  loading: boolean;
}

export class AlertRules extends SceneObjectBase<AlertRulesState> {
  static Component = AlertRulesRenderer;

  protected _variableDependency = new VariableDependencyConfig(this, {
    variableNames: ['model'],
    onReferencedVariableValueChanged: () => this.forceRender(),
  });

  private _run = 0;

  constructor(state: Partial<AlertRulesState> = {}) {
    super({ loading: true, ...state });
    this.addActivationHandler(() => {
      this.load();
      // The refresh picker refreshes the time range: read the state again.
      const sub = sceneGraph.getTimeRange(this).subscribeToState(() => this.load());
      return () => sub.unsubscribe();
    });
  }

  load() {
    const run = ++this._run;
    this.setState({ loading: true });
    loadRuleRows(
      llmOpsDatasources().map((d) => d.uid),
      { definitions: true }
    ).then(
      (rows) => run === this._run && this.setState({ rows, error: undefined, loading: false }),
      (err) => run === this._run && this.setState({ error: errorText(err), loading: false })
    );
  }

  /** The models the page is filtered to, undefined for all (no variable, or its All value). */
  selectedModels(): string[] | undefined {
    const v = sceneGraph.lookupVariable('model', this);
    if (!(v instanceof MultiValueVariable) || v.hasAllValue()) {
      return undefined;
    }
    const value = v.getValue();
    const models = (Array.isArray(value) ? value : [value]).map(String).filter((m) => m !== '');
    return models.length ? models : undefined;
  }
}

const STATUS: Record<RuleStatus, { text: string; color: BadgeColor }> = {
  firing: { text: 'Firing', color: 'red' },
  pending: { text: 'Pending', color: 'orange' },
  error: { text: 'Error', color: 'red' },
  nodata: { text: 'No data', color: 'blue' },
  normal: { text: 'Normal', color: 'green' },
};

/** Editors and Admins may install rules (Grafana's own rule editing needs the same roles by default). */
function canInstall(): boolean {
  const user = config.bootData?.user;
  return !!user && (user.isGrafanaAdmin || user.orgRole === 'Editor' || user.orgRole === 'Admin');
}

function AlertRulesRenderer({ model }: SceneComponentProps<AlertRules>) {
  const { rows: allRows, error, loading } = model.useState();
  const styles = useStyles2(getStyles);
  // Re-read ?runbook= when the URL changes (a runbook link on this page).
  useLocation();
  const runbook = locationService.getSearchObject().runbook;
  const [installing, setInstalling] = useState(false);
  const datasources = llmOpsDatasources();
  const models = model.selectedModels();
  const rows = allRows && rowsForModels(allRows, models);
  const firing = rows?.filter((r) => r.status === 'firing').length ?? 0;
  return (
    <div data-testid={testIds.alerts.page} className={styles.page}>
      {typeof runbook === 'string' && <RunbookView pack={ALERT_PACK} uid={runbook} />}
      <section aria-labelledby="llmops-rules" className={styles.panel}>
        <div className={styles.header}>
          <h2 id="llmops-rules">Alert rules using LLM Ops</h2>
          {canInstall() && (
            <Button icon="plus" onClick={() => setInstalling(true)} disabled={datasources.length === 0}>
              Install alert rules
            </Button>
          )}
        </div>
        <p className={styles.muted}>
          Grafana-managed rules that query the LLM Ops datasource, firing ones first, then by severity (P0 pages, P1 is
          urgent, P2 a ticket).
          {rows && ` ${firing} firing.`}
        </p>
        {models && allRows && (
          <p data-testid={testIds.alerts.filter}>
            Showing the rules with firing or pending alerts on <strong>{models.join(', ')}</strong> ({rows?.length ?? 0} of{' '}
            {allRows.length} rules). Pick &quot;All&quot; in Model to see every rule.
          </p>
        )}
        {loading && !allRows && <LoadingPlaceholder text="Loading alert rules…" />}
        {error && (
          <Alert severity="warning" title="Alerting not available: could not read alert rule state">
            {error}
          </Alert>
        )}
        {allRows && allRows.length === 0 && (
          <Alert severity="info" title="No LLM Ops alert rules yet">
            {canInstall()
              ? 'Use "Install alert rules" to add them to a folder of your choice, editable in Grafana, or provision provisioning/alerting/llmops-rules.yaml to manage them as code.'
              : 'Ask an Editor or Admin to install them from this page, or to provision provisioning/alerting/llmops-rules.yaml.'}
          </Alert>
        )}
        {rows && rows.length > 0 && <RulesTable rows={rows} />}
        {models && rows && rows.length === 0 && allRows && allRows.length > 0 && (
          <Alert severity="success" title={`No firing or pending alerts on ${models.join(', ')}`}>
            None of the {allRows.length} LLM Ops rules has a firing or pending alert that names this model.
          </Alert>
        )}
      </section>
      <section aria-labelledby="llmops-tuning" className={styles.panel}>
        <h2 id="llmops-tuning">Two ways to run the rules</h2>
        <ol className={styles.steps}>
          <li>
            <strong>Tune them in Grafana&apos;s UI:</strong> &quot;Install alert rules&quot; creates them through
            Grafana&apos;s provisioning API without provenance, so they are ordinary rules in{' '}
            <TextLink href="/alerting/list">Alerting › Alert rules</TextLink>: change a threshold there. Installing again
            (a newer pack) updates only the rules nobody edited and lists the edited ones for you to decide.
          </li>
          <li>
            <strong>Rules as code:</strong> provision <code>provisioning/alerting/llmops-rules.yaml</code> (or{' '}
            <code>prometheus/rules/llmops.rules.yml</code> for Prometheus/Alertmanager). Grafana locks file-provisioned
            rules in its UI; change them in the file.
          </li>
          <li>
            Route notifications on the <code>severity</code> label in{' '}
            <TextLink href="/alerting/routes">notification policies</TextLink>; silence noisy series there rather than
            deleting rules.
          </li>
        </ol>
      </section>
      {installing && (
        <InstallRulesModal
          pack={ALERT_PACK}
          datasources={datasources}
          orgId={config.bootData?.user?.orgId ?? 1}
          onDismiss={() => setInstalling(false)}
          onInstalled={() => model.load()}
        />
      )}
    </div>
  );
}

function RulesTable({ rows }: { rows: RuleRow[] }) {
  const styles = useStyles2(getStyles);
  return (
    <table className={styles.table} data-testid={testIds.alerts.rules} aria-label="Alert rules">
      <thead>
        <tr>
          <th scope="col">State</th>
          <th scope="col">Rule</th>
          <th scope="col">Severity</th>
          <th scope="col">Fires when</th>
          <th scope="col">Now</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.uid ?? `${r.folder}/${r.group}/${r.title}`}>
            <td>
              <Badge text={STATUS[r.status].text} color={STATUS[r.status].color} />
            </td>
            <th scope="row">
              {r.uid ? <TextLink href={`/alerting/grafana/${r.uid}/view`}>{r.title}</TextLink> : r.title}
              <div className={styles.muted}>
                {r.folder} › {r.group}
                {r.runbook && (
                  <>
                    {' · '}
                    <TextLink href={`?runbook=${r.runbook}`}>runbook</TextLink>
                  </>
                )}
              </div>
            </th>
            <td>{r.severity ?? '–'}</td>
            <td>{r.firesWhen}</td>
            <td>
              {r.lastError && <div className={styles.error}>{r.lastError}</div>}
              {r.alerts.length === 0 && !r.lastError && <span className={styles.muted}>–</span>}
              {r.alerts.map((a, i) => (
                <div key={i}>
                  <strong>{a.target}</strong>
                  {a.summary && `: ${a.summary}`}
                  {/pending/i.test(a.state) && <span className={styles.muted}> (pending)</span>}
                </div>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2), width: '100%' }),
  // The look of a panel on the other pages.
  panel: css({
    background: theme.colors.background.primary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(2),
    h2: { fontSize: theme.typography.h4.fontSize },
  }),
  header: css({ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: theme.spacing(2) }),
  muted: css({ color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightRegular }),
  error: css({ color: theme.colors.error.text }),
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    'th, td': {
      padding: theme.spacing(0.75, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      textAlign: 'left',
      verticalAlign: 'top',
    },
    'thead th': { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
    'tbody th': { fontWeight: theme.typography.fontWeightRegular },
  }),
  steps: css({ paddingLeft: theme.spacing(3), li: { marginBottom: theme.spacing(1) } }),
});

