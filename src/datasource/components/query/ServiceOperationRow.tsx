import React from 'react';
import { InlineField, InlineFieldRow, Select } from '@grafana/ui';

import type { Resources } from '../../resources';
import { useAsyncData } from '../../../shared/useAsyncData';
import { toOptions } from './options';

interface Props {
  service?: string;
  operation?: string;
  resources: Resources;
  /** Called with the new pair; choosing a service clears the operation. */
  onChange: (patch: { service?: string; operation?: string }) => void;
  /** When set, an empty service means "all services" and is shown with this placeholder. */
  allServicesLabel?: string;
  serviceTooltip?: string;
}

/** Jaeger service and operation pickers, filled from the backend's `jaeger/services` and `jaeger/operations`. */
export function ServiceOperationRow({
  service,
  operation,
  resources,
  onChange,
  allServicesLabel,
  serviceTooltip,
}: Props) {
  const services = useAsyncData(() => resources.services(), 'services');
  const operations = useAsyncData(
    () => (service ? resources.operations(service) : Promise.resolve([])),
    `operations:${service ?? ''}`
  );
  const emptyService = allServicesLabel ? '' : undefined;
  return (
    <InlineFieldRow>
      <InlineField
        label="Service"
        labelWidth={14}
        tooltip={serviceTooltip}
        error={services.error}
        invalid={Boolean(services.error)}
      >
        <Select
          aria-label="Service"
          width={30}
          isLoading={services.loading}
          options={toOptions(services.value ?? [])}
          value={service || null}
          placeholder={allServicesLabel}
          isClearable
          allowCustomValue
          onChange={(o) => onChange({ service: o?.value ?? emptyService, operation: undefined })}
        />
      </InlineField>
      <InlineField label="Operation" labelWidth={14} error={operations.error} invalid={Boolean(operations.error)}>
        <Select
          aria-label="Operation"
          width={30}
          isLoading={operations.loading}
          disabled={!service}
          options={toOptions(operations.value ?? [])}
          value={operation ?? null}
          isClearable
          allowCustomValue
          onChange={(o) => onChange({ service, operation: o?.value })}
        />
      </InlineField>
    </InlineFieldRow>
  );
}
