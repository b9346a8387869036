import React from 'react';
import { Field, Input } from '@grafana/ui';

import { numberOrUndefined } from './update';

interface Props {
  id: string;
  label: string;
  ariaLabel: string;
  description?: string;
  error?: string;
  width?: number;
  placeholder: string;
  value: number | undefined;
  /** The typed number, or undefined when the field is cleared (the backend default then applies). */
  onChange: (value: number | undefined) => void;
}

/** A labelled number input of the datasource settings, with its validation error. */
export function NumberField({
  id,
  label,
  ariaLabel,
  description,
  error,
  width = 16,
  placeholder,
  value,
  onChange,
}: Props) {
  return (
    <Field label={label} description={description} invalid={Boolean(error)} error={error}>
      <Input
        id={id}
        aria-label={ariaLabel}
        type="number"
        width={width}
        value={value ?? ''}
        placeholder={placeholder}
        onChange={(e) => onChange(numberOrUndefined(e.currentTarget.value))}
      />
    </Field>
  );
}
