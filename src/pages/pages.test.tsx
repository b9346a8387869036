import '../test-utils/browser-apis';
import React from 'react';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import type { AppRootProps } from '@grafana/data';
import { beforeEach, describe, expect, it } from 'vitest';

import App from '../components/App/App';
import { testIds } from '../components/testIds';
import costResponse from '../panels/cost/__fixtures__/cost-response.json';
import rootcauseResponse from '../panels/rootcause/__fixtures__/rootcause-response.json';
import { installBackendSrv, installDataSources, LLMOPS_DS } from '../test-utils/grafana';

function renderApp(path: string, jsonData = {}) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <App {...({ meta: { jsonData }, basename: '/a/llmops-observability-app', path: '', query: {}, onNavChanged: () => {} } as unknown as AppRootProps)} />
    </MemoryRouter>
  );
}

describe('app pages', () => {
  let requests: ReturnType<typeof installBackendSrv>;
  beforeEach(() => {
    installDataSources([LLMOPS_DS, { uid: 'second', name: 'LLM Ops 2', type: 'llmops-observability-datasource' }]);
    requests = installBackendSrv({
      '/api/datasources/uid/llmops/health': () => ({ status: 'OK', message: 'Prometheus reachable; 3 engines detected' }),
      '/api/datasources/uid/second/health': () => ({ status: 'OK', message: 'second datasource' }),
      // Shapes as the backend answers (pkg/datasource/resources).
      '/api/datasources/uid/llmops/resources/engines': () => ({ engines: [{ engine: 'vllm', title: 'vLLM' }, { engine: 'sglang', title: 'SGLang' }] }),
      '/api/datasources/uid/llmops/resources/signal-label-values': (req) =>
        ({ data: (req.params as { label: string }).label === 'model' ? ['qwen-7b', 'llama-70b'] : ['NVIDIA H100 80GB HBM3', 'NVIDIA L4'] }),
      '/api/plugins/llmops-observability-app/dashboards': () => [
        { title: 'LLM serving overview', path: 'dashboards/llm-serving-overview.json', imported: true, importedUrl: '/d/llmops-overview/llm-serving-overview' },
        { title: 'GPU fleet', path: 'dashboards/gpu-fleet.json', imported: false },
      ],
      '/api/ds/query': (req) => {
        const q = (req.data as { queries: Array<{ queryType: string }> }).queries[0];
        return q.queryType === 'cost' ? costResponse : rootcauseResponse;
      },
    });
  });

  it('Overview shows health, engines, models, GPUs and dashboard links', async () => {
    renderApp('/overview');
    const health = screen.getByTestId(testIds.overview.health);
    expect(await within(health).findByText(/Prometheus reachable/)).toBeInTheDocument();
    expect(within(health).getByText('Healthy')).toBeInTheDocument();
    const detected = screen.getByTestId(testIds.overview.detected);
    expect(await within(detected).findByText('vllm, sglang')).toBeInTheDocument();
    expect(within(detected).getByText('llama-70b, qwen-7b')).toBeInTheDocument();
    expect(within(detected).getByText('NVIDIA H100 80GB HBM3, NVIDIA L4')).toBeInTheDocument();
    const dashboards = screen.getByTestId(testIds.overview.dashboards);
    expect(await within(dashboards).findByRole('link', { name: 'LLM serving overview' })).toHaveAttribute('href', '/d/llmops-overview/llm-serving-overview');
    expect(within(dashboards).getByText(/not imported yet/)).toBeInTheDocument();
  });

  it('Overview uses the datasource chosen in the app settings', async () => {
    renderApp('/overview', { defaultDatasourceUid: 'second' });
    expect(await screen.findByText('second datasource')).toBeInTheDocument();
    expect(requests.some((r) => r.url === '/api/datasources/uid/llmops/health')).toBe(false);
  });

  it('Overview reports an unhealthy datasource', async () => {
    installBackendSrv({
      '/api/datasources/uid/llmops/health': () => {
        throw { status: 400, data: { status: 'ERROR', message: 'Prometheus at http://p:9090 is unreachable' } };
      },
    });
    renderApp('/overview');
    expect(await screen.findByText(/unreachable/)).toBeInTheDocument();
    expect(screen.getByText('Unhealthy')).toBeInTheDocument();
  });

  it('Cost runs one cost query per view and shows the results', async () => {
    renderApp('/cost');
    expect(await screen.findByRole('table', { name: 'Cost per 1M tokens by model' })).toBeInTheDocument();
    const body = requests.find((r) => r.url === '/api/ds/query')!.data as { queries: Array<{ view: string; datasource: { uid: string } }> };
    expect(body.queries.map((q) => q.view)).toEqual(['summary', 'by_model', 'over_time', 'opportunities']);
    expect(body.queries[0].datasource.uid).toBe('llmops');
  });

  it('Root cause analyses the chosen target and lists hypotheses', async () => {
    renderApp('/root-cause');
    expect(await screen.findAllByTestId(testIds.rootCausePanel.hypothesis)).toHaveLength(3);
    type Sent = { queries: Array<{ target: { signal: string; groupBy: string[] } }> };
    // Per-model TTFT p95 by default, not a fleet-wide percentile.
    const first = requests.find((r) => r.url === '/api/ds/query')!.data as Sent;
    expect(first.queries[0].target).toMatchObject({ signal: 'ttft', groupBy: ['model'] });
    await userEvent.click(screen.getByLabelText('Target signal'));
    await userEvent.click(await screen.findByText('End-to-end latency'));
    await userEvent.click(screen.getByTestId(testIds.rootCause.run));
    await waitFor(() => {
      const last = requests.filter((r) => r.url === '/api/ds/query').at(-1)!.data as Sent;
      expect(last.queries[0].target).toMatchObject({ signal: 'e2e_latency', groupBy: ['model'] });
    });
  });

  it('explains what to do without a datasource', async () => {
    installDataSources([]);
    renderApp('/cost');
    expect(screen.getByText('No LLM Ops datasource yet')).toBeInTheDocument();
  });
});
