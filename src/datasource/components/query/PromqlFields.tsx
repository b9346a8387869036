import React, { useState } from 'react';
import { InlineField, InlineFieldRow, Input, Select } from '@grafana/ui';

import type { Resources } from '../../resources';
import type { PromqlFields as Fields } from '../../types';
import { useAsyncData } from '../../../shared/useAsyncData';
import { toOptions } from './options';
import { PromqlCodeEditor } from './PromqlCodeEditor';

interface Props {
  value: Fields;
  onChange: (value: Fields) => void;
  onBlur?: () => void;
  resources: Resources;
  label?: string;
}

/**
 * Raw PromQL in Grafana's code editor (highlighting, completion of metrics, functions, labels and
 * values) with a metric picker (from the `metrics` resource) that appends the chosen metric.
 */
export function PromqlFields({ value, onChange, onBlur, resources, label = 'PromQL' }: Props) {
  const [search, setSearch] = useState('');
  const metrics = useAsyncData(() => resources.metrics(search || undefined), `metrics:${search}`);
  const [expr, setExpr] = useState(value.expr ?? '');
  return (
    <>
      <InlineFieldRow>
        <InlineField label="Metric" labelWidth={14} tooltip="Insert a metric name at the end of the expression" error={metrics.error} invalid={Boolean(metrics.error)}>
          <Select
            aria-label={`${label} metric browser`}
            width={40}
            placeholder="Search metrics"
            isLoading={metrics.loading}
            options={toOptions(metrics.value ?? [])}
            onInputChange={(text) => setSearch(text)}
            value={null}
            onChange={(o) => {
              if (o?.value) {
                const next = expr ? `${expr}${o.value}` : o.value;
                setExpr(next);
                onChange({ ...value, expr: next });
              }
            }}
          />
        </InlineField>
      </InlineFieldRow>
      <InlineFieldRow>
        <InlineField label={label} labelWidth={14} grow tooltip="Grafana macros such as $__rate_interval work here">
          <PromqlCodeEditor
            label={label}
            value={expr}
            resources={resources}
            placeholder="histogram_quantile(0.95, sum by (le, model_name) (rate(vllm:time_to_first_token_seconds_bucket[$__rate_interval])))"
            onBlur={(text) => {
              setExpr(text);
              if (text !== (value.expr ?? '')) {
                onChange({ ...value, expr: text });
              }
              onBlur?.();
            }}
          />
        </InlineField>
      </InlineFieldRow>
      <InlineFieldRow>
        <InlineField label="Legend" labelWidth={14} tooltip="e.g. {{model}} on {{instance}}">
          <Input aria-label={`${label} legend format`} width={40} value={value.legendFormat ?? ''} placeholder="{{model}}" onChange={(e) => onChange({ ...value, legendFormat: e.currentTarget.value || undefined })} onBlur={onBlur} />
        </InlineField>
      </InlineFieldRow>
    </>
  );
}
