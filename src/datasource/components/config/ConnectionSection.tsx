import React from 'react';
import { Field, FieldSet, Input } from '@grafana/ui';

import type { SettingsErrors } from '../../configValidation';
import type { ConfigProps } from './ConfigEditor';
import { numberOrUndefined, setJson } from './update';

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
      <Field label="Timeout (seconds)" description="Per upstream request." invalid={Boolean(errors.timeoutSeconds)} error={errors.timeoutSeconds}>
        <Input
          id="llmops-timeout"
          aria-label="Timeout in seconds"
          type="number"
          width={16}
          value={jsonData.timeoutSeconds ?? ''}
          placeholder="30"
          onChange={(e) => onOptionsChange(setJson(options, 'timeoutSeconds', numberOrUndefined(e.currentTarget.value)))}
        />
      </Field>
      <Field label="Max series" description="Queries returning more series fail with a clear error." invalid={Boolean(errors.maxSeries)} error={errors.maxSeries}>
        <Input
          id="llmops-max-series"
          aria-label="Max series"
          type="number"
          width={16}
          value={jsonData.maxSeries ?? ''}
          placeholder="500"
          onChange={(e) => onOptionsChange(setJson(options, 'maxSeries', numberOrUndefined(e.currentTarget.value)))}
        />
      </Field>
    </FieldSet>
  );
}
