// When did a detected incident end, on a series whose values are rates over a window? A point stamped t
// from `rate(x[W])` counts the increments between the first and last scrape inside (t − W, t], so it
// still carries the incident for about W − scrape after the incident stopped. The last deviating point
// therefore trails the real end by up to W − scrape − step: on a 60 s scrape (W = 4 min, the
// $__rate_interval rule) a 2-minute spike looks 5 minutes long, and the analysis window would then
// dilute every instant gauge (a GPU pinned at 100 % for 2 of 7 points no longer "stayed saturated").
// Instant gauges (windowMs undefined) have no such lag.

export interface SampleTiming {
  /** Span each value summarizes (the rate window), ms; undefined for instant values. */
  windowMs?: number;
  /** Seconds between the raw samples (the scrape interval), ms. */
  scrapeMs: number;
  /** Spacing of the evaluated points, ms. */
  stepMs: number;
}

/** How far the last deviating point of a windowed series can trail the real end: W − scrape − step (≥ 0). */
export function windowLagMs(t: SampleTiming): number {
  if (!(t.windowMs !== undefined && t.windowMs > 0)) return 0;
  return Math.max(0, t.windowMs - t.scrapeMs - t.stepMs);
}

/**
 * The latest time the incident can have ended, given its last deviating point `end` (the point after it
 * was back to normal): `end` minus the window lag, never before `start`. An ongoing incident, and a
 * series that stopped reporting (its end is where data came back), keep their end.
 */
export function settledEnd(incident: { start: number; end: number; ongoing: boolean; kind?: string }, t: SampleTiming): number {
  if (incident.ongoing || incident.kind === 'stopped_reporting') return incident.end;
  return Math.max(incident.start, incident.end - windowLagMs(t));
}
