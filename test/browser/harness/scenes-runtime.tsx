/**
 * The services Grafana gives a scenes app at boot, for the harness: runRequest (queries through the
 * datasource, as Grafana's query runner does), panel plugin loading (the app's own panels from dist/
 * through SystemJS, Grafana's core panels from ./panels), template interpolation through scenes (as
 * Grafana's TemplateSrv does when a query carries `__sceneObject`), app events, and a PluginPage that
 * draws the page header (breadcrumbs, title, subtitle, controls) where Grafana draws its own.
 */
import React from 'react';
import { css } from '@emotion/css';
import {
  EventBusSrv,
  LoadingState,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceApi,
  type GrafanaTheme2,
  type NavModelItem,
  type PanelData,
  type PanelPlugin,
  type ScopedVars,
} from '@grafana/data';
import { setAppEvents, setPluginImportUtils, setRunRequest, setTemplateSrv, type TemplateSrv } from '@grafana/runtime';
import { sceneGraph, type SceneObject } from '@grafana/scenes';
import { Stack, TextLink, useStyles2 } from '@grafana/ui';
import { catchError, from, map, Observable, of, startWith } from 'rxjs';

// Not in @grafana/runtime's public exports (Grafana sets it at boot); the same module instance the index re-exports.
// @ts-expect-error -- a file of the package, without its own declaration file (the types are in dist/types).
import { setPluginPage } from '../../../node_modules/@grafana/runtime/dist/esm/components/PluginPage.mjs';
import { corePanels } from './panels';
import { registerStandardFieldOptions } from './field-options';
import { registerStandardTransformers } from './transformers';

type QueryFn = (request: DataQueryRequest) => Observable<DataQueryResponse> | Promise<DataQueryResponse>;

function runRequest(ds: DataSourceApi, request: DataQueryRequest, queryFunction?: QueryFn): Observable<PanelData> {
  const query = (queryFunction ?? ((r: DataQueryRequest) => ds.query(r))) as QueryFn;
  const base = { timeRange: request.range, request };
  return from(query(request) as Observable<DataQueryResponse>).pipe(
    map((resp): PanelData => ({
      ...base,
      series: resp.data ?? [],
      state: resp.errors?.length || resp.error ? LoadingState.Error : LoadingState.Done,
      errors: resp.errors ?? (resp.error ? [resp.error] : undefined),
      error: resp.error ?? resp.errors?.[0],
    })),
    catchError((err: { data?: { message?: string }; message?: string }) =>
      of<PanelData>({ ...base, series: [], state: LoadingState.Error, errors: [{ message: err?.data?.message ?? err?.message ?? String(err) }], error: { message: err?.data?.message ?? err?.message ?? String(err) } })
    ),
    startWith<PanelData>({ ...base, series: [], state: LoadingState.Loading })
  );
}

/** `pluginId -> module dir` of the panels the app bundles (loaded from dist/ like Grafana loads them). */
const APP_PANELS: Record<string, string> = { 'llmops-rootcause-panel': 'panels/rootcause', 'llmops-cost-panel': 'panels/cost' };

export function installSceneServices(loadModule: (dir: string) => Promise<Record<string, unknown>>, baseTemplateSrv: Partial<TemplateSrv>) {
  registerStandardFieldOptions();
  registerStandardTransformers();
  setRunRequest(runRequest as never);
  setAppEvents(new EventBusSrv() as never);
  const cache = new Map<string, PanelPlugin>(Object.entries(corePanels));
  setPluginImportUtils({
    getPanelPluginFromCache: (id: string) => cache.get(id),
    importPanelPlugin: async (id: string) => {
      if (cache.has(id)) {
        return cache.get(id)!;
      }
      const dir = APP_PANELS[id];
      if (!dir) {
        throw new Error(`harness: no panel plugin "${id}" (the harness has stand-ins for timeseries, stat, table, bargauge, heatmap, text and the app's own panels)`);
      }
      const plugin = (await loadModule(dir)).plugin as PanelPlugin;
      // Grafana sets a panel's meta from its plugin.json when it imports the module.
      plugin.meta = plugin.meta?.info ? plugin.meta : ({ id, name: id, type: 'panel', module: `public/plugins/llmops-observability-app/${dir}/module.js`, baseUrl: '', info: { version: 'dist', author: { name: '' }, description: '', links: [], logos: { small: '', large: '' }, screenshots: [], updated: '' } } as never);
      cache.set(id, plugin);
      return plugin;
    },
  } as never);
  // Grafana's TemplateSrv hands interpolation to scenes when the request comes from a scene.
  setTemplateSrv({
    ...baseTemplateSrv,
    replace: (text?: string, scopedVars?: ScopedVars, format?: unknown) => {
      // scenes wraps the object (SafeSerializableSceneObject): `.value` is the wrapper, valueOf() the object.
      const scene = (scopedVars?.__sceneObject as { value?: { valueOf(): SceneObject } } | undefined)?.value?.valueOf();
      if (scene) {
        return sceneGraph.interpolate(scene, text, scopedVars, format as never);
      }
      return text ?? '';
    },
  } as TemplateSrv);
  setPluginPage(HarnessPluginPage as never);
}

interface PageProps {
  pageNav?: NavModelItem;
  subTitle?: React.ReactNode;
  actions?: React.ReactNode;
  renderTitle?: (title: string) => React.ReactNode;
  children?: React.ReactNode;
}

function crumbs(nav?: NavModelItem): NavModelItem[] {
  const out: NavModelItem[] = [];
  for (let n = nav; n; n = n.parentItem) {
    out.unshift(n);
  }
  return out;
}

function HarnessPluginPage({ pageNav, subTitle, actions, renderTitle, children }: PageProps) {
  const styles = useStyles2(getStyles);
  const trail = crumbs(pageNav);
  return (
    <div className={styles.page}>
      <nav aria-label="Breadcrumbs" className={styles.crumbs}>
        <span>LLM Ops</span>
        {trail.map((c, i) => (
          <React.Fragment key={i}>
            <span aria-hidden>›</span>
            {i < trail.length - 1 && c.url ? <TextLink href={c.url} inline={false} color="secondary">{c.text}</TextLink> : <span aria-current="page">{c.text}</span>}
          </React.Fragment>
        ))}
      </nav>
      {pageNav && (
        <header className={styles.header}>
          <Stack direction="row" justifyContent="space-between" alignItems="flex-start" wrap="wrap">
            <div>
              {renderTitle ? renderTitle(pageNav.text) : <h1 className={styles.title}>{pageNav.text}</h1>}
              {subTitle && <div className={styles.sub}>{subTitle}</div>}
            </div>
            {actions && <Stack direction="row">{actions}</Stack>}
          </Stack>
        </header>
      )}
      {children}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ padding: theme.spacing(2, 3), display: 'flex', flexDirection: 'column', gap: theme.spacing(1), minHeight: '100vh', boxSizing: 'border-box' }),
  crumbs: css({ display: 'flex', gap: theme.spacing(1), color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  header: css({ marginBottom: theme.spacing(1) }),
  title: css({ margin: 0, fontSize: theme.typography.h2.fontSize }),
  sub: css({ color: theme.colors.text.secondary, marginTop: theme.spacing(0.5) }),
});
