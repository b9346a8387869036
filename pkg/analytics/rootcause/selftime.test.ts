import { describe, expect, it } from 'vitest';
import { compareSelfTime, computeSelfTimes, unionLength, type SpanInput } from './selftime';

const span = (traceId: string, spanId: string, parentSpanId: string | undefined, operation: string, start: number, duration: number, service = 'gateway'): SpanInput => ({
  traceId,
  spanId,
  parentSpanId,
  service,
  operation,
  start,
  duration,
});

describe('unionLength', () => {
  it('merges overlapping intervals and clips them', () => {
    expect(unionLength([[0, 10], [5, 15], [20, 30]], 0, 100)).toBe(25);
    expect(unionLength([[20, 30], [0, 10], [5, 15]], 0, 25)).toBe(20);
    expect(unionLength([], 0, 10)).toBe(0);
    expect(unionLength([[50, 60]], 0, 10)).toBe(0);
  });
});

describe('computeSelfTimes', () => {
  it('subtracts the union of child intervals from each span', () => {
    const spans = [
      span('t', 'root', undefined, 'request', 0, 100),
      span('t', 'a', 'root', 'retrieve', 10, 30), // 10–40
      span('t', 'b', 'root', 'generate', 30, 40), // 30–70, overlaps a
      span('t', 'c', 'a', 'embed', 15, 5),
      span('u', 'a', 'root', 'other-trace', 0, 100), // other trace: not a child of t/root
    ];
    const self = Object.fromEntries(computeSelfTimes(spans).map((s) => [`${s.traceId}/${s.spanId}`, s.selfTime]));
    expect(self).toEqual({ 't/root': 40, 't/a': 25, 't/b': 40, 't/c': 5, 'u/a': 100 });
  });
  it('never goes below zero when children outlive the parent', () => {
    const r = computeSelfTimes([span('t', 'p', undefined, 'x', 0, 10), span('t', 'k', 'p', 'y', 0, 50)]);
    expect(r[0].selfTime).toBe(0);
  });
});

describe('compareSelfTime', () => {
  it('ranks operations by excess self-time during the incident', () => {
    const spans = [
      span('b1', 'r', undefined, 'retrieve', 0, 10, 'rag'),
      span('b2', 'r', undefined, 'retrieve', 100, 10, 'rag'),
      span('i1', 'r', undefined, 'retrieve', 1000, 50, 'rag'),
      span('i2', 'r', undefined, 'retrieve', 1100, 60, 'rag'),
      span('i3', 'r', undefined, 'retrieve', 1200, 70, 'rag'),
      span('b3', 'g', undefined, 'generate', 0, 100, 'vllm'),
      span('i4', 'g', undefined, 'generate', 1000, 110, 'vllm'),
    ];
    const r = compareSelfTime(spans, { start: 1000, end: 2000 });
    expect(r[0]).toEqual({
      service: 'rag',
      operation: 'retrieve',
      baselineCount: 2,
      incidentCount: 3,
      baselineMeanMs: 10,
      incidentMeanMs: 60,
      growth: 6,
      excessMs: 150,
      exampleTraceId: 'i3',
    });
    expect(r[1].operation).toBe('generate');
    expect(r[1].growth).toBeCloseTo(1.1, 10);
    expect(r[1].excessMs).toBe(10);
  });
});

describe('compareSelfTime per emitting entity', () => {
  it('keeps operations of different pods apart', () => {
    const mk = (id: string, start: number, duration: number, pod: string): SpanInput => ({ ...span(id, 'r', undefined, 'check_cache', start, duration, 'vllm-llama'), entity: { pod } });
    const r = compareSelfTime([mk('1', 0, 5, 'p0'), mk('2', 0, 5, 'p1'), mk('3', 100, 5, 'p0'), mk('4', 100, 500, 'p1')], { start: 100, end: 200 });
    expect(r.map((x) => [x.entity, x.growth])).toEqual([
      [{ pod: 'p1' }, 100],
      [{ pod: 'p0' }, 1],
    ]);
  });
});
