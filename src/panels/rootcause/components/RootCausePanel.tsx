import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2, PanelProps } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import { testIds } from '../../../components/testIds';
import { readRootCauseFrames } from '../shape';
import { DEFAULT_OPTIONS, type RootCauseOptions } from '../types';
import { RootCauseView } from './RootCauseView';

export function RootCausePanel({ data, options, width, height }: PanelProps<RootCauseOptions>) {
  const styles = useStyles2(getStyles);
  const rc = useMemo(() => readRootCauseFrames(data.series), [data.series]);
  return (
    <div className={styles.wrapper} style={{ width, height }} data-testid={testIds.rootCausePanel.container}>
      <RootCauseView data={rc} options={{ ...DEFAULT_OPTIONS, ...options }} width={width} />
    </div>
  );
}

const getStyles = (_theme: GrafanaTheme2) => ({
  wrapper: css({ overflow: 'auto' }),
});
