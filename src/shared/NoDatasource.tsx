import React from 'react';
import { Alert, LinkButton } from '@grafana/ui';

/** Shown by every page when no LLM Ops datasource exists yet. */
export function NoDatasource() {
  return (
    <Alert severity="info" title="No LLM Ops datasource yet">
      <p>Add a datasource of type “LLM Ops” pointing at your Prometheus (and optionally Jaeger), or provision one.</p>
      <LinkButton href="/connections/datasources/new" icon="plus" variant="primary" size="sm">
        Add datasource
      </LinkButton>
    </Alert>
  );
}
