import '../../test-utils/browser-apis';
import React from 'react';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { OrgRole } from '@grafana/data';
import { config, locationService } from '@grafana/runtime';
import { MemoryRouter } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { CustomVariable, EmbeddedScene, SceneFlexItem, SceneFlexLayout, SceneVariableSet } from '@grafana/scenes';

import { ALERT_PACK } from '../../alerting/pack.generated';
import type { PromRulesResponse, RulerResponse } from '../../alerting/ruleState';
import { testIds } from '../../components/testIds';
import { installBackendSrv, installDataSources, LLMOPS_DS } from '../../test-utils/grafana';
import { AlertRules } from './AlertRules';

const pack = (uid: string) => ALERT_PACK.groups.flatMap((g) => g.rules).find((r) => r.uid === uid)!;

/** The pack as installed for datasource `llmops`, as the ruler API returns it; the queue-time threshold tuned to 5 s. */
function ruler(): RulerResponse {
  const rules = ALERT_PACK.groups
    .flatMap((g) => g.rules)
    .map((r) => {
      const data = structuredClone(r.data).map((q) =>
        q.datasourceUid === 'llmops-ds' ? { ...q, datasourceUid: 'llmops' } : q
      );
      if (r.uid === 'llmops-queue-time-high') {
        (
          data.find((q) => q.model?.type === 'threshold')!.model!.conditions as Array<{
            evaluator: { params: number[] };
          }>
        )[0]!.evaluator.params = [5];
      }
      return {
        for: r.for,
        labels: r.labels,
        annotations: r.annotations,
        grafana_alert: { uid: r.uid, title: r.title, condition: r.condition, data },
      };
    });
  return {
    'LLM Ops': [{ name: 'llmops', rules }],
    Infra: [
      {
        name: 'infra',
        rules: [
          {
            for: '1m',
            grafana_alert: {
              uid: 'other',
              title: 'Disk full',
              condition: 'A',
              data: [{ refId: 'A', datasourceUid: 'prom', model: {} }],
            },
          },
        ],
      },
    ],
  };
}

function prom(): PromRulesResponse {
  const rule = (
    uid: string,
    state: string,
    alerts: PromRulesResponse['data']['groups'][number]['rules'][number]['alerts'] = []
  ) => {
    const r = pack(uid);
    return {
      uid,
      name: r.title,
      state,
      health: 'ok',
      type: 'alerting',
      labels: r.labels,
      annotations: r.annotations,
      alerts,
    };
  };
  return {
    status: 'success',
    data: {
      groups: [
        {
          name: 'llmops',
          file: 'LLM Ops',
          rules: [
            rule('llmops-kv-cache-critical', 'inactive'),
            rule('llmops-ttft-slo-burn-fast', 'inactive'),
            rule('llmops-queue-time-high', 'firing', [
              {
                state: 'Alerting',
                labels: { model: 'llama-3.1-8b', severity: 'P1' },
                annotations: { summary: 'llama-3.1-8b: requests wait 7.2s (p95) before they are scheduled' },
                activeAt: '2026-01-07T21:50:00Z',
              },
            ]),
            rule('llmops-gpu-idle-allocated', 'firing', [
              {
                state: 'Alerting',
                labels: { hostname: 'gpu-node-1', gpu: '3' },
                annotations: { summary: '{{ $labels.gpu }} idle' },
              },
            ]),
          ],
        },
        {
          name: 'infra',
          file: 'Infra',
          rules: [{ uid: 'other', name: 'Disk full', state: 'firing', health: 'ok', type: 'alerting' }],
        },
      ],
    },
  };
}

/** The rule list in a scene, as the Alerts page has it; `models` set the page's Model variable. */
const renderPage = (models?: string[]) => {
  const rules = new AlertRules();
  const scene = new EmbeddedScene({
    $variables: new SceneVariableSet({
      variables: models
        ? [new CustomVariable({ name: 'model', query: 'llama-3.1-8b,qwen-7b', isMulti: true, includeAll: true, value: models, text: models })]
        : [],
    }),
    body: new SceneFlexLayout({ children: [new SceneFlexItem({ body: rules })] }),
  });
  return render(
    <MemoryRouter>
      <scene.Component model={scene} />
    </MemoryRouter>
  );
};

const PROM = '/api/prometheus/grafana/api/v1/rules';
const RULER = '/api/ruler/grafana/api/v1/rules';

describe('Alerts page', () => {
  beforeEach(() => {
    installDataSources([LLMOPS_DS]);
    config.bootData.user.orgRole = OrgRole.Viewer;
    config.bootData.user.isGrafanaAdmin = false;
    locationService.push('/a/llmops-observability-app/alerts');
  });
  afterEach(() => {
    config.bootData.user.orgRole = OrgRole.Viewer;
  });

  it('reads state a Viewer can read, lists firing rules first then by severity, with thresholds in words', async () => {
    const requests = installBackendSrv({ [PROM]: prom, [RULER]: ruler });
    renderPage();
    const table = await screen.findByTestId(testIds.alerts.rules);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('rowheader').querySelector('a')!.textContent)).toEqual([
      'Requests wait too long in the queue', // firing, P1
      'GPU allocated but idle', // firing, P2
      'TTFT SLO burning fast', // P0
      'KV cache saturated', // P2
    ]);
    // The tuned threshold (5 s), read from the rule itself, in words; never "> 0".
    expect(rows[0]).toHaveTextContent('queue time p95 > 5 s for 5 m');
    expect(rows[0]).toHaveTextContent('model llama-3.1-8b: llama-3.1-8b: requests wait 7.2s');
    expect(rows[2]).toHaveTextContent('TTFT error-budget burn rate > 14.4× over 1h and > 14.4× over 5m for 2 m');
    expect(rows[1]).toHaveTextContent('GPU utilisation < 10 % (45 min mean) while memory used > 10 % for 15 m');
    expect(table.textContent).not.toMatch(/\{\{|\$labels|> 0\b/);
    expect(screen.queryByText('Disk full')).toBeNull();
    expect(screen.queryByRole('button', { name: /Install alert rules/ })).toBeNull();
    expect(requests.map((r) => r.url)).not.toContain('/api/v1/provisioning/alert-rules');
  });

  it('without permission to read definitions, shows the shipped thresholds and says so', async () => {
    installBackendSrv({
      [PROM]: prom,
      [RULER]: () => {
        throw { status: 403, data: { message: 'forbidden' } };
      },
    });
    renderPage();
    const table = await screen.findByTestId(testIds.alerts.rules);
    expect(table).toHaveTextContent('queue time p95 > 2 s for 5 m (as shipped)');
  });

  it('filtered to a model (the landing table\'s link), lists only the rules with alerts on it', async () => {
    installBackendSrv({ [PROM]: prom, [RULER]: ruler });
    renderPage(['llama-3.1-8b']);
    const table = await screen.findByTestId(testIds.alerts.rules);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('rowheader').querySelector('a')!.textContent)).toEqual([
      'Requests wait too long in the queue',
    ]);
    expect(screen.getByTestId(testIds.alerts.filter)).toHaveTextContent('llama-3.1-8b (1 of 4 rules)');
  });

  it('filtered to a model without alerts, says so instead of an empty table', async () => {
    installBackendSrv({ [PROM]: prom, [RULER]: ruler });
    renderPage(['qwen-7b']);
    expect(await screen.findByText('No firing or pending alerts on qwen-7b')).toBeInTheDocument();
    expect(screen.queryByTestId(testIds.alerts.rules)).toBeNull();
  });

  it('when the rule-state API fails, says alerting is not available and why', async () => {
    installBackendSrv({
      [PROM]: () => {
        throw { status: 500, data: { message: 'alerting is disabled' } };
      },
      [RULER]: ruler,
    });
    renderPage();
    expect(await screen.findByText('Alerting not available: could not read alert rule state')).toBeInTheDocument();
    expect(screen.getByText('alerting is disabled')).toBeInTheDocument();
    expect(screen.queryByTestId(testIds.alerts.rules)).toBeNull();
  });

  it('opens the runbook section a rule links to (runbook_url)', async () => {
    installBackendSrv({ [PROM]: prom, [RULER]: ruler });
    locationService.push('/a/llmops-observability-app/alerts?runbook=llmops-queue-backlog');
    renderPage();
    const book = await screen.findByTestId('data-testid llmops runbook');
    expect(book).toHaveTextContent('Runbook: Request queue not draining (P1)');
    expect(book).toHaveTextContent('waiting requests > 5 in every sample of 10 min for 5 m');
    expect(within(book).getByRole('link', { name: /Open the panel/ })).toHaveAttribute(
      'href',
      `/d/llmops-serving-overview?viewPanel=${pack('llmops-queue-backlog').annotations.__panelId__}`
    );
  });

  it('lets an Editor install the pack into a new folder, with X-Disable-Provenance', async () => {
    config.bootData.user.orgRole = OrgRole.Editor;
    const puts: Array<{ url: string; headers?: Record<string, string>; data: unknown }> = [];
    installBackendSrv({
      [PROM]: () => ({ status: 'success', data: { groups: [] } }),
      [RULER]: () => ({}),
      '/api/folders': (req) =>
        req.method === 'POST' ? { uid: 'new-folder', title: (req.data as { title: string }).title } : [],
      '/api/v1/provisioning/': (req) => {
        if (req.method === 'PUT') {
          puts.push({ url: req.url, headers: req.headers as Record<string, string>, data: req.data });
          return req.data;
        }
        throw { status: 404, data: { message: 'not found' } };
      },
    });
    renderPage();
    expect(await screen.findByText('No LLM Ops alert rules yet')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /Install alert rules/ }));
    await userEvent.click(await screen.findByRole('button', { name: 'Check what will change' }));
    const plan = await screen.findByTestId('data-testid llmops install plan');
    const total = ALERT_PACK.groups.flatMap((g) => g.rules).length;
    expect(plan).toHaveTextContent(`${total} rules to create or update`);
    await userEvent.click(screen.getByRole('button', { name: `Install ${total} rules` }));
    expect(await screen.findByText('Alert rules installed')).toBeInTheDocument();
    await waitFor(() => expect(puts).toHaveLength(ALERT_PACK.groups.length));
    for (const p of puts) {
      expect(p.url).toMatch(/^\/api\/v1\/provisioning\/folder\/new-folder\/rule-groups\/llmops-/);
      expect(p.headers).toMatchObject({ 'X-Disable-Provenance': 'true' });
    }
    const sent = JSON.stringify(puts.map((p) => p.data));
    expect(sent).toContain('"datasourceUid":"llmops"');
    expect(sent).not.toContain('llmops-ds');
  });
});
