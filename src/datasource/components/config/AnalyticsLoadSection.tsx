import React from 'react';
import { FieldSet } from '@grafana/ui';

import type { SettingsErrors } from '../../configValidation';
import type { ConfigProps } from './ConfigEditor';
import { NumberField } from './NumberField';
import { setJson } from './update';

/** How much analytic work (anomaly, root cause, cost, compliance) may load Prometheus at once. */
export function AnalyticsLoadSection({ options, onOptionsChange, errors }: ConfigProps & { errors: SettingsErrors }) {
  const { jsonData } = options;
  return (
    <FieldSet label="Analytics load">
      <NumberField
        id="llmops-max-concurrent-analytics"
        label="Analytic queries at once"
        ariaLabel="Analytic queries at once"
        description="Anomaly, root cause, cost and compliance queries running at once; the others wait their turn (per user)."
        error={errors.maxConcurrentAnalytics}
        value={jsonData.maxConcurrentAnalytics}
        placeholder="2"
        onChange={(v) => onOptionsChange(setJson(options, 'maxConcurrentAnalytics', v))}
      />
      <NumberField
        id="llmops-analytics-queue-seconds"
        label="Longest wait for a turn (seconds)"
        ariaLabel="Analytics queue seconds"
        description="Then the query fails with “the datasource is busy, retry”. Default: half the timeout."
        error={errors.analyticsQueueSeconds}
        value={jsonData.analyticsQueueSeconds}
        placeholder="15"
        onChange={(v) => onOptionsChange(setJson(options, 'analyticsQueueSeconds', v))}
      />
      <NumberField
        id="llmops-max-analytics-upstream-requests"
        label="Analytic requests to Prometheus at once"
        ariaLabel="Analytic upstream requests at once"
        description="Panel queries are not counted and never wait for these. Raise with Prometheus' spare cores."
        error={errors.maxAnalyticsUpstreamRequests}
        value={jsonData.maxAnalyticsUpstreamRequests}
        placeholder="1"
        onChange={(v) => onOptionsChange(setJson(options, 'maxAnalyticsUpstreamRequests', v))}
      />
    </FieldSet>
  );
}
