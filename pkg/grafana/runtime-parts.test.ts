import { describe, expect, it } from 'vitest';
import { parseHandshakeLine } from '../../test/host/handshake';
import { checkHandshakeEnv, handshakeLine } from './handshake';
import { InstanceCache } from './instance-cache';
import { createLogger, formatLogLine } from './logger';
import { MetricsRegistry } from './metrics';
import { ChunkingSender, RESOURCE_CHUNK_BYTES } from './resource-sender';
import type { DataSourceInstanceSettings, PluginContext } from './types';
import { fromWireDataQuery, toWireDataResponse, validHttpStatus } from './wire';

describe('handshake', () => {
  it('needs the magic cookie and protocol version 2', () => {
    expect(checkHandshakeEnv({})).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not meant to be executed directly/),
    });
    expect(checkHandshakeEnv({ grafana_plugin_type: 'datasource', PLUGIN_PROTOCOL_VERSIONS: '1' })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/protocol version 2/),
    });
    expect(checkHandshakeEnv({ grafana_plugin_type: 'datasource', PLUGIN_PROTOCOL_VERSIONS: '1, 2' })).toEqual({
      ok: true,
    });
  });

  it('prints a line go-plugin accepts', () => {
    const line = handshakeLine(40123);
    expect(line).toBe('1|2|tcp|127.0.0.1:40123|grpc\n');
    expect(parseHandshakeLine(line)).toMatchObject({
      core: 1,
      app: 2,
      network: 'tcp',
      address: '127.0.0.1:40123',
      protocol: 'grpc',
    });
    expect(() => parseHandshakeLine('1|1|tcp|127.0.0.1:1|grpc')).toThrow(/Incompatible API version/);
    expect(() => parseHandshakeLine('1|2|tcp|127.0.0.1:1')).toThrow(/Unsupported plugin protocol "netrpc"/);
    expect(() => parseHandshakeLine('')).toThrow(/Unrecognized remote plugin message/);
  });
});

describe('logger', () => {
  it('writes hclog JSON without @timestamp and never logs secrets', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'debug', write: (l) => lines.push(l) }).with({ uid: 'ds1' });
    log.info('query done', {
      refId: 'A',
      Authorization: 'Bearer abc',
      prometheusBearerToken: 'xyz',
      '@timestamp': 'bad',
    });
    const entry = JSON.parse(lines[0]!);
    expect(entry).toEqual({
      '@level': 'info',
      '@message': 'query done',
      uid: 'ds1',
      refId: 'A',
      Authorization: '[redacted]',
      prometheusBearerToken: '[redacted]',
    });
    expect(lines.join('\n')).not.toMatch(/abc|xyz/);
  });

  it('filters below the configured level', () => {
    const lines: string[] = [];
    createLogger({ level: 'warn', write: (l) => lines.push(l) }).info('hidden');
    expect(lines).toEqual([]);
    expect(JSON.parse(formatLogLine('error', 'x', { error: new Error('boom') }))).toEqual({
      '@level': 'error',
      '@message': 'x',
      error: 'boom',
    });
  });
});

describe('metrics', () => {
  it('renders Prometheus text format', () => {
    const r = new MetricsRegistry();
    const c = r.counter('q_total', 'Queries.');
    c.inc({ type: 'test', status: '200' });
    c.inc({ type: 'test', status: '200' });
    c.inc({ type: 'a"b', status: '400' });
    const h = r.histogram('d_seconds', 'Durations.', [0.1, 1]);
    h.observe({ type: 'test' }, 0.5);
    expect(r.render()).toBe(
      [
        '# HELP q_total Queries.',
        '# TYPE q_total counter',
        'q_total{status="200",type="test"} 2',
        'q_total{status="400",type="a\\"b"} 1',
        '# HELP d_seconds Durations.',
        '# TYPE d_seconds histogram',
        'd_seconds_bucket{type="test",le="0.1"} 0',
        'd_seconds_bucket{type="test",le="1"} 1',
        'd_seconds_bucket{type="test",le="+Inf"} 1',
        'd_seconds_sum{type="test"} 0.5',
        'd_seconds_count{type="test"} 1',
      ].join('\n') + '\n'
    );
  });
});

describe('instance cache', () => {
  const ctx = (uid: string, lastUpdatedMS: number): PluginContext => ({
    orgId: 1,
    pluginId: 'p',
    grafanaConfig: {},
    pluginVersion: '',
    userAgent: '',
    dataSourceInstanceSettings: { uid, lastUpdatedMS, id: 1 } as DataSourceInstanceSettings,
  });

  it('reuses an instance until lastUpdatedMS changes, then disposes the old one', () => {
    const disposed: number[] = [];
    let n = 0;
    const cache = new InstanceCache(() => {
      const id = ++n;
      return { id, dispose: () => void disposed.push(id) };
    });
    const a = cache.get(ctx('x', 1));
    expect(cache.get(ctx('x', 1))).toBe(a);
    const b = cache.get(ctx('x', 2));
    expect(b).not.toBe(a);
    expect(disposed).toEqual([1]);
    cache.get(ctx('y', 2));
    expect(cache.size).toBe(2);
  });
});

describe('resource sender', () => {
  it('chunks large bodies; status and headers only in the first message', () => {
    const out: Array<{ code: number; headers: Record<string, unknown>; body: Buffer }> = [];
    const sender = new ChunkingSender({ write: (m) => (out.push(m), true) });
    const body = Buffer.alloc(RESOURCE_CHUNK_BYTES * 2 + 10, 7);
    sender.send({ status: 201, headers: { 'X-A': ['1'] }, body });
    expect(out.map((m) => m.body.length)).toEqual([RESOURCE_CHUNK_BYTES, RESOURCE_CHUNK_BYTES, 10]);
    expect(out[0]).toMatchObject({ code: 201, headers: { 'X-A': { values: ['1'] } } });
    expect(out[1]!.headers).toEqual({});
    expect(Buffer.concat(out.map((m) => m.body)).equals(body)).toBe(true);
  });

  it('always sends a valid HTTP status', () => {
    expect(validHttpStatus(0)).toBe(500);
    expect(validHttpStatus(99)).toBe(500);
    expect(validHttpStatus(404)).toBe(404);
    const out: Array<{ code: number }> = [];
    new ChunkingSender({ write: (m) => (out.push(m), true) }).send({ status: 0 });
    expect(out).toEqual([expect.objectContaining({ code: 500 })]);
  });
});

describe('wire conversion', () => {
  it('marks unparsable query JSON instead of throwing', () => {
    const q = fromWireDataQuery({
      refId: 'A',
      json: Buffer.from('{oops'),
      timeRange: { fromEpochMS: 1, toEpochMS: 2 },
    });
    expect(q.jsonError).toMatch(/^query A is not valid JSON/);
    expect(fromWireDataQuery({ refId: 'B', json: Buffer.from('[1]') }).jsonError).toMatch(/must be a JSON object/);
    expect(fromWireDataQuery({ refId: 'C', json: Buffer.alloc(0) }).json).toEqual({});
  });

  it('always sets a status; errors carry an error source', () => {
    expect(toWireDataResponse('A', { frames: [], status: 0 })).toEqual({ frames: [], status: 200 });
    expect(toWireDataResponse('A', { frames: [], status: 0, error: 'x' })).toEqual({
      frames: [],
      status: 500,
      error: 'x',
      errorSource: 'plugin',
    });
  });
});
