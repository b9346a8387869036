// Root cause compares an incident with what came before it. A dashboard opened on "last 1 hour" with an
// incident 40 minutes ago leaves 20 minutes of normal data: too little to know the normal range, so the
// same incident was found on a 3-hour range and missed on a 1-hour one. Root cause therefore reads at
// least MIN_ANALYSIS_SPAN_MS of history (on the same step); incidents are still searched for in the
// range the user asked for only.
import type { QueryRange } from '../promql/range';

export const MIN_ANALYSIS_SPAN_MS = 3 * 3_600_000;
/** At most this many extra points per series (a one-second step would otherwise read 10,800). */
export const MAX_LOOKBACK_POINTS = 1440;

/** The asked range, started earlier by whole steps until it spans `minSpanMs` (at most MAX_LOOKBACK_POINTS more). */
export function withBaselineLookback(range: QueryRange, minSpanMs = MIN_ANALYSIS_SPAN_MS): QueryRange {
  const span = range.endMs - range.startMs;
  if (!(range.stepMs > 0) || span >= minSpanMs) return range;
  const steps = Math.min(MAX_LOOKBACK_POINTS, Math.ceil((minSpanMs - span) / range.stepMs));
  return { ...range, startMs: range.startMs - steps * range.stepMs };
}
