import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Alert, Button, InlineField, LoadingPlaceholder, Select, useStyles2 } from '@grafana/ui';

import { testIds } from '../components/testIds';
import { toOptions } from '../datasource/components/query/options';
import { AGGREGATIONS, type Aggregation } from '../datasource/types';
import { RootCauseView } from '../panels/rootcause/components/RootCauseView';
import { readRootCauseFrames } from '../panels/rootcause/shape';
import { DEFAULT_OPTIONS } from '../panels/rootcause/types';
import { runQueries } from '../shared/api';
import { NoDatasource } from '../shared/NoDatasource';
import { useAsyncData } from '../shared/useAsyncData';
import { useLlmOpsDatasource } from '../shared/useDatasource';
import { useWidth } from '../shared/useWidth';
import { RANGE_OPTIONS } from './timeRanges';

const TARGETS = [
  { label: 'End-to-end latency', value: 'e2e_latency' },
  { label: 'Time to first token', value: 'ttft' },
  { label: 'Inter-token latency', value: 'itl' },
  { label: 'Queue time', value: 'queue_time' },
  { label: 'Error ratio', value: 'error_ratio' },
];

const GROUPINGS = [
  { label: 'model', value: 'model' },
  { label: 'model and instance', value: 'model,instance' },
  { label: 'fleet', value: '' },
];

export function RootCausePage() {
  const styles = useStyles2(getStyles);
  const ds = useLlmOpsDatasource();
  const { ref, width } = useWidth<HTMLDivElement>();
  const [signal, setSignal] = useState('ttft');
  const [aggregation, setAggregation] = useState<Aggregation>('p95');
  // Per model by default: a fleet-wide percentile hides the one model (or instance) that degraded.
  const [groupBy, setGroupBy] = useState<string>('model');
  const [rangeMs, setRangeMs] = useState(RANGE_OPTIONS[1].value);
  const [run, setRun] = useState(0);
  const result = useAsyncData(
    ds
      ? () => {
          const to = Date.now();
          return runQueries(ds.uid, [{ refId: 'A', queryType: 'rootcause', target: { queryType: 'signal', signal, aggregation, groupBy: groupBy ? groupBy.split(',') : [] } }], to - rangeMs, to).then(readRootCauseFrames);
        }
      : undefined,
    `${ds?.uid}-${run}`
  );
  return (
    <PluginPage>
      <div data-testid={testIds.rootCause.page} ref={ref}>
        {!ds && <NoDatasource />}
        {ds && (
          <>
            <form
              className={styles.toolbar}
              aria-label="Root-cause analysis"
              onSubmit={(e) => {
                e.preventDefault();
                setRun((n) => n + 1);
              }}
            >
              <InlineField label="Explain">
                <Select aria-label="Target signal" width={26} options={TARGETS} value={signal} allowCustomValue onChange={(o) => setSignal(o.value!)} />
              </InlineField>
              <InlineField label="Aggregation">
                <Select aria-label="Target aggregation" width={12} options={toOptions(AGGREGATIONS)} value={aggregation} onChange={(o) => setAggregation(o.value as Aggregation)} />
              </InlineField>
              <InlineField label="Per">
                <Select aria-label="Target grouping" width={18} options={GROUPINGS} value={groupBy} onChange={(o) => setGroupBy(o.value ?? '')} />
              </InlineField>
              <InlineField label="Range">
                <Select aria-label="Root-cause time range" width={18} options={RANGE_OPTIONS} value={rangeMs} onChange={(o) => setRangeMs(o.value!)} />
              </InlineField>
              <Button type="submit" icon="search" data-testid={testIds.rootCause.run}>
                Analyse
              </Button>
            </form>
            {result.loading && <LoadingPlaceholder text="Ranking hypotheses…" />}
            {result.error && <Alert severity="error" title="Root-cause query failed">{result.error}</Alert>}
            {result.value && <RootCauseView data={result.value} options={DEFAULT_OPTIONS} width={width} />}
          </>
        )}
      </div>
    </PluginPage>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  toolbar: css({ display: 'flex', gap: theme.spacing(1), flexWrap: 'wrap', alignItems: 'flex-start', marginBottom: theme.spacing(2) }),
});
