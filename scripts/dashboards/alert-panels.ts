// Links each alert rule to the generated dashboard panel that shows its signal (Grafana's
// `__dashboardUid__` / `__panelId__`), looked up in the dashboards themselves so a renumbered panel
// cannot leave a rule pointing at the wrong one.
import type { PanelRef, ResolvedPanel } from './alert-model';

interface PanelLike {
  id: number;
  type: string;
  title: string;
  targets?: readonly object[];
  panels?: PanelLike[];
}
interface DashboardLike {
  uid: string;
  panels: PanelLike[];
}

function flatten(panels: PanelLike[]): PanelLike[] {
  return panels.flatMap((p) => [p, ...flatten(p.panels ?? [])]);
}

/** Signal ids a panel's queries read (directly or as the source of an anomaly query). */
export function panelSignals(p: PanelLike): string[] {
  return (p.targets ?? []).flatMap((target) => {
    const t = target as { signal?: unknown; source?: { signal?: unknown } };
    return [t.signal, t.source?.signal].filter((s): s is string => typeof s === 'string');
  });
}

/** Does `p` match the reference (every given criterion)? */
export function panelMatches(p: PanelLike, ref: PanelRef): boolean {
  if (p.type === 'row') return false;
  if (ref.title && !p.title.startsWith(ref.title)) return false;
  if (ref.signal && !panelSignals(p).includes(ref.signal)) return false;
  return true;
}

/** The first time-series panel that matches (a graph shows how the signal got there), else any panel. */
export function resolvePanel(dashboards: DashboardLike[], ref: PanelRef): ResolvedPanel {
  const d = dashboards.find((x) => x.uid === ref.dashboard);
  if (!d) throw new Error(`alert panel: no dashboard with uid ${ref.dashboard}`);
  const matching = flatten(d.panels).filter((p) => panelMatches(p, ref));
  const panel = matching.find((p) => p.type === 'timeseries') ?? matching[0];
  if (!panel) throw new Error(`alert panel: no panel in ${ref.dashboard} matches ${JSON.stringify(ref)}`);
  return { dashboardUid: d.uid, panelId: panel.id };
}
