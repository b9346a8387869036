import { describe, expect, it } from 'vitest';
import { rankServices } from './service-graph';
import { isOwnTimeSignal, spanSeries, SPAN_CALL_GAP, SPAN_OWN_TIME, type TimedSpan } from './span-series';
import type { MovementScore, ServiceEdge } from './types';

const T0 = Date.UTC(2026, 0, 1);

/** One request: frontend entry (100 ms) → client span (60 ms) → checkout entry (50 ms, 20 ms of its own) → payment (30 ms). */
function request(traceId: string, start: number, paymentGap = 0): TimedSpan[] {
  return [
    { traceId, spanId: 'f', parentId: null, service: 'frontend', startMs: start, durationMs: 100 + paymentGap },
    { traceId, spanId: 'fc', parentId: 'f', service: 'frontend', startMs: start + 10, durationMs: 60 + paymentGap },
    { traceId, spanId: 'c', parentId: 'fc', service: 'checkout', startMs: start + 15, durationMs: 50 + paymentGap },
    { traceId, spanId: 'cc', parentId: 'c', service: 'checkout', startMs: start + 30, durationMs: 30 + paymentGap },
    { traceId, spanId: 'p', parentId: 'cc', service: 'payment', startMs: start + 30 + paymentGap / 2, durationMs: 30 },
  ];
}

const valueOf = (series: ReturnType<typeof spanSeries>, signal: string, service: string) =>
  series.find((s) => s.signal === signal && s.labels.service === service)?.values;

describe('spanSeries', () => {
  it("measures each service's own time without its calls, and the gap around each pure call", () => {
    const out = spanSeries(request('t1', T0 + 1000));
    // frontend 100 − its client span 60; checkout 50 − its client span 30; payment calls nobody.
    expect(valueOf(out, SPAN_OWN_TIME, 'frontend')).toEqual([40]);
    expect(valueOf(out, SPAN_OWN_TIME, 'checkout')).toEqual([20]);
    expect(valueOf(out, SPAN_OWN_TIME, 'payment')).toEqual([30]);
    // frontend's client span 60 around checkout's 50; checkout's 30 around payment's 30.
    expect(valueOf(out, SPAN_CALL_GAP, 'checkout')).toEqual([10]);
    expect(valueOf(out, SPAN_CALL_GAP, 'payment')).toEqual([0]);
    expect(valueOf(out, SPAN_CALL_GAP, 'frontend')).toBeUndefined();
  });

  it('puts a network delay on the call gap of the delayed service, not on its callers’ own time', () => {
    const out = spanSeries([...request('t1', T0 + 1000), ...request('t2', T0 + 61_000, 400)]);
    expect(valueOf(out, SPAN_CALL_GAP, 'payment')).toEqual([0, 400]);
    expect(valueOf(out, SPAN_OWN_TIME, 'checkout')).toEqual([20, 20]);
    expect(valueOf(out, SPAN_OWN_TIME, 'frontend')).toEqual([40, 40]);
  });

  it('takes the median per step and stamps each step at its end', () => {
    const spans = [0, 1, 2].flatMap((i) => request(`t${i}`, T0 + 1000 + i * 1000, i === 2 ? 5000 : 0));
    const own = spanSeries(spans, { stepMs: 60_000 }).find((s) => s.signal === SPAN_CALL_GAP && s.labels.service === 'payment')!;
    expect(own.times).toEqual([T0 + 60_000]);
    // Two calls without a gap and one with 5 s: the median is not moved by one slow request.
    expect(own.values).toEqual([0]);
    expect(own.unit).toBe('ms');
  });

  it('tells its own signals apart', () => {
    expect(isOwnTimeSignal(SPAN_OWN_TIME)).toBe(true);
    expect(isOwnTimeSignal(SPAN_CALL_GAP)).toBe(true);
    expect(isOwnTimeSignal('PodServerLatencyP90(s)')).toBe(false);
  });
});

describe('rankServices with movements no callee can cause', () => {
  const EDGES: ServiceEdge[] = [
    { caller: 'frontend', callee: 'checkout' },
    { caller: 'checkout', callee: 'payment' },
  ];
  const move = (service: string, signal: string, score: number): MovementScore => ({
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
    exceedance: score,
  });

  it('keeps a service whose call gap jumped as the root over a faint wobble downstream', () => {
    const ranks = rankServices([move('checkout', SPAN_CALL_GAP, 40), move('payment', 'cpu_usage', 5)], EDGES);
    expect(ranks.map((r) => [r.service, r.root])).toEqual([
      ['checkout', true],
      ['payment', true],
      ['frontend', false],
    ]);
  });

  it('lets a downstream anomaly at least as strong explain it', () => {
    const ranks = rankServices([move('checkout', SPAN_OWN_TIME, 10), move('payment', 'cpu_usage', 12)], EDGES);
    expect(ranks.map((r) => [r.service, r.root])).toEqual([
      ['payment', true],
      ['checkout', false],
      ['frontend', false],
    ]);
  });

  it('still explains a latency rise by any anomalous service downstream', () => {
    const ranks = rankServices([move('checkout', 'latency_seconds', 40), move('payment', 'cpu_usage', 5)], EDGES);
    expect(ranks.map((r) => r.service)[0]).toBe('payment');
    expect(ranks.find((r) => r.service === 'checkout')!.root).toBe(false);
  });
});
