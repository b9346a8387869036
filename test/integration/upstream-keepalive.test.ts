// Upstreams (or proxies) that close idle keep-alive connections: the next query must not fail with
// ECONNRESET. The plugin retries an idempotent request once on a fresh connection when a reused one
// turns out to be closed. Through the built executable, against local servers that close connections.
import http from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlugin, type PluginHandle } from '../host';
import { freePort } from '../support/services';

let plugin: PluginHandle;
const servers: http.Server[] = [];

/** Answers like Prometheus (query, query_range) and Jaeger (/api/traces, /api/services). */
function answer(req: http.IncomingMessage, res: http.ServerResponse) {
  req.resume();
  req.on('end', () => {
    const t = Math.floor(Date.now() / 1000);
    let body: unknown;
    if (req.url!.startsWith('/api/v1/query_range'))
      body = {
        status: 'success',
        data: { resultType: 'matrix', result: [{ metric: { job: 'a' }, values: [[t, '1']] }] },
      };
    else if (req.url!.startsWith('/api/v1/'))
      body = { status: 'success', data: { resultType: 'vector', result: [{ metric: { job: 'a' }, value: [t, '1'] }] } };
    else if (req.url!.startsWith('/api/services')) body = { data: ['svc'] };
    else body = { data: [] };
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  });
}

/** Serves one request per connection, then kills any connection that is reused, as a closing proxy does. */
async function closingServer(): Promise<{ url: string; killed: () => number }> {
  const served = new WeakMap<Socket, number>();
  let killed = 0;
  const srv = http.createServer((req, res) => {
    const n = (served.get(req.socket) ?? 0) + 1;
    served.set(req.socket, n);
    if (n > 1) {
      killed++;
      req.socket.destroy();
      return;
    }
    answer(req, res);
  });
  srv.keepAliveTimeout = 60_000; // the client keeps the connection in its pool
  return { url: await listen(srv), killed: () => killed };
}

/** Node's own idle timeout, made tiny: the server closes every idle connection after 1 ms. */
async function tinyKeepAliveServer(): Promise<string> {
  const srv = http.createServer(answer);
  srv.keepAliveTimeout = 1;
  return listen(srv);
}

async function listen(srv: http.Server): Promise<string> {
  const port = await freePort();
  await new Promise<void>((r) => srv.listen(port, '127.0.0.1', r));
  servers.push(srv);
  return `http://127.0.0.1:${port}`;
}

beforeAll(async () => {
  plugin = await startPlugin();
});

afterAll(async () => {
  await plugin?.close();
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

const NOW = Date.now();
const range = { from: NOW - 3_600_000, to: NOW, intervalMs: 60_000, maxDataPoints: 100 };
const queries = [
  { refId: 'R', queryType: 'promql', model: { refId: 'R', queryType: 'promql', expr: 'up' }, ...range },
  { refId: 'I', queryType: 'promql', model: { refId: 'I', queryType: 'promql', expr: 'up', instant: true }, ...range },
  { refId: 'T', queryType: 'traces', model: { refId: 'T', queryType: 'traces', service: 'svc' }, ...range },
];

async function tries(url: string, uid: string, pauseMs: number): Promise<string[]> {
  const failures: string[] = [];
  for (let i = 0; i < 20; i++) {
    const json = await plugin.queryJson(queries, { settings: { uid, url, jsonData: { jaegerUrl: url } } });
    for (const [refId, r] of Object.entries(json.results)) {
      if (r.status !== 200) failures.push(`try ${i} ${refId}: ${r.status} ${r.error}`);
    }
    await new Promise((r) => setTimeout(r, pauseMs));
  }
  return failures;
}

describe('upstream connections closed by the server', () => {
  it('a reused connection the upstream closed is retried once: 0 failures in 20 tries', async () => {
    const srv = await closingServer();
    expect(await tries(srv.url, 'closing', 0)).toEqual([]);
    // The scenario really happened: pooled connections were reused and killed, and the retries answered.
    expect(srv.killed()).toBeGreaterThanOrEqual(20);
  });

  it('an upstream with a 1 ms keep-alive timeout: 0 failures in 20 tries', async () => {
    const url = await tinyKeepAliveServer();
    expect(await tries(url, 'tiny-keepalive', 1)).toEqual([]);
  });
});
