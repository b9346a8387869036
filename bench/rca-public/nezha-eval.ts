// Scores our root-cause ranking on the Nezha benchmark by its own protocol: for each injected fault,
// AS@k = share of faults whose injected service is among the first k services named (Table 3 of the
// paper reports AS@1/3/5 per system). The analysis is fed neutrally: every pod metric column as a
// candidate series labelled { service, pod }, the history the rootcause query reads (3 h) as the baseline, the
// 3-minute fault (the paper's fault duration) as the incident window, and the service call graph
// built from the day's trace spans (parent span's service → child span's service).
import { readFileSync } from 'node:fs';
import { analyzeRootCause, type RootCauseInput, type RootCauseResult } from '../../pkg/analytics/rootcause/analyze';
import { edgesFromSpans } from '../../pkg/analytics/rootcause/service-graph';
import { spanSeries } from '../../pkg/analytics/rootcause/span-series';
import type { ServiceEdge, SignalSeries } from '../../pkg/analytics/rootcause/types';
import { MIN_ANALYSIS_SPAN_MS } from '../../pkg/queries/rootcause/lookback';
import { readTraceCsv, type NezhaDay, type NezhaFault, type NezhaSpan } from './nezha-data';

export const FAULT_MS = 3 * 60_000;
/**
 * Baseline before each window: what the rootcause query reads for a window on a short panel range
 * (history back to MIN_ANALYSIS_SPAN_MS before the range end, lookback.ts), or NEZHA_BASELINE_MIN.
 */
export const BASELINE_MS = process.env.NEZHA_BASELINE_MIN !== undefined ? Number(process.env.NEZHA_BASELINE_MIN) * 60_000 : MIN_ANALYSIS_SPAN_MS - FAULT_MS;
if (!(BASELINE_MS > 0)) throw new Error(`NEZHA_BASELINE_MIN must be a positive number of minutes, got ${process.env.NEZHA_BASELINE_MIN}`);

/** Series restricted to [from, to] (keeps the analysis input as small as the query would fetch). */
export function sliceSeries(series: SignalSeries[], from: number, to: number): SignalSeries[] {
  return series.map((s) => {
    const keep: number[] = [];
    s.times.forEach((t, i) => t >= from && t <= to && keep.push(i));
    return { ...s, times: keep.map((i) => s.times[i]), values: keep.map((i) => s.values[i]) };
  });
}

/** The day's call graph from every trace file of the day (the graph is the application's, not the fault's). */
export function dayCallGraph(day: NezhaDay, maxFiles = 12): ServiceEdge[] {
  const files = [...day.traceFiles.values()].slice(0, maxFiles);
  const counts = new Map<string, ServiceEdge>();
  for (const f of files) {
    for (const e of edgesFromSpans(readTraceCsv(readFileSync(f, 'utf8')))) {
      const key = `${e.caller}\u0000${e.callee}`;
      const prev = counts.get(key);
      if (prev) prev.calls = (prev.calls ?? 0) + (e.calls ?? 0);
      else counts.set(key, { ...e });
    }
  }
  return [...counts.values()];
}

/** Parsed spans of each trace file, read once. */
const spansCache = new Map<string, NezhaSpan[]>();

/**
 * Per-service span series (own time, call gap) over [from, to] from the day's trace files (one file a
 * minute). The data holds traces only for the fault windows and a fault-free minute, so these series
 * are sparse: the robust score uses whichever minutes precede the window as its baseline.
 */
export function traceSeries(day: NezhaDay, from: number, to: number): SignalSeries[] {
  return sliceSeries(spanSeries(daySpans(day, from, to)), from, to).filter((s) => s.times.length > 0);
}

/** The spans of the day's trace files (one a minute) that cover [from, to], in time order. */
export function daySpans(day: NezhaDay, from: number, to: number): NezhaSpan[] {
  const spans: NezhaSpan[] = [];
  for (const [t, file] of [...day.traceFiles.entries()].sort((a, b) => a[0] - b[0])) {
    if (t + 60_000 <= from || t > to) continue;
    let parsed = spansCache.get(file);
    if (!parsed) spansCache.set(file, (parsed = readTraceCsv(readFileSync(file, 'utf8'))));
    for (const s of parsed) spans.push(s);
  }
  return spans;
}

/** What the benchmark needs from an analysis: the services in the order it names them, and "no cause". */
export interface RankedAnswer {
  services: string[];
  noCause: boolean;
}

export type Analyzer = (input: RootCauseInput) => RootCauseResult;

/** Services in the order the analysis names them: the service ranking when there is one, else the hypotheses' entities then the movements. */
export function answerOf(result: RootCauseResult): RankedAnswer {
  const order: string[] = [];
  const add = (s: string | undefined) => s !== undefined && s !== '' && !order.includes(s) && order.push(s);
  if (result.services) for (const s of result.services) add(s.service);
  for (const h of result.hypotheses) add(h.entity.service);
  for (const m of result.movements) add(m.labels.service);
  return { services: order, noCause: result.noCause === true };
}

export interface CaseResult {
  fault: NezhaFault;
  ranked: string[];
  position: number | null;
  noCause: boolean;
}

/**
 * Whether the data holds traces for the window itself. The benchmark recorded spans only around its
 * faults (one file a minute), so outside them span series simply end: feeding that would read a gap in
 * the recording as services that stopped answering, which a traced system in operation does not show.
 */
export function tracedDuring(day: NezhaDay, window: { start: number; end: number }): boolean {
  for (const t of day.traceFiles.keys()) if (t + 60_000 > window.start && t <= window.end) return true;
  return false;
}

/** The analysis input for an incident at `at` lasting FAULT_MS, neutrally built. */
export function caseInput(day: NezhaDay, at: number, edges: ServiceEdge[] | undefined, traces = true): RootCauseInput {
  const window = { start: at, end: at + FAULT_MS };
  const baselineStart = at - BASELINE_MS;
  const candidates = sliceSeries(day.series, baselineStart, window.end);
  if (traces && tracedDuring(day, window)) candidates.push(...traceSeries(day, baselineStart, window.end));
  return { window, candidates, baselineStart, serviceEdges: edges, serviceLabel: 'service' };
}

export function evaluateFault(
  day: NezhaDay,
  fault: NezhaFault,
  edges: ServiceEdge[] | undefined,
  analyze: Analyzer = analyzeRootCause,
  traces = true
): CaseResult {
  const answer = answerOf(analyze(caseInput(day, fault.at, edges, traces)));
  const i = answer.services.indexOf(fault.service);
  return { fault, ranked: answer.services, position: i < 0 ? null : i + 1, noCause: answer.noCause };
}

/**
 * Healthy windows: incident-sized windows at least an hour after the day's last fault (or before its
 * first, when the data starts early enough), every 20 minutes while the data lasts.
 */
export function healthyWindows(day: NezhaDay, limit = 12): number[] {
  const times = day.series[0]?.times ?? [];
  if (!times.length || !day.faults.length) return [];
  const first = day.faults[0].at;
  const last = day.faults[day.faults.length - 1].at;
  const out: number[] = [];
  for (let t = last + 60 * 60_000; t + FAULT_MS <= times[times.length - 1] && out.length < limit; t += 20 * 60_000) out.push(t);
  for (let t = first - 60 * 60_000; t - BASELINE_MS >= times[0] && out.length < limit; t -= 20 * 60_000) out.push(t);
  return out;
}

/** AS@k: share of cases whose injected service is among the first k. */
export function accuracyAt(results: CaseResult[], k: number): number {
  if (results.length === 0) return NaN;
  return results.filter((r) => r.position !== null && r.position <= k).length / results.length;
}

/** Expected AS@k of naming services in random order among n candidates. */
export function randomAccuracyAt(n: number, k: number): number {
  return Math.min(1, k / n);
}
