/**
 * The browser harness server: plays the parts of Grafana's HTTP API the plugin frontend calls,
 * answering them with the **built backend executable** over gRPC (through test/host), and serves the
 * built dist/ at Grafana's plugin URL plus the harness page.
 *
 *   /harness/               harness page (SystemJS + AMD extra + shim bundle)
 *   /a/llmops-observability-app/**                  the harness page, rendering that app page
 *   /public/plugins/llmops-observability-app/**   dist/
 *   POST /api/ds/query                              -> QueryData        (frames converted to Grafana JSON)
 *   /api/datasources/uid/<uid>/resources/<path>     -> CallResource
 *   /api/datasources/uid/<uid>/health               -> CheckHealth      (400 on ERROR, as Grafana)
 *   GET /api/datasources/uid/<uid>                  <- settings as Grafana returns them: secrets only as secureJsonFields
 *   /api/plugins/<app>/dashboards                   <- dashboards/*.json
 *   /harness/dashboards/<name>.json                 <- dashboards/<name>.json (the harness renders it, ?view=dashboard)
 *   /api/prometheus/grafana/api/v1/rules            <- provisioning/alerting/*.yaml, each rule evaluated through the
 *                                                      backend at the harness's "now" (rule-state.ts)
 *   /api/ruler/grafana/api/v1/rules                 <- provisioning/alerting/*.yaml (rule definitions)
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

import type { DatasourceSettingsInput, PluginHandle } from '../host';
import { bootData, DATASOURCE_UID } from './harness/boot';
import { evaluatedRuleState } from './rule-state';

const repoRoot = path.resolve(__dirname, '..', '..');
const dist = path.join(repoRoot, 'dist');
const APP_ID = 'llmops-observability-app';
const PLUGIN_PREFIX = `/public/plugins/${APP_ID}/`;

const MIME: Record<string, string> = {
  '.js': 'application/javascript',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.css': 'text/css',
  '.png': 'image/png',
  '.html': 'text/html; charset=utf-8',
  '.md': 'text/markdown',
  '.map': 'application/json',
};

export interface HarnessOptions {
  backend: Pick<PluginHandle, 'queryJson' | 'callResource' | 'checkHealth'>;
  /** Settings sent with every backend call (url = the test Prometheus). */
  settings: DatasourceSettingsInput;
  shimFile: string;
  port?: number;
  /** HTML served at `/` (npm run dev's index of every page, panel and editor). */
  indexHtml?: string;
  /**
   * "Now" for rule evaluation (epoch ms): the page clock's time in the browser tests (the end of the
   * history); default the wall clock, re-evaluated at most once a minute.
   */
  ruleClockMs?: () => number;
}

export interface HarnessServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Secrets the backend is configured with. Grafana never sends secureJsonData to the browser, so no
 * page or response may ever contain these values; tests assert that.
 */
export const HARNESS_SECRETS: Record<string, string> = {
  prometheusBearerToken: 'harness-secret-prom-5d1e8c3a',
  jaegerBearerToken: 'harness-secret-jaeger-9b27f40e',
  httpHeaderValue1: 'harness-secret-tenant-c6a4',
};

/** GET /api/datasources/uid/<uid> as Grafana answers it: secureJsonFields marks which secrets are set. */
export function grafanaSettingsJson(settings: DatasourceSettingsInput) {
  const secureJsonFields = Object.fromEntries(
    Object.entries(settings.secureJsonData ?? {})
      .filter(([, v]) => v !== '')
      .map(([k]) => [k, true])
  );
  return {
    id: settings.id ?? 1,
    uid: settings.uid ?? DATASOURCE_UID,
    orgId: 1,
    name: settings.name ?? 'LLM Ops',
    type: 'llmops-observability-datasource',
    typeName: 'LLM Ops',
    typeLogoUrl: `public/plugins/${APP_ID}/datasource/img/logo.svg`,
    access: 'proxy',
    url: settings.url ?? '',
    user: '',
    database: '',
    basicAuth: Boolean(settings.basicAuthEnabled),
    basicAuthUser: settings.basicAuthUser ?? '',
    withCredentials: false,
    isDefault: true,
    jsonData: settings.jsonData ?? {},
    secureJsonFields,
    version: 1,
    readOnly: false,
  };
}

/** The LLM Ops datasource's jsonData from provisioning/datasources (prices, currency …). */
export function provisionedJsonData(): Record<string, unknown> {
  const file = path.join(repoRoot, 'provisioning', 'datasources', 'llmops.yaml');
  if (!fs.existsSync(file)) {
    return {};
  }
  const doc = parseYaml(fs.readFileSync(file, 'utf8')) as { datasources?: Array<{ type?: string; jsonData?: Record<string, unknown> }> };
  return doc.datasources?.find((d) => d.type === 'llmops-observability-datasource')?.jsonData ?? {};
}

function dashboardsList() {
  const dir = path.join(repoRoot, 'dashboards');
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => {
          const d = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { title?: string; uid?: string };
          return { title: d.title ?? f, path: `dashboards/${f}`, uid: d.uid, imported: true, importedUrl: `/d/${d.uid}`, pluginId: APP_ID };
        })
    : [];
}

type ProvisionedGroup = { name: string; folder: string; interval?: string; rules?: Array<Record<string, unknown>> };

function provisionedGroups(): ProvisionedGroup[] {
  const dir = path.join(repoRoot, 'provisioning', 'alerting');
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs
    .readdirSync(dir)
    .filter((x) => /\.ya?ml$/.test(x))
    .flatMap((f) => (parseYaml(fs.readFileSync(path.join(dir, f), 'utf8')) as { groups?: ProvisionedGroup[] }).groups ?? []);
}

/** Grafana's ruler API: folder title -> groups with the rule definitions. */
function rulerRules() {
  const out: Record<string, unknown[]> = {};
  for (const g of provisionedGroups()) {
    (out[g.folder] ??= []).push({
      name: g.name,
      interval: g.interval,
      rules: (g.rules ?? []).map((r) => ({
        for: r.for,
        labels: r.labels,
        annotations: r.annotations,
        grafana_alert: { uid: r.uid, title: r.title, condition: r.condition, data: r.data, provenance: 'file' },
      })),
    });
  }
  return out;
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) {
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(res: http.ServerResponse, status: number, body: unknown, type = 'application/json') {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': buf.length, 'Cache-Control': 'no-store' });
  res.end(buf);
}

function serveFile(res: http.ServerResponse, root: string, rel: string) {
  const file = path.resolve(root, rel);
  if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    send(res, 404, { message: `not found: ${rel}` });
    return;
  }
  send(res, 200, fs.readFileSync(file), MIME[path.extname(file)] ?? 'application/octet-stream');
}

interface DsQueryBody {
  from?: string;
  to?: string;
  queries?: Array<Record<string, unknown> & { refId: string; queryType?: string; maxDataPoints?: number; intervalMs?: number }>;
}

export async function startHarnessServer(opts: HarnessOptions): Promise<HarnessServer> {
  const { backend, settings } = opts;
  // Rule state is evaluated once per "now" (a minute of the wall clock, or the fixed test clock).
  const ruleClock = opts.ruleClockMs ?? (() => Math.floor(Date.now() / 60_000) * 60_000);
  let ruleState: { at: number; answer: Promise<unknown> } | undefined;
  const ruleStatuses = () => {
    const at = ruleClock();
    if (ruleState?.at !== at) {
      ruleState = { at, answer: evaluatedRuleState(backend, settings, provisionedGroups(), at) };
    }
    return ruleState.answer;
  };
  if (opts.ruleClockMs) {
    // Start evaluating now: the first page that asks gets the answer sooner.
    void ruleStatuses();
  }
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://harness');
    const p = url.pathname;
    if (p === '/' && opts.indexHtml) {
      return send(res, 200, opts.indexHtml, MIME['.html']);
    }
    if (p === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    // Grafana's web fonts (GlobalStyles asks for them) are not on npm: the browser falls back to its own.
    if (p.includes('/public/fonts/')) {
      res.writeHead(204).end();
      return;
    }
    // The harness page, also at the app's own URLs (/a/<app>/…) so shared app links open their page.
    if (p === '/harness/' || p === '/harness/index.html' || ((p.startsWith(`/a/${APP_ID}/`) || p === `/a/${APP_ID}`) && !p.includes('/public/'))) {
      const theme = url.searchParams.get('theme') === 'light' ? 'light' : 'dark';
      const html = fs.readFileSync(path.join(__dirname, 'harness', 'index.html'), 'utf8').replace('/harness/boot.js', `/harness/boot.js?theme=${theme}`);
      return send(res, 200, html, MIME['.html']);
    }
    if (p === '/harness/boot.js') {
      const theme = url.searchParams.get('theme') === 'light' ? 'light' : 'dark';
      return send(res, 200, `window.grafanaBootData = ${JSON.stringify(bootData(theme))};`, MIME['.js']);
    }
    // uPlot's stylesheet, which Grafana's own CSS bundle carries, for the time series plots.
    if (p === '/harness/uplot.css') {
      return serveFile(res, path.join(repoRoot, 'node_modules', 'uplot', 'dist'), 'uPlot.min.css');
    }
    if (p === '/harness/shim.js') {
      return send(res, 200, fs.readFileSync(opts.shimFile), MIME['.js']);
    }
    // Grafana serves @grafana/ui's icon SVGs under public/build/img/icons (Icon resolves them page-relative).
    // (Page-relative: under /harness/ or an app URL /a/<app>/….)
    const icon = /\/public\/build\/img\/icons\/(.+)$/.exec(p);
    if (icon) {
      // Grafana's own build adds a few icons @grafana/ui does not ship (spinner, and icons scenes' pickers use: angle-double-left/right, sync-slash); the harness has stand-ins.
      const uiIcons = path.join(repoRoot, 'node_modules', '@grafana', 'ui', 'dist', 'public', 'img', 'icons');
      const own = path.join(__dirname, 'harness', 'icons');
      return serveFile(res, fs.existsSync(path.join(uiIcons, icon[1])) ? uiIcons : own, icon[1]);
    }
    if (p.startsWith('/harness/dashboards/')) {
      return serveFile(res, path.join(repoRoot, 'dashboards'), decodeURIComponent(p.slice('/harness/dashboards/'.length)));
    }
    if (p.startsWith('/harness/systemjs/')) {
      return serveFile(res, path.join(repoRoot, 'node_modules', 'systemjs', 'dist'), p.slice('/harness/systemjs/'.length));
    }
    if (p.startsWith(PLUGIN_PREFIX)) {
      return serveFile(res, dist, decodeURIComponent(p.slice(PLUGIN_PREFIX.length)));
    }
    if (p === '/api/ds/query' && req.method === 'POST') {
      const body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as DsQueryBody;
      // Grafana always sends the panel's range; without it there is no "now" the harness could honestly pick.
      if (body.from === undefined || body.to === undefined) {
        return send(res, 400, { message: 'harness: /api/ds/query needs "from" and "to" (epoch ms)' });
      }
      const to = Number(body.to);
      const from = Number(body.from);
      const queries = (body.queries ?? []).map((q) => ({ refId: q.refId, queryType: q.queryType, model: q, from, to, maxDataPoints: q.maxDataPoints, intervalMs: q.intervalMs }));
      const json = await backend.queryJson(queries, { settings });
      const anyError = Object.values(json.results ?? {}).some((r) => (r as { error?: string }).error);
      return send(res, anyError ? 207 : 200, json);
    }
    const dsSettings = /^\/api\/datasources\/uid\/([^/]+)$/.exec(p);
    if (dsSettings && req.method === 'GET') {
      return dsSettings[1] === DATASOURCE_UID ? send(res, 200, grafanaSettingsJson(settings)) : send(res, 404, { message: 'Data source not found' });
    }
    const ds = /^\/api\/datasources\/uid\/([^/]+)\/(health|resources\/(.*))$/.exec(p);
    if (ds) {
      if (ds[1] !== DATASOURCE_UID) {
        return send(res, 404, { message: 'Data source not found' });
      }
      if (ds[2] === 'health') {
        const h = await backend.checkHealth(settings);
        return send(res, h.status === 'OK' ? 200 : 400, h);
      }
      const r = await backend.callResource({ path: ds[3], method: req.method ?? 'GET', query: url.search.slice(1), body: await readBody(req), settings });
      return send(res, r.status, r.body, r.headers['content-type']?.[0] ?? r.headers['Content-Type']?.[0] ?? 'application/json');
    }
    if (p === `/api/plugins/${APP_ID}/dashboards`) {
      return send(res, 200, dashboardsList());
    }
    if (p === `/api/plugins/${APP_ID}/settings` && req.method === 'POST') {
      return send(res, 200, { message: 'Plugin settings updated' });
    }
    if (p === '/api/prometheus/grafana/api/v1/rules') {
      return send(res, 200, await ruleStatuses());
    }
    if (p === '/api/ruler/grafana/api/v1/rules') {
      return send(res, 200, rulerRules());
    }
    send(res, 404, { message: `harness: no route for ${req.method} ${p}` });
  };
  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: Error) => send(res, 500, { message: `harness: ${err.message}` }));
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export { DATASOURCE_UID };
