import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Alert, InlineField, LoadingPlaceholder, RadioButtonGroup, Select, useStyles2 } from '@grafana/ui';

import { testIds } from '../components/testIds';
import { CostView } from '../panels/cost/components/CostView';
import { readCostFrames, type Grouping } from '../panels/cost/shape';
import { DEFAULT_OPTIONS, GROUPING_OPTIONS } from '../panels/cost/types';
import { runQueries } from '../shared/api';
import { NoDatasource } from '../shared/NoDatasource';
import { useAsyncData } from '../shared/useAsyncData';
import { useLlmOpsDatasource } from '../shared/useDatasource';
import { useWidth } from '../shared/useWidth';
import { RANGE_OPTIONS } from './timeRanges';

const VIEWS = ['summary', 'by_model', 'over_time', 'opportunities'] as const;

export function CostPage() {
  const styles = useStyles2(getStyles);
  const ds = useLlmOpsDatasource();
  const [rangeMs, setRangeMs] = useState(RANGE_OPTIONS[2].value);
  const [grouping, setGrouping] = useState<Grouping>('model');
  const { ref, width } = useWidth<HTMLDivElement>();
  const result = useAsyncData(
    ds
      ? () => {
          const to = Date.now();
          return runQueries(ds.uid, VIEWS.map((view, i) => ({ refId: String.fromCharCode(65 + i), queryType: 'cost', view })), to - rangeMs, to).then(readCostFrames);
        }
      : undefined,
    `${ds?.uid}-${rangeMs}`
  );
  return (
    <PluginPage>
      <div data-testid={testIds.cost.page} ref={ref}>
        {!ds && <NoDatasource />}
        {ds && (
          <>
            <div className={styles.toolbar}>
              <InlineField label="Range">
                <Select aria-label="Cost time range" width={20} options={RANGE_OPTIONS} value={rangeMs} onChange={(o) => setRangeMs(o.value!)} />
              </InlineField>
              <InlineField label="Over time by">
                <RadioButtonGroup options={GROUPING_OPTIONS} value={grouping} onChange={setGrouping} />
              </InlineField>
            </div>
            {result.loading && <LoadingPlaceholder text="Computing cost…" />}
            {result.error && <Alert severity="error" title="Cost query failed">{result.error}</Alert>}
            {result.value && <CostView data={result.value} options={{ ...DEFAULT_OPTIONS, grouping }} width={width} />}
          </>
        )}
      </div>
    </PluginPage>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  toolbar: css({ display: 'flex', gap: theme.spacing(2), flexWrap: 'wrap', marginBottom: theme.spacing(2) }),
});
