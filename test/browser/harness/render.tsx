/** Renders the loaded plugins the way Grafana mounts them: app root in a router, panels with PanelData, editors. */
import React, { useEffect, useLayoutEffect, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { Route, Router, Routes } from 'react-router';
import {
  createTheme,
  dateTime,
  getDefaultTimeRange,
  LoadingState,
  PluginType,
  ThemeContext,
  type AppPlugin,
  type DataFrame,
  type DataQuery,
  type DataSourceApi,
  type DataSourcePlugin,
  type PanelData,
  type PanelPlugin,
  type TimeRange,
} from '@grafana/data';
import { GlobalStyles } from '@grafana/ui';
import { LocationServiceProvider, locationService, toDataQueryResponse, type BackendDataSourceResponse } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';

import { FramesView } from './frames-view';

export type Theme = 'light' | 'dark';

let root: Root | undefined;

export function mount(el: HTMLElement, theme: Theme, node: React.ReactNode, globalStyles = false) {
  const t = createTheme({ colors: { mode: theme } });
  document.body.style.background = t.colors.background.canvas;
  document.body.style.color = t.colors.text.primary;
  document.body.style.fontFamily = t.typography.fontFamily;
  document.body.style.fontSize = `${t.typography.fontSize}px`;
  document.body.dataset.theme = theme;
  root?.unmount();
  root = createRoot(el);
  root.render(
    <ThemeContext.Provider value={t}>
      {/* Grafana's global styles (uPlot's among them) for app pages, which show Grafana's own visualizations. */}
      {globalStyles && <GlobalStyles />}
      {node}
    </ThemeContext.Provider>
  );
}

/**
 * The last `hours` up to the page's "now" on a whole minute. The tests start the page clock at the end
 * of the simulated history (SCENARIO_END_MS), so every run queries the same range.
 */
export function lastHours(hours: number): TimeRange {
  const to = dateTime(Math.floor(Date.now() / 60_000) * 60_000);
  const from = dateTime(to.valueOf() - hours * 3600_000);
  return { from, to, raw: { from: `now-${hours}h`, to: 'now' } };
}

export const APP_BASE = '/a/llmops-observability-app';

/** A router that follows Grafana's locationService (browser history), as Grafana's own router does. */
function LocationServiceRouter({ children }: { children: React.ReactNode }) {
  const history = locationService.getHistory();
  const [location, setLocation] = useState(history.location);
  useLayoutEffect(() => history.listen((l: typeof location) => setLocation(l)), [history]);
  return (
    <LocationServiceProvider service={locationService}>
      <Router location={location} navigator={history as never}>
        {children}
      </Router>
    </LocationServiceProvider>
  );
}

/**
 * Mounts the app root at an app URL: `/overview`, `cost?from=now-1h`, or a full
 * `/a/llmops-observability-app/…` path. The browser URL becomes that path (Grafana's app URLs), so
 * scenes' URL sync, links and reloads behave as in Grafana.
 */
export function renderApp(el: HTMLElement, plugin: AppPlugin, route: string, theme: Theme) {
  const Root = plugin.root!;
  const meta = { id: 'llmops-observability-app', name: 'LLM Ops', type: PluginType.app, jsonData: {}, enabled: true, info: {} } as never;
  const target = route.startsWith(`${APP_BASE}/`) ? route : `${APP_BASE}/${route.replace(/^\//, '')}`;
  if (`${window.location.pathname}${window.location.search}` !== target) {
    locationService.push(target);
  }
  mount(
    el,
    theme,
    <LocationServiceRouter>
      <Routes>
        <Route path={`${APP_BASE}/*`} element={<Root meta={meta} basename={APP_BASE} path={APP_BASE} query={{}} onNavChanged={() => {}} />} />
      </Routes>
    </LocationServiceRouter>,
    true
  );
}

/** Runs queries through the datasource instance (DataSourceWithBackend -> /api/ds/query) and renders the panel with the frames. */
export async function renderPanel(
  el: HTMLElement,
  panel: PanelPlugin,
  ds: DataSourceApi | null,
  queriesOrResponse: DataQuery[] | unknown,
  theme: Theme,
  size: { width: number; height: number },
  options: object
) {
  const timeRange = lastHours(6);
  let data: PanelData;
  if (ds) {
    const resp = await lastValueFrom(
      ds.query({
        requestId: 'harness',
        interval: '1m',
        intervalMs: 60_000,
        maxDataPoints: 300,
        range: timeRange,
        scopedVars: {},
        targets: queriesOrResponse as DataQuery[],
        timezone: 'utc',
        app: 'dashboard',
        startTime: Date.now(),
      }) as never
    );
    const r = resp as { data: PanelData['series']; errors?: Array<{ message?: string }> };
    data = { series: r.data, state: r.errors?.length ? LoadingState.Error : LoadingState.Done, timeRange, errors: r.errors as never };
  } else {
    data = { series: toDataQueryResponse({ data: queriesOrResponse as BackendDataSourceResponse }).data, state: LoadingState.Done, timeRange: getDefaultTimeRange() };
  }
  const Panel = panel.panel!;
  mount(
    el,
    theme,
    <div style={{ width: size.width, height: size.height, padding: 8, boxSizing: 'content-box' }} aria-label="Panel" role="region">
      <Panel
        id={1}
        data={data}
        timeRange={timeRange}
        timeZone="utc"
        options={options as never}
        fieldConfig={{ defaults: {}, overrides: [] }}
        transparent={false}
        width={size.width}
        height={size.height}
        renderCounter={1}
        title="Harness"
        eventBus={{ publish: () => {}, subscribe: () => ({ unsubscribe() {} }), getStream: () => ({ subscribe: () => ({ unsubscribe() {} }) }), removeAllListeners: () => {}, newScopedBus: () => ({}) } as never}
        onOptionsChange={() => {}}
        onFieldConfigChange={() => {}}
        replaceVariables={(s: string) => s}
        onChangeTimeRange={() => {}}
      />
    </div>
  );
  return { frames: data.series.length, names: data.series.map((f) => f.name), errors: (data.errors ?? []).map((e) => e.message) };
}

/**
 * The datasource's QueryEditor with a live result summary underneath, re-run on every onRunQuery.
 * `showFrames` also renders the frames (tables, or a span tree for trace frames) with working
 * internal links, like Explore.
 */
export function renderQueryEditor(el: HTMLElement, plugin: DataSourcePlugin<DataSourceApi>, ds: DataSourceApi, initial: DataQuery, theme: Theme, showFrames = false) {
  const Editor = plugin.components.QueryEditor!;
  function Host() {
    const [query, setQuery] = useState(initial);
    const [run, setRun] = useState(0);
    const [result, setResult] = useState('running');
    const [frames, setFrames] = useState<DataFrame[]>([]);
    useEffect(() => {
      let live = true;
      setResult('running');
      setFrames([]);
      // Grafana's query runners drop the queries the datasource's filterQuery rejects before calling query().
      const targets = [query].filter((q) => ds.filterQuery?.(q) ?? true);
      if (targets.length === 0) {
        setResult('frames: 0');
        return;
      }
      lastValueFrom(
        ds.query({ requestId: `editor-${run}`, interval: '1m', intervalMs: 60_000, maxDataPoints: 300, range: lastHours(6), scopedVars: {}, targets, timezone: 'utc', app: 'explore', startTime: Date.now() }) as never
      ).then(
        (r) => {
          const resp = r as { data: Array<{ name?: string; fields: Array<{ name: string; labels?: Record<string, string> }> }>; errors?: Array<{ message?: string }> };
          live && setFrames(resp.data as unknown as DataFrame[]);
          const series = resp.data.map((f) => f.fields.filter((x) => x.name !== 'time' && x.name !== 'Time').map((x) => `${f.name ?? ''}${JSON.stringify(x.labels ?? {})}`).join(' ')).join('\n');
          live && setResult(resp.errors?.length ? `error: ${resp.errors.map((e) => e.message).join('; ')}` : `frames: ${resp.data.length}\n${series}`);
        },
        (err) => live && setResult(`error: ${err?.data?.message ?? err?.message ?? String(err)}`)
      );
      return () => {
        live = false;
      };
      // eslint-disable-next-line react-hooks/exhaustive-deps
    }, [run]);
    return (
      <div style={{ padding: 16, maxWidth: 1000 }}>
        <Editor datasource={ds} query={query} onChange={(q: DataQuery) => setQuery(q)} onRunQuery={() => setRun((n) => n + 1)} />
        <pre data-testid="harness-result" aria-label="Query result" style={{ marginTop: 16, whiteSpace: 'pre-wrap' }}>
          {result}
        </pre>
        {showFrames && (
          <FramesView
            frames={frames}
            onQuery={(q) => {
              setQuery(q);
              setRun((n) => n + 1);
            }}
          />
        )}
      </div>
    );
  }
  mount(el, theme, <Host />);
}
