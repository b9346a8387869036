import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import { testIds } from '../../../components/testIds';
import type { RootCauseData } from '../frames';
import type { RootCauseOptions } from '../types';
import { HypothesisCard } from './HypothesisCard';
import { Sparkline } from './Sparkline';

interface Props {
  data: RootCauseData;
  options: RootCauseOptions;
  width: number;
}

/** Ranked hypotheses; shared by the panel and the app's Root cause page. */
export function RootCauseView({ data, options, width }: Props) {
  const styles = useStyles2(getStyles);
  const shown = data.hypotheses.filter((h) => h.confidence >= options.minConfidence).slice(0, Math.max(1, options.maxHypotheses));
  const hidden = data.hypotheses.length - shown.length;
  if (data.status === 'no_incident') {
    return (
      <div className={styles.empty} role="status" data-testid={testIds.rootCausePanel.noIncident}>
        <h3 className={styles.emptyTitle}>No incident in this range</h3>
        <p>{data.message ?? 'No series of the target moved beyond its normal range.'}</p>
        {data.target && options.showSparklines && <Sparkline series={data.target} width={Math.min(480, Math.max(160, width - 32))} />}
      </div>
    );
  }
  if (data.hypotheses.length === 0) {
    return (
      <div className={styles.empty} role="status" data-testid={testIds.rootCausePanel.empty}>
        <h3 className={styles.emptyTitle}>No root-cause hypotheses</h3>
        <p>
          This panel needs a <strong>Root cause</strong> query from the LLM Ops datasource with a target signal (for example p95
          end-to-end latency). It analyses the latest anomaly of that signal in the time range, or the incident window you set in
          the query. If the target had no anomaly in the range there is nothing to explain: widen the time range or set the
          incident start and end.
        </p>
      </div>
    );
  }
  return (
    <div className={styles.root}>
      {data.incidentStart !== undefined && (
        <p className={styles.window}>
          Incident window {dateTimeFormat(data.incidentStart, { format: 'YYYY-MM-DD HH:mm' })}
          {data.incidentOngoing ? ' – still going' : data.incidentEnd !== undefined && ` – ${dateTimeFormat(data.incidentEnd, { format: 'HH:mm' })}`}
        </p>
      )}
      {data.message && <p className={styles.window} data-testid={testIds.rootCausePanel.incident}>{data.message}</p>}
      {data.target && options.showSparklines && (
        <div className={styles.target} aria-label="Analysed signal">
          <Sparkline series={data.target} width={Math.min(480, Math.max(160, width - 32))} />
        </div>
      )}
      <ol className={styles.list} aria-label="Root-cause hypotheses, most likely first">
        {shown.map((h) => (
          <HypothesisCard key={h.rank} h={h} compact={width < 520} showSparklines={options.showSparklines} />
        ))}
      </ol>
      {hidden > 0 && <p className={styles.window}>{hidden} more hypotheses below the confidence or count limit.</p>}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({ padding: theme.spacing(0.5) }),
  target: css({ marginBottom: theme.spacing(1) }),
  list: css({ listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  window: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize, margin: theme.spacing(0, 0, 1) }),
  empty: css({ padding: theme.spacing(2), color: theme.colors.text.secondary, maxWidth: 640 }),
  emptyTitle: css({ fontSize: theme.typography.h5.fontSize, color: theme.colors.text.primary }),
});
