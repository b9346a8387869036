import '../test-utils/browser-apis';
import React from 'react';
import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import type { AppRootProps } from '@grafana/data';
import { beforeEach, describe, expect, it } from 'vitest';

import App from '../components/App/App';
import { installBackendSrv, installDataSources, LLMOPS_DS } from '../test-utils/grafana';

function renderApp(path: string, jsonData = {}) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <App {...({ meta: { jsonData }, basename: '/a/llmops-observability-app', path: '', query: {}, onNavChanged: () => {} } as unknown as AppRootProps)} />
    </MemoryRouter>
  );
}

// The scene pages (Overview, Cost, Root cause and the drill-downs) render Grafana's visualizations,
// which need Grafana's panel plugins: the browser tests (test/browser/app.spec.ts) run them with data
// from the built backend. Here: the routes that render without them.
describe('app pages', () => {
  beforeEach(() => {
    installDataSources([LLMOPS_DS, { uid: 'second', name: 'LLM Ops 2', type: 'llmops-observability-datasource' }]);
    installBackendSrv({
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
    });
  });

  it('explains what to do without a datasource', async () => {
    installDataSources([]);
    renderApp('/cost');
    expect(screen.getByText('No LLM Ops datasource yet')).toBeInTheDocument();
  });

  it('sends the app root to the Overview page', async () => {
    installDataSources([]);
    renderApp('/');
    // No datasource: the scene pages show the notice instead of an empty scene.
    expect(await screen.findByText('No LLM Ops datasource yet')).toBeInTheDocument();
  });
});
