/**
 * Instance drill-down: where it runs (pod, host), its serving trends, the GPUs it uses and its host,
 * recent traces and a root-cause ranking for its model, on one time picker.
 */
import { EmbeddedScene, PanelBuilders, QueryVariable, SceneAppPage, SceneFlexLayout, SceneVariableSet, TextBoxVariable, VizPanel, type SceneAppPageLike } from '@grafana/scenes';
import { VariableHide } from '@grafana/schema';

import { escapeRegex } from '../datasource/interpolation';
import type { LlmOpsQuery } from '../datasource/types';
import { item, pageControls, queryRunner, timeRange, urls } from './common';
import { InstanceIdentity, UNRESOLVED } from './instanceIdentity';
import { series } from './panels';
import { datasourceRef, signalQuery } from './queries';

const row = (height: number, ...children: VizPanel[]) => item(new SceneFlexLayout({ direction: 'row', children: children.map((c) => item(c)) }), { height });

function tracesTable(dsUid: string) {
  const query = { refId: 'A', queryType: 'traces', service: '$service', tags: { 'k8s.pod.name': '$pod' }, limit: 20 } as unknown as LlmOpsQuery;
  return PanelBuilders.table()
    .setTitle('Recent traces of this pod')
    .setDescription('Jaeger traces of the chosen service whose spans carry this pod (k8s.pod.name). A trace id opens the trace.')
    .setData(queryRunner(dsUid, [query]))
    .setOption('cellHeight', 'sm' as never)
    .setNoValue('No traces for this pod in the picked range')
    .build();
}

function rootCause(dsUid: string, model: string) {
  const query = { refId: 'A', queryType: 'rootcause', target: { queryType: 'signal', signal: 'ttft', aggregation: 'p95', groupBy: ['instance'], filters: { model } } } as unknown as LlmOpsQuery;
  return new VizPanel({
    pluginId: 'llmops-rootcause-panel',
    title: `Root cause: TTFT p95 of ${model} per instance`,
    description: 'Ranked hypotheses for the worst incident in the picked range, with evidence and a recommended action.',
    $data: queryRunner(dsUid, [query]),
    options: {},
  });
}

export function instanceScene(dsUid: string, model: string, instance: string) {
  const filters = { instance };
  const serving = (title: string, signal: string, aggregation: 'rate' | 'p95' | 'max' | 'ratio' | 'sum', unit: string, max?: number) =>
    series(title, queryRunner(dsUid, [signalQuery('A', signal, { aggregation, groupBy: ['instance'], filters, legendFormat: title })]), unit, { max });
  const gpu = (title: string, signal: string, unit: string, max?: number) =>
    series(title, queryRunner(dsUid, [signalQuery('A', signal, { aggregation: 'max', groupBy: ['hostname', 'gpu'], filters: { pod: '$pod' }, legendFormat: 'GPU {{gpu}}' })]), unit, { max });
  const host = (title: string, signal: string, unit: string, max?: number) =>
    series(title, queryRunner(dsUid, [signalQuery('A', signal, { aggregation: 'max', groupBy: ['hostname'], filters: { hostname: '$hostname' }, legendFormat: '{{hostname}}' })]), unit, { max });
  return new EmbeddedScene({
    $timeRange: timeRange(),
    $variables: new SceneVariableSet({
      variables: [
        new TextBoxVariable({ name: 'pod', value: UNRESOLVED, hide: VariableHide.hideVariable }),
        new TextBoxVariable({ name: 'hostname', value: UNRESOLVED, hide: VariableHide.hideVariable }),
        new QueryVariable({
          name: 'service',
          label: 'Trace service',
          datasource: datasourceRef(dsUid),
          query: { refId: 'service', kind: 'services' } as never,
          // Services named after the model first; any service if none is.
          regex: `/.*${escapeRegex(model)}.*/`,
        }),
      ],
    }),
    controls: pageControls(),
    body: new SceneFlexLayout({
      direction: 'column',
      children: [
        item(new InstanceIdentity({ dsUid, instance }), { height: 64 }),
        row(
          240,
          serving('Requests/s', 'request_rate', 'rate', 'reqps'),
          serving('TTFT p95', 'ttft', 'p95', 's'),
          serving('E2E p95', 'e2e_latency', 'p95', 's'),
          serving('KV cache usage', 'kv_cache_usage', 'max', 'percentunit', 1)
        ),
        row(240, gpu('GPU utilisation', 'gpu_utilization', 'percentunit', 1), gpu('GPU memory used', 'gpu_memory_used_ratio', 'percentunit', 1), gpu('GPU temperature', 'gpu_temperature', 'celsius'), gpu('GPU power', 'gpu_power', 'watt')),
        row(220, host('Host CPU', 'host_cpu_utilization', 'percentunit', 1), host('Host memory used', 'host_memory_used_ratio', 'percentunit', 1), host('Host disk used', 'host_disk_used_ratio', 'percentunit', 1)),
        item(tracesTable(dsUid), { height: 300 }),
        item(rootCause(dsUid, model), { height: 460 }),
      ],
    }),
  });
}

export function instanceDrilldown(dsUid: string, model: string, instance: string, parent: SceneAppPageLike) {
  return new SceneAppPage({
    title: instance,
    subTitle: `Instance of ${model}: GPUs, host, traces and root cause`,
    url: urls.instance(model, instance),
    routePath: 'instance/:instance/*',
    getParentPage: () => parent,
    preserveUrlKeys: ['from', 'to', 'refresh'],
    getScene: () => instanceScene(dsUid, model, instance),
  });
}
