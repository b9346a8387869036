import { describe, expect, it } from 'vitest';
import { QueryError, downstreamError } from '../grafana/errors';
import type { DataQuery, PluginContext, QueryDataRequest } from '../grafana/types';
import type { QueryContext, QueryHandler } from '../queries/types';
import { createDatasourceInstance } from './instance';
import { createDatasourcePlugin, isFromAlert } from './plugin';
import { createSelfMetrics } from './self-metrics';

const ctx: PluginContext = { orgId: 1, pluginId: 'p', grafanaConfig: {}, pluginVersion: '', userAgent: '' };
const instance = createDatasourceInstance(undefined);

function query(refId: string, queryType: string, json: Record<string, unknown> = {}): DataQuery {
  return {
    refId,
    queryType,
    maxDataPoints: 100,
    intervalMS: 1000,
    timeRange: { fromEpochMS: 0, toEpochMS: 60_000 },
    json,
  };
}

function request(queries: DataQuery[], headers: Record<string, string> = {}): QueryDataRequest {
  return { pluginContext: ctx, headers, queries };
}

const seen: QueryContext[] = [];
const handlers: Record<string, QueryHandler> = {
  ok: async (c) => {
    seen.push(c);
    return [{ fields: [{ name: 'v', type: 'number', values: [1] }] }];
  },
  bad: async () => {
    throw new QueryError('expr is required', 400);
  },
  upstream: async () => {
    throw downstreamError('Prometheus answered 503', 502);
  },
  crash: async () => {
    throw new TypeError('x is undefined');
  },
  slow: (c) => new Promise((resolve) => c.signal.addEventListener('abort', () => resolve([]))),
};

describe('datasource dispatcher', () => {
  it('answers every refId independently; one failure never fails the others', async () => {
    const metrics = createSelfMetrics();
    const plugin = createDatasourcePlugin({ metrics, handlers, queryTimeoutMs: 200 });
    const bad: DataQuery = { ...query('B', 'ok'), jsonError: 'query B is not valid JSON: Unexpected token' };
    const out = await plugin.queryData(
      request([
        query('A', 'ok'),
        bad,
        query('C', 'nope'),
        query('D', 'bad'),
        query('E', 'upstream'),
        query('F', 'crash'),
      ]),
      instance
    );
    expect(out.A).toMatchObject({ status: 200, frames: [{ refId: 'A' }] });
    expect(out.B).toMatchObject({
      status: 400,
      error: 'query B is not valid JSON: Unexpected token',
      errorSource: 'plugin',
    });
    expect(out.C).toMatchObject({
      status: 400,
      error: 'unknown queryType "nope"; known query types: bad, crash, ok, slow, upstream',
    });
    expect(out.D).toMatchObject({ status: 400, error: 'expr is required', errorSource: 'plugin' });
    expect(out.E).toMatchObject({ status: 502, errorSource: 'downstream' });
    expect(out.F).toMatchObject({ status: 500, error: 'internal error: x is undefined', errorSource: 'plugin' });
    expect(metrics.queries.get({ query_type: 'ok', status: '200' })).toBe(1);
    expect(metrics.queries.get({ query_type: 'unknown', status: '400' })).toBe(1);
    expect(metrics.upstreamErrors.get({ query_type: 'upstream' })).toBe(1);
  });

  it('names the known types when queryType is missing (also read from the query JSON)', async () => {
    const plugin = createDatasourcePlugin({ metrics: createSelfMetrics(), handlers });
    const out = await plugin.queryData(request([query('A', ''), query('B', '', { queryType: 'ok' })]), instance);
    expect(out.A!.error).toBe('query A has no queryType; set one of: bad, crash, ok, slow, upstream');
    expect(out.B!.status).toBe(200);
  });

  it('times out one query with 504 and aborts its signal, while others finish', async () => {
    const plugin = createDatasourcePlugin({ metrics: createSelfMetrics(), handlers, queryTimeoutMs: 50 });
    const out = await plugin.queryData(request([query('A', 'slow'), query('B', 'ok')]), instance);
    expect(out.A).toMatchObject({
      status: 504,
      errorSource: 'downstream',
      error: expect.stringMatching(/timed out after 0.05 s/),
    });
    expect(out.B!.status).toBe(200);
  });

  it('passes range, interval, maxDataPoints and FromAlert to the handler', async () => {
    seen.length = 0;
    const plugin = createDatasourcePlugin({ metrics: createSelfMetrics(), handlers });
    await plugin.queryData(request([query('A', 'ok', { x: 1 })], { http_FromAlert: 'true' }), instance);
    expect(seen[0]).toMatchObject({
      refId: 'A',
      query: { x: 1 },
      range: { from: 0, to: 60_000 },
      intervalMs: 1000,
      maxDataPoints: 100,
      fromAlert: true,
    });
  });

  it('detects the alerting header in any case, with or without http_ prefix', () => {
    expect(isFromAlert({ FromAlert: 'true' })).toBe(true);
    expect(isFromAlert({ fromalert: 'TRUE' })).toBe(true);
    expect(isFromAlert({ http_FromAlert: 'true' })).toBe(true);
    expect(isFromAlert({ FromAlert: 'false' })).toBe(false);
    expect(isFromAlert({ 'X-FromAlert': 'true' })).toBe(false);
    expect(isFromAlert({})).toBe(false);
  });
});

describe('analytics admission and cancellation', () => {
  it('runs at most maxConcurrentAnalytics analytic queries at once and never holds back the others', async () => {
    let running = 0;
    let peak = 0;
    const order: string[] = [];
    const timed = (name: string, ms: number): QueryHandler => async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
      order.push(name);
      return [];
    };
    const plugin = createDatasourcePlugin({
      metrics: createSelfMetrics(),
      handlers: { rootcause: timed('rca', 60), anomaly: timed('anomaly', 60), promql: async () => (order.push('promql'), []) },
      queryTimeoutMs: 5_000,
    });
    const limited = createDatasourceInstance({ id: 1, uid: 'lim', name: 'lim', url: 'http://127.0.0.1:1', jsonData: { maxConcurrentAnalytics: 1 } } as never);
    await plugin.queryData(request([query('A', 'rootcause'), query('B', 'anomaly'), query('C', 'rootcause'), query('D', 'promql')]), limited);
    expect(peak).toBe(1);
    expect(order[0]).toBe('promql');
    expect(order).toHaveLength(4);
  });

  it('aborts every query of a call when Grafana cancels it', async () => {
    const plugin = createDatasourcePlugin({ metrics: createSelfMetrics(), handlers, queryTimeoutMs: 60_000 });
    const ac = new AbortController();
    const t0 = performance.now();
    const answer = plugin.queryData(request([query('A', 'slow'), query('B', 'slow')]), instance, ac.signal);
    setTimeout(() => ac.abort(), 30);
    const out = await answer;
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(Object.keys(out).sort()).toEqual(['A', 'B']);
  });
});
