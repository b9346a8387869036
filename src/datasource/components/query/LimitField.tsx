import React from 'react';
import { InlineField, Input } from '@grafana/ui';

/** pkg/model accepts 1–1500 traces for both trace search and the compliance scan. */
const MAX_LIMIT = 1500;

export function limitError(limit: number | undefined): string | undefined {
  return limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= MAX_LIMIT)
    ? `A whole number from 1 to ${MAX_LIMIT}`
    : undefined;
}

interface Props {
  value: number | undefined;
  /** The backend's default, shown as the placeholder. */
  defaultLimit: number;
  labelWidth: number;
  tooltip?: string;
  /** Every keystroke; the query is run on blur, and only when the limit is valid. */
  onChange: (limit: number | undefined) => void;
  onRunQuery: () => void;
}

/** How many traces a Jaeger search reads (per service for the compliance scan). */
export function LimitField({ value, defaultLimit, labelWidth, tooltip, onChange, onRunQuery }: Props) {
  const error = limitError(value);
  return (
    <InlineField label="Limit" labelWidth={labelWidth} tooltip={tooltip} invalid={Boolean(error)} error={error}>
      <Input
        aria-label="Limit"
        type="number"
        min={1}
        max={MAX_LIMIT}
        width={12}
        value={value ?? ''}
        placeholder={String(defaultLimit)}
        onChange={(e) => onChange(e.currentTarget.value ? Number(e.currentTarget.value) : undefined)}
        onBlur={() => !error && onRunQuery()}
      />
    </InlineField>
  );
}
