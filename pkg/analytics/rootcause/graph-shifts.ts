// Span self-time shifts read with the service call graph. Exclusive self-time already removes the time
// a span waits on its children, but a caller's own time still grows when its callee slows: retries and
// their back-off, timeouts, connection-pool waits. When a service and one of the services it calls
// (directly or further down) both slowed, the downstream one is the more specific suspect.
import { calleeMap, downstreamOf } from './service-graph';
import type { SelfTimeShift, ServiceEdge } from './types';

/** A shift worth a hypothesis: self-time at least doubled, over at least 3 spans, costing extra time. */
export function isSignificantShift(s: SelfTimeShift): boolean {
  return s.growth >= 2 && s.excessMs > 0 && s.incidentCount >= 3;
}

/**
 * The shifts reordered so that significant shifts of services with no significantly slowed service
 * downstream come first (by excess self-time, as before), then the significant shifts of their callers,
 * then the rest. Without edges the order is unchanged.
 */
export function orderShiftsDownstreamFirst(shifts: SelfTimeShift[], edges: ServiceEdge[]): SelfTimeShift[] {
  if (edges.length === 0) return shifts;
  const slowed = new Set(shifts.filter(isSignificantShift).map((s) => s.service));
  const callees = calleeMap(edges);
  const hasSlowDownstream = (service: string) => [...downstreamOf(service, callees)].some((d) => slowed.has(d));
  const group = (s: SelfTimeShift) => (!isSignificantShift(s) ? 2 : hasSlowDownstream(s.service) ? 1 : 0);
  // Stable: within a group the incoming order (excess self-time) stays.
  return shifts
    .map((s, i) => ({ s, i, g: group(s) }))
    .sort((a, b) => a.g - b.g || a.i - b.i)
    .map((x) => x.s);
}

/** Callers of `service` in the graph, most calls first. */
export function callersOf(service: string, edges: ServiceEdge[]): string[] {
  return edges
    .filter((e) => e.callee === service && e.caller !== service)
    .sort((a, b) => (b.calls ?? 0) - (a.calls ?? 0) || a.caller.localeCompare(b.caller))
    .map((e) => e.caller)
    .filter((c, i, all) => all.indexOf(c) === i);
}
