// Resource/CallResource: HTTP semantics Grafana relies on, large bodies both ways.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlugin, type PluginHandle } from '../host';

let plugin: PluginHandle;
beforeAll(async () => {
  plugin = await startPlugin();
});
afterAll(async () => {
  await plugin?.close();
});

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('Resource/CallResource', () => {
  it('unknown path → 404 with a JSON error', async () => {
    const res = await plugin.callResource({ path: 'no/such/thing' });
    expect(res.status).toBe(404);
    expect(res.headers['Content-Type']).toEqual(['application/json']);
    expect(JSON.parse(res.body.toString())).toEqual({
      error: expect.stringMatching(/^Unknown resource "no\/such\/thing"/),
    });
  });

  it('a method other than GET → 405 with a JSON error and Allow header', async () => {
    const res = await plugin.callResource({ path: 'selftest', method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.Allow).toEqual(['GET']);
    expect(JSON.parse(res.body.toString()).error).toMatch(/Method DELETE is not allowed/);
  });

  it("accepts a 10 MB request body (above grpc-js's 4 MiB default) and receives it intact", async () => {
    const body = Buffer.alloc(10 * 1024 * 1024);
    for (let i = 0; i < body.length; i++) body[i] = (i * 31) & 0xff;
    const res = await plugin.callResource({ path: 'selftest', body });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toEqual({
      ok: true,
      receivedBytes: body.length,
      receivedSha256: sha256(body),
    });
  });

  it('streams a large response in several messages that arrive whole', async () => {
    const bytes = 5 * 1024 * 1024 + 123;
    const res = await plugin.callResource({ path: 'selftest', query: `bytes=${bytes}` });
    expect(res.status).toBe(200);
    expect(res.messages).toBeGreaterThanOrEqual(6);
    expect(res.body.length).toBe(bytes);
    expect(sha256(res.body)).toBe(res.headers['X-Payload-Sha256']![0]);
  });

  it('bad parameters → 400 JSON', async () => {
    const res = await plugin.callResource({ path: 'selftest', query: 'bytes=-1' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString()).error).toMatch(/bytes must be an integer/);
  });
});
