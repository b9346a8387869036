/** Model drill-down: the model's numbers, one row per serving instance, and per-instance trends. */
import { EmbeddedScene, PanelBuilders, SceneAppPage, SceneFlexLayout, type SceneAppPageLike } from '@grafana/scenes';
import { TableCellDisplayMode, ThresholdsMode } from '@grafana/schema';

import { item, pageControls, queryRunner, timeRange, transformed, urls } from './common';
import { DEGRADATION_MAPPINGS } from './degradation';
import { joinByLabelOperator, sumSeriesOperator, type TableColumn } from './fleetTable';
import { instanceDrilldown } from './instance';
import { series, tile } from './panels';
import { signalQuery } from './queries';

const INSTANCE_COLUMNS: TableColumn[] = [
  { refId: 'status', name: 'Status' },
  { refId: 'rps', name: 'Requests/s', combine: 'sum' },
  { refId: 'ttft', name: 'TTFT p95' },
  { refId: 'e2e', name: 'E2E p95' },
  { refId: 'errors', name: 'Error ratio' },
  { refId: 'kv', name: 'KV cache' },
  { refId: 'waiting', name: 'Waiting' },
];

function instancesTable(dsUid: string, model: string) {
  const perInstance = { groupBy: ['model', 'instance'], filters: { model }, instant: true };
  const queries = [
    signalQuery('status', 'degradation_level', { ...perInstance, aggregation: 'max' }),
    signalQuery('rps', 'request_rate', { ...perInstance, aggregation: 'rate' }),
    signalQuery('ttft', 'ttft', { ...perInstance, aggregation: 'p95' }),
    signalQuery('e2e', 'e2e_latency', { ...perInstance, aggregation: 'p95' }),
    signalQuery('errors', 'error_ratio', { ...perInstance, aggregation: 'ratio' }),
    signalQuery('kv', 'kv_cache_usage', { ...perInstance, aggregation: 'max' }),
    signalQuery('waiting', 'requests_waiting', { ...perInstance, aggregation: 'sum' }),
  ];
  return PanelBuilders.table()
    .setTitle('Instances')
    .setDescription('One row per serving instance of this model, now. Open an instance for its GPUs, host, traces and root cause.')
    .setData(transformed(dsUid, queries, joinByLabelOperator('instance', 'Instance', INSTANCE_COLUMNS)))
    .setOption('cellHeight', 'sm' as never)
    .setNoValue('–')
    // Cells coloured by their own thresholds (text colour), not by a per-column palette colour.
    .setColor({ mode: 'thresholds' })
    .setThresholds({ mode: ThresholdsMode.Absolute, steps: [{ value: -Infinity, color: 'text' }] })
    .setOverrides((b) =>
      b
        .matchFieldsWithName('Instance')
        .overrideCustomFieldConfig('minWidth', 220)
        .overrideLinks([{ title: 'Open ${__value.text}', url: `${urls.model(model)}/instance/\${__value.raw}?\${__url_time_range}` }])
        .matchFieldsWithName('Status')
        .overrideMappings(DEGRADATION_MAPPINGS)
        .overrideCustomFieldConfig('cellOptions', { type: TableCellDisplayMode.ColorBackground })
        .overrideCustomFieldConfig('width', 120)
        .matchFieldsWithName('Requests/s')
        .overrideUnit('reqps')
        .overrideDecimals(2)
        .matchFieldsWithName('TTFT p95')
        .overrideUnit('s')
        .overrideDecimals(2)
        .matchFieldsWithName('E2E p95')
        .overrideUnit('s')
        .overrideDecimals(1)
        .matchFieldsWithName('Error ratio')
        .overrideUnit('percentunit')
        .overrideDecimals(2)
        .matchFieldsWithName('KV cache')
        .overrideUnit('percentunit')
        .overrideDecimals(0)
        .matchFieldsWithName('Waiting')
        .overrideDecimals(0)
        .build()
    )
    .build();
}

export function modelScene(dsUid: string, model: string) {
  const filters = { model };
  const perInstance = (refId: string, signal: string, aggregation: 'rate' | 'p95' | 'max' | 'ratio') =>
    queryRunner(dsUid, [signalQuery(refId, signal, { aggregation, groupBy: ['instance'], filters, legendFormat: '{{instance}}' })]);
  const total = (signal: string, aggregation: 'rate' | 'p95' | 'ratio', name: string) =>
    transformed(dsUid, [signalQuery('A', signal, { aggregation, groupBy: ['model'], filters })], sumSeriesOperator(name));
  return new EmbeddedScene({
    $timeRange: timeRange(),
    controls: pageControls(),
    body: new SceneFlexLayout({
      direction: 'column',
      children: [
        item(
          new SceneFlexLayout({
            direction: 'row',
            children: [
              item(tile('Requests/s', total('request_rate', 'rate', 'Requests/s'), 'reqps', { decimals: 2 })),
              item(tile('TTFT p95', total('ttft', 'p95', 'TTFT p95'), 's', { decimals: 2 })),
              item(tile('E2E p95', total('e2e_latency', 'p95', 'E2E p95'), 's', { decimals: 1 })),
              item(tile('Error ratio', total('error_ratio', 'ratio', 'Error ratio'), 'percentunit', { decimals: 2 })),
            ],
          }),
          { height: 140 }
        ),
        item(instancesTable(dsUid, model), { minHeight: 220 }),
        item(
          new SceneFlexLayout({
            direction: 'row',
            children: [
              item(series('Requests/s by instance', perInstance('A', 'request_rate', 'rate'), 'reqps')),
              item(series('TTFT p95 by instance', perInstance('A', 'ttft', 'p95'), 's')),
            ],
          }),
          { height: 260 }
        ),
        item(
          new SceneFlexLayout({
            direction: 'row',
            children: [
              item(series('KV cache usage by instance', perInstance('A', 'kv_cache_usage', 'max'), 'percentunit', { max: 1 })),
              item(series('Degradation level by instance', perInstance('A', 'degradation_level', 'max'), 'none', { max: 4, decimals: 0, mappings: DEGRADATION_MAPPINGS })),
            ],
          }),
          { height: 260 }
        ),
      ],
    }),
  });
}

export function modelDrilldown(dsUid: string, currency: string, model: string, parent: SceneAppPageLike) {
  return new SceneAppPage({
    title: model,
    subTitle: 'Model: its instances, their status and trends',
    url: urls.model(model),
    routePath: 'model/:model/*',
    getParentPage: () => parent,
    preserveUrlKeys: ['from', 'to', 'refresh'],
    getScene: () => modelScene(dsUid, model),
    drilldowns: [{ routePath: 'instance/:instance/*', getPage: (match, p) => instanceDrilldown(dsUid, model, decodeURIComponent(match.params.instance), p) }],
  });
}
