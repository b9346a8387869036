import React from 'react';
import { css } from '@emotion/css';
import { getValueFormat, formattedValueToString, type GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';

import type { EvidenceSeries } from '../frames';
import { sparkline } from '../shape';

const HEIGHT = 36;

function fmt(v: number, unit?: string): string {
  return formattedValueToString(getValueFormat(unit ?? 'short')(v, 2));
}

/** One moved signal: its line, the incident window shaded, first and last values in the label. */
export function Sparkline({ series, width }: { series: EvidenceSeries; width: number }) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const geo = sparkline(series.points, width, HEIGHT, { start: series.incidentStart, end: series.incidentEnd });
  const first = series.points[0]?.[1];
  const last = series.points[series.points.length - 1]?.[1];
  const peak = series.points.reduce((m, [, v]) => Math.max(m, v), -Infinity);
  const description = first !== undefined ? `${series.signal}: from ${fmt(first, series.unit)} to ${fmt(last!, series.unit)}, peak ${fmt(peak, series.unit)}` : `${series.signal}: no data`;
  return (
    <figure className={styles.figure}>
      <svg width={width} height={HEIGHT} role="img" aria-label={description}>
        {geo.window && <rect x={geo.window.x} y={0} width={geo.window.width} height={HEIGHT} fill={theme.colors.error.transparent} />}
        <path d={geo.path} fill="none" stroke={theme.colors.primary.main} strokeWidth={1.5} />
      </svg>
      <figcaption className={styles.caption}>
        {series.signal} <span className={styles.value}>{last !== undefined ? fmt(last, series.unit) : ''}</span>
      </figcaption>
    </figure>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  figure: css({ margin: 0 }),
  caption: css({ fontSize: theme.typography.bodySmall.fontSize, color: theme.colors.text.secondary }),
  value: css({ color: theme.colors.text.primary }),
});
