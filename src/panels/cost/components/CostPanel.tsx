import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2, PanelProps } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import { testIds } from '../../../components/testIds';
import { readCostFrames } from '../shape';
import { DEFAULT_OPTIONS, type CostOptions } from '../types';
import { CostView } from './CostView';

export function CostPanel({ data, options, width, height }: PanelProps<CostOptions>) {
  const styles = useStyles2(getStyles);
  const cost = useMemo(() => readCostFrames(data.series), [data.series]);
  return (
    <div className={styles.wrapper} style={{ width, height }} data-testid={testIds.costPanel.container}>
      <CostView data={cost} options={{ ...DEFAULT_OPTIONS, ...options }} width={width} />
    </div>
  );
}

const getStyles = (_theme: GrafanaTheme2) => ({
  wrapper: css({ overflow: 'auto' }),
});
