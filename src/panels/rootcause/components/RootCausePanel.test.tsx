import React from 'react';
import { render, screen, within } from '@testing-library/react';
import { LoadingState, getDefaultTimeRange, type PanelProps } from '@grafana/data';
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
});
