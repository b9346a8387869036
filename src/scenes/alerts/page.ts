/**
 * The Alerts page as a scene page like the others: the same page chrome, a Model variable (in the URL,
 * so the landing table's firing-alerts count can link to one model's alerts) and the refresh picker;
 * no time picker, rule state is "now".
 */
import {
  EmbeddedScene,
  SceneAppPage,
  SceneControlsSpacer,
  SceneFlexLayout,
  SceneRefreshPicker,
  SceneVariableSet,
  VariableValueSelectors,
} from '@grafana/scenes';
import { VariableRefresh } from '@grafana/schema';

import { ROUTES } from '../../constants';
import { prefixRoute } from '../../utils/routing';
import { item, modelVariable, timeRange } from '../common';
import { AlertRules } from './AlertRules';

export function alertsScene(dsUid: string) {
  return new EmbeddedScene({
    // Only for the Model variable's label values and the refresh picker; no picker is shown.
    $timeRange: timeRange(),
    $variables: new SceneVariableSet({
      variables: [
        modelVariable(dsUid, { description: 'Show only the rules with firing or pending alerts on these models', refresh: VariableRefresh.onDashboardLoad }),
      ],
    }),
    controls: [new VariableValueSelectors({}), new SceneControlsSpacer(), new SceneRefreshPicker({ isOnCanvas: true, intervals: ['30s', '1m', '5m', '15m'] })],
    body: new SceneFlexLayout({ direction: 'column', children: [item(new AlertRules())] }),
  });
}

export function alertsPage(dsUid: string) {
  return new SceneAppPage({
    title: 'Alerts',
    subTitle: 'The LLM Ops alert rules, firing ones first, with what makes them fire and their runbooks',
    url: prefixRoute(ROUTES.Alerts),
    routePath: `${ROUTES.Alerts}/*`,
    preserveUrlKeys: ['var-model', 'refresh'],
    getScene: () => alertsScene(dsUid),
  });
}
