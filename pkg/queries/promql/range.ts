// Step, alignment and rate-window math, following Grafana's Prometheus datasource: the step is at
// least the scrape interval and the requested interval, grows so no series exceeds the point limit,
// start/end are aligned to multiples of the step (stable points while a dashboard refreshes), and the
// rate window is max(step + scrape, 4 × scrape) like $__rate_interval.

export interface RangeInput {
  from: number;
  to: number;
  intervalMs: number;
  maxDataPoints: number;
  scrapeIntervalMs: number;
  maxPointsPerSeries: number;
  /** Query's own minimum step (promql `minStep`). */
  minStepMs?: number;
}

export interface QueryRange {
  startMs: number;
  endMs: number;
  stepMs: number;
  rateWindowMs: number;
  /** True when the step had to grow beyond the requested interval to respect the point limit. */
  stepRaised: boolean;
}

export function computeRange(r: RangeInput): QueryRange {
  const span = Math.max(0, r.to - r.from);
  const requested = Math.max(
    r.intervalMs || 0,
    r.scrapeIntervalMs,
    r.minStepMs ?? 0,
    r.maxDataPoints > 0 ? span / r.maxDataPoints : 0
  );
  const byLimit = span / Math.max(1, r.maxPointsPerSeries - 1);
  let step = roundStep(Math.max(requested, byLimit, 1));
  const stepRaised = byLimit > requested && step > roundStep(requested);
  if (step <= 0) step = 1000;
  const startMs = Math.floor(r.from / step) * step;
  const endMs = Math.max(startMs, Math.floor(r.to / step) * step);
  return { startMs, endMs, stepMs: step, rateWindowMs: rateWindow(step, r.scrapeIntervalMs), stepRaised };
}

/** Whole seconds above one second (Prometheus steps are usually whole), whole ms below. */
export function roundStep(ms: number): number {
  return ms >= 1000 ? Math.ceil(ms / 1000 - 1e-9) * 1000 : Math.max(1, Math.ceil(ms));
}

export function rateWindow(stepMs: number, scrapeMs: number): number {
  return Math.max(stepMs + scrapeMs, 4 * scrapeMs);
}

/** PromQL duration literal: `90s`, `1500ms` (Prometheus accepts both). */
export function promDuration(ms: number): string {
  const whole = Math.round(ms);
  return whole % 1000 === 0 ? `${whole / 1000}s` : `${whole}ms`;
}
