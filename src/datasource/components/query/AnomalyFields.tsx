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

const METHODS = [
  { label: 'Operational', value: 'operational', description: 'Flags an incident for as long as it lasts; adapts to a new level after the adaptation horizon' },
  { label: 'NAB', value: 'nab', description: 'Tuned on the Numenta Anomaly Benchmark: one early alarm per event, then quiet' },
];

const HISTORY = /^(\d+(m|h|d|w))+$/;

export const DEFAULT_SOURCE: SourceQuery = { queryType: 'signal', signal: 'ttft', aggregation: 'p95', groupBy: ['model'] };

export function AnomalyFields({ query, onChange, onRunQuery, resources }: Props) {
  const source = query.source ?? DEFAULT_SOURCE;
  const detector: DetectorSettings = query.detector ?? { sensitivity: 0.5 };
  const [history, setHistory] = useState(detector.history ?? '');
  const [adaptAfter, setAdaptAfter] = useState(detector.adaptAfter ?? '');
  const method = detector.method === 'nab' || detector.method === 'ensemble' ? 'nab' : 'operational';
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
        <InlineField label="Detector" labelWidth={10}>
          <Select
            aria-label="Detector method"
            width={18}
            options={METHODS}
            value={method}
            onChange={(o) => setDetector({ ...detector, method: o.value === 'nab' ? 'nab' : undefined })}
          />
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
        {method === 'operational' && (
          <InlineField
            label="Adapt after"
            labelWidth={12}
            tooltip="How long a new level must hold before it becomes the baseline (default 2h); until then it stays flagged"
            invalid={Boolean(adaptAfter && !HISTORY.test(adaptAfter))}
            error={adaptAfter && !HISTORY.test(adaptAfter) ? 'Use a duration such as 30m, 2h or 1d' : undefined}
          >
            <Input
              aria-label="Detector adaptation horizon"
              width={10}
              placeholder="2h"
              value={adaptAfter}
              onChange={(e) => setAdaptAfter(e.currentTarget.value.trim())}
              onBlur={() => (!adaptAfter || HISTORY.test(adaptAfter)) && setDetector({ ...detector, adaptAfter: adaptAfter || undefined })}
            />
          </InlineField>
        )}
      </InlineFieldRow>
    </>
  );
}

function pickSignal(s: SourceQuery): Partial<SourceQuery> {
  return s.signal ? { signal: s.signal, aggregation: s.aggregation, groupBy: s.groupBy, filters: s.filters } : {};
}
