import React from 'react';
import { css, cx } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { Icon, useStyles2 } from '@grafana/ui';

import { testIds } from '../../../components/testIds';
import type { Hypothesis } from '../frames';
import { confidenceLabel } from '../shape';
import { Sparkline } from './Sparkline';

interface Props {
  h: Hypothesis;
  compact: boolean;
  showSparklines: boolean;
}

export function HypothesisCard({ h, compact, showSparklines }: Props) {
  const styles = useStyles2(getStyles);
  const level = confidenceLabel(h.confidence);
  const pct = Math.round(h.confidence * 100);
  const headingId = `llmops-rc-${h.rank}`;
  return (
    <li className={styles.card} aria-labelledby={headingId} data-testid={testIds.rootCausePanel.hypothesis}>
      <div className={styles.header}>
        <span className={styles.rank} aria-hidden>
          {h.rank}
        </span>
        <h4 id={headingId} className={styles.title}>
          {h.hypothesis}
        </h4>
        <span className={cx(styles.badge, styles.text[level])} role="meter" aria-label={`Confidence ${pct}%`} aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
          {pct}% {level}
        </span>
      </div>
      <div className={styles.bar} aria-hidden>
        <div className={cx(styles.fill, styles.fillColor[level])} style={{ width: `${pct}%` }} />
      </div>
      <dl className={compact ? styles.factsCompact : styles.facts}>
        {h.entity && (
          <>
            <dt>Affected</dt>
            <dd>{h.entity}</dd>
          </>
        )}
        {h.evidence && (
          <>
            <dt>Evidence</dt>
            <dd>{h.evidence}</dd>
          </>
        )}
        {h.firstDeviation !== undefined && (
          <>
            <dt>First deviation</dt>
            <dd>{dateTimeFormat(h.firstDeviation, { format: 'YYYY-MM-DD HH:mm:ss' })}</dd>
          </>
        )}
        {h.action && (
          <>
            <dt>Recommended</dt>
            <dd>{h.action}</dd>
          </>
        )}
      </dl>
      {showSparklines && h.evidenceSeries.length > 0 && (
        <ul className={styles.sparks} aria-label={`Evidence signals for hypothesis ${h.rank}`}>
          {h.evidenceSeries.map((s) => (
            <li key={`${s.signal}-${JSON.stringify(s.labels)}`}>
              <Sparkline series={s} width={compact ? 120 : 160} />
            </li>
          ))}
        </ul>
      )}
      {h.traceLink && (
        <a className={styles.link} href={h.traceLink} target="_blank" rel="noopener noreferrer">
          <Icon name="external-link-alt" size="sm" /> Open example trace
        </a>
      )}
    </li>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  card: css({
    padding: theme.spacing(1, 1.5),
    background: theme.colors.background.secondary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  }),
  header: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), flexWrap: 'wrap' }),
  rank: css({
    flex: 'none',
    width: 22,
    height: 22,
    borderRadius: '50%',
    textAlign: 'center',
    lineHeight: '22px',
    fontSize: theme.typography.bodySmall.fontSize,
    background: theme.colors.background.canvas,
    border: `1px solid ${theme.colors.border.medium}`,
  }),
  title: css({ flex: 1, minWidth: 160, margin: 0, fontSize: theme.typography.h5.fontSize }),
  badge: css({ fontSize: theme.typography.bodySmall.fontSize, fontWeight: theme.typography.fontWeightMedium, whiteSpace: 'nowrap' }),
  text: {
    high: css({ color: theme.colors.error.text }),
    medium: css({ color: theme.colors.warning.text }),
    low: css({ color: theme.colors.text.secondary }),
  },
  fillColor: {
    high: css({ background: theme.colors.error.main }),
    medium: css({ background: theme.colors.warning.main }),
    low: css({ background: theme.colors.secondary.main }),
  },
  bar: css({ height: 4, margin: theme.spacing(0.5, 0, 1), background: theme.colors.background.canvas, borderRadius: 2, overflow: 'hidden' }),
  fill: css({ height: '100%' }),
  facts: css({
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    gap: theme.spacing(0.25, 1.5),
    margin: 0,
    fontSize: theme.typography.bodySmall.fontSize,
    dt: { color: theme.colors.text.secondary },
    dd: { margin: 0 },
  }),
  factsCompact: css({ margin: 0, fontSize: theme.typography.bodySmall.fontSize, dt: { color: theme.colors.text.secondary }, dd: { margin: theme.spacing(0, 0, 0.5) } }),
  sparks: css({ display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1), listStyle: 'none', padding: 0, margin: theme.spacing(1, 0, 0) }),
  link: css({ display: 'inline-flex', gap: theme.spacing(0.5), alignItems: 'center', marginTop: theme.spacing(1), color: theme.colors.text.link }),
});
