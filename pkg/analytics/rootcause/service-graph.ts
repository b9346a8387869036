// Service dependency graph and the call-graph anomaly traversal. A fault in one service shows up in
// every service that calls it (their latency and errors rise too, often by more, in relative terms),
// so the robust score alone names callers, proxies and load balancers. Walking the call graph, an
// anomalous service none of whose downstream services is anomalous is the most specific suspect: it
// ranks first; the others follow by their BARO-style robust score.
import { unitOf } from './scale-floor';
import { isOwnTimeSignal } from './span-series';
import type { Labels, MovementScore, ServiceEdge, ServiceRank } from './types';

/** The parts of a span the graph needs (Jaeger spans, OTLP spans or CSV rows all map onto it). */
export interface GraphSpan {
  traceId?: string;
  spanId: string;
  parentId: string | null;
  service: string;
  operation?: string;
}

/** Caller → callee edges from parent/child spans whose services differ, with call counts and callee operations. */
export function edgesFromSpans(spans: Iterable<GraphSpan>): ServiceEdge[] {
  const list = [...spans];
  const byId = new Map<string, GraphSpan>();
  for (const s of list) byId.set(`${s.traceId ?? ''}/${s.spanId}`, s);
  const edges = new Map<string, { caller: string; callee: string; calls: number; ops: Map<string, number> }>();
  for (const s of list) {
    if (!s.parentId) continue;
    const parent = byId.get(`${s.traceId ?? ''}/${s.parentId}`);
    if (!parent || parent.service === s.service || !parent.service || !s.service) continue;
    const key = `${parent.service}\u0000${s.service}`;
    let e = edges.get(key);
    if (!e) edges.set(key, (e = { caller: parent.service, callee: s.service, calls: 0, ops: new Map() }));
    e.calls++;
    if (s.operation) e.ops.set(s.operation, (e.ops.get(s.operation) ?? 0) + 1);
  }
  return [...edges.values()].map((e) => ({
    caller: e.caller,
    callee: e.callee,
    calls: e.calls,
    operations: [...e.ops.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([op]) => op),
  }));
}

/**
 * Edges from the body of Jaeger's `/api/dependencies` (`{ data: [{ parent, child, callCount }] }`).
 * Throws on a body of another shape, so a wrong URL is reported instead of an empty graph.
 */
export function edgesFromJaegerDependencies(body: unknown): ServiceEdge[] {
  const data = (body as { data?: unknown } | null)?.data;
  if (data === null) return [];
  if (!Array.isArray(data)) throw new Error('Jaeger dependencies response has no data array');
  const out: ServiceEdge[] = [];
  for (const d of data) {
    const { parent, child, callCount } = (d ?? {}) as Record<string, unknown>;
    if (typeof parent !== 'string' || typeof child !== 'string' || !parent || !child || parent === child) continue;
    out.push({ caller: parent, callee: child, calls: typeof callCount === 'number' ? callCount : undefined });
  }
  return out;
}

/** Callee sets per caller. */
export function calleeMap(edges: ServiceEdge[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const e of edges) {
    if (e.caller === e.callee) continue;
    let set = out.get(e.caller);
    if (!set) out.set(e.caller, (set = new Set()));
    set.add(e.callee);
  }
  return out;
}

/** Every service reachable from `service` by calls (not including itself; cycles are safe). */
export function downstreamOf(service: string, callees: Map<string, Set<string>>): Set<string> {
  const seen = new Set<string>();
  const stack = [...(callees.get(service) ?? [])];
  while (stack.length) {
    const s = stack.pop()!;
    if (s === service || seen.has(s)) continue;
    seen.add(s);
    for (const next of callees.get(s) ?? []) stack.push(next);
  }
  return seen;
}

export interface ServiceRankOptions {
  /** Robust score that counts as anomalous. Default 3. */
  threshold?: number;
  /** Scale units the peak must leave the baseline's own min–max range by. Default 0.5. */
  minExceedance?: number;
  /** Label that names the service on the movements. Default `service`. */
  serviceLabel?: string;
  /** True for series that measure the service's outgoing calls (client side). Default: isOutgoingSignal. */
  isOutgoing?: (m: MovementScore) => boolean;
  /**
   * A downstream anomaly explains a service's own movement when its score is at least this share of the
   * service's own score. Default EXPLAIN_SHARE; 0 makes any anomalous downstream service explain it.
   */
  explainShare?: number;
  /** True for series that measure time taken (latency, duration). Default: by unit (scale-floor.ts). */
  isLatency?: (m: MovementScore) => boolean;
}

/**
 * Client-side measurements of outgoing calls (Istio reporter="source", OTel client spans, names with
 * client/outbound/egress): their rise says a callee, or the network to it, is slow, not the caller.
 */
export function isOutgoingSignal(m: MovementScore): boolean {
  return /client|outbound|egress/i.test(m.signal) || m.labels.reporter === 'source' || m.labels.span_kind === 'client';
}

/** See ServiceRankOptions.explainShare. */
export const EXPLAIN_SHARE = 1;

/** Smallest shift, relative to the baseline level, that counts as a change worth a cause (15 %). */
export const MIN_RELATIVE_EFFECT = 0.15;

/** Share of the incident window's points that must deviate for a movement to count as a cause. */
export const MIN_DEVIATING_SHARE = 0.25;

/**
 * The same for a drop: most of the window. A passing dip in CPU, load or latency is rarely anyone's root
 * cause; a drop that holds (a stopped process, lost traffic, a throttled clock) is.
 */
export const MIN_DEVIATING_SHARE_DOWN = 0.5;

/**
 * True when a movement left its normal range: a robust score over the threshold, a peak outside the
 * baseline's own min–max range, an effect of at least MIN_RELATIVE_EFFECT of the baseline level (a 7 %
 * latency drift in a very steady series is statistically unusual but nobody's root cause), held for
 * at least two points and a quarter of the window (a few blips among hundreds of series are expected).
 */
export function movedBeyondNormal(m: MovementScore, threshold = 3, minExceedance = 0.5, minRelativeEffect = MIN_RELATIVE_EFFECT): boolean {
  if (m.score < threshold || (m.exceedance ?? Infinity) < minExceedance) return false;
  if (m.deviatingPoints !== undefined && m.incidentPoints !== undefined) {
    const share = m.direction === 'down' ? MIN_DEVIATING_SHARE_DOWN : MIN_DEVIATING_SHARE;
    if (m.deviatingPoints < Math.min(m.incidentPoints, Math.max(2, Math.ceil(share * m.incidentPoints)))) return false;
  }
  const level = Math.abs(m.baselineMedian);
  return level === 0 || (m.score * m.scale) / level >= minRelativeEffect;
}

/**
 * The call-graph anomaly traversal. Order:
 *  0. roots: services whose own signals moved and none of whose downstream services moved (or, for
 *     movements no callee can cause — resources, own time, call gap — none moved comparably);
 *  1. implicated callees: services whose own signals stayed normal but whose callers' outgoing-call
 *     latency moved (a network delay or a defect that only its callers see), by the share of their
 *     callers that saw it;
 *  2. the other anomalous services (callers, proxies, load balancers of an anomalous service);
 *  3. the rest;
 * each by robust score. Services named only by the graph are listed too (a dead service may report nothing).
 */
export function rankServices(movements: MovementScore[], edges: ServiceEdge[], opts: ServiceRankOptions = {}): ServiceRank[] {
  const threshold = opts.threshold ?? 3;
  const minExceedance = opts.minExceedance ?? 0.5;
  const label = opts.serviceLabel ?? 'service';
  const outgoing = opts.isOutgoing ?? isOutgoingSignal;
  const isLatency = opts.isLatency ?? ((m: MovementScore) => ['seconds', 'milliseconds'].includes(unitOf(m.signal)));
  const best = new Map<string, MovementScore>();
  const selfMoved = new Map<string, number>();
  // Movements no callee can cause: resources, own time, call gap (a latency includes its callees').
  const exclusive = new Map<string, number>();
  const latencyMoved = new Map<string, number>();
  const outMoved = new Map<string, number>();
  const raise = (m: Map<string, number>, service: string, score: number) => m.set(service, Math.max(m.get(service) ?? 0, score));
  for (const m of movements) {
    const service = serviceOf(m.labels, label);
    if (service === undefined) continue;
    const prev = best.get(service);
    if (!prev || m.score > prev.score) best.set(service, m);
    if (!movedBeyondNormal(m, threshold, minExceedance)) continue;
    // Own time and call gap (span-series.ts) exclude the service's calls: no callee explains them.
    if (isOwnTimeSignal(m.signal) || (!outgoing(m) && !isLatency(m))) {
      raise(selfMoved, service, m.score);
      raise(exclusive, service, m.score);
    } else if (outgoing(m)) raise(outMoved, service, m.score);
    else raise(latencyMoved, service, m.score);
  }
  // A service's own (server-side) latency includes the time of its outgoing calls: when those slowed
  // too, its latency rise is explained downstream and is not its own.
  for (const [s, score] of latencyMoved) if (!outMoved.has(s)) raise(selfMoved, s, score);
  // What a downstream service's anomaly weighs when it might explain a caller's: its own evidence, or
  // the slowness it sees further down.
  const evidence = (s: string) => Math.max(selfMoved.get(s) ?? 0, outMoved.get(s) ?? 0, latencyMoved.get(s) ?? 0);
  const explainShare = opts.explainShare ?? EXPLAIN_SHARE;
  const anomalous = new Set([...selfMoved.keys(), ...latencyMoved.keys(), ...outMoved.keys()]);
  const callees = calleeMap(edges);
  const callers = new Map<string, Set<string>>();
  for (const [caller, set] of callees) for (const c of set) callers.set(c, (callers.get(c) ?? new Set()).add(caller));
  const services = new Set<string>([...best.keys(), ...edges.flatMap((e) => [e.caller, e.callee])]);
  const operations = operationsByCallee(edges);
  const ranks = [...services].map((service) => {
    const down = [...downstreamOf(service, callees)].filter((s) => anomalous.has(s)).sort();
    const ups = [...(callers.get(service) ?? [])];
    const slowCallers = ups.filter((c) => outMoved.has(c));
    const implicated = !selfMoved.has(service) && slowCallers.length > 0 ? slowCallers.length / ups.length : 0;
    const rank: ServiceRank = {
      service,
      score: best.get(service)?.score ?? 0,
      anomalous: anomalous.has(service),
      // A latency rise is explained by any anomalous service downstream (it includes their time); a
      // movement no callee can cause only by a downstream anomaly of comparable strength: a faint
      // wobble below does not hide a service whose own time or CPU jumped.
      root:
        selfMoved.has(service) &&
        (down.length === 0 || (exclusive.has(service) && down.every((d) => evidence(d) < explainShare * exclusive.get(service)!))),
      anomalousDownstream: down,
      top: best.get(service) ?? null,
      operations: operations.get(service) ?? [],
    };
    const callerScore = slowCallers.reduce((sum, c) => sum + outMoved.get(c)!, 0);
    // For the rest: how many of its callers are anomalous (symptoms travel up to callers).
    const anomalousCallers = ups.filter((c) => anomalous.has(c)).length;
    return { rank, implicated, callerScore, anomalousCallers };
  });
  const group = (x: (typeof ranks)[number]) => (x.rank.root ? 0 : x.implicated > 0 ? 1 : x.rank.anomalous ? 2 : 3);
  ranks.sort(
    (a, b) =>
      group(a) - group(b) ||
      (group(a) === 1 ? b.implicated - a.implicated || b.callerScore - a.callerScore : 0) ||
      (group(a) === 3 ? b.anomalousCallers - a.anomalousCallers : 0) ||
      b.rank.score - a.rank.score ||
      a.rank.service.localeCompare(b.rank.service)
  );
  return ranks.map((x) => x.rank);
}

function serviceOf(labels: Labels, label: string): string | undefined {
  const v = labels[label];
  return v === undefined || v === '' ? undefined : v;
}

/** Per callee: its operations over all incoming edges, most called first. */
function operationsByCallee(edges: ServiceEdge[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of edges) {
    if (!e.operations?.length) continue;
    const list = out.get(e.callee) ?? [];
    for (const op of e.operations) if (!list.includes(op)) list.push(op);
    out.set(e.callee, list);
  }
  return out;
}
