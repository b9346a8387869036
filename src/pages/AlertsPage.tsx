import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { config, getBackendSrv, locationService, PluginPage } from '@grafana/runtime';
import { Alert, Badge, Button, LoadingPlaceholder, TextLink, useStyles2, type BadgeColor } from '@grafana/ui';

import { ALERT_PACK } from '../alerting/pack.generated';
import {
  ruleRows,
  type PromRulesResponse,
  type RuleRow,
  type RuleStatus,
  type RulerResponse,
} from '../alerting/ruleState';
import { testIds } from '../components/testIds';
import { DATASOURCE_TYPE } from '../constants';
import { llmOpsDatasources } from '../shared/api';
import { useAsyncData } from '../shared/useAsyncData';
import { InstallRulesModal } from './alerts/InstallRulesModal';
import { RunbookView } from './alerts/RunbookView';

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

/** State from the rules API every Viewer can read; definitions from the ruler API when allowed. */
async function loadRows(uids: string[]): Promise<RuleRow[]> {
  const opts = { showErrorAlert: false };
  const [prom, ruler] = await Promise.all([
    getBackendSrv().get<PromRulesResponse>('/api/prometheus/grafana/api/v1/rules', undefined, undefined, opts),
    getBackendSrv()
      .get<RulerResponse>('/api/ruler/grafana/api/v1/rules', undefined, undefined, opts)
      .catch(() => undefined),
  ]);
  return ruleRows(prom, ruler, ALERT_PACK, uids, DATASOURCE_TYPE);
}

export function AlertsPage() {
  const styles = useStyles2(getStyles);
  const datasources = llmOpsDatasources();
  const uids = datasources.map((d) => d.uid);
  const rows = useAsyncData(() => loadRows(uids), 'rules');
  const [installing, setInstalling] = useState(false);
  const runbook = locationService.getSearchObject().runbook;
  const firing = rows.value?.filter((r) => r.status === 'firing').length ?? 0;
  return (
    <PluginPage>
      <div data-testid={testIds.alerts.page} className={styles.page}>
        {typeof runbook === 'string' && <RunbookView pack={ALERT_PACK} uid={runbook} />}
        <section aria-labelledby="llmops-rules">
          <div className={styles.header}>
            <h2 id="llmops-rules">Alert rules using LLM Ops</h2>
            {canInstall() && (
              <Button icon="plus" onClick={() => setInstalling(true)} disabled={datasources.length === 0}>
                Install alert rules
              </Button>
            )}
          </div>
          <p className={styles.muted}>
            Grafana-managed rules that query the LLM Ops datasource, firing ones first, then by severity (P0 pages, P1
            is urgent, P2 a ticket).
            {rows.value && ` ${firing} firing.`}
          </p>
          {rows.loading && !rows.value && <LoadingPlaceholder text="Loading alert rules…" />}
          {rows.error && (
            <Alert severity="warning" title="Could not read alert rule state">
              {rows.error}
            </Alert>
          )}
          {rows.value && rows.value.length === 0 && (
            <Alert severity="info" title="No LLM Ops alert rules yet">
              {canInstall()
                ? 'Use "Install alert rules" to add them to a folder of your choice, editable in Grafana, or provision provisioning/alerting/llmops-rules.yaml to manage them as code.'
                : 'Ask an Editor or Admin to install them from this page, or to provision provisioning/alerting/llmops-rules.yaml.'}
            </Alert>
          )}
          {rows.value && rows.value.length > 0 && (
            <table className={styles.table} data-testid={testIds.alerts.rules}>
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
                {rows.value.map((r) => (
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
          )}
        </section>
        <section aria-labelledby="llmops-tuning">
          <h2 id="llmops-tuning">Two ways to run the rules</h2>
          <ol className={styles.steps}>
            <li>
              <strong>Tune them in Grafana&apos;s UI:</strong> &quot;Install alert rules&quot; creates them through
              Grafana&apos;s provisioning API without provenance, so they are ordinary rules in{' '}
              <TextLink href="/alerting/list">Alerting › Alert rules</TextLink>: change a threshold there. Installing
              again (a newer pack) updates only the rules nobody edited and lists the edited ones for you to decide.
            </li>
            <li>
              <strong>Rules as code:</strong> provision <code>provisioning/alerting/llmops-rules.yaml</code> (or{' '}
              <code>prometheus/rules/llmops.rules.yml</code> for Prometheus/Alertmanager). Grafana locks
              file-provisioned rules in its UI; change them in the file.
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
            onInstalled={rows.reload}
          />
        )}
      </div>
    </PluginPage>
  );
}

export default AlertsPage;

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(3), maxWidth: 1400 }),
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
