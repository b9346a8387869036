/**
 * The harness side of "Grafana": registers the real @grafana/data, @grafana/ui, @grafana/runtime, react,
 * react-dom, react-router, rxjs and @emotion/css in SystemJS under the names create-plugin marks
 * external (.config/bundler/externals.ts), wires backendSrv/dataSourceSrv/templateSrv to the harness
 * server, then loads the built dist/**\/module.js files through SystemJS + its AMD extra, as Grafana
 * does. window.llmops exposes what the Playwright tests drive.
 */
import * as emotionCss from '@emotion/css';
import * as emotionReact from '@emotion/react';
import * as grafanaData from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaUi from '@grafana/ui';
import * as i18next from 'i18next';
import * as lodash from 'lodash';
import * as React from 'react';
import * as jsxRuntime from 'react/jsx-runtime';
import * as ReactDOM from 'react-dom';
import * as ReactDOMClient from 'react-dom/client';
import * as reactRouter from 'react-router';
import * as rxjs from 'rxjs';
import * as rxjsOperators from 'rxjs/operators';

import { installServices, instanceSettings } from './services';
import { runAnnotations } from './annotations';
import { renderConfigEditor } from './config-editor';
import { dashboardScene, DashboardPage, switchTheme, type DashboardModel } from './dashboard';
import { APP_BASE, mount, renderApp, renderPanel, renderQueryEditor, type Theme } from './render';
import { installSceneServices } from './scenes-runtime';

declare const System: { set(id: string, mod: object): void; import(id: string): Promise<Record<string, unknown>> };

const externals: Record<string, object> = {
  '@emotion/css': emotionCss,
  '@emotion/react': emotionReact,
  i18next,
  lodash,
  '@grafana/data': grafanaData,
  '@grafana/runtime': grafanaRuntime,
  '@grafana/ui': grafanaUi,
  react: React,
  'react/jsx-runtime': jsxRuntime,
  'react-dom': ReactDOM,
  'react-dom/client': ReactDOMClient,
  'react-router': reactRouter,
  rxjs,
  'rxjs/operators': rxjsOperators,
};

const PLUGIN_BASE = '/public/plugins/llmops-observability-app/';

/** Same shape Grafana gives AMD plugins: named exports plus an ES-module default. */
function asModule(ns: object): object {
  const m = ns as { default?: unknown };
  return { ...ns, default: m.default ?? ns, __esModule: true };
}

function registerExternals() {
  const imports: Record<string, string> = {};
  for (const [name, ns] of Object.entries(externals)) {
    const url = new URL(`/harness-externals/${name}.js`, location.href).href;
    System.set(url, asModule(ns));
    imports[name] = url;
  }
  const map = document.createElement('script');
  map.type = 'systemjs-importmap';
  map.textContent = JSON.stringify({ imports });
  document.head.appendChild(map);
}

const loaded = new Map<string, Record<string, unknown>>();

async function loadModule(pluginDir: string): Promise<Record<string, unknown>> {
  if (!loaded.has(pluginDir)) {
    const url = `${PLUGIN_BASE}${pluginDir ? `${pluginDir}/` : ''}module.js`;
    loaded.set(pluginDir, await System.import(url));
  }
  return loaded.get(pluginDir)!;
}

/** What a plugin module exports, described with instanceof checks against the registered @grafana/data. */
async function describePlugin(pluginDir: string) {
  const mod = await loadModule(pluginDir);
  const plugin = mod.plugin as object | undefined;
  return {
    exports: Object.keys(mod).filter((k) => !['default', '__esModule', '__useDefault'].includes(k)),
    isAppPlugin: plugin instanceof grafanaData.AppPlugin,
    isDataSourcePlugin: plugin instanceof grafanaData.DataSourcePlugin,
    isPanelPlugin: plugin instanceof grafanaData.PanelPlugin,
    hasQueryEditor: Boolean((plugin as grafanaData.DataSourcePlugin<never>)?.components?.QueryEditor),
    hasConfigEditor: Boolean((plugin as grafanaData.DataSourcePlugin<never>)?.components?.ConfigEditor),
    hasRootPage: Boolean((plugin as grafanaData.AppPlugin)?.root),
    configPages: ((plugin as grafanaData.AppPlugin)?.configPages ?? []).map((p) => p.title),
  };
}

async function datasource() {
  const mod = await loadModule('datasource');
  const plugin = mod.plugin as grafanaData.DataSourcePlugin<grafanaData.DataSourceApi>;
  return { plugin, instance: new plugin.DataSourceClass(instanceSettings) };
}

// Services first: registerExternals copies the module namespaces, so what the setters change
// (PluginPage is a `let` binding) must be set before the copy.
const baseTemplateSrv = installServices(async () => (await datasource()).instance);
installSceneServices(loadModule, baseTemplateSrv);
registerExternals();

const root = document.getElementById('root')!;
let shownDashboard: { name: string; model: DashboardModel; scene: ReturnType<typeof dashboardScene> } | undefined;

(window as unknown as { llmops: object }).llmops = {
  describePlugin,
  renderApp: async (route: string, theme: Theme) => renderApp(root, (await loadModule('')).plugin as grafanaData.AppPlugin, route, theme),
  renderPanel: async (pluginDir: string, queries: grafanaData.DataQuery[], theme: Theme, size: { width: number; height: number }, options: object = {}) => {
    const panel = (await loadModule(pluginDir)).plugin as grafanaData.PanelPlugin;
    return renderPanel(root, panel, (await datasource()).instance, queries, theme, size, options);
  },
  renderRecordedPanel: async (pluginDir: string, response: unknown, theme: Theme, size: { width: number; height: number }) => {
    const panel = (await loadModule(pluginDir)).plugin as grafanaData.PanelPlugin;
    return renderPanel(root, panel, null, response, theme, size, {});
  },
  renderQueryEditor: async (query: grafanaData.DataQuery, theme: Theme, showFrames = false) => {
    const ds = await datasource();
    return renderQueryEditor(root, ds.plugin, ds.instance, query, theme, showFrames);
  },
  /** The config editor with the settings Grafana's API returns for the datasource (no secret values). */
  renderConfigEditor: async (theme: Theme) => {
    const ds = await datasource();
    const settings = await grafanaRuntime.getBackendSrv().get(`/api/datasources/uid/${instanceSettings.uid}`);
    return renderConfigEditor(root, ds.plugin, settings as grafanaData.DataSourceSettings, theme);
  },
  /**
   * A shipped dashboard (dashboards/<name>.json) laid out as Grafana lays it out. Asked again for the
   * dashboard it shows, in the other theme, the page changes theme as Grafana does without a reload
   * (switchTheme): same scene, same query results, field colours resolved again in the new theme.
   */
  renderDashboard: async (name: string, theme: Theme) => {
    if (shownDashboard?.name !== name) {
      const res = await fetch(`/harness/dashboards/${encodeURIComponent(name)}.json`);
      if (!res.ok) {
        throw new Error(`harness: no dashboard "${name}" (HTTP ${res.status})`);
      }
      const model = (await res.json()) as DashboardModel;
      shownDashboard = { name, model, scene: dashboardScene(model) };
    } else if (document.body.dataset.theme !== theme) {
      switchTheme(shownDashboard.scene, theme);
    }
    mount(root, theme, <DashboardPage model={shownDashboard.model} scene={shownDashboard.scene} />, true);
  },
  runAnnotations: async (target: grafanaData.DataQuery, fromMs: number, toMs: number) => runAnnotations((await datasource()).instance, target, fromMs, toMs),
};
document.body.dataset.harness = 'ready';

const startTheme: Theme = new URLSearchParams(location.search).get('theme') === 'light' ? 'light' : 'dark';
// An app URL (/a/llmops-observability-app/…, e.g. a shared drill-down link) opens that page directly.
if (location.pathname.startsWith(`${APP_BASE}/`)) {
  void loadModule('').then((m) => renderApp(root, m.plugin as grafanaData.AppPlugin, `${location.pathname}${location.search}`, startTheme));
} else {
  // `/harness/?view=…`: a panel or an editor with live data (the links of `npm run dev`'s index).
  void openView(new URLSearchParams(location.search).get('view'), startTheme);
}

async function openView(view: string | null, theme: Theme) {
  const api = (window as unknown as { llmops: Record<string, (...args: unknown[]) => Promise<unknown>> }).llmops;
  const size = { width: Math.min(window.innerWidth - 48, 1200), height: Math.max(window.innerHeight - 48, 560) };
  switch (view) {
    case 'cost-panel':
      return api.renderPanel('panels/cost', ['summary', 'by_model', 'over_time', 'opportunities'].map((v, i) => ({ refId: String.fromCharCode(65 + i), queryType: 'cost', view: v })), theme, size);
    case 'rootcause-panel':
      return api.renderPanel('panels/rootcause', [{ refId: 'A', queryType: 'rootcause', target: { queryType: 'signal', signal: 'ttft', aggregation: 'p95', groupBy: ['model'] } }], theme, size);
    case 'query-editor':
      return api.renderQueryEditor({ refId: 'A', queryType: 'signal', signal: 'ttft', aggregation: 'p95', groupBy: ['model'] }, theme, true);
    case 'config-editor':
      return api.renderConfigEditor(theme);
    case 'dashboard':
      return api.renderDashboard(new URLSearchParams(location.search).get('dashboard') ?? 'llm-serving-overview', theme);
    default:
      return undefined;
  }
}
