import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import type { Opportunity } from '../frames';
import { formatMoney } from '../shape';

const KIND_LABELS: Record<string, string> = {
  idle_gpus: 'Idle GPUs',
  overprovisioned: 'Over-provisioned',
  cheaper_gpu: 'Cheaper GPU',
  api_cheaper: 'API is cheaper',
};

export function Opportunities({ items, currency }: { items: Opportunity[]; currency: string }) {
  const styles = useStyles2(getStyles);
  return (
    <table className={styles.table}>
      <caption className={styles.caption}>Savings opportunities</caption>
      <thead>
        <tr>
          <th scope="col">Opportunity</th>
          <th scope="col">Affects</th>
          <th scope="col">Action</th>
          <th scope="col" className={styles.num}>Est. savings / month</th>
        </tr>
      </thead>
      <tbody>
        {items.map((o, i) => (
          <tr key={i}>
            <td>
              <span className={styles.kind}>{KIND_LABELS[o.kind] ?? o.kind}</span> {o.description}
            </td>
            <td>{o.entity ?? '–'}</td>
            <td>{o.action ?? '–'}</td>
            <td className={`${styles.num} ${styles.saving}`}>
              {formatMoney(o.estimatedMonthlySavings, currency, true)}
              {/* Overlaps a better action on the same model: not added to the total. */}
              {o.countedMonthlySavings === 0 && o.estimatedMonthlySavings > 0 && <div className={styles.alternative}>alternative, not in total</div>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    fontSize: theme.typography.bodySmall.fontSize,
    'th, td': { padding: theme.spacing(0.5, 1), borderBottom: `1px solid ${theme.colors.border.weak}`, verticalAlign: 'top', textAlign: 'left' },
    'thead th': { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
  }),
  alternative: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  caption: css({ textAlign: 'left', fontSize: theme.typography.h6.fontSize, fontWeight: theme.typography.fontWeightMedium, paddingBottom: theme.spacing(1) }),
  kind: css({
    display: 'inline-block',
    padding: theme.spacing(0, 0.5),
    marginRight: theme.spacing(0.5),
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.secondary,
    border: `1px solid ${theme.colors.border.medium}`,
  }),
  num: css({ textAlign: 'right !important' as 'right', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }),
  saving: css({ color: theme.colors.success.text }),
});
