import { FieldType, type DataFrame } from '@grafana/data';
import { firstValueFrom, of } from 'rxjs';
import { describe, expect, it } from 'vitest';

import { ALERT_PACK } from '../alerting/pack.generated';
import { activeAlertsByModel, modelOf, ruleRows, rowsForModels, type PromRulesResponse, type RuleRow } from '../alerting/ruleState';
import { DATASOURCE_TYPE } from '../constants';
import { installBackendSrv, installDataSources, LLMOPS_DS } from '../test-utils/grafana';
import { alertColumnOperator, ALERTING_UNAVAILABLE, FIRING_COLUMN, loadAlertCounts, withAlertColumn } from './firingAlerts';
import { joinByLabel } from './fleetTable';

const table = (): DataFrame =>
  joinByLabel(
    [
      { refId: 'status', length: 1, fields: [{ name: 'v', type: FieldType.number, config: {}, labels: { model: 'a' }, values: [0] }] },
      { refId: 'status', length: 1, fields: [{ name: 'v', type: FieldType.number, config: {}, labels: { model: 'b' }, values: [2] }] },
    ],
    'model',
    'Model',
    [{ refId: 'status', name: 'Status' }]
  );

/** The rule-state API as Grafana answers a Viewer: two pack rules with alerts, one rule of another team. */
function prom(): PromRulesResponse {
  const packRule = (uid: string) => ALERT_PACK.groups.flatMap((g) => g.rules).find((r) => r.uid === uid)!;
  const rule = (uid: string, state: string, alerts: NonNullable<PromRulesResponse['data']['groups'][number]['rules'][number]['alerts']>) => ({
    uid,
    name: packRule(uid).title,
    state,
    health: 'ok',
    type: 'alerting',
    labels: packRule(uid).labels,
    alerts,
  });
  return {
    status: 'success',
    data: {
      groups: [
        {
          name: 'llmops-serving',
          file: 'LLM Ops',
          rules: [
            rule('llmops-error-ratio-high', 'firing', [
              { state: 'Alerting', labels: { model: 'a', engine: 'vllm' }, annotations: {} },
              { state: 'Pending', labels: { model: 'b', engine: 'vllm' }, annotations: {} },
              // Resolved instances are not active.
              { state: 'Normal', labels: { model: 'c' }, annotations: {} },
            ]),
            rule('llmops-preemptions-high', 'firing', [
              { state: 'Alerting', labels: { model: 'a', instance: 'vllm-0:8000' }, annotations: {} },
              { state: 'Alerting', labels: { model: 'a', instance: 'vllm-1:8000' }, annotations: {} },
            ]),
            // Instances of GPUs name no model: counted for none.
            rule('llmops-gpu-temperature', 'firing', [{ state: 'Alerting', labels: { hostname: 'gpu-node-1', gpu: '0' }, annotations: {} }]),
          ],
        },
        {
          name: 'infra',
          file: 'Infra',
          rules: [{ name: 'Someone else’s', state: 'firing', type: 'alerting', alerts: [{ state: 'Alerting', labels: { model: 'a' }, annotations: {} }] }],
        },
      ],
    },
  };
}

const rows = (): RuleRow[] => ruleRows(prom(), undefined, ALERT_PACK, ['llmops'], DATASOURCE_TYPE);

describe('active alerts per model', () => {
  it('counts firing and pending instances of LLM Ops rules by model, not resolved ones, not other teams’ rules', () => {
    expect(Object.fromEntries(activeAlertsByModel(rows()))).toEqual({ a: 3, b: 1 });
  });

  it('reads the model from `model` or the engines’ `model_name`', () => {
    expect(modelOf({ model_name: 'x' })).toBe('x');
    expect(modelOf({ model: 'y', model_name: 'x' })).toBe('y');
    expect(modelOf({ hostname: 'h' })).toBeUndefined();
  });

  it('filters rules to a model, with that model’s instances and state', () => {
    const forB = rowsForModels(rows(), ['b']);
    expect(forB.map((r) => [r.uid, r.status, r.alerts.length])).toEqual([['llmops-error-ratio-high', 'pending', 1]]);
    expect(rowsForModels(rows(), undefined)).toHaveLength(3);
    expect(rowsForModels(rows(), ['nobody'])).toEqual([]);
  });
});

describe('the landing table’s firing-alerts column', () => {
  it('adds a count per model row, 0 where none fire', () => {
    const out = withAlertColumn(table(), 'Model', { counts: activeAlertsByModel(rows()) });
    const column = out.fields.find((f) => f.name === FIRING_COLUMN)!;
    expect(out.fields.map((f) => f.name)).toEqual(['Model', 'Status', FIRING_COLUMN]);
    expect(column.values).toEqual([3, 1]);
    expect(out.meta?.notices ?? []).toEqual([]);
  });

  it('when alerting is not available, leaves the table whole and says so in the column and a notice', () => {
    const before = table();
    const out = withAlertColumn(before, 'Model', { error: 'Forbidden' });
    expect(out.fields.slice(0, 2)).toEqual(before.fields);
    const column = out.fields.find((f) => f.name === FIRING_COLUMN)!;
    expect(column.values).toEqual([null, null]);
    expect(column.config.noValue).toBe(ALERTING_UNAVAILABLE);
    expect(column.config.description).toBe('Alerting not available: Forbidden');
    expect(out.meta?.notices).toEqual([{ severity: 'warning', text: 'Alerting not available: Forbidden' }]);
  });

  it('as a transformation, joins what the loader answers onto the table', async () => {
    const op = alertColumnOperator('Model', async () => ({ counts: new Map([['b', 2]]) }))();
    const [out] = await firstValueFrom(of([table()]).pipe(op));
    expect(out.fields.find((f) => f.name === FIRING_COLUMN)!.values).toEqual([0, 2]);
  });
});

describe('reading the counts as a Viewer', () => {
  it('asks only the rule-state API Viewers can read, never the ruler API', async () => {
    installDataSources([LLMOPS_DS]);
    const requests = installBackendSrv({ '/api/prometheus/grafana/api/v1/rules': prom, '/api/ruler/': () => ({}) });
    const result = await loadAlertCounts();
    expect('counts' in result && Object.fromEntries(result.counts)).toEqual({ a: 3, b: 1 });
    expect(requests.map((r) => r.url)).toEqual(['/api/prometheus/grafana/api/v1/rules']);
  });

  it('turns a refusal or an answer that is not rule state into the reason, never a throw', async () => {
    installDataSources([LLMOPS_DS]);
    installBackendSrv({
      '/api/prometheus/grafana/api/v1/rules': () => {
        throw { status: 403, data: { message: 'Access denied' } };
      },
    });
    expect(await loadAlertCounts()).toEqual({ error: 'Access denied' });
    installBackendSrv({ '/api/prometheus/grafana/api/v1/rules': () => '<html>login</html>' });
    expect(await loadAlertCounts()).toEqual({ error: 'unexpected answer from /api/prometheus/grafana/api/v1/rules' });
  });
});
