import React from 'react';
import { InlineField, InlineFieldRow, InlineSwitch, Select } from '@grafana/ui';

import type { Resources } from '../../resources';
import {
  COST_INSTANT_VIEWS,
  NORMALIZED_LABELS,
  COST_METRIC_VIEWS,
  DEFAULT_COST_METRIC,
  type CostInstantView,
  type CostMetric,
  type CostView,
  type LlmOpsQuery,
} from '../../types';
import { FiltersEditor } from './FiltersEditor';
import { COST_METRIC_OPTIONS, COST_VIEW_OPTIONS } from './options';

interface Props {
  query: LlmOpsQuery;
  onChange: (q: LlmOpsQuery) => void;
  onRunQuery: () => void;
  resources: Resources;
}

const isInstantView = (v: string): v is CostInstantView => (COST_INSTANT_VIEWS as readonly string[]).includes(v);
const metricsFor = (view: CostInstantView) =>
  COST_METRIC_OPTIONS.filter((o) => COST_METRIC_VIEWS[o.value!].includes(view));

/**
 * Cost: the view, and for stat panels and alert rules an instant form that reduces the summary, each
 * model or each GPU model to one number (the metric). Time-series and opportunity views stay tables.
 * Filters (model, namespace, GPU model, any label) choose the part of the fleet to cost.
 */
export function CostFields({ query, onChange, onRunQuery, resources }: Props) {
  const view = (query.view ?? 'summary') as CostView;
  const instant = Boolean(query.instant);
  const instantView = isInstantView(view);
  const set = (patch: Partial<LlmOpsQuery>) => {
    onChange({ ...query, ...patch });
    onRunQuery();
  };
  const changeView = (next: CostView) => {
    if (!isInstantView(next)) {
      return set({ view: next, instant: undefined, metric: undefined });
    }
    // Keep the metric only if the new view computes it (idle cost is per GPU model, not per served model).
    const keep = query.metric && COST_METRIC_VIEWS[query.metric].includes(next);
    set({ view: next, metric: keep ? query.metric : undefined });
  };
  const viewOptions = instant ? COST_VIEW_OPTIONS.filter((o) => isInstantView(o.value!)) : COST_VIEW_OPTIONS;
  const instantError = instant && !instantView ? 'Instant works with Summary, By model and By GPU model' : undefined;
  return (
    <>
      <InlineFieldRow>
        <InlineField label="View" labelWidth={14}>
          <Select
            aria-label="Cost view"
            width={30}
            options={viewOptions}
            value={view}
            onChange={(o) => changeView(o.value as CostView)}
          />
        </InlineField>
        <InlineField
          label="Instant (one value)"
          tooltip="One number for the fleet, each model or each GPU model: for stat panels and alert rules"
          disabled={!instantView && !instant}
          invalid={Boolean(instantError)}
          error={instantError}
        >
          <InlineSwitch
            aria-label="Cost instant"
            value={instant}
            disabled={!instantView && !instant}
            onChange={(e) =>
              set({
                instant: e.currentTarget.checked || undefined,
                metric: e.currentTarget.checked ? query.metric : undefined,
              })
            }
          />
        </InlineField>
        {instant && instantView && (
          <InlineField
            label="Metric"
            labelWidth={10}
            tooltip="Which number per series; units follow the datasource currency"
          >
            <Select
              aria-label="Cost metric"
              width={30}
              options={metricsFor(view)}
              value={query.metric ?? DEFAULT_COST_METRIC}
              onChange={(o) => set({ metric: o.value as CostMetric })}
            />
          </InlineField>
        )}
      </InlineFieldRow>
      <FiltersEditor
        filters={query.filters ?? {}}
        labelNames={NORMALIZED_LABELS}
        resources={resources}
        onChange={(filters) => set({ filters: Object.keys(filters).length ? filters : undefined })}
      />
    </>
  );
}
