import { describe, expect, it } from 'vitest';
import { analyzeRootCause } from './analyze';
import { downstreamOf, calleeMap, edgesFromJaegerDependencies, edgesFromSpans, movedBeyondNormal, rankServices } from './service-graph';
import type { MovementScore, ServiceEdge, SignalSeries } from './types';

const move = (service: string, score: number, signal = 'latency_seconds', exceedance = score): MovementScore => ({
  signal,
  labels: { service },
  score,
  direction: 'up',
  baselineMedian: 0,
  scale: 1,
  peakValue: score,
  peakTime: 0,
  incidentMedian: score,
  firstDeviation: 0,
  exceedance,
});

// lb → frontend → checkout → payment; frontend → catalog
const EDGES: ServiceEdge[] = [
  { caller: 'lb', callee: 'frontend' },
  { caller: 'frontend', callee: 'checkout' },
  { caller: 'checkout', callee: 'payment', operations: ['Charge'] },
  { caller: 'frontend', callee: 'catalog' },
];

describe('edgesFromSpans', () => {
  it('links parent and child spans of different services, counting calls and callee operations', () => {
    const edges = edgesFromSpans([
      { traceId: 't1', spanId: 'a', parentId: null, service: 'frontend', operation: 'GET /' },
      { traceId: 't1', spanId: 'b', parentId: 'a', service: 'frontend', operation: 'client Charge' },
      { traceId: 't1', spanId: 'c', parentId: 'b', service: 'payment', operation: 'Charge' },
      { traceId: 't2', spanId: 'a', parentId: null, service: 'frontend', operation: 'GET /' },
      { traceId: 't2', spanId: 'c', parentId: 'a', service: 'payment', operation: 'Refund' },
      { traceId: 't3', spanId: 'c', parentId: 'a', service: 'payment', operation: 'Charge' }, // parent not in t3
    ]);
    expect(edges).toEqual([{ caller: 'frontend', callee: 'payment', calls: 2, operations: ['Charge', 'Refund'] }]);
  });
});

describe('edgesFromJaegerDependencies', () => {
  it('reads /api/dependencies and drops self-calls', () => {
    expect(
      edgesFromJaegerDependencies({ data: [{ parent: 'a', child: 'b', callCount: 7 }, { parent: 'a', child: 'a', callCount: 1 }] })
    ).toEqual([{ caller: 'a', callee: 'b', calls: 7 }]);
    expect(edgesFromJaegerDependencies({ data: null })).toEqual([]);
  });
  it('rejects a body of another shape', () => {
    expect(() => edgesFromJaegerDependencies({ services: [] })).toThrow(/no data array/);
  });
});

describe('downstreamOf', () => {
  it('follows calls transitively and survives cycles', () => {
    const callees = calleeMap([...EDGES, { caller: 'payment', callee: 'frontend' }]);
    expect([...downstreamOf('checkout', callees)].sort()).toEqual(['catalog', 'frontend', 'payment']);
    expect([...downstreamOf('catalog', callees)]).toEqual([]);
  });
});

describe('movedBeyondNormal', () => {
  it('needs both the threshold and a peak outside the baseline range', () => {
    expect(movedBeyondNormal(move('a', 5))).toBe(true);
    expect(movedBeyondNormal(move('a', 2))).toBe(false);
    expect(movedBeyondNormal(move('a', 5, 'x', 0.2))).toBe(false);
  });
  it('needs the deviation to hold for two points and a quarter of the window', () => {
    expect(movedBeyondNormal({ ...move('a', 9), deviatingPoints: 2, incidentPoints: 10 })).toBe(false);
    expect(movedBeyondNormal({ ...move('a', 9), deviatingPoints: 3, incidentPoints: 10 })).toBe(true);
    expect(movedBeyondNormal({ ...move('a', 9), deviatingPoints: 1, incidentPoints: 3 })).toBe(false);
    expect(movedBeyondNormal({ ...move('a', 9), deviatingPoints: 1, incidentPoints: 1 })).toBe(true);
  });
  it('needs a drop to hold for half the window (a passing dip is nobody\'s root cause)', () => {
    const drop = { ...move('a', 9), direction: 'down' as const, incidentPoints: 10 };
    expect(movedBeyondNormal({ ...drop, deviatingPoints: 4 })).toBe(false);
    expect(movedBeyondNormal({ ...drop, deviatingPoints: 5 })).toBe(true);
    // the same share going up counts
    expect(movedBeyondNormal({ ...move('a', 9), deviatingPoints: 4, incidentPoints: 10 })).toBe(true);
  });
  it('needs a shift of at least 15 % of the baseline level', () => {
    // 4.5 scale units of 0.25 on a level of 15: +1.1, 7.5 % of the level.
    expect(movedBeyondNormal({ ...move('a', 4.5), baselineMedian: 15, scale: 0.25 })).toBe(false);
    expect(movedBeyondNormal({ ...move('a', 4.5), baselineMedian: 15, scale: 0.5 })).toBe(true);
  });
});

describe('rankServices (call-graph anomaly traversal)', () => {
  it('puts the most downstream anomalous service before larger moves on its callers', () => {
    const ranks = rankServices([move('lb', 40), move('frontend', 30), move('checkout', 20), move('payment', 6), move('catalog', 1)], EDGES);
    expect(ranks.map((r) => r.service)).toEqual(['payment', 'lb', 'frontend', 'checkout', 'catalog']);
    expect(ranks[0]).toMatchObject({ root: true, anomalous: true, anomalousDownstream: [], operations: ['Charge'] });
    expect(ranks[1]).toMatchObject({ root: false, anomalousDownstream: ['checkout', 'frontend', 'payment'] });
  });
  it('falls back to the robust score when downstream services are normal', () => {
    const ranks = rankServices([move('frontend', 30), move('checkout', 2), move('catalog', 12)], EDGES);
    // catalog is a root (anomalous, calls nobody); frontend calls it, so it follows.
    expect(ranks.map((r) => [r.service, r.root])).toEqual([
      ['catalog', true],
      ['frontend', false],
      ['checkout', false],
      ['lb', false],
      ['payment', false],
    ]);
  });
  it('blames the callee when only the caller\'s outgoing-call latency moved (a network delay at the callee)', () => {
    const ranks = rankServices([move('checkout', 25, 'client_latency_seconds'), move('payment', 1), move('catalog', 2)], EDGES);
    expect(ranks.map((r) => r.service)).toEqual(['payment', 'checkout', 'catalog', 'frontend', 'lb']);
    expect(ranks[1]).toMatchObject({ anomalous: true, root: false });
  });
  it('keeps a service whose own signals moved ahead of callees its outgoing latency implicates', () => {
    const ranks = rankServices([move('checkout', 25, 'client_latency_seconds'), move('checkout', 9, 'cpu_usage'), move('payment', 1)], EDGES);
    expect(ranks.map((r) => r.service).slice(0, 2)).toEqual(['checkout', 'payment']);
  });
  it("does not count a server-latency rise as the service's own when its outgoing calls slowed too", () => {
    const ranks = rankServices([move('checkout', 30, 'server_latency_seconds'), move('checkout', 25, 'client_latency_seconds'), move('payment', 1)], EDGES);
    expect(ranks.map((r) => [r.service, r.root])).toEqual([
      ['payment', false],
      ['checkout', false],
      ['catalog', false],
      ['frontend', false],
      ['lb', false],
    ]);
  });
  it('lists normal services called by anomalous ones before other normal services', () => {
    // lb's own CPU moved and nothing downstream did: lb is the root. Among the normal services frontend,
    // called by the anomalous lb, comes first, then the rest by score.
    const ranks = rankServices([move('lb', 8, 'cpu_usage'), move('catalog', 2), move('frontend', 1)], EDGES);
    expect(ranks.map((r) => r.service)).toEqual(['lb', 'frontend', 'catalog', 'checkout', 'payment']);
  });
  it('ranks by score alone without a graph', () => {
    expect(rankServices([move('a', 3.5), move('b', 9)], []).map((r) => r.service)).toEqual(['b', 'a']);
  });
});

describe('analyzeRootCause with a service graph', () => {
  const T0 = Date.UTC(2026, 0, 1);
  const STEP = 60_000;
  const series = (service: string, signal: string, base: number[], inc: number[]): SignalSeries => {
    const values = [...base, ...inc];
    return { signal, labels: { service }, times: values.map((_, i) => T0 + i * STEP), values };
  };
  const window = { start: T0 + 6 * STEP, end: T0 + 8 * STEP };
  const noisy = [0.1, 0.11, 0.1, 0.12, 0.1, 0.11];

  it('names the slow downstream service and its operation in a slow_dependency_span hypothesis', () => {
    const r = analyzeRootCause({
      window,
      candidates: [
        series('frontend', 'server_latency_seconds', noisy, [2.1, 2.2, 2.2]),
        series('checkout', 'server_latency_seconds', noisy, [2.0, 2.0, 2.1]),
        series('payment', 'server_latency_seconds', noisy, [1.9, 1.9, 2.0]),
        series('catalog', 'server_latency_seconds', noisy, [0.1, 0.11, 0.1]),
      ],
      serviceEdges: EDGES,
    });
    expect(r.noCause).toBe(false);
    expect(r.services!.map((s) => s.service).slice(0, 3)).toEqual(['payment', 'frontend', 'checkout']);
    expect(r.hypotheses[0]).toMatchObject({ id: 'slow_dependency_span', entity: { service: 'payment', operation: 'Charge' } });
  });

  it('drops a pattern whose evidence stayed within 15 % of its level (a steady series drifting 6 %)', () => {
    const steady = [6, 6.01, 6.02, 6, 6.01, 6.02];
    const mk = (v: number[]): SignalSeries => ({ signal: 'e2e_latency', labels: { model: 'm', instance: 'i' }, times: v.map((_, i) => T0 + i * STEP), values: v, minScale: 0.01 });
    const drift = analyzeRootCause({ window, candidates: [], targetSignal: 'e2e_latency', target: [mk([...steady, 6.36, 6.38, 6.37])] });
    expect(drift.noCause).toBe(true);
    expect(drift.hypotheses.map((h) => [h.id, h.confidence])).toEqual([['unknown', 0]]);
    const real = analyzeRootCause({ window, candidates: [], targetSignal: 'e2e_latency', target: [mk([...steady, 9, 9.2, 9.1])] });
    expect(real.noCause).toBe(false);
    expect(real.hypotheses[0].id).toBe('slow_dependency_span');
  });

  it('answers "no cause" on healthy data, even with a flat-at-zero series that wobbles', () => {
    const r = analyzeRootCause({
      window,
      candidates: [
        series('frontend', 'server_latency_seconds', noisy, [0.11, 0.1, 0.12]),
        // Client latency of a service that calls nobody: 0, then one tiny sample.
        series('catalog', 'client_latency_seconds', [0, 0, 0, 0, 0, 0], [0.0004, 0.0004, 0]),
      ],
      serviceEdges: EDGES,
    });
    expect(r.noCause).toBe(true);
    expect(r.hypotheses[0]).toMatchObject({ id: 'unknown', confidence: 0 });
  });
});
