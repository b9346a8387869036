/**
 * Grafana's boot data for the harness page, as window.grafanaBootData. @grafana/runtime reads it when
 * first imported, so the page sets it (from /harness/boot.json) before loading the shim bundle.
 */
export const DATASOURCE_UID = 'llmops-ds';

export function bootData(theme: 'light' | 'dark') {
  const ds = {
    id: 1,
    uid: DATASOURCE_UID,
    name: 'LLM Ops',
    type: 'llmops-observability-datasource',
    access: 'proxy',
    jsonData: { currency: 'USD' },
    meta: { id: 'llmops-observability-datasource', type: 'datasource', name: 'LLM Ops', backend: true, alerting: true, annotations: true, metrics: true, info: { logos: {} }, module: 'public/plugins/llmops-observability-app/datasource/module.js' },
    readOnly: true,
  };
  return {
    settings: {
      appSubUrl: '',
      appUrl: 'http://127.0.0.1/',
      buildInfo: { version: '12.4.2', edition: 'Open Source', env: 'production' },
      datasources: { 'LLM Ops': ds },
      defaultDatasource: 'LLM Ops',
      featureToggles: {},
      theme2: undefined,
      bootData: undefined,
    },
    user: { id: 1, login: 'admin', isSignedIn: true, orgId: 1, orgRole: 'Admin', theme, timezone: 'utc', locale: 'en-US', language: 'en-US' },
    navTree: [],
  };
}
