// Wraps laid-out panels into a full dashboard with the conventions every LLM Ops dashboard shares:
// fixed uid, id null, tag `llmops`, links to the other dashboards by tag, a datasource picker, schemaVersion 39.
import { DASHBOARD_TAG, GRAFANA_DS_REF, SCHEMA_VERSION, type Dashboard, type Variable } from './model';
import { layout, type RowSpec } from './panels';
import { datasourceVariable } from './variables';

export interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  tags?: string[];
  /** Variables after the datasource picker every dashboard starts with. */
  variables: Variable[];
  rows: RowSpec[];
  time?: { from: string; to: string };
  refresh?: string;
  annotations?: unknown[];
  /** Links to specific dashboards (beside the LLM Ops dropdown), e.g. the drill-down one level up. */
  links?: DashboardLink[];
}

export interface DashboardLink {
  title: string;
  /** Dashboard uid. */
  uid: string;
  tooltip?: string;
}

export function dashboard(spec: DashboardSpec): Dashboard {
  return {
    id: null,
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: [DASHBOARD_TAG, ...(spec.tags ?? [])],
    // Empty: the viewer's own (profile or organisation) time zone holds.
    timezone: '',
    editable: true,
    graphTooltip: 1,
    schemaVersion: SCHEMA_VERSION,
    version: 1,
    refresh: spec.refresh ?? '30s',
    time: spec.time ?? { from: 'now-1h', to: 'now' },
    timepicker: {},
    fiscalYearStartMonth: 0,
    liveNow: false,
    weekStart: '',
    links: [
      {
        title: 'LLM Ops',
        type: 'dashboards',
        tags: [DASHBOARD_TAG],
        asDropdown: true,
        includeVars: true,
        keepTime: true,
        targetBlank: false,
        icon: 'external link',
        tooltip: '',
        url: '',
      },
      ...(spec.links ?? []).map((l) => ({
        title: l.title,
        type: 'link',
        url: `/d/${l.uid}`,
        tooltip: l.tooltip ?? '',
        icon: 'dashboard',
        asDropdown: false,
        includeVars: true,
        keepTime: true,
        targetBlank: false,
        tags: [],
      })),
    ],
    annotations: {
      list: [
        {
          builtIn: 1,
          datasource: { ...GRAFANA_DS_REF },
          enable: true,
          hide: true,
          iconColor: 'rgba(0, 211, 255, 1)',
          name: 'Annotations & Alerts',
          type: 'dashboard',
        },
        ...(spec.annotations ?? []),
      ],
    },
    templating: { list: [datasourceVariable(), ...spec.variables] },
    panels: layout(spec.rows),
  };
}
