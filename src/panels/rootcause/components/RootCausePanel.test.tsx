import React from 'react';
import { render, screen, within } from '@testing-library/react';
import { FieldType, LoadingState, createDataFrame, getDefaultTimeRange, type PanelProps } from '@grafana/data';
import { describe, expect, it } from 'vitest';

import { testIds } from '../../../components/testIds';
import { framesFromResponse } from '../../../test-utils/frames';
import emptyResponse from '../__fixtures__/rootcause-empty-response.json';
import response from '../__fixtures__/rootcause-response.json';
import { DEFAULT_OPTIONS, type RootCauseOptions } from '../types';
import { RootCausePanel } from './RootCausePanel';

function props(json: unknown, options: Partial<RootCauseOptions> = {}, width = 800) {
  return {
    data: { series: framesFromResponse(json), state: LoadingState.Done, timeRange: getDefaultTimeRange() },
    options: { ...DEFAULT_OPTIONS, ...options },
    width,
    height: 600,
  } as unknown as PanelProps<RootCauseOptions>;
}

describe('RootCausePanel', () => {
  it('lists hypotheses in rank order with confidence, evidence sparklines and the trace link', () => {
    render(<RootCausePanel {...props(response)} />);
    const list = screen.getByRole('list', { name: /hypotheses, most likely first/i });
    const items = within(list).getAllByTestId(testIds.rootCausePanel.hypothesis);
    expect(items).toHaveLength(3);
    expect(within(items[0]).getByRole('heading', { name: /KV-cache saturation/ })).toBeInTheDocument();
    expect(within(items[0]).getByRole('meter', { name: 'Confidence 86%' })).toBeInTheDocument();
    expect(within(items[0]).getAllByRole('img', { name: /kv_cache_usage: from .* to .*/ })).toHaveLength(1);
    expect(within(items[0]).getByRole('link', { name: /open example trace/i })).toHaveAttribute('href', expect.stringContaining('/trace/4bf92f35'));
    expect(within(items[1]).queryByRole('link')).toBeNull();
  });

  it('applies the minimum confidence and count options', () => {
    render(<RootCausePanel {...props(response, { minConfidence: 0.4, maxHypotheses: 1 })} />);
    expect(screen.getAllByTestId(testIds.rootCausePanel.hypothesis)).toHaveLength(1);
    expect(screen.getByText(/2 more hypotheses/)).toBeInTheDocument();
  });

  it('explains what it needs when there is nothing to show', () => {
    render(<RootCausePanel {...props(emptyResponse)} />);
    expect(screen.getByTestId(testIds.rootCausePanel.empty)).toHaveTextContent(/needs a Root cause query/);
  });

  it('shows "no incident in this range" as a result, with the searched target', () => {
    const message = 'No incident in this range: no series of ttft (fleet, per model or per instance) moved beyond its normal range for long enough, and none stopped reporting.';
    const table = createDataFrame({
      name: 'rootcause',
      meta: { custom: { status: 'no_incident', message } },
      fields: [
        { name: 'rank', type: FieldType.number, values: [] },
        { name: 'hypothesis', type: FieldType.string, values: [] },
      ],
    });
    const target = createDataFrame({
      name: 'evidence:ttft',
      meta: { custom: { role: 'target' } },
      fields: [
        { name: 'time', type: FieldType.time, values: [1, 2, 3] },
        { name: 'ttft', type: FieldType.number, values: [0.2, 0.21, 0.2] },
      ],
    });
    const p = props({ results: {} });
    render(<RootCausePanel {...p} data={{ ...p.data, series: [table, target] }} />);
    const status = screen.getByTestId(testIds.rootCausePanel.noIncident);
    expect(status).toHaveRole('status');
    expect(status).toHaveTextContent('No incident in this range');
    expect(status).toHaveTextContent(/moved beyond its normal range/);
    expect(screen.queryByTestId(testIds.rootCausePanel.empty)).toBeNull();
    expect(screen.queryByTestId(testIds.rootCausePanel.hypothesis)).toBeNull();
  });

  it('says where the detected incident is and that it is still going', () => {
    const table = createDataFrame({
      name: 'rootcause',
      meta: { custom: { status: 'analysed', message: 'ttft rose 300 % on instance=b from 2026-11-20 13:30 UTC, still going (30 min so far)', incidentOngoing: true, incidentStart: 1, incidentEnd: 2 } },
      fields: [
        { name: 'rank', type: FieldType.number, values: [1] },
        { name: 'hypothesis', type: FieldType.string, values: ['KV-cache saturation and preemption'] },
        { name: 'confidence', type: FieldType.number, values: [0.9] },
        { name: 'evidence', type: FieldType.string, values: ['kv_cache_usage rose'] },
      ],
    });
    const target = createDataFrame({
      name: 'evidence:ttft',
      meta: { custom: { role: 'target', incidentStart: 1_764_000_000_000, incidentEnd: 1_764_000_600_000 } },
      fields: [
        { name: 'time', type: FieldType.time, values: [1, 2] },
        { name: 'ttft', type: FieldType.number, values: [0.2, 0.9] },
      ],
    });
    const p = props({ results: {} });
    render(<RootCausePanel {...p} data={{ ...p.data, series: [table, target] }} />);
    expect(screen.getByTestId(testIds.rootCausePanel.incident)).toHaveTextContent(/rose 300 % on instance=b .* still going/);
    expect(screen.getByText(/still going$/)).toBeInTheDocument();
    expect(screen.getAllByTestId(testIds.rootCausePanel.hypothesis)).toHaveLength(1);
  });
});
