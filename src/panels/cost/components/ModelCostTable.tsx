import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import type { GpuModelCost, ModelCost } from '../frames';
import { carbonPer1MTokens, formatAmount, formatCount, formatMoney, formatPercent } from '../shape';

interface Props {
  byModel: ModelCost[];
  byGpuModel: GpuModelCost[];
  currency: string;
}

export function ModelCostTable({ byModel, byGpuModel, currency }: Props) {
  const styles = useStyles2(getStyles);
  const energy = byModel.some((m) => m.kwhPer1MTokens !== undefined);
  return (
    <div className={styles.wrap}>
      {byModel.length > 0 && (
        <table className={styles.table}>
          <caption className={styles.caption}>Cost per 1M tokens by model</caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col" className={styles.num}>Per 1M tokens</th>
              <th scope="col" className={styles.num}>Cost</th>
              <th scope="col" className={styles.num}>API price</th>
              {energy && <th scope="col" className={styles.num}>kWh / 1M tokens</th>}
              {energy && <th scope="col" className={styles.num}>kg CO2e / 1M tokens</th>}
            </tr>
          </thead>
          <tbody>
            {byModel.map((m) => (
              <tr key={m.model}>
                <th scope="row" className={styles.name}>{m.model}</th>
                <td className={styles.num}>{formatMoney(m.costPer1MTokens, currency)}</td>
                <td className={styles.num}>{formatMoney(m.cost, currency, true)}</td>
                <td className={`${styles.num} ${m.apiCost !== undefined && m.apiCost < m.cost ? styles.cheaper : ''}`}>{formatMoney(m.apiCost, currency, true)}</td>
                {energy && <td className={styles.num}>{formatAmount(m.kwhPer1MTokens, '')}</td>}
                {energy && <td className={styles.num}>{formatAmount(carbonPer1MTokens(m.carbonKg, m.tokens), '')}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {byGpuModel.length > 0 && (
        <table className={styles.table}>
          <caption className={styles.caption}>Cost by GPU model</caption>
          <thead>
            <tr>
              <th scope="col">GPU model</th>
              <th scope="col" className={styles.num}>GPUs</th>
              <th scope="col" className={styles.num}>GPU-hours</th>
              <th scope="col" className={styles.num}>Cost</th>
              <th scope="col" className={styles.num}>Idle</th>
            </tr>
          </thead>
          <tbody>
            {byGpuModel.map((g) => (
              <tr key={g.gpuModel}>
                <th scope="row" className={styles.name}>{g.gpuModel}</th>
                <td className={styles.num}>{formatCount(g.gpus)}</td>
                <td className={styles.num}>{g.gpuHours !== undefined ? Math.round(g.gpuHours) : '–'}</td>
                <td className={styles.num}>{formatMoney(g.cost, currency, true)}</td>
                <td className={styles.num}>{formatPercent(g.idleShare)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrap: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2), minWidth: 0, overflowX: 'auto' }),
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    fontSize: theme.typography.bodySmall.fontSize,
    'th, td': { padding: theme.spacing(0.5, 1), borderBottom: `1px solid ${theme.colors.border.weak}` },
    'thead th': { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium, textAlign: 'left' },
  }),
  caption: css({ textAlign: 'left', fontSize: theme.typography.h6.fontSize, fontWeight: theme.typography.fontWeightMedium, paddingBottom: theme.spacing(1) }),
  name: css({ fontWeight: theme.typography.fontWeightRegular, textAlign: 'left', wordBreak: 'break-word' }),
  num: css({ textAlign: 'right !important' as 'right', fontVariantNumeric: 'tabular-nums' }),
  cheaper: css({ color: theme.colors.warning.text }),
});
