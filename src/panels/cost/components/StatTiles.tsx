import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import type { CostData, CostSummary } from '../frames';
import { carbonPer1MTokens, formatAmount, formatMoney, formatPercent, projectedCost, totalSavings, type Period } from '../shape';

interface Props {
  summary: CostSummary;
  data: CostData;
  currency: string;
  period: Period;
}

export function StatTiles({ summary, data, currency, period }: Props) {
  const styles = useStyles2(getStyles);
  const savings = totalSavings(data);
  const tiles = [
    { label: 'Total cost (range)', value: formatMoney(summary.totalCost, currency, true), hint: summary.gpuCost !== undefined ? `GPU ${formatMoney(summary.gpuCost, currency, true)} · energy ${formatMoney(summary.energyCost, currency, true)}` : undefined },
    { label: `Projected per ${period}`, value: formatMoney(projectedCost(summary.projectedMonthlyCost, period), currency, true), hint: 'at the current run rate' },
    { label: 'Cost per 1M tokens', value: formatMoney(summary.costPer1MTokens, currency), hint: summary.tokens !== undefined ? `${(summary.tokens / 1e6).toFixed(1)}M tokens` : undefined },
    ...(summary.kwhPer1MTokens !== undefined
      ? [{ label: 'Energy per 1M tokens', value: formatAmount(summary.kwhPer1MTokens, 'kWh'), hint: `${formatAmount(carbonPer1MTokens(summary.carbonKg, summary.tokens), 'kg CO2e')} per 1M tokens` }]
      : []),
    { label: 'Idle GPU share', value: formatPercent(summary.idleShare), hint: summary.gpuHours !== undefined ? `of ${Math.round(summary.gpuHours)} GPU-hours` : undefined, warn: (summary.idleShare ?? 0) > 0.3 },
    ...(data.opportunities.length > 0 ? [{ label: 'Possible savings / month', value: formatMoney(savings, currency, true), hint: `${data.opportunities.length} opportunities`, good: true }] : []),
  ];
  return (
    <ul className={styles.tiles} aria-label="Cost summary">
      {tiles.map((t) => (
        <li key={t.label} className={styles.tile}>
          <span className={styles.label}>{t.label}</span>
          <span className={`${styles.value} ${'warn' in t && t.warn ? styles.warn : ''} ${'good' in t && t.good ? styles.good : ''}`}>{t.value}</span>
          {t.hint && <span className={styles.hint}>{t.hint}</span>}
        </li>
      ))}
    </ul>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  tiles: css({ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(150px, 1fr))', gap: theme.spacing(1), listStyle: 'none', margin: 0, padding: 0 }),
  tile: css({
    display: 'flex',
    flexDirection: 'column',
    padding: theme.spacing(1, 1.5),
    background: theme.colors.background.secondary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  }),
  label: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  value: css({ fontSize: theme.typography.h3.fontSize, fontWeight: theme.typography.fontWeightMedium, color: theme.colors.text.primary }),
  warn: css({ color: theme.colors.warning.text }),
  good: css({ color: theme.colors.success.text }),
  hint: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
});
