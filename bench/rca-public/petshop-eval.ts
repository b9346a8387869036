// Scores our root-cause ranking on PetShop by the dataset's own protocol (code/rca_task.py of the
// repository): for each injected issue, top-k recall = share of issues whose injected node is among the
// first k named; an empty answer counts as a miss. Specificity = share of splits of the normal data
// (the first part as normal, the rest as "abnormal", split at 50 %, 60 % … of it) for which nothing is
// named. The published methods analyse the third row of an issue (the first after the trigger time) or
// the first later row where the target is anomalous, against the normal data.
// We are fed neutrally: every column (each node's latency, availability and requests, every statistic)
// as a candidate labelled { service: node }, the normal data placed right before the issue's rows as the
// history a dashboard range would hold, the issue's rows from the third on as the incident window, and
// the dataset's call graph as the service graph (the published traversal baseline uses it too).
import { analyzeRootCause, type RootCauseInput } from '../../pkg/analytics/rootcause/analyze';
import type { ServiceEdge, SignalSeries } from '../../pkg/analytics/rootcause/types';
import { answerOf, type Analyzer } from './nezha-eval';
import { signalOf, type PetShopIssue, type PetShopScenario } from './petshop-data';

const STEP_MS = 300_000;
/** Row of an issue the protocol analyses first (rca_task's baselines: "the third point in time"). */
export const TRIGGER_ROW = 2;

const keyOf = (s: SignalSeries) => `${s.signal}\u0000${s.labels.service}`;

/** History then recent rows as one series per column (a column missing on one side has only the other). */
export function joinSeries(history: SignalSeries[], recent: SignalSeries[], shiftMs: number): SignalSeries[] {
  const out = new Map<string, SignalSeries>();
  for (const s of history) out.set(keyOf(s), { ...s, times: s.times.map((t) => t + shiftMs), values: [...s.values] });
  for (const s of recent) {
    const prev = out.get(keyOf(s));
    if (prev) out.set(keyOf(s), { ...prev, times: [...prev.times, ...s.times], values: [...prev.values, ...s.values] });
    else out.set(keyOf(s), { ...s });
  }
  return [...out.values()];
}

/** The normal data moved in time to end one period before `firstRow` (its own times are months away). */
function historyShift(normalTimes: number[], firstRow: number): number {
  return firstRow - STEP_MS - normalTimes[normalTimes.length - 1];
}

/**
 * `shiftHistory` false keeps the data's own times: the normal data was recorded months after the
 * issues, so it then lies after the window (the analysis uses it when too little precedes the window).
 */
export function issueInput(s: PetShopScenario, issue: PetShopIssue, edges?: ServiceEdge[], shiftHistory = true): RootCauseInput {
  if (!s.normal) throw new Error(`${s.name} has no normal data`);
  const candidates = joinSeries(s.normal.series, issue.series, shiftHistory ? historyShift(s.normal.times, issue.times[0]) : 0);
  const window = { start: issue.times[Math.min(TRIGGER_ROW, issue.times.length - 1)], end: issue.times[issue.times.length - 1] };
  return { window, candidates, target: targetSeries(candidates, issue.target), serviceEdges: edges, serviceLabel: 'service' };
}

/** The symptom the protocol names (PetSite's latency or availability), as the query's target series. */
export function targetSeries(series: SignalSeries[], t: { node: string; metric: string; agg: string }): SignalSeries[] {
  return series.filter((x) => x.labels.service === t.node && x.signal === signalOf(t.metric, t.agg));
}

/** The protocol's specificity cases: the normal data split at 50 %, 60 % … (rows before `split` are normal). */
export function specificitySplits(rows: number): number[] {
  const out: number[] = [];
  const step = Math.floor(rows * 0.1);
  for (let split = Math.floor(rows / 2); split < rows - 3; split += step) out.push(split);
  return out;
}

/** A specificity case as a root-cause input: the rows from `split` + TRIGGER_ROW on as the window. */
export function specificityInput(s: PetShopScenario, split: number, target: { node: string; metric: string; agg: string }, edges?: ServiceEdge[]): RootCauseInput {
  if (!s.normal) throw new Error(`${s.name} has no normal data`);
  const { times, series } = s.normal;
  return { window: { start: times[split + TRIGGER_ROW], end: times[times.length - 1] }, candidates: series, target: targetSeries(series, target), serviceEdges: edges, serviceLabel: 'service' };
}

export interface PetShopResult {
  issue: PetShopIssue;
  ranked: string[];
  position: number | null;
  noCause: boolean;
}

/** `withTarget` false: the symptom is not given (the analysis sees only candidates and the graph). */
export function evaluateIssue(s: PetShopScenario, issue: PetShopIssue, edges?: ServiceEdge[], analyze: Analyzer = analyzeRootCause, withTarget = true, shiftHistory = true): PetShopResult {
  const input = issueInput(s, issue, edges, shiftHistory);
  const answer = answerOf(analyze(withTarget ? input : { ...input, target: undefined }));
  const ranked = answer.noCause ? [] : answer.services;
  const i = ranked.indexOf(issue.rootCause);
  return { issue, ranked, position: i < 0 ? null : i + 1, noCause: answer.noCause };
}

/** Top-k recall as rca_task.in_top_k counts it. */
export function recallAt(results: Array<{ position: number | null }>, k: number): number {
  if (results.length === 0) return NaN;
  return results.filter((r) => r.position !== null && r.position <= k).length / results.length;
}
