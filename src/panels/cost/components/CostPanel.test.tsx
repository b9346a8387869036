import React from 'react';
import { render, screen, within } from '@testing-library/react';
import { FieldType, LoadingState, createDataFrame, getDefaultTimeRange, type PanelProps } from '@grafana/data';
import { describe, expect, it } from 'vitest';

import { testIds } from '../../../components/testIds';
import { framesFromResponse } from '../../../test-utils/frames';
import byGpuResponse from '../__fixtures__/cost-by-gpu-response.json';
import costResponse from '../__fixtures__/cost-response.json';
import { DEFAULT_OPTIONS, type CostOptions } from '../types';
import { CostPanel } from './CostPanel';

function props(json: unknown, options: Partial<CostOptions> = {}, width = 1000) {
  return {
    data: { series: framesFromResponse(json), state: LoadingState.Done, timeRange: getDefaultTimeRange() },
    options: { ...DEFAULT_OPTIONS, ...options },
    width,
    height: 600,
  } as unknown as PanelProps<CostOptions>;
}

describe('CostPanel', () => {
  it('shows totals, projection, cost per 1M tokens, idle share and savings', () => {
    render(<CostPanel {...props(costResponse)} />);
    const tiles = screen.getByRole('list', { name: 'Cost summary' });
    expect(within(tiles).getByText('Total cost (range)').nextSibling).toHaveTextContent('$1,843');
    expect(within(tiles).getByText('Projected per month').nextSibling).toHaveTextContent('$55K');
    expect(within(tiles).getByText('Cost per 1M tokens').nextSibling).toHaveTextContent('$2.02');
    expect(within(tiles).getByText('Idle GPU share').nextSibling).toHaveTextContent('31%');
    // The fixture has no energy fields: no energy tile.
    expect(within(tiles).queryByText('Energy per 1M tokens')).toBeNull();
    expect(within(tiles).getByText('Possible savings / month').nextSibling).toHaveTextContent('$5,184');
  });

  it('shows energy and carbon per 1M tokens when the cost query reports them', () => {
    const n = (name: string, v: number) => ({ name, type: FieldType.number, values: [v] });
    const summary = createDataFrame({
      name: 'cost_summary',
      fields: [n('total_cost', 100), n('projected_monthly_cost', 3000), n('tokens', 4e6), n('energy_kwh', 2), n('carbon_kg', 0.8), n('kwh_per_1m_tokens', 0.5), { name: 'currency', type: FieldType.string, values: ['USD'] }],
    });
    const byModel = createDataFrame({
      name: 'cost_by_model',
      fields: [{ name: 'model', type: FieldType.string, values: ['llama'] }, n('cost', 100), n('tokens', 4e6), n('cost_per_1m_tokens', 25), n('kwh_per_1m_tokens', 0.5), n('carbon_kg', 0.8)],
    });
    const p = props({ results: {} });
    render(<CostPanel {...p} data={{ ...p.data, series: [summary, byModel] }} />);
    const tiles = screen.getByRole('list', { name: 'Cost summary' });
    const tile = within(tiles).getByText('Energy per 1M tokens');
    expect(tile.nextSibling).toHaveTextContent('0.5 kWh');
    // 0.8 kg over 4M tokens = 0.2 kg per 1M tokens
    expect(tile.nextSibling?.nextSibling).toHaveTextContent('0.2 kg CO2e per 1M tokens');
    const row = within(screen.getByRole('table', { name: 'Cost per 1M tokens by model' })).getAllByRole('row')[1];
    expect(row).toHaveTextContent(/llama.*0\.5.*0\.2/);
  });

  it('renders the per-model table and the savings table with table semantics', () => {
    render(<CostPanel {...props(costResponse)} />);
    const models = screen.getByRole('table', { name: 'Cost per 1M tokens by model' });
    const rows = within(models).getAllByRole('row');
    expect(rows).toHaveLength(4);
    expect(within(rows[1]).getByRole('rowheader')).toHaveTextContent('llama-3.1-70b-instruct');
    const opp = screen.getByRole('table', { name: 'Savings opportunities' });
    expect(within(opp).getAllByRole('row')[1]).toHaveTextContent(/Over-provisioned.*\$2,304/);
  });

  it('totals only the best action per model and marks the alternatives', () => {
    const base = props(costResponse);
    const opportunities = createDataFrame({
      name: 'opportunities',
      fields: [
        { name: 'kind', type: FieldType.string, values: ['api_cheaper', 'quantization'] },
        { name: 'description', type: FieldType.string, values: ['API is cheaper for m', 'Quantise m'] },
        { name: 'entity', type: FieldType.string, values: ['model=m', 'model=m'] },
        { name: 'estimated_monthly_savings', type: FieldType.number, values: [900, 600] },
        { name: 'counted_monthly_savings', type: FieldType.number, values: [900, 0] },
      ],
    });
    const series = [...base.data.series.filter((f) => f.name !== 'opportunities'), opportunities];
    render(<CostPanel {...base} data={{ ...base.data, series }} />);
    expect(screen.getByText('Possible savings / month').nextSibling).toHaveTextContent('$900');
    const rows = within(screen.getByRole('table', { name: 'Savings opportunities' })).getAllByRole('row');
    expect(rows[1]).not.toHaveTextContent('alternative');
    expect(rows[2]).toHaveTextContent(/\$600\s*alternative, not in total/);
  });

  it('stacks the chart by the grouping option and follows the period and currency options', () => {
    render(<CostPanel {...props(costResponse, { period: 'day', currency: 'EUR' })} />);
    expect(screen.getByText('Projected per day').nextSibling).toHaveTextContent('€1,843');
    expect(screen.getByTestId(testIds.costPanel.chart)).toHaveAccessibleName(/Stacked cost over time by model: llama-3.1-70b-instruct/);
    expect(screen.getByTestId(testIds.costPanel.chart).querySelectorAll('polygon')).toHaveLength(3);
  });

  it('uses GPU models when the data is grouped that way', () => {
    render(<CostPanel {...props(byGpuResponse, { grouping: 'gpu_model' })} width={400} />);
    expect(screen.getByRole('heading', { name: 'Cost over time by GPU model' })).toBeInTheDocument();
    expect(screen.getByRole('table', { name: 'Cost by GPU model' })).toHaveTextContent('NVIDIA L4');
  });

  it('hides savings when switched off and shows an empty state without frames', () => {
    const { rerender } = render(<CostPanel {...props(costResponse, { showOpportunities: false })} />);
    expect(screen.queryByRole('table', { name: 'Savings opportunities' })).toBeNull();
    rerender(<CostPanel {...props({ results: {} })} />);
    expect(screen.getByTestId(testIds.costPanel.empty)).toHaveTextContent(/Add queries of type Cost/);
  });
});
