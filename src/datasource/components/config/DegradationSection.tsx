import React from 'react';
import { FieldSet } from '@grafana/ui';

import type { SettingsErrors } from '../../configValidation';
import type { DegradationThresholdSettings } from '../../types';
import type { ConfigProps } from './ConfigEditor';
import { NumberField } from './NumberField';
import { setJson } from './update';

/**
 * The latency SLOs the degradation level compares TTFT and E2E latency with. The per-input level
 * thresholds stay in jsonData.degradationThresholds (provisioning or the API; see the README).
 */
export function DegradationSection({ options, onOptionsChange, errors }: ConfigProps & { errors: SettingsErrors }) {
  const current = options.jsonData.degradationThresholds ?? {};
  const set = (key: 'ttftSloSeconds' | 'e2eSloSeconds', value: number | undefined) => {
    const next: DegradationThresholdSettings = { ...current, [key]: value };
    if (next[key] === undefined) {
      delete next[key];
    }
    onOptionsChange(setJson(options, 'degradationThresholds', Object.keys(next).length ? next : undefined));
  };
  return (
    <FieldSet label="Degradation level">
      <NumberField id="llmops-ttft-slo" label="TTFT SLO (seconds)" ariaLabel="TTFT SLO seconds" description="p95 time to first token above this counts as degraded (default 2)." error={errors.ttftSloSeconds} width={12} value={current.ttftSloSeconds} placeholder="2" onChange={(v) => set('ttftSloSeconds', v)} />
      <NumberField id="llmops-e2e-slo" label="E2E latency SLO (seconds)" ariaLabel="E2E latency SLO seconds" description="p95 end-to-end latency above this counts as degraded (default 30)." error={errors.e2eSloSeconds} width={12} value={current.e2eSloSeconds} placeholder="30" onChange={(v) => set('e2eSloSeconds', v)} />
    </FieldSet>
  );
}
