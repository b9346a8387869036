import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Alert, Badge, LinkButton, LoadingPlaceholder, TextLink, useStyles2 } from '@grafana/ui';

import { testIds } from '../components/testIds';
import { ROUTES } from '../constants';
import { Resources, type EnginesInfo } from '../datasource/resources';
import { checkHealth, getResource, pluginDashboards } from '../shared/api';
import { NoDatasource } from '../shared/NoDatasource';
import { useAsyncData } from '../shared/useAsyncData';
import { useLlmOpsDatasource } from '../shared/useDatasource';
import { prefixRoute } from '../utils/routing';

/** Engines from the `engines` resource; models and GPU models from normalized label values. */
async function detectFleet(uid: string): Promise<EnginesInfo> {
  const resources = new Resources((path, params) => getResource(uid, path, params as Record<string, string>));
  const [engines, models, gpuModels] = await Promise.all([resources.engines(), resources.labelValues('model'), resources.labelValues('gpu_model')]);
  return {
    engines: engines.engines,
    models: Array.from(new Set([...engines.models, ...models])).sort(),
    gpus: engines.gpus.length ? engines.gpus : gpuModels.map((m) => ({ gpu_model: m, count: 0 })),
  };
}

export function OverviewPage() {
  const styles = useStyles2(getStyles);
  const ds = useLlmOpsDatasource();
  const health = useAsyncData(ds ? () => checkHealth(ds.uid) : undefined, `health-${ds?.uid}`);
  const engines = useAsyncData(ds ? () => detectFleet(ds.uid) : undefined, `engines-${ds?.uid}`);
  const dashboards = useAsyncData(() => pluginDashboards(), 'dashboards');
  const ok = health.value?.status?.toUpperCase() === 'OK';
  return (
    <PluginPage>
      <div data-testid={testIds.overview.page} className={styles.page}>
        {!ds && <NoDatasource />}
        {ds && (
          <section className={styles.card} aria-labelledby="llmops-health" data-testid={testIds.overview.health}>
            <h2 id="llmops-health" className={styles.h}>
              Datasource <span className={styles.muted}>{ds.name}</span>
            </h2>
            {health.loading && <LoadingPlaceholder text="Checking health…" />}
            {health.error && <Alert severity="error" title="Health check failed">{health.error}</Alert>}
            {health.value && (
              <p role="status">
                <Badge color={ok ? 'green' : 'red'} text={ok ? 'Healthy' : 'Unhealthy'} icon={ok ? 'check' : 'exclamation-triangle'} />{' '}
                {health.value.message}
              </p>
            )}
            <LinkButton variant="secondary" size="sm" icon="sync" onClick={() => { health.reload(); engines.reload(); }}>
              Check again
            </LinkButton>
          </section>
        )}
        {ds && (
          <section className={styles.card} aria-labelledby="llmops-detected" data-testid={testIds.overview.detected}>
            <h2 id="llmops-detected" className={styles.h}>What is being served</h2>
            {engines.loading && <LoadingPlaceholder text="Detecting engines…" />}
            {engines.error && <Alert severity="warning" title="Could not list engines">{engines.error}</Alert>}
            {engines.value && (
              <dl className={styles.facts}>
                <dt>Engines</dt>
                <dd>{engines.value.engines.length ? engines.value.engines.map((e) => `${e.engine}${e.instances ? ` (${e.instances})` : ''}`).join(', ') : 'none found'}</dd>
                <dt>Models</dt>
                <dd>{engines.value.models.length ? engines.value.models.join(', ') : 'none found'}</dd>
                <dt>GPUs</dt>
                <dd>{engines.value.gpus.length ? engines.value.gpus.map((g) => (g.count ? `${g.count} × ${g.gpu_model}` : g.gpu_model)).join(', ') : 'none found'}</dd>
              </dl>
            )}
          </section>
        )}
        <section className={styles.card} aria-labelledby="llmops-dashboards" data-testid={testIds.overview.dashboards}>
          <h2 id="llmops-dashboards" className={styles.h}>Dashboards</h2>
          {dashboards.loading && <LoadingPlaceholder text="Loading dashboards…" />}
          {dashboards.error && <Alert severity="warning" title="Could not list dashboards">{dashboards.error}</Alert>}
          {dashboards.value && (
            <ul className={styles.list}>
              {dashboards.value.map((d) => (
                <li key={d.path}>
                  {d.imported && d.importedUrl ? <TextLink href={d.importedUrl}>{d.title}</TextLink> : <span>{d.title}</span>}
                  {!d.imported && <span className={styles.muted}> — not imported yet (Administration › Plugins › LLM Ops › Dashboards)</span>}
                </li>
              ))}
            </ul>
          )}
        </section>
        <nav aria-label="LLM Ops pages" className={styles.nav}>
          <LinkButton href={prefixRoute(ROUTES.Cost)} variant="secondary" icon="credit-card">Cost</LinkButton>
          <LinkButton href={prefixRoute(ROUTES.RootCause)} variant="secondary" icon="search">Root cause</LinkButton>
          <LinkButton href={prefixRoute(ROUTES.Alerts)} variant="secondary" icon="bell">Alerts</LinkButton>
        </nav>
      </div>
    </PluginPage>
  );
}

export const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))', gap: theme.spacing(2) }),
  card: css({ padding: theme.spacing(2), background: theme.colors.background.primary, border: `1px solid ${theme.colors.border.weak}`, borderRadius: theme.shape.radius.default }),
  h: css({ fontSize: theme.typography.h4.fontSize }),
  muted: css({ color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightRegular }),
  facts: css({ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: theme.spacing(0.5, 2), dt: { color: theme.colors.text.secondary }, dd: { margin: 0 } }),
  list: css({ paddingLeft: theme.spacing(2), li: { marginBottom: theme.spacing(0.5) } }),
  nav: css({ display: 'flex', gap: theme.spacing(1), gridColumn: '1 / -1' }),
});
