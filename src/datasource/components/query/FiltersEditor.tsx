import React, { useState } from 'react';
import { Button, IconButton, InlineField, InlineFieldRow, Select } from '@grafana/ui';

import { escapeRegex } from '../../interpolation';
import type { FilterValue, LabelFilters } from '../../types';
import type { Resources } from '../../resources';
import { useAsyncData } from '../../../shared/useAsyncData';
import { toOptions } from './options';

interface Props {
  filters: LabelFilters;
  labelNames: string[];
  signal?: string;
  resources: Resources;
  onChange: (filters: LabelFilters) => void;
}

/** How a stored filter reads in the value box (the model also allows arrays and explicit matchers). */
export function filterText(v: FilterValue): string {
  if (typeof v === 'string') {
    return v;
  }
  if (Array.isArray(v)) {
    return `/${v.map((x) => escapeRegex(x)).join('|')}/`;
  }
  return v.op === '=' ? v.value : v.op === '=~' ? `/${v.value}/` : `${v.op}${v.value}`;
}

/** Label filter rows: a label (autocomplete from `labels`) and a value or regex (from `label-values`). */
export function FiltersEditor({ filters, labelNames, signal, resources, onChange }: Props) {
  const entries = Object.entries(filters);
  const [adding, setAdding] = useState(false);
  const setRow = (oldLabel: string | undefined, label: string, value: FilterValue) => {
    const next: LabelFilters = {};
    for (const [k, v] of entries) {
      if (k !== oldLabel) {
        next[k] = v;
      }
    }
    next[label] = value;
    onChange(next);
  };
  const remove = (label: string) => onChange(Object.fromEntries(entries.filter(([k]) => k !== label)));
  return (
    <>
      {entries.map(([label, value]) => (
        <FilterRow key={label} label={label} value={filterText(value)} labelNames={labelNames} signal={signal} resources={resources} onChange={(l, v) => setRow(label, l, v === filterText(value) ? value : v)} onRemove={() => remove(label)} />
      ))}
      {adding && (
        <FilterRow
          label=""
          value=""
          labelNames={labelNames.filter((l) => !(l in filters))}
          signal={signal}
          resources={resources}
          onChange={(l, v) => {
            setAdding(false);
            setRow(undefined, l, v);
          }}
          onRemove={() => setAdding(false)}
        />
      )}
      {!adding && (
        <Button variant="secondary" size="sm" icon="filter" onClick={() => setAdding(true)} aria-label="Add label filter">
          Filter
        </Button>
      )}
    </>
  );
}

interface RowProps {
  label: string;
  value: string;
  labelNames: string[];
  signal?: string;
  resources: Resources;
  onChange: (label: string, value: string) => void;
  onRemove: () => void;
}

function FilterRow({ label, value, labelNames, signal, resources, onChange, onRemove }: RowProps) {
  const [pendingLabel, setPendingLabel] = useState(label);
  const values = useAsyncData(() => (pendingLabel ? resources.labelValues(pendingLabel, signal) : Promise.resolve([])), `values:${pendingLabel}:${signal ?? ''}`);
  const name = pendingLabel || 'new';
  const valueOptions = toOptions(values.value ?? []);
  if (value && !valueOptions.some((o) => o.value === value)) {
    valueOptions.unshift({ label: value, value });
  }
  return (
    <InlineFieldRow>
      <InlineField label="Label" labelWidth={14}>
        <Select
          aria-label={`Filter ${name} label`}
          width={20}
          options={toOptions(labelNames)}
          value={pendingLabel || null}
          allowCustomValue
          onChange={(o) => {
            setPendingLabel(o?.value ?? '');
            if (o?.value && value) {
              onChange(o.value, value);
            }
          }}
        />
      </InlineField>
      <InlineField label="=" tooltip="An exact value, or a regex between slashes such as /vllm|sglang/" error={values.error} invalid={Boolean(values.error)}>
        <Select
          aria-label={`Filter ${name} value`}
          width={32}
          options={valueOptions}
          value={value || null}
          isLoading={values.loading}
          allowCustomValue
          disabled={!pendingLabel}
          onChange={(o) => o?.value !== undefined && pendingLabel && onChange(pendingLabel, o.value)}
        />
      </InlineField>
      {/* IconButton's accessible name is its tooltip (an aria-label is ignored). */}
      <IconButton name="times" tooltip={`Remove filter ${name}`} onClick={onRemove} />
    </InlineFieldRow>
  );
}
