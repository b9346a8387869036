// A latency quantile read over a handful of calls is noise: the p90 of four calls a minute is nearly their
// slowest, and one timed-out call turns a 5 ms client latency into 20 s. Where a series of the same entity
// counts its traffic, the quantile's points over fewer calls than MIN_CALLS are left out before scoring
// (as a gap, which `missing.ts` reads as a traffic gap, not a stopped entity: the traffic series reports).
import { isLatencySignal } from './scale-floor';
import type { SignalSeries } from './types';

/** Calls a quantile must summarize to be read. */
export const MIN_CALLS = 6;

/** A latency series named as a quantile (p90, P99, quantile, percentile). */
export function isNamedQuantile(s: SignalSeries): boolean {
  return isLatencySignal(s.signal, s.unit) && /p\d{2}(?!\d)|quantile|percentile/i.test(s.signal);
}

/** A series that counts calls per second: workload, ops, request rate, rps, qps, throughput. */
export function isTrafficSeries(s: SignalSeries): boolean {
  return !isLatencySignal(s.signal, s.unit) && /workload|\(ops\)|_ops\b|request_rate|requests_per_second|\brps\b|\bqps\b|throughput/i.test(s.signal);
}

const labelKey = (labels: Record<string, string>) =>
  Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');

function medianStepMs(times: number[]): number {
  const d: number[] = [];
  for (let i = 1; i < times.length; i++) if (times[i] > times[i - 1]) d.push(times[i] - times[i - 1]);
  d.sort((a, b) => a - b);
  return d.length ? d[d.length >> 1] : 0;
}

/** The series with each named quantile's points over fewer than `minCalls` calls set to null. */
export function dropThinQuantiles(series: SignalSeries[], minCalls = MIN_CALLS): SignalSeries[] {
  const traffic = new Map<string, SignalSeries>();
  for (const s of series) if (isTrafficSeries(s)) traffic.set(labelKey(s.labels), s);
  if (traffic.size === 0) return series;
  return series.map((s) => {
    if (!isNamedQuantile(s)) return s;
    const calls = traffic.get(labelKey(s.labels));
    if (!calls) return s;
    const spanS = (calls.windowMs ?? s.windowMs ?? medianStepMs(calls.times)) / 1000;
    if (!(spanS > 0)) return s;
    const rateAt = new Map<number, number | null>();
    calls.times.forEach((t, i) => rateAt.set(t, calls.values[i]));
    let changed = false;
    const values = s.values.map((v, i) => {
      const rate = rateAt.get(s.times[i]);
      if (v === null || rate === undefined || rate === null || !Number.isFinite(rate)) return v;
      if (rate * spanS >= minCalls) return v;
      changed = true;
      return null;
    });
    return changed ? { ...s, values } : s;
  });
}
