import React from 'react';
import { Field, FieldSet, Input } from '@grafana/ui';

import type { SettingsErrors } from '../../configValidation';
import type { ConfigProps } from './ConfigEditor';
import { NumberField } from './NumberField';
import { setJson } from './update';

export function ConnectionSection({ options, onOptionsChange, errors }: ConfigProps & { errors: SettingsErrors }) {
  const { jsonData } = options;
  return (
    <FieldSet label="Connection">
      <Field
        label="Prometheus URL"
        description="Prometheus HTTP API: Prometheus, VictoriaMetrics, Thanos, Mimir or Cortex."
        invalid={Boolean(errors.url)}
        error={errors.url}
        required
      >
        <Input
          id="llmops-url"
          aria-label="Prometheus URL"
          value={options.url ?? ''}
          placeholder="http://prometheus:9090"
          onChange={(e) => onOptionsChange({ ...options, url: e.currentTarget.value.trim() })}
        />
      </Field>
      <Field label="Jaeger URL" description="Jaeger query API, for trace search and trace evidence." invalid={Boolean(errors.jaegerUrl)} error={errors.jaegerUrl}>
        <Input
          id="llmops-jaeger-url"
          aria-label="Jaeger URL"
          value={jsonData.jaegerUrl ?? ''}
          placeholder="http://jaeger:16686"
          onChange={(e) => onOptionsChange(setJson(options, 'jaegerUrl', e.currentTarget.value.trim() || undefined))}
        />
      </Field>
      <NumberField
        id="llmops-timeout"
        label="Timeout (seconds)"
        ariaLabel="Timeout in seconds"
        description="Per upstream request."
        error={errors.timeoutSeconds}
        value={jsonData.timeoutSeconds}
        placeholder="30"
        onChange={(v) => onOptionsChange(setJson(options, 'timeoutSeconds', v))}
      />
      <NumberField
        id="llmops-max-series"
        label="Max series"
        ariaLabel="Max series"
        description="Queries returning more series fail with a clear error."
        error={errors.maxSeries}
        value={jsonData.maxSeries}
        placeholder="500"
        onChange={(v) => onOptionsChange(setJson(options, 'maxSeries', v))}
      />
      <Field
        label="Target jobs"
        description="Regex of the Prometheus jobs of your serving fleet and exporters. Scrape health (targets down, targets missing) and its alert rules count only these; empty = every target of the Prometheus."
      >
        <Input
          id="llmops-target-jobs"
          aria-label="Target jobs"
          value={jsonData.targetJobs ?? ''}
          placeholder="vllm|sglang|dcgm-exporter|node-exporter"
          onChange={(e) => onOptionsChange(setJson(options, 'targetJobs', e.currentTarget.value.trim() || undefined))}
        />
      </Field>
    </FieldSet>
  );
}
