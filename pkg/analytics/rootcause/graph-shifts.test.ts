import { describe, expect, it } from 'vitest';
import { analyzeRootCause } from './analyze';
import { callersOf, isSignificantShift, orderShiftsDownstreamFirst } from './graph-shifts';
import type { SelfTimeShift, ServiceEdge } from './types';

const shift = (service: string, operation: string, baselineMeanMs: number, incidentMeanMs: number, incidentCount = 20): SelfTimeShift => ({
  service,
  operation,
  baselineCount: 40,
  incidentCount,
  baselineMeanMs,
  incidentMeanMs,
  growth: incidentMeanMs / Math.max(baselineMeanMs, 1),
  excessMs: (incidentMeanMs - baselineMeanMs) * incidentCount,
  exampleTraceId: `trace-${service}`,
});

// gateway → retrieval → vector-db; gateway → llm
const EDGES: ServiceEdge[] = [
  { caller: 'gateway', callee: 'retrieval', calls: 100 },
  { caller: 'retrieval', callee: 'vector-db', calls: 300, operations: ['search'] },
  { caller: 'gateway', callee: 'llm', calls: 100 },
];

// The callee slowed ×7; its caller's own time (back-off between retries) grew more in absolute terms.
const RETRY_STORM = [shift('retrieval', 'retrieve', 5, 900), shift('vector-db', 'search', 20, 150, 60), shift('gateway', 'route', 2, 2.5)];

describe('orderShiftsDownstreamFirst', () => {
  it('puts the slowed callee before the caller that waits on it', () => {
    const ordered = orderShiftsDownstreamFirst(RETRY_STORM, EDGES);
    expect(ordered.map((s) => s.service)).toEqual(['vector-db', 'retrieval', 'gateway']);
  });
  it('keeps the order without a graph', () => {
    expect(orderShiftsDownstreamFirst(RETRY_STORM, []).map((s) => s.service)).toEqual(['retrieval', 'vector-db', 'gateway']);
  });
  it('does not demote a caller whose callees did not slow', () => {
    const calm = [shift('retrieval', 'retrieve', 5, 900), shift('vector-db', 'search', 20, 22, 60)];
    expect(orderShiftsDownstreamFirst(calm, EDGES)[0].service).toBe('retrieval');
  });
  it('is safe on cycles', () => {
    const cyclic: ServiceEdge[] = [...EDGES, { caller: 'vector-db', callee: 'retrieval' }];
    expect(orderShiftsDownstreamFirst(RETRY_STORM, cyclic)).toHaveLength(3);
  });
});

describe('isSignificantShift / callersOf', () => {
  it('needs doubling over at least 3 spans', () => {
    expect(isSignificantShift(shift('a', 'x', 10, 25))).toBe(true);
    expect(isSignificantShift(shift('a', 'x', 10, 15))).toBe(false);
    expect(isSignificantShift(shift('a', 'x', 10, 50, 2))).toBe(false);
  });
  it('lists callers once, most calls first', () => {
    const edges = [...EDGES, { caller: 'batch', callee: 'vector-db', calls: 900 }, { caller: 'retrieval', callee: 'vector-db', calls: 5 }];
    expect(callersOf('vector-db', edges)).toEqual(['batch', 'retrieval']);
  });
});

describe('slow dependency span with the call graph', () => {
  const input = { window: { start: 1_000_000, end: 1_600_000 }, candidates: [], selfTime: RETRY_STORM };
  it('names the downstream service and its operation, and its callers as evidence', () => {
    const top = analyzeRootCause({ ...input, serviceEdges: EDGES }).hypotheses[0];
    expect(top.id).toBe('slow_dependency_span');
    expect(top.entity).toMatchObject({ service: 'vector-db', operation: 'search' });
    expect(top.traceId).toBe('trace-vector-db');
    expect(top.evidence.join(' | ')).toMatch(/called by retrieval/);
    expect(top.evidence.join(' | ')).toMatch(/retrieval slowed too/);
  });
  it('without the graph names the largest self-time shift (the caller)', () => {
    const top = analyzeRootCause(input).hypotheses[0];
    expect(top.entity).toMatchObject({ service: 'retrieval', operation: 'retrieve' });
  });
});
