import React, { useEffect, useState } from 'react';
import { InlineField, InlineFieldRow, Input, Select } from '@grafana/ui';

import { testIds } from '../../components/testIds';
import type { DataSource } from '../datasource';
import { NORMALIZED_LABELS, type LlmOpsVariableQuery } from '../types';
import { DEFAULT_VARIABLE_QUERY, parseVariableQuery } from '../variableQuery';
import { toOptions } from './query/options';

interface Props {
  query: LlmOpsVariableQuery | string;
  onChange: (query: LlmOpsVariableQuery, definition?: string) => void;
  datasource: DataSource;
}

const KINDS = [
  { label: 'Label values', value: 'label-values', description: 'Values of a normalized label, e.g. every model' },
  { label: 'Label names', value: 'labels', description: 'Labels available on a signal' },
  { label: 'Signals', value: 'signals', description: 'Signals detected in Prometheus' },
  { label: 'Engines', value: 'engines', description: 'Serving engines detected' },
  { label: 'Trace services', value: 'services', description: 'Jaeger services' },
  { label: 'Trace operations', value: 'operations', description: 'Operations of a Jaeger service' },
];

export function definitionOf(q: LlmOpsVariableQuery): string {
  switch (q.kind) {
    case 'label-values':
      return q.signal ? `label_values(${q.signal}, ${q.label ?? ''})` : `label_values(${q.label ?? ''})`;
    case 'labels':
      return `labels(${q.signal ?? ''})`;
    case 'operations':
      return `operations(${q.service ?? ''})`;
    default:
      return `${q.kind}()`;
  }
}

export function VariableQueryEditor({ query, onChange, datasource }: Props) {
  const [q, setQ] = useState<LlmOpsVariableQuery>(() => {
    try {
      return parseVariableQuery(query);
    } catch {
      return { ...DEFAULT_VARIABLE_QUERY };
    }
  });
  const [labels, setLabels] = useState<string[]>(NORMALIZED_LABELS);
  useEffect(() => {
    datasource.resources.labels(q.signal).then((l) => setLabels(Array.from(new Set([...NORMALIZED_LABELS, ...l]))), () => undefined);
  }, [datasource, q.signal]);
  const update = (next: LlmOpsVariableQuery) => {
    setQ(next);
    onChange(next, definitionOf(next));
  };
  return (
    <div data-testid={testIds.variableEditor.container}>
      <InlineFieldRow>
        <InlineField label="List" labelWidth={14}>
          <Select aria-label="Variable query kind" width={30} options={KINDS} value={q.kind} onChange={(o) => update({ refId: q.refId, kind: o.value as LlmOpsVariableQuery['kind'], label: o.value === 'label-values' ? q.label ?? 'model' : undefined })} />
        </InlineField>
      </InlineFieldRow>
      {(q.kind === 'label-values' || q.kind === 'labels') && (
        <InlineFieldRow>
          {q.kind === 'label-values' && (
            <InlineField label="Label" labelWidth={14}>
              <Select aria-label="Variable label" width={30} options={toOptions(labels)} allowCustomValue value={q.label ?? null} onChange={(o) => update({ ...q, label: o.value })} />
            </InlineField>
          )}
          <InlineField label="Signal" labelWidth={14} tooltip="Optional: only series of this signal">
            <Input aria-label="Variable signal" width={24} value={q.signal ?? ''} placeholder="any" onChange={(e) => setQ({ ...q, signal: e.currentTarget.value || undefined })} onBlur={() => update(q)} />
          </InlineField>
        </InlineFieldRow>
      )}
      {q.kind === 'operations' && (
        <InlineFieldRow>
          <InlineField label="Service" labelWidth={14}>
            <Input aria-label="Variable service" width={30} value={q.service ?? ''} onChange={(e) => setQ({ ...q, service: e.currentTarget.value || undefined })} onBlur={() => update(q)} />
          </InlineField>
        </InlineFieldRow>
      )}
    </div>
  );
}
