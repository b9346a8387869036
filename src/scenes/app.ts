/** The app as Grafana's own apps are built: a SceneApp whose pages sync time range and variables with the URL. */
import { SceneApp } from '@grafana/scenes';

import { alertsPage } from './alerts/page';
import { costPage } from './cost';
import { overviewPage } from './overview';
import { rootCausePage } from './rootCause';

export function llmOpsSceneApp(dsUid: string, currency: string) {
  return new SceneApp({
    name: 'llmops-observability-app',
    pages: [overviewPage(dsUid, currency), costPage(dsUid, currency), rootCausePage(dsUid), alertsPage(dsUid)],
    urlSyncOptions: { updateUrlOnInit: true, createBrowserHistorySteps: true },
  });
}
