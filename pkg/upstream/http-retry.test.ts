// The one retry on a stale keep-alive connection: only for idempotent requests, only once.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, type HttpEndpoint } from './http';

let srv: http.Server;
let ep: HttpEndpoint;
let killed = 0;

beforeAll(async () => {
  const served = new WeakMap<Socket, number>();
  srv = http.createServer((req, res) => {
    const n = (served.get(req.socket) ?? 0) + 1;
    served.set(req.socket, n);
    if (n > 1) {
      killed++;
      return req.socket.destroy(); // a reused connection: closed under the client, as an idle-closing proxy does
    }
    req.resume();
    req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true}'));
  });
  srv.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  ep = { name: 'Test', baseUrl: `http://127.0.0.1:${port}`, headers: {}, timeoutMs: 5000, maxResponseBytes: 1e6 };
});

afterAll(async () => {
  srv.closeAllConnections();
  await new Promise((r) => srv.close(r));
});

describe('request retry on a stale pooled connection', () => {
  it('retries GET and idempotent POST once, on a new connection', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await request(ep, '/a')).status).toBe(200);
      expect((await request(ep, '/b', { method: 'POST', params: [['q', '1']], idempotent: true })).status).toBe(200);
    }
    expect(killed).toBeGreaterThan(0);
  });

  it('never re-sends a POST that is not marked idempotent', async () => {
    await request(ep, '/warm'); // leaves a pooled connection that the server will kill when reused
    const before = killed;
    await expect(request(ep, '/c', { method: 'POST', params: [['q', '1']] })).rejects.toThrow(/ECONNRESET/);
    expect(killed).toBe(before + 1);
  });
});
