import pluginJson from './plugin.json';

export const PLUGIN_ID = pluginJson.id;
export const PLUGIN_BASE_URL = `/a/${PLUGIN_ID}`;
export const DATASOURCE_TYPE = 'llmops-observability-datasource';

export enum ROUTES {
  Overview = 'overview',
  Cost = 'cost',
  RootCause = 'root-cause',
  Alerts = 'alerts',
}

/** Settings of the app itself (stored by Grafana in the app's jsonData). */
export interface AppJsonData {
  /** UID of the LLM Ops datasource the app pages query; empty means the first one found. */
  defaultDatasourceUid?: string;
}
