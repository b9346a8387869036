// Scores our root-cause ranking on the RCD Sock Shop data ("Sock Shop 1" of RCAEval) by the protocol of
// Pham, Ha and Zhang (ASE 2024), the paper whose Table 5 publishes baselines on it:
// - the latency medians and p99 columns (`_lat_50`, `_lat_99`) are dropped; the 300 s before the fault
//   onset are the baseline and the 300 s from it the incident (10 minutes of data, half each side);
// - a ranked metric names the service before its first `_`, with a `-db` suffix removed (carts-db
//   counts as carts); repeats are dropped;
// - AC@k is the share of cases whose injected service is among the first k; Avg@k = mean of AC@1..AC@k;
//   reported per fault type (CPU hog, memory leak).
// The analysis is fed neutrally: every remaining column as a candidate series labelled { service:
// container }, with the unit its PromQL implies, and no call graph (the data has no traces).
import { analyzeRootCause, type RootCauseInput } from '../../pkg/analytics/rootcause/analyze';
import type { ServiceEdge, SignalSeries } from '../../pkg/analytics/rootcause/types';
import { answerOf, sliceSeries, type Analyzer } from './nezha-eval';
import type { SockShopCase } from './sockshop-data';

/** Seconds each side of the onset the protocol keeps (RCAEval's default length of 10 minutes, halved). */
export const SIDE_MS = 300_000;

/**
 * Sock Shop's call graph as its architecture documentation draws it (microservices-demo): the front
 * end calls catalogue, carts, orders and user; orders calls carts, user, payment and shipping; shipping
 * queues to rabbitmq, which queue-master consumes; four services own a database. The data has no
 * traces, so this is what Jaeger's dependencies API would give a user; used only in the rows that say so.
 */
export const SOCK_SHOP_EDGES: ServiceEdge[] = [
  ['front-end', 'catalogue'],
  ['front-end', 'carts'],
  ['front-end', 'orders'],
  ['front-end', 'user'],
  ['orders', 'carts'],
  ['orders', 'user'],
  ['orders', 'payment'],
  ['orders', 'shipping'],
  ['shipping', 'rabbitmq'],
  ['queue-master', 'rabbitmq'],
  ['catalogue', 'catalogue-db'],
  ['carts', 'carts-db'],
  ['orders', 'orders-db'],
  ['user', 'user-db'],
].map(([caller, callee]) => ({ caller, callee }));

/** Columns the protocol removes before any method sees the data. */
export function keptByProtocol(s: SignalSeries): boolean {
  return s.signal !== 'lat_50' && s.signal !== 'lat_99';
}

/** The benchmark's service of a ranked entity: the container with `-db` removed. */
export function protocolService(container: string): string {
  return container.replace('-db', '');
}

/** Ranked containers → the benchmark's ranked services, repeats dropped. */
export function protocolRanking(containers: string[]): string[] {
  const out: string[] = [];
  for (const c of containers) {
    const s = protocolService(c);
    if (!out.includes(s)) out.push(s);
  }
  return out;
}

/**
 * The analysis input for a case. `delayMs` is the paper's tΔ: the onset given late by that much (the
 * baseline then holds the fault's first seconds), as an anomaly detector that fires late would.
 */
export function caseInput(c: SockShopCase, edges?: ServiceEdge[], delayMs = 0): RootCauseInput {
  const at = c.at + delayMs;
  const baselineStart = Math.max(c.start, at - SIDE_MS);
  const window = { start: at, end: Math.min(c.end, at + SIDE_MS - 1000) };
  const candidates = sliceSeries(c.series.filter(keptByProtocol), baselineStart, window.end);
  return { window, candidates, baselineStart, serviceEdges: edges, serviceLabel: 'service' };
}

/**
 * A healthy window from the same case: the fault-free rows only, their first half as the baseline and
 * their second half as the "incident". Nothing was injected there, so the right answer is "no cause".
 */
export function healthyInput(c: SockShopCase, edges?: ServiceEdge[]): RootCauseInput {
  const baselineStart = Math.max(c.start, c.at - SIDE_MS);
  const mid = baselineStart + Math.floor((c.at - baselineStart) / 2 / 1000) * 1000;
  const window = { start: mid, end: c.at - 1000 };
  const candidates = sliceSeries(c.series.filter(keptByProtocol), baselineStart, window.end);
  return { window, candidates, baselineStart, serviceEdges: edges, serviceLabel: 'service' };
}

export interface SockShopResult {
  c: SockShopCase;
  /** The analysis' containers in order, then the benchmark's services. */
  containers: string[];
  ranked: string[];
  position: number | null;
  noCause: boolean;
  /** Top movements (signal, service, score) for the failure analysis. */
  top: Array<{ service: string; signal: string; score: number }>;
}

export function evaluateCase(c: SockShopCase, analyze: Analyzer = analyzeRootCause, edges?: ServiceEdge[], delayMs = 0): SockShopResult {
  const result = analyze(caseInput(c, edges, delayMs));
  const answer = answerOf(result);
  const ranked = protocolRanking(answer.services);
  const i = ranked.indexOf(protocolService(c.service));
  const top = [...result.movements]
    .sort((a, b) => b.score - a.score)
    .slice(0, 5)
    .map((m) => ({ service: m.labels.service, signal: m.signal, score: m.score }));
  return { c, containers: answer.services, ranked, position: i < 0 ? null : i + 1, noCause: answer.noCause, top };
}

/** AC@k as the paper defines it (one root cause per case). */
export function acAt(results: Array<{ position: number | null }>, k: number): number {
  if (results.length === 0) return NaN;
  return results.filter((r) => r.position !== null && r.position <= k).length / results.length;
}

/** Avg@k = (AC@1 + … + AC@k) / k. */
export function avgAt(results: Array<{ position: number | null }>, k: number): number {
  let sum = 0;
  for (let j = 1; j <= k; j++) sum += acAt(results, j);
  return sum / k;
}

/** Linear-interpolated quantile of sorted values (numpy's default, which scikit-learn uses). */
function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * The two simplest published baselines, our own implementations measured in the same run, as RCAEval
 * runs them: each series' largest upward standardized value over the incident, centred and scaled on
 * the baseline, by mean and std (n-sigma, scikit-learn's StandardScaler) or median and IQR (BARO,
 * RobustScaler); a zero scale becomes 1 as scikit-learn makes it; series constant on either side are
 * dropped, memory is read in MB; services in the order of their best series. They check that the data is read the way the
 * published baselines read it.
 */
export function zScoreRanking(input: RootCauseInput, kind: 'nsigma' | 'baro'): string[] {
  const scored: Array<{ service: string; z: number }> = [];
  const constant = (xs: number[]) => xs.every((x) => x === xs[0]);
  for (const s of input.candidates) {
    const base: number[] = [];
    const inc: number[] = [];
    s.times.forEach((t, i) => {
      const raw = s.values[i];
      if (raw === null) return;
      // RCAEval's preprocessing reads memory in MB.
      const v = s.signal === 'mem' ? raw / 1e6 : raw;
      if (t < input.window.start) base.push(v);
      else if (t <= input.window.end) inc.push(v);
    });
    if (base.length < 2 || inc.length === 0 || constant(base) || constant(inc)) continue;
    let center: number;
    let scale: number;
    if (kind === 'nsigma') {
      center = base.reduce((a, b) => a + b, 0) / base.length;
      scale = Math.sqrt(base.reduce((a, b) => a + (b - center) ** 2, 0) / base.length);
    } else {
      const sorted = [...base].sort((a, b) => a - b);
      center = quantile(sorted, 0.5);
      scale = quantile(sorted, 0.75) - quantile(sorted, 0.25);
    }
    scale ||= 1;
    scored.push({ service: s.labels.service, z: Math.max(...inc.map((v) => (v - center) / scale)) });
  }
  scored.sort((a, b) => b.z - a.z);
  return protocolRanking(scored.map((x) => x.service));
}
