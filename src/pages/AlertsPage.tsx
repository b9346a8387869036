import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Alert, LoadingPlaceholder, TextLink, useStyles2 } from '@grafana/ui';

import { testIds } from '../components/testIds';
import { fetchProvisionedRules, groupLlmOpsRules, thresholdOf } from '../shared/alertRules';
import { llmOpsDatasources } from '../shared/api';
import { useAsyncData } from '../shared/useAsyncData';

export function AlertsPage() {
  const styles = useStyles2(getStyles);
  const uids = llmOpsDatasources().map((d) => d.uid);
  const rules = useAsyncData(() => fetchProvisionedRules().then((r) => groupLlmOpsRules(r, uids)), 'rules');
  return (
    <PluginPage>
      <div data-testid={testIds.alerts.page} className={styles.page}>
        <section aria-labelledby="llmops-rules">
          <h2 id="llmops-rules">Alert rules using LLM Ops</h2>
          <p className={styles.muted}>
            Grafana-managed rules that query the LLM Ops datasource. The project ships its rules in{' '}
            <code>provisioning/alerting/</code>; they appear here once provisioned.
          </p>
          {rules.loading && <LoadingPlaceholder text="Loading alert rules…" />}
          {rules.error && <Alert severity="warning" title="Could not read alert rules">{rules.error} (reading provisioned rules needs the alert rule read permission)</Alert>}
          {rules.value && rules.value.length === 0 && (
            <Alert severity="info" title="No LLM Ops alert rules found">
              Copy <code>provisioning/alerting/*.yaml</code> into Grafana&apos;s provisioning folder and set the datasource uid they reference.
            </Alert>
          )}
          <div data-testid={testIds.alerts.rules}>
            {rules.value?.map((g) => (
              <table key={`${g.folderUID}/${g.group}`} className={styles.table}>
                <caption className={styles.caption}>
                  Rule group <strong>{g.group}</strong> ({g.rules.length} rule{g.rules.length === 1 ? '' : 's'})
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Rule</th>
                    <th scope="col">Fires when</th>
                    <th scope="col">For</th>
                    <th scope="col">Severity</th>
                    <th scope="col">Summary</th>
                  </tr>
                </thead>
                <tbody>
                  {g.rules.map((r) => (
                    <tr key={r.uid}>
                      <th scope="row">
                        <TextLink href={`/alerting/grafana/${r.uid}/view`}>{r.title}</TextLink>
                        {r.isPaused && <span className={styles.muted}> (paused)</span>}
                      </th>
                      <td>{thresholdOf(r) ?? '–'}</td>
                      <td>{r.for ?? '–'}</td>
                      <td>{r.labels?.severity ?? '–'}</td>
                      <td>{r.annotations?.summary ?? '–'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ))}
          </div>
        </section>
        <section aria-labelledby="llmops-tuning">
          <h2 id="llmops-tuning">Tuning thresholds</h2>
          <ol className={styles.steps}>
            <li>
              Provisioned rules are read-only in the UI. To change a threshold for everyone, edit the threshold step&apos;s{' '}
              <code>evaluator.params</code> (or <code>for</code>) in <code>provisioning/alerting/*.yaml</code> and restart Grafana or call the
              provisioning reload API.
            </li>
            <li>
              To experiment first, open the rule in <TextLink href="/alerting/list">Alerting › Alert rules</TextLink>, choose{' '}
              <em>More › Duplicate</em>, edit the copy&apos;s threshold and pause the original.
            </li>
            <li>
              Anomaly rules use the <code>anomaly</code> query type: lower <code>detector.sensitivity</code> (0–1) to fire less often,
              raise it to catch smaller deviations. Use the query editor&apos;s preview to see the bands before saving.
            </li>
            <li>
              Route notifications with the rule labels (<code>severity</code>, <code>model</code>, <code>instance</code>) in{' '}
              <TextLink href="/alerting/routes">notification policies</TextLink>; silence noisy series there rather than deleting rules.
            </li>
          </ol>
        </section>
      </div>
    </PluginPage>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(3), maxWidth: 1200 }),
  muted: css({ color: theme.colors.text.secondary }),
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    marginBottom: theme.spacing(2),
    'th, td': { padding: theme.spacing(0.75, 1), borderBottom: `1px solid ${theme.colors.border.weak}`, textAlign: 'left', verticalAlign: 'top' },
    'thead th': { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
    'tbody th': { fontWeight: theme.typography.fontWeightRegular },
  }),
  caption: css({ textAlign: 'left', padding: theme.spacing(1, 0) }),
  steps: css({ paddingLeft: theme.spacing(3), li: { marginBottom: theme.spacing(1) } }),
});
