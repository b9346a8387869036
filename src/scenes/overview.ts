/**
 * The landing page: fleet tiles (single fleet numbers) above one row per model with its status,
 * SLO attainment, traffic, latency, errors and cost; each model opens its drill-down page.
 */
import { CustomVariable, EmbeddedScene, SceneAppPage, SceneDataTransformer, SceneFlexLayout, SceneReactObject, SceneVariableSet, PanelBuilders } from '@grafana/scenes';
import { TableCellDisplayMode, ThresholdsMode, VariableRefresh } from '@grafana/schema';

import { SIGNAL_LEVELS, SLO_ATTAINMENT_LEVELS } from '../../pkg/model/signal-levels';
import { ROUTES } from '../constants';
import { prefixRoute } from '../utils/routing';
import { item, modelVariable, pageControls, queryRunner, timeRange, transformed, urls } from './common';
import { DashboardLinks } from './DashboardLinks';
import { DEGRADATION_MAPPINGS } from './degradation';
import { alertColumnOperator, FIRING_COLUMN } from './firingAlerts';
import { joinByLabelOperator, sumSeriesOperator, type TableColumn } from './fleetTable';
import { modelDrilldown } from './model';
import { series, tile } from './panels';
import { costQuery, promqlQuery, signalQuery, ttftSloAttainmentExpr } from './queries';

export const MODEL_FILTER = { model: '$model' };

/** Columns of the models table, in display order (refIds of the queries below). */
export const MODEL_COLUMNS: TableColumn[] = [
  { refId: 'status', name: 'Status' },
  { refId: 'slo', name: 'SLO attainment' },
  { refId: 'rps', name: 'Requests/s', combine: 'sum' },
  { refId: 'ttft', name: 'TTFT p95' },
  { refId: 'e2e', name: 'E2E p95' },
  { refId: 'errors', name: 'Error ratio' },
  { refId: 'cost', name: 'Cost / 1M tokens' },
];

export function modelsTableQueries() {
  const perModel = { groupBy: ['model'], filters: MODEL_FILTER, instant: true };
  return [
    signalQuery('status', 'degradation_level', { ...perModel, aggregation: 'max' }),
    // A raw (backtick) PromQL string: the regex format escapes with backslashes, which "…" would reinterpret.
    promqlQuery('slo', ttftSloAttainmentExpr('${ttft_slo}', 'model_name=~`${model:regex}`'), { instant: true }),
    signalQuery('rps', 'request_rate', { ...perModel, aggregation: 'rate' }),
    signalQuery('ttft', 'ttft', { ...perModel, aggregation: 'p95' }),
    signalQuery('e2e', 'e2e_latency', { ...perModel, aggregation: 'p95' }),
    signalQuery('errors', 'error_ratio', { ...perModel, aggregation: 'ratio' }),
    costQuery('cost', 'by_model', { instant: true, metric: 'cost_per_million_tokens' }),
  ];
}

/**
 * Status, latency and error columns share the level vocabulary and the SLO-relative colours; the error
 * ratio and SLO attainment take theirs from the table of signal levels, so a cell turns red where the
 * alert rule fires.
 */
export function modelsTable(dsUid: string, currency: string) {
  const green = (steps: Array<[number, string]>) => ({ mode: ThresholdsMode.Absolute, steps: [{ value: -Infinity, color: 'green' }, ...steps.map(([value, color]) => ({ value, color }))] });
  return PanelBuilders.table()
    .setTitle('Models')
    .setDescription('One row per model: status is the degradation level now (0 normal … 4 emergency), latencies and errors are the last 5 minutes; SLO attainment (share of requests with TTFT within the TTFT SLO variable) and cost cover the picked range. Firing alerts counts the firing and pending alert instances of the LLM Ops rules that name the model. Open a model for its instances, GPUs, hosts, traces and root cause.')
    .setData(
      new SceneDataTransformer({
        $data: queryRunner(dsUid, modelsTableQueries()),
        transformations: [joinByLabelOperator('model', 'Model', MODEL_COLUMNS), alertColumnOperator('Model')],
      })
    )
    .setOption('showHeader', true)
    .setNoValue('–')
    .setOption('cellHeight', 'sm' as never)
    // Cells coloured by their own thresholds (text colour), not by a per-column palette colour.
    .setColor({ mode: 'thresholds' })
    .setThresholds({ mode: ThresholdsMode.Absolute, steps: [{ value: -Infinity, color: 'text' }] })
    .setOverrides((b) =>
      b
        .matchFieldsWithName('Model')
        .overrideCustomFieldConfig('minWidth', 200)
        .overrideLinks([{ title: 'Open ${__value.text}', url: `${prefixRoute(ROUTES.Overview)}/model/\${__value.raw}?\${__url_time_range}&\${ttft_slo:queryparam}` }])
        .matchFieldsWithName('Status')
        .overrideMappings(DEGRADATION_MAPPINGS)
        .overrideCustomFieldConfig('cellOptions', { type: TableCellDisplayMode.ColorBackground })
        .overrideCustomFieldConfig('width', 120)
        .matchFieldsWithName('SLO attainment')
        .overrideUnit('percentunit')
        .overrideDecimals(1)
        // Base "text": a model whose engine has no TTFT histogram shows a neutral "–", not a red one.
        .overrideThresholds({
          mode: ThresholdsMode.Absolute,
          steps: [{ value: -Infinity, color: 'text' }, { value: 0, color: 'red' }, { value: SLO_ATTAINMENT_LEVELS.crit, color: 'orange' }, { value: SLO_ATTAINMENT_LEVELS.warn, color: 'green' }],
        })
        .overrideCustomFieldConfig('cellOptions', { type: TableCellDisplayMode.ColorText })
        .matchFieldsWithName('Requests/s')
        .overrideUnit('reqps')
        .overrideDecimals(2)
        .matchFieldsWithName('TTFT p95')
        .overrideUnit('s')
        .overrideDecimals(2)
        .overrideThresholds(green([[2, 'orange'], [6, 'red']]))
        .overrideCustomFieldConfig('cellOptions', { type: TableCellDisplayMode.ColorText })
        .matchFieldsWithName('E2E p95')
        .overrideUnit('s')
        .overrideDecimals(1)
        .overrideThresholds(green([[30, 'orange'], [90, 'red']]))
        .overrideCustomFieldConfig('cellOptions', { type: TableCellDisplayMode.ColorText })
        .matchFieldsWithName('Error ratio')
        .overrideUnit('percentunit')
        .overrideDecimals(2)
        .overrideThresholds(green([[SIGNAL_LEVELS.error_ratio.warn, 'orange'], [SIGNAL_LEVELS.error_ratio.crit, 'red']]))
        .overrideCustomFieldConfig('cellOptions', { type: TableCellDisplayMode.ColorText })
        .matchFieldsWithName('Cost / 1M tokens')
        .overrideUnit(`currency${currency}`)
        .overrideDecimals(2)
        // Red from one firing or pending alert; the count opens the Alerts page for the model.
        .matchFieldsWithName(FIRING_COLUMN)
        .overrideUnit('none')
        .overrideDecimals(0)
        .overrideThresholds({ mode: ThresholdsMode.Absolute, steps: [{ value: -Infinity, color: 'text' }, { value: 1, color: 'red' }] })
        .overrideCustomFieldConfig('cellOptions', { type: TableCellDisplayMode.ColorText })
        .overrideCustomFieldConfig('width', 110)
        .overrideLinks([{ title: 'Alerts of ${__data.fields.Model}', url: `${prefixRoute(ROUTES.Alerts)}?var-model=\${__data.fields.Model}` }])
        .build()
    )
    .build();
}

function fleetTiles(dsUid: string, currency: string) {
  const fleet = (refId: string, signal: string, aggregation: 'rate' | 'max' | 'sum' | 'avg', name: string) =>
    transformed(dsUid, [signalQuery(refId, signal, { aggregation, groupBy: ['model'], filters: MODEL_FILTER })], sumSeriesOperator(name));
  return new SceneFlexLayout({
    direction: 'row',
    children: [
      item(tile('Requests/s', fleet('A', 'request_rate', 'rate', 'Requests/s'), 'reqps', { decimals: 1, description: 'Requests finished per second across the selected models.' }), { minWidth: 180 }),
      item(tile('Output tokens/s', fleet('A', 'output_tokens_rate', 'rate', 'Output tokens/s'), 'short', { decimals: 0, description: 'Generated tokens per second across the selected models.' }), { minWidth: 180 }),
      item(tile('Prompt tokens/s', fleet('A', 'input_tokens_rate', 'rate', 'Prompt tokens/s'), 'short', { decimals: 0, description: 'Prompt tokens processed per second across the selected models.' }), { minWidth: 180 }),
      item(
        tile('GPUs', transformed(dsUid, [signalQuery('A', 'gpu_count', { aggregation: 'sum' })], sumSeriesOperator('GPUs')), 'none', { decimals: 0, description: 'GPUs reporting metrics (DCGM, or the gpuCounts setting).' }),
        { minWidth: 140 }
      ),
      item(
        tile('GPU cost / hour', queryRunner(dsUid, [costQuery('A', 'summary', { instant: true, metric: 'gpu_cost_per_hour' })]), `currency${currency}`, {
          decimals: 2,
          description: 'What the GPUs cost per hour at the configured GPU-hour prices.',
        }),
        { minWidth: 180 }
      ),
    ],
  });
}

export function overviewScene(dsUid: string, currency: string) {
  return new EmbeddedScene({
    $timeRange: timeRange(),
    $variables: new SceneVariableSet({
      variables: [
        modelVariable(dsUid, { refresh: VariableRefresh.onTimeRangeChanged }),
        new CustomVariable({
          name: 'ttft_slo',
          label: 'TTFT SLO (s)',
          description: 'TTFT target for SLO attainment; a histogram bucket boundary.',
          query: '0.25,0.5,1,2.5,5',
          value: '1',
          text: '1',
        }),
      ],
    }),
    controls: pageControls(),
    body: new SceneFlexLayout({
      direction: 'column',
      children: [
        item(fleetTiles(dsUid, currency), { height: 140 }),
        // Room for a row per model of a small fleet without scrolling; larger fleets scroll inside.
        item(modelsTable(dsUid, currency), { minHeight: 330 }),
        item(
          new SceneFlexLayout({
            direction: 'row',
            children: [
              item(series('Requests/s by model', queryRunner(dsUid, [signalQuery('A', 'request_rate', { aggregation: 'rate', groupBy: ['model'], filters: MODEL_FILTER, legendFormat: '{{model}}' })]), 'reqps')),
              item(series('TTFT p95 by model', queryRunner(dsUid, [signalQuery('A', 'ttft', { aggregation: 'p95', groupBy: ['model'], filters: MODEL_FILTER, legendFormat: '{{model}}' })]), 's')),
            ],
          }),
          { height: 300 }
        ),
        item(new SceneReactObject({ component: DashboardLinks })),
      ],
    }),
  });
}

export function overviewPage(dsUid: string, currency: string) {
  const page: SceneAppPage = new SceneAppPage({
    title: 'Overview',
    subTitle: 'Every model the fleet serves, its status and what it costs',
    url: prefixRoute(ROUTES.Overview),
    routePath: `${ROUTES.Overview}/*`,
    preserveUrlKeys: ['from', 'to', 'var-model', 'var-ttft_slo', 'refresh'],
    getScene: () => overviewScene(dsUid, currency),
    drilldowns: [{ routePath: 'model/:model/*', getPage: (match, parent) => modelDrilldown(dsUid, currency, decodeURIComponent(match.params.model), parent) }],
  });
  return page;
}

export { urls };
