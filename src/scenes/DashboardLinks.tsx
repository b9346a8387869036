/** The app's dashboards in one line under the landing page's panels (the ones not imported yet say how). */
import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Text, TextLink, useStyles2 } from '@grafana/ui';

import { pluginDashboards } from '../shared/api';
import { useAsyncData } from '../shared/useAsyncData';

export function DashboardLinks() {
  const styles = useStyles2(getStyles);
  const dashboards = useAsyncData(() => pluginDashboards(), 'dashboards');
  if (!dashboards.value?.length) {
    return null;
  }
  const missing = dashboards.value.some((d) => !d.imported);
  return (
    <nav aria-label="Dashboards" className={styles.row}>
      <Text color="secondary">Dashboards:</Text>
      {dashboards.value.map((d) =>
        d.imported && d.importedUrl ? (
          <TextLink key={d.path} href={d.importedUrl} inline={false}>
            {d.title}
          </TextLink>
        ) : (
          <Text key={d.path} color="secondary">
            {d.title}
          </Text>
        )
      )}
      {missing && <Text color="secondary" italic>(grey ones: import them in Administration › Plugins › LLM Ops › Dashboards)</Text>}
    </nav>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  row: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1, 2), alignItems: 'baseline', padding: theme.spacing(1, 0) }),
});
