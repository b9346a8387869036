import '../../test-utils/browser-apis';
import React from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { COST_METRIC_VIEWS as MODEL_COST_METRIC_VIEWS } from '../../../pkg/model/ids';
import { installBackendSrv } from '../../test-utils/grafana';
import { COST_METRIC_VIEWS } from '../types';
import { choose, EditorHarness } from '../../test-utils/query-editor';

async function optionsOf(label: string): Promise<string[]> {
  await userEvent.click(screen.getByLabelText(label));
  const options = await screen.findAllByRole('option');
  const names = options.map((o) => o.querySelector('span')?.textContent ?? o.textContent ?? '');
  await userEvent.keyboard('{Escape}');
  return names;
}

describe('QueryEditor: cost', () => {
  beforeEach(() => {
    installBackendSrv({});
  });

  it('turns a cost view into one value per model with the metric chosen', async () => {
    const onChange = vi.fn();
    const onRun = vi.fn();
    render(
      <EditorHarness initial={{ refId: 'A', queryType: 'cost', view: 'by_model' }} onChange={onChange} onRun={onRun} />
    );
    // Cost has its own toggle; the generic one is not shown twice.
    expect(screen.queryByLabelText('Instant')).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Cost metric')).not.toBeInTheDocument();
    await userEvent.click(screen.getByLabelText('Cost instant'));
    expect(onChange).toHaveBeenLastCalledWith({
      refId: 'A',
      queryType: 'cost',
      view: 'by_model',
      instant: true,
      metric: undefined,
    });
    expect(screen.getByText('Instant (one value)')).toBeInTheDocument();
    // Default metric shown; per-model views do not offer idle cost (it is priced per GPU model).
    expect(screen.getByText('Cost per 1M tokens')).toBeInTheDocument();
    const metrics = await optionsOf('Cost metric');
    expect(metrics).toContain('Idle share');
    expect(metrics).not.toContain('Idle GPU cost per hour');
    await choose('Cost metric', 'Projected monthly cost');
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ instant: true, metric: 'projected_monthly_cost' })
    );
    expect(onRun).toHaveBeenCalledTimes(2);
  });

  it('keeps a metric across views only where the view computes it', async () => {
    const onChange = vi.fn();
    render(
      <EditorHarness
        initial={{ refId: 'A', queryType: 'cost', view: 'by_gpu_model', instant: true, metric: 'idle_cost_per_hour' }}
        onChange={onChange}
        onRun={vi.fn()}
      />
    );
    expect(screen.getByText('Idle GPU cost per hour')).toBeInTheDocument();
    // Instant views only while instant is on.
    expect(await optionsOf('Cost view')).toEqual(['Summary', 'By model', 'By GPU model']);
    await choose('Cost view', 'Summary');
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ view: 'summary', metric: 'idle_cost_per_hour' })
    );
    await choose('Cost view', 'By model');
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ view: 'by_model', instant: true, metric: undefined })
    );
    expect(screen.getByText('Cost per 1M tokens')).toBeInTheDocument();
  });

  it('offers no instant form for the over-time view', async () => {
    const onChange = vi.fn();
    render(
      <EditorHarness
        initial={{ refId: 'A', queryType: 'cost', view: 'over_time' }}
        onChange={onChange}
        onRun={vi.fn()}
      />
    );
    expect(screen.getByLabelText('Cost instant')).toBeDisabled();
    await userEvent.click(screen.getByLabelText('Cost instant'));
    expect(onChange).not.toHaveBeenCalled();
    expect(screen.queryByLabelText('Cost metric')).not.toBeInTheDocument();
  });

  it('flags a saved instant query on a view that has no single value, and turning it off clears the metric', async () => {
    const onChange = vi.fn();
    render(
      <EditorHarness
        initial={{ refId: 'A', queryType: 'cost', view: 'opportunities', instant: true, metric: 'total_cost' }}
        onChange={onChange}
        onRun={vi.fn()}
      />
    );
    expect(screen.getByText('Instant works with Summary, By model and By GPU model')).toBeInTheDocument();
    await userEvent.click(screen.getByLabelText('Cost instant'));
    expect(onChange).toHaveBeenLastCalledWith({
      refId: 'A',
      queryType: 'cost',
      view: 'opportunities',
      instant: undefined,
      metric: undefined,
    });
    expect(screen.queryByText('Instant works with Summary, By model and By GPU model')).not.toBeInTheDocument();
  });

  it('filters the cost by a label, values from label-values', async () => {
    const requests = installBackendSrv({
      '/api/datasources/uid/llmops/resources/signal-label-values': (req) => ({
        data: (req.params as { label: string }).label === 'namespace' ? ['team-a', 'team-b'] : [],
      }),
    });
    const onChange = vi.fn();
    const onRun = vi.fn();
    render(<EditorHarness initial={{ refId: 'A', queryType: 'cost', view: 'by_model' }} onChange={onChange} onRun={onRun} />);
    await userEvent.click(screen.getByRole('button', { name: 'Add label filter' }));
    await choose('Filter new label', 'namespace');
    await choose('Filter namespace value', 'team-b');
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', queryType: 'cost', view: 'by_model', filters: { namespace: 'team-b' } });
    expect(onRun).toHaveBeenCalled();
    expect(requests.find((r) => r.url.endsWith('/signal-label-values'))?.params).toEqual({ label: 'namespace' });
    await userEvent.click(screen.getByRole('button', { name: 'Remove filter namespace' }));
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', queryType: 'cost', view: 'by_model', filters: undefined });
  });

  it('offers exactly the metric/view pairs the backend accepts', () => {
    expect(COST_METRIC_VIEWS).toEqual(MODEL_COST_METRIC_VIEWS);
  });
});
