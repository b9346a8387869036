import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import { testIds } from '../../../components/testIds';
import type { CostData } from '../frames';
import type { CostOptions } from '../types';
import { CostChart } from './CostChart';
import { ModelCostTable } from './ModelCostTable';
import { Opportunities } from './Opportunities';
import { StatTiles } from './StatTiles';

interface Props {
  data: CostData;
  options: CostOptions;
  width: number;
}

/** The whole cost view; shared by the panel and the app's Cost page. */
export function CostView({ data, options, width }: Props) {
  const styles = useStyles2(getStyles);
  const currency = options.currency || data.summary?.currency || 'USD';
  const empty = !data.summary && data.byModel.length === 0 && data.byGpuModel.length === 0 && data.overTime.length === 0 && data.opportunities.length === 0;
  if (empty) {
    return (
      <div className={styles.empty} data-testid={testIds.costPanel.empty} role="status">
        <h3 className={styles.emptyTitle}>No cost data</h3>
        <p>
          Add queries of type <strong>Cost</strong> from the LLM Ops datasource, one per view: <em>Summary</em>, <em>By model</em>, <em>Over
          time</em> and <em>Savings opportunities</em>. Cost needs GPU-hour prices in the datasource settings.
        </p>
      </div>
    );
  }
  const wide = width >= 720;
  return (
    <div className={styles.root}>
      {data.summary && <StatTiles summary={data.summary} currency={currency} period={options.period} data={data} />}
      <div className={wide ? styles.twoCols : styles.oneCol}>
        {data.overTime.length > 0 && <CostChart series={data.overTime} grouping={options.grouping} currency={currency} width={wide ? Math.floor(width / 2) - 24 : width - 16} />}
        {(data.byModel.length > 0 || data.byGpuModel.length > 0) && <ModelCostTable byModel={data.byModel} byGpuModel={data.byGpuModel} currency={currency} />}
      </div>
      {options.showOpportunities && data.opportunities.length > 0 && <Opportunities items={data.opportunities} currency={currency} />}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2), padding: theme.spacing(0.5) }),
  twoCols: css({ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: theme.spacing(2), alignItems: 'start' }),
  oneCol: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  empty: css({ padding: theme.spacing(2), color: theme.colors.text.secondary, maxWidth: 640 }),
  emptyTitle: css({ fontSize: theme.typography.h5.fontSize, color: theme.colors.text.primary }),
});
