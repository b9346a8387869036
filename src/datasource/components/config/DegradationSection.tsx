import React from 'react';
import { Field, FieldSet, Input } from '@grafana/ui';

import type { SettingsErrors } from '../../configValidation';
import type { DegradationThresholdSettings } from '../../types';
import type { ConfigProps } from './ConfigEditor';
import { numberOrUndefined, setJson } from './update';

/**
 * The latency SLOs the degradation level compares TTFT and E2E latency with. The per-input level
 * thresholds stay in jsonData.degradationThresholds (provisioning or the API; see the README).
 */
export function DegradationSection({ options, onOptionsChange, errors }: ConfigProps & { errors: SettingsErrors }) {
  const current = options.jsonData.degradationThresholds ?? {};
  const set = (key: 'ttftSloSeconds' | 'e2eSloSeconds', text: string) => {
    const next: DegradationThresholdSettings = { ...current, [key]: numberOrUndefined(text) };
    if (next[key] === undefined) {
      delete next[key];
    }
    onOptionsChange(setJson(options, 'degradationThresholds', Object.keys(next).length ? next : undefined));
  };
  return (
    <FieldSet label="Degradation level">
      <Field label="TTFT SLO (seconds)" description="p95 time to first token above this counts as degraded (default 2)." invalid={Boolean(errors.ttftSloSeconds)} error={errors.ttftSloSeconds}>
        <Input id="llmops-ttft-slo" aria-label="TTFT SLO seconds" type="number" width={12} value={current.ttftSloSeconds ?? ''} placeholder="2" onChange={(e) => set('ttftSloSeconds', e.currentTarget.value)} />
      </Field>
      <Field label="E2E latency SLO (seconds)" description="p95 end-to-end latency above this counts as degraded (default 30)." invalid={Boolean(errors.e2eSloSeconds)} error={errors.e2eSloSeconds}>
        <Input id="llmops-e2e-slo" aria-label="E2E latency SLO seconds" type="number" width={12} value={current.e2eSloSeconds ?? ''} placeholder="30" onChange={(e) => set('e2eSloSeconds', e.currentTarget.value)} />
      </Field>
    </FieldSet>
  );
}
