import { describe, expect, it } from 'vitest';
import { fetchServiceGraph, MIN_DEPENDENCY_LOOKBACK_MS } from './service-graph';

const spans = [
  { traceId: 't', spanId: 'a', parentId: null, service: 'frontend' },
  { traceId: 't', spanId: 'b', parentId: 'a', service: 'cart', operation: 'GetCart' },
];

describe('fetchServiceGraph', () => {
  it('uses Jaeger dependencies with at least an hour of lookback', async () => {
    const calls: number[][] = [];
    const jaeger = { dependencies: async (end: number, lookback: number) => (calls.push([end, lookback]), [{ caller: 'a', callee: 'b', calls: 3 }]) };
    const r = await fetchServiceGraph(jaeger, { start: 1000, end: 5000 }, spans);
    expect(r).toEqual({ edges: [{ caller: 'a', callee: 'b', calls: 3 }], source: 'dependencies' });
    expect(calls).toEqual([[5000, MIN_DEPENDENCY_LOOKBACK_MS]]);
  });
  it('falls back to spans when Jaeger has no dependencies, and warns when it failed', async () => {
    const empty = await fetchServiceGraph({ dependencies: async () => [] }, { start: 0, end: 1 }, spans);
    expect(empty).toEqual({ edges: [{ caller: 'frontend', callee: 'cart', calls: 1, operations: ['GetCart'] }], source: 'spans', warning: undefined });
    const failed = await fetchServiceGraph({ dependencies: async () => Promise.reject(new Error('connection refused')) }, { start: 0, end: 1 }, []);
    expect(failed).toEqual({ edges: [], source: 'none', warning: 'service dependency graph unavailable from Jaeger: connection refused' });
  });
});
