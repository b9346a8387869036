import React from 'react';
import { InlineField, InlineFieldRow, Select } from '@grafana/ui';

import type { Resources } from '../../resources';
import type { LlmOpsQuery } from '../../types';
import { LimitField } from './LimitField';
import { COMPLIANCE_VIEW_OPTIONS } from './options';
import { ServiceOperationRow } from './ServiceOperationRow';

interface Props {
  query: LlmOpsQuery;
  onChange: (q: LlmOpsQuery) => void;
  onRunQuery: () => void;
  resources: Resources;
}

export const COMPLIANCE_DEFAULT_LIMIT = 100;

/** Compliance scan of span attributes: which service (empty = all), operation, traces per service, view. */
export function ComplianceFields({ query, onChange, onRunQuery, resources }: Props) {
  const set = (patch: Partial<LlmOpsQuery>, run = true) => {
    onChange({ ...query, ...patch });
    if (run) {
      onRunQuery();
    }
  };
  return (
    <>
      <ServiceOperationRow
        service={query.service}
        operation={query.operation}
        resources={resources}
        allServicesLabel="All services"
        serviceTooltip="Traces of this Jaeger service are scanned; empty scans every service"
        onChange={(patch) => set(patch)}
      />
      <InlineFieldRow>
        <LimitField
          value={query.limit}
          defaultLimit={COMPLIANCE_DEFAULT_LIMIT}
          labelWidth={14}
          tooltip="Most recent traces scanned per service"
          onChange={(limit) => set({ limit }, false)}
          onRunQuery={onRunQuery}
        />
        <InlineField label="View" labelWidth={10}>
          <Select
            aria-label="Compliance view"
            width={30}
            options={COMPLIANCE_VIEW_OPTIONS}
            value={query.view ?? 'findings'}
            onChange={(o) => set({ view: o.value as LlmOpsQuery['view'] })}
          />
        </InlineField>
      </InlineFieldRow>
    </>
  );
}
