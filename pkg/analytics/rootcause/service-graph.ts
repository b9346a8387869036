// Service dependency graph and the call-graph anomaly traversal. A fault in one service shows up in
// every service that calls it (their latency and errors rise too, often by more, in relative terms),
// so the robust score alone names callers, proxies and load balancers. Walking the call graph, an
// anomalous service none of whose downstream services is anomalous is the most specific suspect: it
// ranks first; the others follow by their BARO-style robust score.
import { isLatencySignal, unitOf } from './scale-floor';
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
  /**
   * Services whose symptom is being explained (the target's). When one is in the graph, a suspect it
   * reaches through a chain of anomalous services ranks before one it does not: a cause must be able
   * to reach the symptom.
   */
  symptomServices?: string[];
  /**
   * What the symptom is: 'errors' (availability fell, errors rose) or 'latency'. A cause must be able to
   * produce it: errors come from errors downstream; latency from latency, resources or errors, never
   * from a change in traffic alone. Movements of other kinds do not make a service a suspect.
   */
  symptomKind?: SymptomKind;
  /** The symptom was inferred (the graph's entry services), not given: the explained-anomalies ordering stays off. */
  symptomInferred?: boolean;
}

export type SymptomKind = 'latency' | 'errors';

/** Errors rose or availability / success fell. */
export function isErrorMovement(m: { signal: string; direction: 'up' | 'down' }): boolean {
  return m.direction === 'down' ? HIGHER_IS_BETTER.test(m.signal) : LOWER_IS_BETTER.test(m.signal) && !HIGHER_IS_BETTER.test(m.signal);
}

/** The kind of a symptom from its signal: errors/availability, latency, or null (anything else). */
export function symptomKindOf(signal: string, unit?: string): SymptomKind | null {
  if (HIGHER_IS_BETTER.test(signal) || LOWER_IS_BETTER.test(signal)) return 'errors';
  return isLatencySignal(signal, unit) ? 'latency' : null;
}

/**
 * Anomalous services the symptom's services reach by calls through anomalous services only (the
 * symptom's own services are the start whatever their state). Null when no symptom service is in the graph.
 */
export function connectedToSymptom(symptoms: string[], anomalous: Set<string>, callees: Map<string, Set<string>>, inGraph: Set<string>): Set<string> | null {
  const starts = symptoms.filter((s) => inGraph.has(s));
  if (starts.length === 0) return null;
  const seen = new Set<string>(starts.filter((s) => anomalous.has(s)));
  const stack = [...starts];
  const visited = new Set<string>(starts);
  while (stack.length) {
    const s = stack.pop()!;
    for (const next of callees.get(s) ?? []) {
      if (visited.has(next) || !anomalous.has(next)) continue;
      visited.add(next);
      seen.add(next);
      stack.push(next);
    }
  }
  return seen;
}

/**
 * Client-side measurements of outgoing calls (Istio reporter="source", OTel client spans, names with
 * client/outbound/egress): their rise says a callee, or the network to it, is slow, not the caller.
 */
export function isOutgoingSignal(m: MovementScore): boolean {
  return /client|outbound|egress/i.test(m.signal) || m.labels.reporter === 'source' || m.labels.span_kind === 'client' || isCallerViewNode(m.labels.service);
}

/**
 * A graph node that is a caller's view of an endpoint, not a service of its own: X-Ray's `…_remote`
 * (a load balancer or external host as its caller timed it) and `…_client` nodes. It is slow when
 * what stands behind it is slow, so it never ranks as a root itself. Only the underscore forms: a
 * service named `api-client` is a service.
 */
export function isCallerViewNode(service: string | undefined): boolean {
  return service !== undefined && /_(remote|client)$/i.test(service);
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

/** Signals where higher is better (availability, success, cache hits) and where lower is (errors, failures). */
const HIGHER_IS_BETTER = /availab|success|uptime|hit_?(ratio|rate)|goodput|slo_attain/i;
const LOWER_IS_BETTER = /error|fail|fault|reject|abort|timeout|exception|5xx/i;

/**
 * True when the move is a recovery, not a harm: availability or success rising, errors falling. No
 * incident is caused by a service getting healthier, and on data whose normal period differs (a job
 * that was idle then, so its availability read 0) such moves were ranked first.
 */
export function isImprovement(signal: string, direction: 'up' | 'down'): boolean {
  if (direction === 'up') return HIGHER_IS_BETTER.test(signal);
  return LOWER_IS_BETTER.test(signal) && !HIGHER_IS_BETTER.test(signal);
}

/**
 * True when a movement left its normal range: a robust score over the threshold, a peak outside the
 * baseline's own min–max range, an effect of at least MIN_RELATIVE_EFFECT of the baseline level (a 7 %
 * latency drift in a very steady series is statistically unusual but nobody's root cause; a percentage
 * near 100 % measured from the top), held for its required points (two, one at a 2-minute spacing or
 * more) and a quarter of the window, half for a drop that is not a fall in availability (a few blips
 * among hundreds of series are expected); and not a recovery (isImprovement).
 */
export function movedBeyondNormal(m: MovementScore, threshold = 3, minExceedance = 0.5, minRelativeEffect = MIN_RELATIVE_EFFECT): boolean {
  if (m.score < threshold || (m.exceedance ?? Infinity) < minExceedance) return false;
  if (isImprovement(m.signal, m.direction)) return false;
  if (m.deviatingPoints !== undefined && m.incidentPoints !== undefined) {
    // A fall in availability or success is a harm like a rise in errors: it needs a quarter too.
    const share = m.direction === 'down' && !isErrorMovement(m) ? MIN_DEVIATING_SHARE_DOWN : MIN_DEVIATING_SHARE;
    if (m.deviatingPoints < Math.min(m.incidentPoints, Math.max(m.requiredPoints ?? 2, Math.ceil(share * m.incidentPoints)))) return false;
  }
  const level = m.level ?? Math.abs(m.baselineMedian);
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
  const isLatency = opts.isLatency ?? ((m: MovementScore) => isLatencySignal(m.signal));
  const best = new Map<string, MovementScore>();
  const selfMoved = new Map<string, number>();
  // Movements no callee can cause: resources, own time, call gap (a latency includes its callees').
  const exclusive = new Map<string, number>();
  const latencyMoved = new Map<string, number>();
  const outMoved = new Map<string, number>();
  const raise = (m: Map<string, number>, service: string, score: number) => m.set(service, Math.max(m.get(service) ?? 0, score));
  const kind = opts.symptomKind;
  const canCause = (m: MovementScore) =>
    kind === undefined ||
    (kind === 'errors' ? isErrorMovement(m) : !isTrafficSignal(m.signal) && !(isLatency(m) && m.direction === 'down'));
  const listed = new Set<string>();
  for (const m of movements) {
    const service = serviceOf(m.labels, label);
    if (service !== undefined) listed.add(service);
  }
  for (const m of movements.filter(canCause)) {
    const service = serviceOf(m.labels, label);
    if (service === undefined) continue;
    const prev = best.get(service);
    if (!prev || m.score > prev.score) best.set(service, m);
    if (!movedBeyondNormal(m, threshold, minExceedance)) continue;
    // Own time and call gap (span-series.ts) exclude the service's calls: no callee explains them.
    // Errors travel up the call chain like latency: a callee's failures are its callers' failures.
    if (isOwnTimeSignal(m.signal) || (!outgoing(m) && !isLatency(m) && !isErrorMovement(m))) {
      raise(selfMoved, service, m.score);
      raise(exclusive, service, m.score);
    } else if (outgoing(m)) raise(outMoved, service, m.score);
    else raise(latencyMoved, service, m.score);
  }
  // A service's own (server-side) latency includes the time of its outgoing calls: when those slowed
  // too, its latency rise is explained downstream and is not its own.
  for (const [s, score] of latencyMoved) if (!outMoved.has(s)) raise(selfMoved, s, score);
  // How much time each service's moved latency gained, per signal, in seconds; and the services with a
  // moved signal that can slow their callers other than latency (resources, errors; not traffic).
  const latencyGain = new Map<string, Map<string, number>>();
  const slowsCallers = new Set<string>();
  for (const m of movements.filter(canCause)) {
    const service = serviceOf(m.labels, label);
    if (service === undefined || outgoing(m) || !movedBeyondNormal(m, threshold, minExceedance)) continue;
    if (!isLatency(m) && !isTrafficSignal(m.signal)) slowsCallers.add(service);
    if (!isLatency(m) || m.direction !== 'up') continue;
    const gains = latencyGain.get(service) ?? new Map<string, number>();
    gains.set(m.signal, Math.max(gains.get(m.signal) ?? 0, secondsOf(m.score * m.scale, m)));
    latencyGain.set(service, gains);
  }
  // What a downstream service's anomaly weighs when it might explain a caller's: its own evidence, or
  // the slowness it sees further down.
  const evidence = (s: string) => Math.max(selfMoved.get(s) ?? 0, outMoved.get(s) ?? 0, latencyMoved.get(s) ?? 0);
  const explainShare = opts.explainShare ?? EXPLAIN_SHARE;
  const anomalous = new Set([...selfMoved.keys(), ...latencyMoved.keys(), ...outMoved.keys()]);
  const callees = calleeMap(edges);
  const callers = new Map<string, Set<string>>();
  for (const [caller, set] of callees) for (const c of set) callers.set(c, (callers.get(c) ?? new Set()).add(caller));
  const services = new Set<string>([...listed, ...edges.flatMap((e) => [e.caller, e.callee])]);
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
        (down.length === 0 ||
          (exclusive.has(service) && down.every((d) => evidence(d) < explainShare * exclusive.get(service)!)) ||
          (!exclusive.has(service) && latencyUnexplained(service, down, latencyGain, slowsCallers))),
      anomalousDownstream: down,
      top: best.get(service) ?? null,
      operations: operations.get(service) ?? [],
    };
    const callerScore = slowCallers.reduce((sum, c) => sum + outMoved.get(c)!, 0);
    // For the rest: how many of its callers are anomalous (symptoms travel up to callers).
    const anomalousCallers = ups.filter((c) => anomalous.has(c)).length;
    return { rank, implicated, callerScore, anomalousCallers };
  });
  const inGraph = new Set(edges.flatMap((e) => [e.caller, e.callee]));
  const connected = connectedToSymptom(opts.symptomServices ?? [], anomalous, callees, inGraph);
  // With a symptom in the graph, an anomaly it cannot reach through anomalous services comes after
  // every one it can (it moved, but not on the way to the symptom).
  const reachable = (x: (typeof ranks)[number]) => connected === null || connected.has(x.rank.service);
  const group = (x: (typeof ranks)[number]) =>
    x.rank.root && reachable(x) ? 0 : x.implicated > 0 ? 1 : x.rank.anomalous && reachable(x) ? 2 : x.rank.root ? 3 : x.rank.anomalous ? 4 : 5;
  // Only with a known symptom: without one, the explained anomalies above a suspect may belong to
  // another part of the application (with Sock Shop's call graph and no target this ordering cost 0.11–0.14 Avg@5).
  const explained = explainedAbove(ranks.map((x) => x.rank), callers);
  ranks.sort(
    (a, b) =>
      group(a) - group(b) ||
      (group(a) === 0 && connected !== null && !opts.symptomInferred ? (explained.get(b.rank.service) ?? 0) - (explained.get(a.rank.service) ?? 0) : 0) ||
      (group(a) === 1 ? b.implicated - a.implicated || b.callerScore - a.callerScore : 0) ||
      (group(a) === 5 ? b.anomalousCallers - a.anomalousCallers : 0) ||
      b.rank.score - a.rank.score ||
      a.rank.service.localeCompare(b.rank.service)
  );
  return ranks.map((x) => x.rank);
}

/**
 * Per root: how many anomalous services that are not roots themselves (their anomaly is explained
 * further down) sit above it, reaching it through such services. Of two suspects, the one under more
 * explained anomalies explains more of the incident: a load balancer that only its own frontend calls
 * explains the frontend alone, a table under a slow service and that frontend explains both.
 */
export function explainedAbove(ranks: ServiceRank[], callers: Map<string, Set<string>>): Map<string, number> {
  const byService = new Map(ranks.map((r) => [r.service, r]));
  const explainedAnomaly = (s: string) => {
    const r = byService.get(s);
    return r !== undefined && r.anomalous && !r.root;
  };
  const out = new Map<string, number>();
  for (const r of ranks) {
    if (!r.root) continue;
    const seen = new Set<string>();
    const stack = [...(callers.get(r.service) ?? [])];
    while (stack.length) {
      const s = stack.pop()!;
      if (seen.has(s) || s === r.service || !explainedAnomaly(s)) continue;
      seen.add(s);
      for (const up of callers.get(s) ?? []) stack.push(up);
    }
    out.set(r.service, seen.size);
  }
  return out;
}

/**
 * A callee that got slower explains its caller's slowdown only by the time it added: a caller whose
 * latency gained 400 ms is not explained by a callee that gained 4 ms (the caller's own time grew).
 * Compared on the same signal (Average with Average, p99 with p99) when both have it, else on the
 * largest gains. True when no anomalous downstream service gained LATENCY_EXPLAIN_SHARE of the
 * service's gain; a downstream resource or error anomaly still explains it, a traffic change does not.
 */
function latencyUnexplained(service: string, down: string[], gains: Map<string, Map<string, number>>, slowsCallers: Set<string>): boolean {
  const own = gains.get(service);
  if (!own || own.size === 0) return false;
  return down.every((d) => {
    if (slowsCallers.has(d)) return false;
    const theirs = gains.get(d);
    // Only traffic moved there (fewer or more requests): an effect of the caller's state, not a cause of its latency.
    if (!theirs || theirs.size === 0) return true;
    const shared = [...own.keys()].filter((sig) => theirs.has(sig));
    const ownGain = shared.length ? Math.max(...shared.map((sig) => own.get(sig)!)) : Math.max(...own.values());
    const theirGain = shared.length ? Math.max(...shared.map((sig) => theirs.get(sig)!)) : Math.max(...theirs.values());
    return theirGain < LATENCY_EXPLAIN_SHARE * ownGain;
  });
}

/** Request counts and rates: they follow load and callers, so they explain no one's latency. */
export function isTrafficSignal(signal: string): boolean {
  return /requests?\b|requests?_|throughput|\bqps\b|\brps\b|\blod\b|(^|[_\W])calls?\b/i.test(signal);
}

/** Share of a caller's latency gain a callee must have gained to explain it (fan-out makes it less than 1). */
export const LATENCY_EXPLAIN_SHARE = 0.2;

function secondsOf(value: number, m: MovementScore): number {
  return unitOf(m.signal) === 'milliseconds' ? value / 1000 : value;
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
