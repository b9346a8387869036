/** Cost page: fleet cost tiles, cost over time and the per-model and savings tables, on Grafana's time picker. */
import { EmbeddedScene, PanelBuilders, SceneAppPage, SceneFlexLayout } from '@grafana/scenes';

import { ROUTES } from '../constants';
import { prefixRoute } from '../utils/routing';
import { item, pageControls, queryRunner, timeRange, transformed } from './common';
import { series, tile } from './panels';
import { costQuery } from './queries';
import { readableColumnsOperator } from './readableColumns';

export function costScene(dsUid: string, currency: string) {
  const money = `currency${currency}`;
  const table = (title: string, view: string, description: string) =>
    PanelBuilders.table()
      .setTitle(title)
      .setDescription(description)
      .setData(transformed(dsUid, [costQuery('A', view)], readableColumnsOperator))
      .setOption('cellHeight', 'sm' as never)
      .setOverrides((b) =>
        b
          .matchFieldsWithName('gpus')
          .overrideDecimals(0)
          .matchFieldsWithName('gpu_hours')
          .overrideDecimals(1)
          .matchFieldsWithName('model')
          .overrideCustomFieldConfig('minWidth', 200)
          .matchFieldsWithName('gpu_model')
          .overrideCustomFieldConfig('minWidth', 200)
          .build()
      )
      .build();
  const summary = (metric: string) => queryRunner(dsUid, [costQuery('A', 'summary', { instant: true, metric })]);
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
              item(tile('Cost in range', summary('total_cost'), money, { decimals: 2, description: 'GPU-hours at the configured prices (plus energy, if priced) over the picked range.' }), { minWidth: 180 }),
              item(tile('Projected per month', summary('projected_monthly_cost'), money, { decimals: 0, description: 'The recent hourly cost × 730 hours.' }), { minWidth: 180 }),
              item(tile('Cost / 1M tokens', summary('cost_per_million_tokens'), money, { decimals: 2 }), { minWidth: 180 }),
              item(tile('GPU cost / hour', summary('gpu_cost_per_hour'), money, { decimals: 2 }), { minWidth: 180 }),
              item(tile('Idle GPU share', summary('idle_share'), 'percentunit', { decimals: 1, description: 'Share of GPU-hours below the idle utilisation threshold.' }), { minWidth: 180 }),
            ],
          }),
          { height: 140 }
        ),
        item(series('Cost over time', queryRunner(dsUid, [costQuery('A', 'over_time')]), money, { description: 'Cost per step by model.' }), { height: 300 }),
        // Full-width tables: each has many columns.
        item(table('Cost by model', 'by_model', 'GPU cost attributed to each model by its share of tokens, over the picked range.'), { height: 280 }),
        item(table('Cost by GPU model', 'by_gpu_model', 'GPUs, GPU-hours and cost per GPU model at the configured prices.'), { height: 200 }),
        item(table('Savings opportunities', 'opportunities', 'Actions that would lower the cost, with the monthly saving each is estimated at.'), { height: 260 }),
      ],
    }),
  });
}

export function costPage(dsUid: string, currency: string) {
  return new SceneAppPage({
    title: 'Cost',
    subTitle: 'What serving costs, per model and GPU model, and where to save',
    url: prefixRoute(ROUTES.Cost),
    routePath: `${ROUTES.Cost}/*`,
    preserveUrlKeys: ['from', 'to', 'refresh'],
    getScene: () => costScene(dsUid, currency),
  });
}
