import '../../test-utils/browser-apis';
import React from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';

import { installBackendSrv } from '../../test-utils/grafana';
import { choose, EditorHarness } from '../../test-utils/query-editor';

const resource = (path: string) => `/api/datasources/uid/llmops/resources/${path}`;

describe('QueryEditor', () => {
  let requests: ReturnType<typeof installBackendSrv>;
  beforeEach(() => {
    requests = installBackendSrv({
      [resource('signals')]: () => ({
        signals: [
          { id: 'ttft', title: 'Time to first token', unit: 's', available: true },
          { id: 'gpu_power', title: 'GPU power', unit: 'watt', available: false },
        ],
      }),
      // Shapes as the backend answers (pkg/datasource/resources): { data: [...] }.
      [resource('labels')]: () => ({ data: ['__name__', 'model_name', 'instance', 'tenant'] }),
      [resource('signal-label-values')]: (req) => ({ data: (req.params as { label: string }).label === 'model' ? ['llama-70b', 'qwen-7b'] : ['x'] }),
      [resource('metrics')]: () => ({ data: ['vllm:num_requests_running'], truncated: false }),
      [resource('jaeger/services')]: () => ['gateway', 'vllm'],
      [resource('jaeger/operations')]: (req) => ((req.params as { service: string }).service === 'gateway' ? ['POST /v1/chat/completions'] : []),
    });
  });

  it('lists signals with their availability and changes the signal', async () => {
    const onChange = vi.fn();
    const onRun = vi.fn();
    render(<EditorHarness initial={{ refId: 'A', queryType: 'signal', signal: 'ttft', aggregation: 'p95' }} onChange={onChange} onRun={onRun} />);
    await userEvent.click(screen.getByLabelText('Signal name'));
    expect(await screen.findByText('GPU power (not detected)')).toBeInTheDocument();
    await userEvent.click(screen.getByText('GPU power (not detected)'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ signal: 'gpu_power', aggregation: 'p95' }));
    expect(onRun).toHaveBeenCalled();
  });

  it('groups signals by area, detected ones first in each group', async () => {
    installBackendSrv({
      [resource('signals')]: () => ({
        signals: [
          { id: 'gpu_power', title: 'GPU power', area: 'Energy and cost', available: true },
          { id: 'e2e_latency', title: 'End-to-end latency', area: 'Latency', available: false },
          { id: 'ttft', title: 'Time to first token', area: 'Latency', available: true },
          { id: 'gpu_utilization', title: 'GPU utilisation', area: 'GPU', available: true },
          { id: 'request_rate', title: 'Request rate', area: 'Throughput', available: true },
        ],
      }),
      [resource('labels')]: () => ({ data: [] }),
    });
    const onChange = vi.fn();
    render(<EditorHarness initial={{ refId: 'A', queryType: 'signal', signal: 'gpu_power' }} onChange={onChange} onRun={vi.fn()} />);
    // The chosen signal is found inside its group.
    expect(await screen.findByText('GPU power')).toBeInTheDocument();
    await userEvent.click(screen.getByLabelText('Signal name'));
    await screen.findByText('End-to-end latency (not detected)');
    const menu = screen.getByLabelText('Select options menu');
    const text = menu.textContent ?? '';
    const order = ['Latency', 'Time to first token', 'End-to-end latency (not detected)', 'Throughput', 'Request rate', 'GPU', 'GPU utilisation', 'Energy and cost'];
    const at = order.map((t) => text.indexOf(t));
    expect(at.every((i) => i >= 0), text).toBe(true);
    expect([...at].sort((x, y) => x - y)).toEqual(at);
    await userEvent.click(screen.getByText('Request rate'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ signal: 'request_rate' }));
  });

  it('sets the legend format on blur, with the group-by labels as the example', async () => {
    const onChange = vi.fn();
    const onRun = vi.fn();
    render(<EditorHarness initial={{ refId: 'A', queryType: 'signal', signal: 'ttft', groupBy: ['model', 'instance'] }} onChange={onChange} onRun={onRun} />);
    const legend = screen.getByLabelText('Signal legend format');
    expect(legend).toHaveAttribute('placeholder', '{{model}} {{instance}}');
    await userEvent.type(legend, '{{{{model}} on {{{{instance}}');
    expect(onChange).not.toHaveBeenCalled();
    await userEvent.tab();
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ legendFormat: '{{model}} on {{instance}}' }));
    expect(onRun).toHaveBeenCalledTimes(1);
  });

  it('offers group-by labels from the labels resource', async () => {
    const onChange = vi.fn();
    render(<EditorHarness initial={{ refId: 'A', queryType: 'signal', signal: 'ttft' }} onChange={onChange} onRun={vi.fn()} />);
    await waitFor(() => expect(requests.some((r) => r.url.endsWith('/resources/labels'))).toBe(true));
    await choose('Signal group by', 'tenant');
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ groupBy: ['tenant'] }));
  });

  it('adds a label filter with values autocompleted from label-values', async () => {
    const onChange = vi.fn();
    render(<EditorHarness initial={{ refId: 'A', queryType: 'signal', signal: 'ttft' }} onChange={onChange} onRun={vi.fn()} />);
    await userEvent.click(screen.getByRole('button', { name: 'Add label filter' }));
    await choose('Filter new label', 'model');
    await choose('Filter model value', 'qwen-7b');
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ filters: { model: 'qwen-7b' } }));
    expect(requests.find((r) => r.url.endsWith('/signal-label-values'))?.params).toEqual({ label: 'model', signal: 'ttft' });
  });

  it('switches query type and keeps only the fields of the new type', async () => {
    const onChange = vi.fn();
    const onRun = vi.fn();
    render(<EditorHarness initial={{ refId: 'A', queryType: 'signal', signal: 'ttft' }} onChange={onChange} onRun={onRun} />);
    await choose('Query type', 'Cost');
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', queryType: 'cost', view: 'summary', datasource: undefined, hide: undefined, instant: undefined });
    await choose('Cost view', 'By model');
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ view: 'by_model' }));
    expect(onRun).toHaveBeenCalledTimes(2);
  });

  it('turns a signal query into an anomaly query on the same signal', async () => {
    const onChange = vi.fn();
    render(<EditorHarness initial={{ refId: 'A', queryType: 'signal', signal: 'ttft', aggregation: 'p99' }} onChange={onChange} onRun={vi.fn()} />);
    await choose('Query type', 'Anomaly');
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ queryType: 'anomaly', source: expect.objectContaining({ queryType: 'signal', signal: 'ttft', aggregation: 'p99' }), detector: { sensitivity: 0.5 } })
    );
    await choose('Detector seasonality', 'Weekly');
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ detector: { sensitivity: 0.5, seasonality: 'weekly' } }));
    await userEvent.type(screen.getByLabelText('Detector history'), '3 days');
    expect(screen.getByText('Use a duration such as 12h, 3d or 2w')).toBeInTheDocument();
    // The operational detector (default) has an adaptation horizon; the NAB preset has none.
    await userEvent.type(screen.getByLabelText('Detector adaptation horizon'), '90m');
    await userEvent.tab();
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ detector: expect.objectContaining({ adaptAfter: '90m' }) }));
    await choose('Detector method', 'NAB');
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ detector: expect.objectContaining({ method: 'nab' }) }));
    expect(screen.queryByLabelText('Detector adaptation horizon')).not.toBeInTheDocument();
  });

  it('turns a query into a root-cause query per model by default', async () => {
    const onChange = vi.fn();
    render(<EditorHarness initial={{ refId: 'A', queryType: 'promql', expr: '' }} onChange={onChange} onRun={vi.fn()} />);
    await choose('Query type', 'Root cause');
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ queryType: 'rootcause', target: { queryType: 'signal', signal: 'ttft', aggregation: 'p95', groupBy: ['model'] } }));
  });

  it('PromQL: the metric browser appends a metric to the expression (typing is tested in the browser, where Monaco runs)', async () => {
    const onChange = vi.fn();
    render(<EditorHarness initial={{ refId: 'A', queryType: 'promql', expr: 'sum(' }} onChange={onChange} onRun={vi.fn()} />);
    expect(screen.getByLabelText('PromQL editor')).toBeInTheDocument();
    await choose('PromQL metric browser', 'vllm:num_requests_running');
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ expr: 'sum(vllm:num_requests_running' }));
  });

  it('searches traces by service and operation from Jaeger and validates min duration and limit', async () => {
    const onChange = vi.fn();
    render(<EditorHarness initial={{ refId: 'A', queryType: 'traces' }} onChange={onChange} onRun={vi.fn()} />);
    await choose('Service', 'gateway');
    await choose('Operation', 'POST /v1/chat/completions');
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ service: 'gateway', operation: 'POST /v1/chat/completions' }));
    await userEvent.type(screen.getByLabelText('Min duration'), '5 seconds');
    expect(screen.getByText('Use a duration such as 250ms, 1.5s or 2m')).toBeInTheDocument();
    // Same 1–1500 bound as the compliance scan (pkg/model).
    await userEvent.type(screen.getByLabelText('Limit'), '0');
    expect(screen.getByText('A whole number from 1 to 1500')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Tags'), 'http.status_code=500 gen_ai.request.model="llama 70b"');
    await userEvent.tab();
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ tags: { 'http.status_code': '500', 'gen_ai.request.model': 'llama 70b' } }));
  });

  it('switches to a compliance scan and edits service, operation, limit and view', async () => {
    const onChange = vi.fn();
    const onRun = vi.fn();
    render(<EditorHarness initial={{ refId: 'A', queryType: 'signal', signal: 'ttft' }} onChange={onChange} onRun={onRun} />);
    await choose('Query type', 'Compliance');
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', queryType: 'compliance', service: '', view: 'findings', datasource: undefined, hide: undefined, instant: undefined });
    // No service means "scan every service": runnable as is.
    expect(screen.queryByText('Query not run yet')).not.toBeInTheDocument();
    await choose('Service', 'gateway');
    await choose('Operation', 'POST /v1/chat/completions');
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ service: 'gateway', operation: 'POST /v1/chat/completions' }));
    await userEvent.type(screen.getByLabelText('Limit'), '5000');
    expect(screen.getByText('A whole number from 1 to 1500')).toBeInTheDocument();
    await userEvent.clear(screen.getByLabelText('Limit'));
    await userEvent.type(screen.getByLabelText('Limit'), '250');
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ limit: 250 }));
    await choose('Compliance view', 'Over time');
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ view: 'over_time', queryType: 'compliance' }));
  });

  it('says what is missing and validates trace ids', async () => {
    render(<EditorHarness initial={{ refId: 'A', queryType: 'trace', traceId: '' }} onChange={vi.fn()} onRun={vi.fn()} />);
    expect(screen.getByText('Enter a trace ID')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Trace ID'), 'not-hex');
    expect(screen.getByText('A trace ID is 16 or 32 hex characters')).toBeInTheDocument();
  });
});
