// The test host: plays Grafana for the built backend executable. Reused by protocol, integration and
// browser-harness tests.
//
//   const plugin = await startPlugin();                       // dist/datasource/gpx_llmops_linux_amd64
//   const json = await plugin.queryJson([{ refId: 'A', queryType: 'test', model: { seriesCount: 2 } }],
//                                       { settings: { url: prometheus.url, jsonData: { maxSeries: 50 } } });
//   json.results.A.frames[0].schema / .data                    // exactly what /api/ds/query returns
//   await plugin.checkHealth({ url }); await plugin.callResource({ path: 'metrics', query: 'match=up' });
//   await plugin.shutdown();                                   // or plugin.close() in afterAll
//
// Settings are per call; changing them without `lastUpdatedMS` implies a new lastUpdatedMS, as in Grafana.
export {
  startPlugin,
  grafanaEnvironment,
  pluginContext,
  wireQuery,
  wireSettings,
  DEFAULT_SETTINGS,
  PLUGIN_ID,
} from './plugin-host';
export type {
  PluginHandle,
  StartOptions,
  QuerySpec,
  CallOptions,
  ResourceCall,
  ResourceResult,
  HealthResult,
  DatasourceSettingsInput,
} from './plugin-host';
export { toQueryJson, frameToJson, hostStatus } from './query-json';
export type { QueryJson, QueryJsonFrame, QueryJsonResult, WireDataResponse } from './query-json';
export { decodeGrafanaFrame } from './grafana-frames';
export type { GrafanaFrame, GrafanaField } from './grafana-frames';
export { decodeFrameMeta, decodeFieldConfig, decodeLabels, GoDecodeError } from './go-json-rules';
export { parseHandshakeLine, readHandshake, HANDSHAKE_TIMEOUT_MS } from './handshake';
export { repoRoot, distDatasource, amd64Executable, arm64Executable, requireExecutable } from './paths';
