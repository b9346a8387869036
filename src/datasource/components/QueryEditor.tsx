import React from 'react';
import type { QueryEditorProps } from '@grafana/data';
import { Alert, InlineField, InlineFieldRow, InlineSwitch, Input, Select } from '@grafana/ui';

import { testIds } from '../../components/testIds';
import type { DataSource } from '../datasource';
import { missingField, traceIdError } from '../queryValidation';
import { type LlmOpsJsonData, type LlmOpsQuery, type QueryType, DEFAULT_QUERY } from '../types';
import { AnomalyFields, DEFAULT_SOURCE } from './query/AnomalyFields';
import { ComplianceFields } from './query/ComplianceFields';
import { CostFields } from './query/CostFields';
import { QUERY_TYPE_OPTIONS } from './query/options';
import { PromqlFields } from './query/PromqlFields';
import { RootCauseFields } from './query/RootCauseFields';
import { SignalFields } from './query/SignalFields';
import { TracesFields } from './query/TracesFields';

export type Props = QueryEditorProps<DataSource, LlmOpsQuery, LlmOpsJsonData>;

/** Fields a new query of each type starts with (fields of other types are dropped on switch). */
function switchType(q: LlmOpsQuery, type: QueryType): LlmOpsQuery {
  const base = { refId: q.refId, datasource: q.datasource, hide: q.hide, queryType: type, instant: q.instant };
  switch (type) {
    case 'signal':
      return { ...base, signal: q.signal ?? DEFAULT_QUERY.signal, aggregation: q.aggregation ?? DEFAULT_QUERY.aggregation, groupBy: q.groupBy ?? DEFAULT_QUERY.groupBy, filters: q.filters };
    case 'promql':
      return { ...base, expr: q.expr ?? '', legendFormat: q.legendFormat };
    case 'anomaly':
      return { ...base, source: q.signal ? { queryType: 'signal', signal: q.signal, aggregation: q.aggregation, groupBy: q.groupBy, filters: q.filters } : DEFAULT_SOURCE, detector: { sensitivity: 0.5 } };
    case 'rootcause':
      // Per model unless the query already had a grouping: a fleet-wide percentile hides the model that degraded.
      return {
        ...base,
        instant: undefined,
        target: { queryType: 'signal', signal: q.signal ?? q.source?.signal ?? 'ttft', aggregation: q.aggregation ?? q.source?.aggregation ?? 'p95', groupBy: q.groupBy ?? q.source?.groupBy ?? ['model'] },
      };
    case 'cost':
      return { ...base, view: 'summary' };
    case 'traces':
      return { ...base, instant: undefined, limit: 20 };
    case 'trace':
      return { ...base, instant: undefined, traceId: '' };
    case 'compliance':
      return { ...base, service: q.service ?? '', view: 'findings' };
  }
}

export function QueryEditor({ query, onChange, onRunQuery, datasource }: Props) {
  const type = (query.queryType ?? 'signal') as QueryType;
  const resources = datasource.resources;
  const change = (q: LlmOpsQuery, run = false) => {
    onChange(q);
    if (run) {
      onRunQuery();
    }
  };
  const missing = missingField(query);
  // Cost has its own instant toggle next to the metric it selects.
  const numeric = !['traces', 'trace', 'rootcause', 'cost'].includes(type);
  return (
    <div data-testid={testIds.queryEditor.container}>
      <InlineFieldRow>
        <InlineField label="Query type" labelWidth={14}>
          <Select aria-label="Query type" width={24} options={QUERY_TYPE_OPTIONS} value={type} onChange={(o) => change(switchType(query, o.value as QueryType), true)} />
        </InlineField>
        {numeric && (
          <InlineField label="Instant" tooltip="One value per series at the end of the range (use in alert rules and stats)">
            <InlineSwitch aria-label="Instant" value={Boolean(query.instant)} onChange={(e) => change({ ...query, instant: e.currentTarget.checked || undefined }, true)} />
          </InlineField>
        )}
      </InlineFieldRow>
      {type === 'signal' && <SignalFields value={query} resources={resources} showLegend onChange={(v) => change({ ...query, ...v }, true)} />}
      {type === 'promql' && <PromqlFields value={query} resources={resources} onChange={(v) => change({ ...query, ...v })} onBlur={onRunQuery} />}
      {type === 'anomaly' && <AnomalyFields query={query} onChange={onChange} onRunQuery={onRunQuery} resources={resources} />}
      {type === 'rootcause' && <RootCauseFields query={query} onChange={onChange} onRunQuery={onRunQuery} resources={resources} />}
      {type === 'cost' && <CostFields query={query} onChange={onChange} onRunQuery={onRunQuery} resources={resources} />}
      {type === 'traces' && <TracesFields query={query} onChange={onChange} onRunQuery={onRunQuery} resources={resources} />}
      {type === 'compliance' && <ComplianceFields query={query} onChange={onChange} onRunQuery={onRunQuery} resources={resources} />}
      {type === 'trace' && (
        <InlineFieldRow>
          <InlineField label="Trace ID" labelWidth={14} invalid={Boolean(traceIdError(query.traceId))} error={traceIdError(query.traceId)}>
            <Input aria-label="Trace ID" width={40} value={query.traceId ?? ''} placeholder="4bf92f3577b34da6a3ce929d0e0e4736" onChange={(e) => change({ ...query, traceId: e.currentTarget.value.trim() })} onBlur={onRunQuery} />
          </InlineField>
        </InlineFieldRow>
      )}
      {missing && (
        <Alert severity="info" title="Query not run yet">
          {missing}
        </Alert>
      )}
    </div>
  );
}
