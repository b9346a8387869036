import '../../test-utils/browser-apis';
import React from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DataSourceInstanceSettings } from '@grafana/data';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { installBackendSrv } from '../../test-utils/grafana';
import { DataSource } from '../datasource';
import type { LlmOpsJsonData } from '../types';
import { VariableQueryEditor, definitionOf } from './VariableQueryEditor';

const settings = { uid: 'llmops', name: 'LLM Ops', type: 'llmops-observability-datasource', jsonData: {}, meta: {} } as unknown as DataSourceInstanceSettings<LlmOpsJsonData>;

describe('VariableQueryEditor', () => {
  beforeEach(() => installBackendSrv({ '/api/datasources/uid/llmops/resources/labels': () => ['tenant'] }));

  it('edits a label-values query with labels from the backend and saves a readable definition', async () => {
    const onChange = vi.fn();
    render(<VariableQueryEditor query="label_values(model)" onChange={onChange} datasource={new DataSource(settings)} />);
    await userEvent.click(screen.getByLabelText('Variable label'));
    await userEvent.click(await screen.findByText('tenant'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ kind: 'label-values', label: 'tenant' }), 'label_values(tenant)');
  });

  it('switches to trace operations', async () => {
    const onChange = vi.fn();
    render(<VariableQueryEditor query={{ refId: 'v', kind: 'signals' }} onChange={onChange} datasource={new DataSource(settings)} />);
    await userEvent.click(screen.getByLabelText('Variable query kind'));
    await userEvent.click(await screen.findByText('Trace operations'));
    await userEvent.type(screen.getByLabelText('Variable service'), 'gateway');
    await userEvent.tab();
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ kind: 'operations', service: 'gateway' }), 'operations(gateway)');
  });

  it('writes definitions for every kind', () => {
    expect(definitionOf({ refId: 'v', kind: 'label-values', signal: 'ttft', label: 'model' })).toBe('label_values(ttft, model)');
    expect(definitionOf({ refId: 'v', kind: 'engines' })).toBe('engines()');
  });
});
