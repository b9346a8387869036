import { describe, expect, it } from 'vitest';
import { analyzeRootCause } from './analyze';
import { dropThinQuantiles, isNamedQuantile, isTrafficSeries } from './thin-quantiles';
import type { SignalSeries } from './types';

const MIN = 60_000;
const times = Array.from({ length: 60 }, (_, i) => i * MIN);
const pod = { service: 'ts-auth', pod: 'ts-auth-1' };
const series = (signal: string, f: (i: number) => number, labels = pod): SignalSeries => ({ signal, labels, times, values: times.map((_, i) => f(i)) });

describe('latency quantiles over a handful of calls', () => {
  it('tells named quantiles and call counts from other series', () => {
    expect(isNamedQuantile(series('PodClientLatencyP90(s)', () => 0.005))).toBe(true);
    expect(isNamedQuantile(series('http_request_duration_seconds_p99', () => 0.005))).toBe(true);
    expect(isNamedQuantile(series('CpuUsage(m)', () => 1))).toBe(false);
    // The plugin's own signals are named by id (ttft, e2e_latency): not touched.
    expect(isNamedQuantile(series('ttft', () => 0.2))).toBe(false);
    expect(isTrafficSeries(series('PodWorkload(Ops)', () => 1))).toBe(true);
    expect(isTrafficSeries(series('request_rate', () => 1))).toBe(true);
    expect(isTrafficSeries(series('PodServerLatencyP90(s)', () => 1))).toBe(false);
  });

  it('blanks the points of a quantile read over fewer than six calls, where the same entity counts its calls', () => {
    const workload = series('PodWorkload(Ops)', (i) => (i < 30 ? 0.05 : 2));
    const p90 = series('PodClientLatencyP90(s)', (i) => (i === 10 ? 20 : 0.005));
    const other = series('PodClientLatencyP90(s)', (i) => (i === 10 ? 20 : 0.005), { service: 'ts-order', pod: 'ts-order-1' });
    const [, thinned, untouched] = dropThinQuantiles([workload, p90, other]);
    // 0.05 calls/s over a minute is 3 calls: not read. 2 calls/s is 120: read.
    expect(thinned.values.slice(0, 30).every((v) => v === null)).toBe(true);
    expect(thinned.values.slice(30).every((v) => v === 0.005)).toBe(true);
    // No call count for that pod: kept as it is.
    expect(untouched.values[10]).toBe(20);
  });

  it('a pod whose client p90 jumps over three calls a minute is no cause', () => {
    const workload = series('PodWorkload(Ops)', () => 0.05);
    const p90 = series('PodClientLatencyP90(s)', (i) => (i >= 50 && i < 53 ? 20 : 0.005));
    const cpu = series('CpuUsage(m)', (i) => 10 + (i % 3));
    const answer = analyzeRootCause({ window: { start: 48 * MIN, end: 56 * MIN }, candidates: [workload, p90, cpu], baselineStart: 0 });
    expect(answer.hypotheses.some((h) => JSON.stringify(h).includes('PodClientLatencyP90'))).toBe(false);
    // The same jump over 120 calls a minute is named.
    const busy = series('PodWorkload(Ops)', () => 2);
    const named = analyzeRootCause({ window: { start: 48 * MIN, end: 56 * MIN }, candidates: [busy, p90, cpu], baselineStart: 0 });
    expect(named.hypotheses.some((h) => JSON.stringify(h).includes('PodClientLatencyP90'))).toBe(true);
  });
});
