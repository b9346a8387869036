import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';

import { testIds } from '../../../components/testIds';
import type { CostSeries } from '../frames';
import { effectiveGrouping, formatMoney, stackSeries, type Grouping } from '../shape';

interface Props {
  series: CostSeries[];
  grouping: Grouping;
  currency: string;
  width: number;
}

const HEIGHT = 180;
const PAD = { left: 8, right: 8, top: 8, bottom: 20 };

/** Stacked area chart of cost per step, by model or GPU model. */
export function CostChart({ series, grouping, currency, width }: Props) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const by = effectiveGrouping(series, grouping);
  const stacked = stackSeries(series, by);
  const w = Math.max(160, width);
  const innerW = w - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const t0 = stacked.times[0] ?? 0;
  const t1 = stacked.times[stacked.times.length - 1] ?? 1;
  const x = (t: number) => PAD.left + (t1 === t0 ? innerW / 2 : ((t - t0) / (t1 - t0)) * innerW);
  const y = (v: number) => PAD.top + innerH - (stacked.max > 0 ? (v / stacked.max) * innerH : 0);
  const color = (i: number) => theme.visualization.getColorByName(theme.visualization.palette[i % theme.visualization.palette.length]);
  const groupName = by === 'model' ? 'model' : 'GPU model';
  const summary = stacked.series.map((s) => `${s.key} ${formatMoney(s.total, currency)}`).join(', ');
  return (
    <section className={styles.section} aria-labelledby="llmops-cost-chart-title">
      <h4 id="llmops-cost-chart-title" className={styles.title}>
        Cost over time by {groupName}
      </h4>
      <svg width={w} height={HEIGHT} role="img" aria-label={`Stacked cost over time by ${groupName}: ${summary}`} data-testid={testIds.costPanel.chart}>
        {stacked.series.map((s, i) => {
          const top = stacked.times.map((t, j) => `${x(t)},${y(s.upper[j])}`);
          const bottom = stacked.times.map((t, j) => `${x(t)},${y(s.lower[j])}`).reverse();
          return <polygon key={s.key} points={[...top, ...bottom].join(' ')} fill={color(i)} fillOpacity={0.75} stroke={color(i)} strokeWidth={1} />;
        })}
        <text x={PAD.left} y={HEIGHT - 4} className={styles.axis}>
          {dateTimeFormat(t0, { format: 'MM-DD HH:mm' })}
        </text>
        <text x={w - PAD.right} y={HEIGHT - 4} textAnchor="end" className={styles.axis}>
          {dateTimeFormat(t1, { format: 'MM-DD HH:mm' })}
        </text>
      </svg>
      <ul className={styles.legend} aria-label="Legend">
        {stacked.series.map((s, i) => (
          <li key={s.key}>
            <span className={styles.swatch} style={{ background: color(i) }} aria-hidden />
            {s.key} <span className={styles.muted}>{formatMoney(s.total, currency, true)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  section: css({ minWidth: 0 }),
  title: css({ fontSize: theme.typography.h6.fontSize, margin: theme.spacing(0, 0, 1) }),
  axis: css({ fill: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  legend: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5, 2), listStyle: 'none', padding: 0, margin: theme.spacing(1, 0, 0), fontSize: theme.typography.bodySmall.fontSize }),
  swatch: css({ display: 'inline-block', width: 10, height: 10, borderRadius: 2, marginRight: theme.spacing(0.5) }),
  muted: css({ color: theme.colors.text.secondary }),
});
