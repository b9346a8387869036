import React, { useState } from 'react';
import { InlineField, InlineFieldRow, Input, RadioButtonGroup, Select, Slider } from '@grafana/ui';

import type { Resources } from '../../resources';
import type { DetectorSettings, LlmOpsQuery, SourceQuery } from '../../types';
import { PromqlFields } from './PromqlFields';
import { SignalFields } from './SignalFields';

interface Props {
  query: LlmOpsQuery;
  onChange: (q: LlmOpsQuery) => void;
  onRunQuery: () => void;
  resources: Resources;
}

const SEASONALITY = [
  { label: 'Auto', value: 'auto', description: 'Daily baseline when there is enough history' },
  { label: 'None', value: 'none' },
  { label: 'Daily', value: 'daily' },
  { label: 'Weekly', value: 'weekly' },
];

const HISTORY = /^(\d+(m|h|d|w))+$/;

export const DEFAULT_SOURCE: SourceQuery = { queryType: 'signal', signal: 'ttft', aggregation: 'p95', groupBy: ['model'] };

export function AnomalyFields({ query, onChange, onRunQuery, resources }: Props) {
  const source = query.source ?? DEFAULT_SOURCE;
  const detector: DetectorSettings = query.detector ?? { sensitivity: 0.5 };
  const [history, setHistory] = useState(detector.history ?? '');
  const setSource = (s: SourceQuery) => onChange({ ...query, source: s });
  const setDetector = (d: DetectorSettings) => {
    onChange({ ...query, detector: d });
    onRunQuery();
  };
  return (
    <>
      <InlineFieldRow>
        <InlineField label="Source" labelWidth={14}>
          <RadioButtonGroup
            aria-label="Anomaly source type"
            options={[
              { label: 'Signal', value: 'signal' },
              { label: 'PromQL', value: 'promql' },
            ]}
            value={source.queryType}
            onChange={(t) => setSource(t === 'promql' ? { queryType: 'promql', expr: source.expr ?? '' } : { ...DEFAULT_SOURCE, ...pickSignal(source) })}
          />
        </InlineField>
      </InlineFieldRow>
      {source.queryType === 'promql' ? (
        <PromqlFields label="Source PromQL" value={source} resources={resources} onChange={(v) => setSource({ ...source, ...v })} onBlur={onRunQuery} />
      ) : (
        <SignalFields label="Source signal" value={source} resources={resources} onChange={(v) => { setSource({ ...source, ...v }); onRunQuery(); }} />
      )}
      <InlineFieldRow>
        <InlineField label="Sensitivity" labelWidth={14} tooltip="0 flags only blatant anomalies, 1 flags small deviations">
          <div style={{ width: 280 }} aria-label="Detector sensitivity">
            <Slider min={0} max={1} step={0.05} value={detector.sensitivity ?? 0.5} onAfterChange={(v) => v !== undefined && setDetector({ ...detector, sensitivity: v })} />
          </div>
        </InlineField>
        <InlineField label="Seasonality" labelWidth={12}>
          <Select
            aria-label="Detector seasonality"
            width={20}
            options={SEASONALITY}
            value={detector.seasonality ?? 'auto'}
            onChange={(o) => setDetector({ ...detector, seasonality: o.value as DetectorSettings['seasonality'] })}
          />
        </InlineField>
        <InlineField label="History" labelWidth={10} tooltip="Data read before the range to learn the baseline, e.g. 3d" invalid={Boolean(history && !HISTORY.test(history))} error={history && !HISTORY.test(history) ? 'Use a duration such as 12h, 3d or 2w' : undefined}>
          <Input
            aria-label="Detector history"
            width={12}
            placeholder="auto"
            value={history}
            onChange={(e) => setHistory(e.currentTarget.value.trim())}
            onBlur={() => (!history || HISTORY.test(history)) && setDetector({ ...detector, history: history || undefined })}
          />
        </InlineField>
      </InlineFieldRow>
    </>
  );
}

function pickSignal(s: SourceQuery): Partial<SourceQuery> {
  return s.signal ? { signal: s.signal, aggregation: s.aggregation, groupBy: s.groupBy, filters: s.filters } : {};
}
