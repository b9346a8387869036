// The index page `npm run dev` serves at `/`: a link to every app page (with a drill-down per model and
// per instance of the simulated fleet), both panels, the editors and the shipped dashboards (in the
// harness's Grafana-like layout), all on live data.
import type { Fleet } from '../simulator/src/fleet/types';
import { instanceLabel } from '../simulator/src/fleet/labels';

const APP = '/a/llmops-observability-app';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function links(title: string, items: Array<[string, string]>): string {
  return `<section><h2>${esc(title)}</h2><ul>${items
    .map(([text, href]) => `<li><a href="${esc(href)}">${esc(text)}</a> <small>(<a href="${esc(href)}${href.includes('?') ? '&' : '?'}theme=light">light</a>)</small></li>`)
    .join('')}</ul></section>`;
}

/** A shipped dashboard: its file name without .json, and its title. */
export interface DashboardLink {
  name: string;
  title: string;
}

export function devIndexHtml(fleet: Fleet, dashboards: DashboardLink[] = []): string {
  const models = [...new Set(fleet.instances.map((i) => i.model))].sort();
  const modelUrl = (m: string) => `${APP}/overview/model/${encodeURIComponent(m)}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>LLM Ops — dev</title>
<style>body{font-family:system-ui,sans-serif;background:#111217;color:#ccccdc;margin:2rem;max-width:70rem}a{color:#6e9fff}h1{font-weight:500}h2{font-size:1.1rem;margin-top:1.5rem}li{margin:.2rem 0}small{opacity:.7}section{columns:2}</style>
</head><body>
<h1>LLM Ops — live demo</h1>
<p>The built plugin, loaded the way Grafana loads it, on a real Prometheus (6 h of simulated history, then live scraping of the simulator), Jaeger and the built backend.</p>
${links('App pages', [
  ['Overview (landing page)', `${APP}/overview`],
  ['Cost', `${APP}/cost`],
  ['Root cause', `${APP}/root-cause`],
  ['Alerts', `${APP}/alerts`],
])}
${links(
  'Models (drill-down)',
  models.map((m) => [m, modelUrl(m)])
)}
${links(
  'Alerts of one model (where the Overview\'s firing-alerts count links)',
  models.map((m) => [m, `${APP}/alerts?var-model=${encodeURIComponent(m)}`])
)}
${links(
  'Instances (drill-down: GPUs, host, traces, root cause)',
  fleet.instances.map((i) => [`${instanceLabel(i)} (${i.model})`, `${modelUrl(i.model)}/instance/${encodeURIComponent(instanceLabel(i))}`])
)}
${links('Panels', [
  ['Cost panel', '/harness/?view=cost-panel'],
  ['Root-cause panel', '/harness/?view=rootcause-panel'],
])}
${links(
  'Dashboards (dashboards/*.json laid out as Grafana does, with the harness\'s stand-in panels)',
  dashboards.map((d) => [d.title, `/harness/?view=dashboard&dashboard=${encodeURIComponent(d.name)}`])
)}
${links('Editors', [
  ['Query editor (with results and trace links)', '/harness/?view=query-editor'],
  ['Datasource configuration', '/harness/?view=config-editor'],
])}
</body></html>`;
}
