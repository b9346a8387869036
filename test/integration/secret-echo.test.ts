// Upstreams (or proxies in front of them) that echo request headers back — in Prometheus `error` fields,
// non-JSON 5xx bodies, `warnings`, Jaeger `errors[].msg` — must not make the configured credentials
// reach a viewer: query errors, notices, health results and resource bodies are all checked, through
// the built executable, for every form a secret travels in.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlugin, type DatasourceSettingsInput, type PluginHandle } from '../host';
import { freePort } from '../support/services';

const USER = 'ops-alice';
const PASSWORD = 'pw-Zebra:Okapi/42+ä';
const BEARER = 'tok-Quokka-7f3a9c-e1';
const HEADER_VALUE = 'hdr-Narwhal-0b1d5e';
const JAEGER_TOKEN = 'jgr-Axolotl-99c1d2';

/** Every form of every secret that must never come back. */
function forbidden(): string[] {
  const raw = [PASSWORD, BEARER, HEADER_VALUE, JAEGER_TOKEN, `${USER}:${PASSWORD}`];
  const out = new Set<string>();
  for (const s of raw) {
    out.add(s);
    out.add(encodeURIComponent(s));
    out.add(Buffer.from(s).toString('base64').replace(/=+$/, ''));
  }
  out.add('Zebra:Okapi'); // a recognizable piece of the password
  return [...out];
}

let plugin: PluginHandle;
let prom: http.Server;
let jaeger: http.Server;
let promUrl: string;
let jaegerUrl: string;

/** What a debugging proxy echoes: the raw request head, headers as JSON, and the basic-auth credentials decoded. */
function echo(req: http.IncomingMessage): string {
  const head = [`${req.method} ${req.url} HTTP/1.1`];
  for (let i = 0; i < req.rawHeaders.length; i += 2) head.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
  const auth = req.headers.authorization ?? '';
  const decoded = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8') : '';
  const param = decoded.split(':').slice(1).join(':');
  return `${head.join('\n')}\nheaders=${JSON.stringify(req.headers)} user=${decoded} password=${param} url=${encodeURIComponent(param)} query=?auth=${encodeURIComponent(auth)}`;
}

function promHandler(req: http.IncomingMessage, res: http.ServerResponse) {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const url = new URL(req.url!, 'http://x');
    const q = new URLSearchParams(body).get('query') ?? url.searchParams.get('query') ?? '';
    const json = (status: number, v: unknown) =>
      res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(v));
    if (url.pathname.includes('/label/') || url.pathname.endsWith('/labels') || url.pathname.includes('buildinfo')) {
      return json(422, { status: 'error', errorType: 'execution', error: echo(req) });
    }
    if (q.includes('e400')) return json(400, { status: 'error', errorType: 'bad_data', error: echo(req) });
    if (q.includes('e422')) return json(422, { status: 'error', errorType: 'execution', error: echo(req) });
    if (q.includes('e503')) return res.writeHead(503, { 'Content-Type': 'text/plain' }).end(echo(req));
    if (q.includes('timeout')) return json(503, { status: 'error', errorType: 'timeout', error: echo(req) });
    const t = Math.floor(Date.now() / 1000);
    const data = url.pathname.endsWith('query_range')
      ? { resultType: 'matrix', result: [{ metric: { job: 'x' }, values: [[t, '1']] }] }
      : { resultType: 'vector', result: [{ metric: { job: 'x' }, value: [t, '1'] }] };
    return json(200, { status: 'success', data, warnings: [echo(req), `second: ${echo(req)}`] });
  });
}

function jaegerHandler(req: http.IncomingMessage, res: http.ServerResponse) {
  res
    .writeHead(500, { 'Content-Type': 'application/json' })
    .end(JSON.stringify({ data: null, errors: [{ code: 500, msg: echo(req) }] }));
}

async function listen(handler: http.RequestListener): Promise<[http.Server, string]> {
  const port = await freePort();
  const srv = http.createServer(handler);
  await new Promise<void>((r) => srv.listen(port, '127.0.0.1', r));
  return [srv, `http://127.0.0.1:${port}`];
}

beforeAll(async () => {
  plugin = await startPlugin();
  [prom, promUrl] = await listen(promHandler);
  [jaeger, jaegerUrl] = await listen(jaegerHandler);
});

afterAll(async () => {
  await plugin?.close();
  for (const s of [prom, jaeger]) {
    s?.closeAllConnections();
    await new Promise((r) => s?.close(r));
  }
});

const NOW = Date.now();
const range = { from: NOW - 3_600_000, to: NOW, intervalMs: 60_000, maxDataPoints: 100 };
const promql = (refId: string, expr: string, instant = false) => ({
  refId,
  queryType: 'promql',
  model: { refId, queryType: 'promql', expr, instant },
  ...range,
});

const settingsVariants = (): DatasourceSettingsInput[] => [
  {
    uid: 'echo-basic',
    url: promUrl,
    basicAuthEnabled: true,
    basicAuthUser: USER,
    jsonData: { jaegerUrl, httpHeaderName1: 'X-Scope-Secret' },
    secureJsonData: { basicAuthPassword: PASSWORD, httpHeaderValue1: HEADER_VALUE, jaegerBearerToken: JAEGER_TOKEN },
  },
  {
    uid: 'echo-bearer',
    url: promUrl,
    jsonData: { jaegerUrl },
    secureJsonData: { prometheusBearerToken: BEARER, jaegerBearerToken: JAEGER_TOKEN },
  },
];

function expectClean(what: string, text: string) {
  for (const f of forbidden()) expect(text.includes(f), `${what} contains "${f}":\n${text.slice(0, 3000)}`).toBe(false);
}

describe('no secret in anything that leaves the plugin', () => {
  it('query errors and notices from header-echoing upstreams carry no credential in any form', async () => {
    for (const settings of settingsVariants()) {
      const json = await plugin.queryJson(
        [
          promql('E400', 'e400_metric'),
          promql('E422', 'e422_metric', true),
          promql('E503', 'e503_metric'),
          promql('TO', 'timeout_metric', true),
          promql('WARN', 'warn_metric'),
          promql('WARNI', 'warn_metric', true),
          { refId: 'TR', queryType: 'traces', model: { refId: 'TR', queryType: 'traces', service: 'svc' }, ...range },
          { refId: 'CO', queryType: 'compliance', model: { refId: 'CO', queryType: 'compliance' }, ...range },
        ],
        { settings }
      );
      const r = json.results;
      // The errors are still there and still say what went wrong.
      expect(r.E400).toMatchObject({ status: 400, errorSource: 'downstream' });
      expect(r.E400!.error).toMatch(/Prometheus error \(bad_data: POST \/api\/v1\/query_range/);
      expect(r.E400!.error).toContain('[redacted]');
      expect(r.E422!.status).toBe(400);
      expect(r.E503).toMatchObject({ status: 502 });
      expect(r.E503!.error).toMatch(/answered HTTP 503 to \/api\/v1\/query_range: POST/);
      expect(r.TO!.status).toBe(504);
      expect(r.WARN!.status).toBe(200);
      const notices = (r.WARN!.frames![0]!.schema.meta?.notices ?? []) as Array<{ text: string }>;
      expect(notices.length).toBe(2);
      expect(notices[0]!.text).toContain('[redacted]');
      expect(r.TR!.status).toBe(502);
      expect(r.TR!.error).toMatch(/Jaeger error \(HTTP 500\)/);
      expect(r.CO!.status).toBe(502);
      expectClean(`queries (${settings.uid})`, JSON.stringify(json));
    }
  });

  it('health results and resource bodies carry no credential either', async () => {
    for (const settings of settingsVariants()) {
      const health = await plugin.checkHealth(settings);
      expect(health.status).toBe('ERROR');
      expect(health.message).toContain('[redacted]');
      expectClean(`health (${settings.uid})`, JSON.stringify(health));
      for (const path of ['metrics', 'labels', 'signals', 'jaeger/services']) {
        const res = await plugin.callResource({ path, settings, query: 'match[]=up' });
        expect(res.status, path).toBeGreaterThanOrEqual(400);
        const body = res.body.toString('utf8');
        expect(JSON.parse(body).error, path).toMatch(/error/i);
        expectClean(`resource ${path} (${settings.uid})`, body);
      }
    }
    expectClean('plugin logs', plugin.stderrLines().join('\n'));
  });

  it('a password in an invalid URL is never echoed', async () => {
    const settings = {
      uid: 'userinfo-url',
      url: `http://${USER}:${encodeURIComponent(PASSWORD)}@host.invalid:99999/`,
      jsonData: { jaegerUrl: `http://${USER}:${PASSWORD}@jaeger.invalid:16686/` },
    };
    const json = await plugin.queryJson([promql('A', 'up')], { settings });
    expect(json.results.A!.status).toBe(400);
    expect(json.results.A!.error).toMatch(/Prometheus URL "http:\/\/host\.invalid:99999\/" is not a valid URL/);
    const health = await plugin.checkHealth(settings);
    const res = await plugin.callResource({ path: 'metrics', settings });
    for (const text of [JSON.stringify(json), JSON.stringify(health), res.body.toString('utf8')]) {
      expectClean('invalid URL answers', text);
      expect(text).not.toContain(USER + ':');
    }
  });
});
