import React from 'react';
import type { SelectableValue } from '@grafana/data';
import { InlineField, InlineFieldRow, MultiSelect, Select } from '@grafana/ui';

import type { Resources, SignalInfo } from '../../resources';
import { AGGREGATIONS, NORMALIZED_LABELS, type SignalFields as Fields } from '../../types';
import { useAsyncData } from '../../../shared/useAsyncData';
import { FiltersEditor } from './FiltersEditor';
import { AGGREGATION_LABELS, toOptions } from './options';

interface Props {
  value: Fields;
  onChange: (value: Fields) => void;
  resources: Resources;
  /** Prefix for accessible names when several signal pickers are on screen. */
  label?: string;
}

function signalOption(s: SignalInfo): SelectableValue<string> {
  return {
    label: s.available ? s.name : `${s.name} (not detected)`,
    value: s.id,
    description: [s.description, s.unit && `unit: ${s.unit}`].filter(Boolean).join(' · ') || undefined,
  };
}

export function SignalFields({ value, onChange, resources, label = 'Signal' }: Props) {
  const signals = useAsyncData(() => resources.signals(), 'signals');
  const labels = useAsyncData(() => resources.labels(value.signal), `labels:${value.signal ?? ''}`);
  const available = [...(signals.value ?? [])].sort((a, b) => Number(b.available) - Number(a.available));
  const signalOptions = available.map(signalOption);
  if (value.signal && !available.some((s) => s.id === value.signal)) {
    signalOptions.push({ label: value.signal, value: value.signal });
  }
  const labelNames = Array.from(new Set([...NORMALIZED_LABELS, ...(labels.value ?? [])]));
  return (
    <>
      <InlineFieldRow>
        <InlineField label={label} labelWidth={14} tooltip="Signals the backend detected in your Prometheus are listed first." error={signals.error} invalid={Boolean(signals.error)}>
          <Select
            inputId={`${label}-signal`.replace(/\s+/g, '-').toLowerCase()}
            aria-label={`${label} name`}
            width={36}
            isLoading={signals.loading}
            options={signalOptions}
            value={value.signal ?? null}
            allowCustomValue
            onChange={(o) => onChange({ ...value, signal: o?.value })}
          />
        </InlineField>
        <InlineField label="Aggregation" labelWidth={14}>
          <Select
            aria-label={`${label} aggregation`}
            width={22}
            options={AGGREGATIONS.map((a) => ({ label: AGGREGATION_LABELS[a], value: a }))}
            value={value.aggregation ?? null}
            isClearable
            placeholder="Signal default"
            onChange={(o) => onChange({ ...value, aggregation: o?.value })}
          />
        </InlineField>
      </InlineFieldRow>
      <InlineFieldRow>
        <InlineField label="Group by" labelWidth={14} grow>
          <MultiSelect
            aria-label={`${label} group by`}
            options={toOptions(labelNames)}
            value={value.groupBy ?? []}
            allowCustomValue
            isLoading={labels.loading}
            onChange={(opts) => onChange({ ...value, groupBy: opts.map((o) => o.value!).filter(Boolean) })}
          />
        </InlineField>
      </InlineFieldRow>
      <FiltersEditor filters={value.filters ?? {}} labelNames={labelNames} signal={value.signal} resources={resources} onChange={(filters) => onChange({ ...value, filters })} />
    </>
  );
}
