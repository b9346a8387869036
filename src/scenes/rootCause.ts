/**
 * Root cause page: the root-cause panel for a target the user picks with variables (signal,
 * aggregation, per model by default), on Grafana's time picker; every choice is in the URL.
 */
import { CustomVariable, EmbeddedScene, SceneAppPage, SceneFlexLayout, SceneVariableSet, VizPanel } from '@grafana/scenes';

import { ROUTES } from '../constants';
import type { LlmOpsQuery } from '../datasource/types';
import { prefixRoute } from '../utils/routing';
import { item, pageControls, queryRunner, timeRange } from './common';
import { series } from './panels';
import { signalQuery } from './queries';

export const ROOT_CAUSE_TARGETS = 'Time to first token : ttft, End-to-end latency : e2e_latency, Inter-token latency : itl, Queue time : queue_time, Error ratio : error_ratio';

export function rootCauseScene(dsUid: string) {
  const target = { queryType: 'signal', signal: '$signal', aggregation: '$aggregation', groupBy: ['$per'] };
  const query = { refId: 'A', queryType: 'rootcause', target } as unknown as LlmOpsQuery;
  return new EmbeddedScene({
    $timeRange: timeRange(),
    $variables: new SceneVariableSet({
      variables: [
        new CustomVariable({ name: 'signal', label: 'Explain', query: ROOT_CAUSE_TARGETS, value: 'ttft', text: 'Time to first token' }),
        new CustomVariable({ name: 'aggregation', label: 'Aggregation', query: 'p95,p99,p50,avg,ratio', value: 'p95', text: 'p95' }),
        // Per model by default: a fleet-wide percentile mixes models whose normal latency differs 4×.
        new CustomVariable({ name: 'per', label: 'Per', query: 'model : model, instance : instance', value: 'model', text: 'model' }),
      ],
    }),
    controls: pageControls(),
    body: new SceneFlexLayout({
      direction: 'column',
      children: [
        item(
          series('${signal} ${aggregation} per ${per}', queryRunner(dsUid, [signalQuery('A', '$signal', { aggregation: '$aggregation' as never, groupBy: ['$per'], legendFormat: '{{$per}}' })]), 'short', {
            description: 'The target the ranking explains.',
          }),
          { height: 240 }
        ),
        item(
          new VizPanel({
            pluginId: 'llmops-rootcause-panel',
            title: 'Ranked hypotheses',
            description: 'Ranked hypotheses for the worst incident of the target in the picked range, with evidence and a recommended action.',
            $data: queryRunner(dsUid, [query]),
            options: {},
          }),
          { minHeight: 520 }
        ),
      ],
    }),
  });
}

export function rootCausePage(dsUid: string) {
  return new SceneAppPage({
    title: 'Root cause',
    subTitle: 'Why a model got slower or started failing, ranked with evidence',
    url: prefixRoute(ROUTES.RootCause),
    routePath: `${ROUTES.RootCause}/*`,
    preserveUrlKeys: ['from', 'to', 'refresh', 'var-signal', 'var-aggregation', 'var-per'],
    getScene: () => rootCauseScene(dsUid),
  });
}
