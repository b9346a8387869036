import React, { useState } from 'react';
import type { SelectableValue } from '@grafana/data';
import { InlineField, InlineFieldRow, Input, MultiSelect, Select } from '@grafana/ui';

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
  /** Show the legend field (the signal query itself; anomaly and root-cause inputs name their own series). */
  showLegend?: boolean;
}

/** Order of the areas in the picker (pkg/signals/areas.ts); unknown areas follow, then "Other". */
const AREA_ORDER = ['Health', 'Latency', 'Throughput', 'Errors', 'Scheduler and KV cache', 'GPU', 'Energy and cost', 'Host'];

/**
 * Signals grouped by area (catalog order inside a group, detected signals first), so ~40 signals read
 * as eight short lists. A backend without areas gives one flat list.
 */
export function groupedSignalOptions(signals: SignalInfo[]): Array<SelectableValue<string>> {
  if (!signals.some((s) => s.area)) {
    return [...signals].sort((a, b) => Number(b.available) - Number(a.available)).map(signalOption);
  }
  const groups = new Map<string, SignalInfo[]>();
  for (const s of signals) {
    const area = s.area ?? 'Other';
    groups.set(area, [...(groups.get(area) ?? []), s]);
  }
  const rank = (a: string) => (AREA_ORDER.includes(a) ? AREA_ORDER.indexOf(a) : a === 'Other' ? 1e9 : AREA_ORDER.length);
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([area, list]) => ({
      label: area,
      options: [...list].sort((a, b) => Number(b.available) - Number(a.available)).map(signalOption),
    }));
}

function signalOption(s: SignalInfo): SelectableValue<string> {
  return {
    label: s.available ? s.name : `${s.name} (not detected)`,
    value: s.id,
    description: [s.description, s.unit && `unit: ${s.unit}`].filter(Boolean).join(' · ') || undefined,
  };
}

export function SignalFields({ value, onChange, resources, label = 'Signal', showLegend = false }: Props) {
  const signals = useAsyncData(() => resources.signals(), 'signals');
  const labels = useAsyncData(() => resources.labels(value.signal), `labels:${value.signal ?? ''}`);
  const all = signals.value ?? [];
  const signalOptions = groupedSignalOptions(all);
  if (value.signal && !all.some((s) => s.id === value.signal)) {
    signalOptions.push({ label: value.signal, value: value.signal });
  }
  const labelNames = Array.from(new Set([...NORMALIZED_LABELS, ...(labels.value ?? [])]));
  return (
    <>
      <InlineFieldRow>
        <InlineField label={label} labelWidth={14} tooltip="Grouped by area; in each group the signals detected in your Prometheus come first." error={signals.error} invalid={Boolean(signals.error)}>
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
      {showLegend && <LegendField key={value.legendFormat ?? ''} label={label} value={value.legendFormat} groupBy={value.groupBy ?? []} onChange={(legendFormat) => onChange({ ...value, legendFormat })} />}
    </>
  );
}

/** The legend template, committed on blur (each change runs the query); a new saved value remounts it. */
function LegendField({ label, value, groupBy, onChange }: { label: string; value?: string; groupBy: string[]; onChange: (v: string | undefined) => void }) {
  const [text, setText] = useState(value ?? '');
  const example = groupBy.length ? groupBy.map((l) => `{{${l}}}`).join(' ') : '{{model}}';
  return (
    <InlineFieldRow>
      <InlineField label="Legend" labelWidth={14} tooltip="Series name from labels, e.g. {{model}} on {{instance}}; empty = signal, aggregation and label values. Labels are the group-by labels plus engine.">
        <Input
          aria-label={`${label} legend format`}
          width={40}
          value={text}
          placeholder={example}
          onChange={(e) => setText(e.currentTarget.value)}
          onBlur={() => (text || undefined) !== value && onChange(text || undefined)}
        />
      </InlineField>
    </InlineFieldRow>
  );
}
