import React from 'react';
import { dateTime } from '@grafana/data';
import { InlineField, InlineFieldRow, Input } from '@grafana/ui';

import type { Resources } from '../../resources';
import type { LlmOpsQuery, SourceQuery } from '../../types';
import { SignalFields } from './SignalFields';

interface Props {
  query: LlmOpsQuery;
  onChange: (q: LlmOpsQuery) => void;
  onRunQuery: () => void;
  resources: Resources;
}

/** Per model by default: a fleet-wide percentile hides the one model that degraded. */
const DEFAULT_TARGET: SourceQuery = { queryType: 'signal', signal: 'ttft', aggregation: 'p95', groupBy: ['model'] };

/** Accepts epoch ms or any date string Date can parse; empty clears the bound. */
export function parseTime(text: string): number | undefined | 'invalid' {
  const t = text.trim();
  if (!t) {
    return undefined;
  }
  const n = /^\d+$/.test(t) ? Number(t) : Date.parse(t);
  return Number.isFinite(n) ? n : 'invalid';
}

function TimeInput({ label, value, onChange }: { label: string; value?: number; onChange: (v: number | undefined) => void }) {
  const [text, setText] = React.useState(value ? dateTime(value).toISOString() : '');
  const parsed = parseTime(text);
  return (
    <InlineField label={label} labelWidth={14} invalid={parsed === 'invalid'} error={parsed === 'invalid' ? 'Use epoch milliseconds or an ISO time' : undefined}>
      <Input aria-label={label} width={28} value={text} placeholder="latest anomaly in range" onChange={(e) => setText(e.currentTarget.value)} onBlur={() => parsed !== 'invalid' && onChange(parsed)} />
    </InlineField>
  );
}

export function RootCauseFields({ query, onChange, onRunQuery, resources }: Props) {
  const target = query.target ?? DEFAULT_TARGET;
  return (
    <>
      <SignalFields label="Target signal" value={target} resources={resources} onChange={(v) => { onChange({ ...query, target: { ...target, ...v, queryType: 'signal' } }); onRunQuery(); }} />
      <InlineFieldRow>
        <TimeInput label="Incident start" value={query.incidentStart} onChange={(v) => { onChange({ ...query, incidentStart: v }); onRunQuery(); }} />
        <TimeInput label="Incident end" value={query.incidentEnd} onChange={(v) => { onChange({ ...query, incidentEnd: v }); onRunQuery(); }} />
      </InlineFieldRow>
    </>
  );
}
