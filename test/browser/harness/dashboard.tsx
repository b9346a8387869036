/**
 * A shipped dashboard JSON (dashboards/*.json) as Grafana lays it out, built from @grafana/scenes the way
 * Grafana's own dashboard page builds its scene from the save model: a 24-column grid of 30 px rows
 * (SceneGridLayout), each panel a VizPanel at its gridPos with its title, description, options and field
 * config, its queries in a SceneQueryRunner (through the harness's runRequest to /api/ds/query) and its
 * transformations in a SceneDataTransformer; rows as SceneGridRow (collapsed ones keep their panels
 * hidden); the dashboard's variables (data source, query and custom ones) resolved as Grafana resolves
 * them on load, and its time range. Harness only: Grafana's dashboard code is not on npm.
 *
 * Differences from Grafana (the spec's README section lists them): panels on the "-- Dashboard --"
 * data source run their source panel's queries again instead of sharing the result; no annotations,
 * links, repeats or library panels (the shipped dashboards use none of the last two).
 */
import React from 'react';
import { css } from '@emotion/css';
import { createTheme } from '@grafana/data';
import { config } from '@grafana/runtime';
import type { DataSourceRef } from '@grafana/schema';
import {
  sceneGraph,
  CustomVariable,
  DataSourceVariable,
  EmbeddedScene,
  QueryVariable,
  SceneControlsSpacer,
  SceneDataTransformer,
  SceneGridItem,
  SceneGridLayout,
  SceneGridRow,
  SceneQueryRunner,
  SceneRefreshPicker,
  SceneTimePicker,
  SceneTimeRange,
  SceneVariableSet,
  VariableValueSelectors,
  VizPanel,
  type SceneDataProvider,
  type SceneGridItemLike,
  type SceneObject,
  type SceneVariable,
} from '@grafana/scenes';

/** The parts of a dashboard save model this renderer reads. */
export interface DashboardPanel {
  id: number;
  type: string;
  title?: string;
  description?: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: DataSourceRef | null;
  targets?: Array<Record<string, unknown> & { refId: string; panelId?: number }>;
  transformations?: Array<{ id: string; options: unknown; disabled?: boolean }>;
  options?: Record<string, unknown>;
  fieldConfig?: { defaults: Record<string, unknown>; overrides: unknown[] };
  interval?: string;
  maxDataPoints?: number;
  collapsed?: boolean;
  panels?: DashboardPanel[];
}

interface DashboardVariable {
  name: string;
  label?: string;
  type: string;
  query?: unknown;
  datasource?: DataSourceRef | null;
  current?: { text?: string | string[]; value?: string | string[] };
  includeAll?: boolean;
  multi?: boolean;
  allValue?: string | null;
  refresh?: number;
  regex?: string;
  sort?: number;
  hide?: number;
}

export interface DashboardModel {
  uid?: string;
  title: string;
  time?: { from: string; to: string };
  panels: DashboardPanel[];
  templating?: { list: DashboardVariable[] };
}

/** Grafana's "-- Dashboard --" data source: the panel shows another panel's query result. */
const DASHBOARD_DS = '-- Dashboard --';

const isDashboardDs = (p: DashboardPanel) => p.datasource?.uid === DASHBOARD_DS;

function variable(v: DashboardVariable): SceneVariable {
  const common = { name: v.name, label: v.label, hide: v.hide as never };
  const current = { value: v.current?.value ?? '', text: v.current?.text ?? '' };
  switch (v.type) {
    case 'datasource':
      return new DataSourceVariable({ ...common, pluginId: String(v.query), regex: v.regex ?? '', ...current });
    case 'custom':
      return new CustomVariable({ ...common, query: String(v.query ?? ''), isMulti: v.multi, includeAll: v.includeAll, ...current });
    case 'query':
      // Grafana's dashboard loader: an "Include All" variable without a saved value starts at All.
      return new QueryVariable({
        ...common,
        datasource: v.datasource ?? null,
        query: v.query as never,
        regex: v.regex ?? '',
        refresh: (v.refresh ?? 1) as never,
        sort: (v.sort ?? 0) as never,
        isMulti: v.multi,
        includeAll: v.includeAll,
        defaultToAll: Boolean(v.includeAll),
        allValue: v.allValue ?? undefined,
        ...current,
      });
    default:
      throw new Error(`harness: dashboard variable type "${v.type}" (${v.name}) has no scenes equivalent here`);
  }
}

function queryRunner(panel: DashboardPanel, byId: Map<number, DashboardPanel>): SceneDataProvider {
  let source = panel;
  if (isDashboardDs(panel)) {
    const sourceId = panel.targets?.[0]?.panelId;
    const found = sourceId === undefined ? undefined : byId.get(sourceId);
    if (!found) {
      throw new Error(`harness: panel ${panel.id} "${panel.title}" reads panel ${sourceId} on the dashboard data source, which the dashboard does not have`);
    }
    source = found;
  }
  const runner = new SceneQueryRunner({
    datasource: source.datasource ?? undefined,
    queries: (source.targets ?? []) as never,
    maxDataPointsFromWidth: true,
    maxDataPoints: source.maxDataPoints,
    minInterval: source.interval,
  });
  const transformations = (panel.transformations ?? []).filter((t) => !t.disabled);
  return transformations.length ? new SceneDataTransformer({ $data: runner, transformations: transformations as never }) : runner;
}

function gridItem(panel: DashboardPanel, byId: Map<number, DashboardPanel>): SceneGridItem {
  const { x, y, w, h } = panel.gridPos;
  return new SceneGridItem({
    key: `grid-item-${panel.id}`,
    x,
    y,
    width: w,
    height: h,
    isDraggable: false,
    isResizable: false,
    body: new VizPanel({
      key: `panel-${panel.id}`,
      title: panel.title ?? '',
      description: panel.description,
      pluginId: panel.type,
      options: panel.options ?? {},
      fieldConfig: (panel.fieldConfig ?? { defaults: {}, overrides: [] }) as never,
      displayMode: 'default',
      $data: queryRunner(panel, byId),
    }),
  });
}

/**
 * The grid as Grafana's save-model transform builds it: a row owns the panels listed under it when
 * collapsed, or the panels that follow it (up to the next row) when expanded.
 */
function gridChildren(panels: DashboardPanel[]): SceneGridItemLike[] {
  const byId = new Map<number, DashboardPanel>();
  for (const p of panels) {
    byId.set(p.id, p);
    for (const c of p.panels ?? []) byId.set(c.id, c);
  }
  const out: SceneGridItemLike[] = [];
  let row: { model: DashboardPanel; children: SceneGridItemLike[] } | undefined;
  const closeRow = () => {
    if (row) {
      const { model, children } = row;
      out.push(
        new SceneGridRow({
          key: `row-${model.id}`,
          title: model.title ?? '',
          y: model.gridPos.y,
          isCollapsible: true,
          isCollapsed: Boolean(model.collapsed),
          isDraggable: false,
          children: model.collapsed ? (model.panels ?? []).map((c) => gridItem(c, byId)) : children,
        })
      );
    }
    row = undefined;
  };
  for (const p of [...panels].sort((a, b) => a.gridPos.y - b.gridPos.y || a.gridPos.x - b.gridPos.x)) {
    if (p.type === 'row') {
      closeRow();
      row = { model: p, children: [] };
    } else if (row && !row.model.collapsed) {
      row.children.push(gridItem(p, byId));
    } else {
      out.push(gridItem(p, byId));
    }
  }
  closeRow();
  return out;
}

export function dashboardScene(model: DashboardModel): EmbeddedScene {
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: model.time?.from ?? 'now-6h', to: model.time?.to ?? 'now', timeZone: 'utc' }),
    $variables: new SceneVariableSet({ variables: (model.templating?.list ?? []).map(variable) }),
    controls: [new VariableValueSelectors({}), new SceneControlsSpacer(), new SceneTimePicker({ isOnCanvas: true }), new SceneRefreshPicker({ isOnCanvas: true })],
    body: new SceneGridLayout({ isDraggable: false, isResizable: false, isLazy: false, children: gridChildren(model.panels) }),
  });
}

/**
 * Grafana's live theme change (no reload): the boot config's theme is replaced and every panel applies
 * its field config again (field colours such as "text" are resolved with that theme), then the page
 * renders in the new theme. The panels keep their query results.
 */
export function switchTheme(scene: SceneObject, mode: 'light' | 'dark') {
  config.theme2 = createTheme({ colors: { mode } });
  config.bootData.user.theme = mode;
  for (const panel of sceneGraph.findAllObjects(scene, (o) => o instanceof VizPanel)) {
    (panel as VizPanel).clearFieldConfigCache();
  }
}

const page = css({ padding: '16px 24px', boxSizing: 'border-box' });
const title = css({ margin: '0 0 8px', fontSize: 20 });

/** The dashboard page: its title over the scene (variables, time picker, grid). */
export function DashboardPage({ model, scene }: { model: DashboardModel; scene: SceneObject }) {
  return (
    <div className={page} data-testid="harness-dashboard" data-dashboard-uid={model.uid}>
      <h1 className={title}>{model.title}</h1>
      <scene.Component model={scene} />
    </div>
  );
}
