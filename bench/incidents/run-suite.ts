// Runs the incident suite through the built backend executable, as Grafana would send the queries:
// an `anomaly` query per incident on its source signal (grouped as a user groups it), a `rootcause`
// query per incident without a window (the product finds the incident), and on the healthy control day
// the anomaly query of every source plus root-cause queries over healthy ranges.
import type { QueryJsonResult } from '../../test/host';
import type { LoadedSuite } from './load';
import { CONTROL, HOUR, MIN, type IncidentCase, type SourceSpec } from './scenarios';
import {
  describeRca,
  isNoCause,
  rcaCorrect,
  readAnomaly,
  readRootcause,
  scoreDetection,
  scoreDomain,
  visibleAt,
  type DetectionScore,
  type DomainScore,
  type RcaAnswer,
} from './score';

export interface IncidentResult {
  id: string;
  sustained: boolean;
  detection: DetectionScore;
  stepMs: number;
  domain: DomainScore;
  rca: RcaAnswer;
  rcaCorrect: boolean;
  rcaSummary: string;
  /** The same question with the true incident window given (ranking alone, without incident finding). */
  rcaGivenWindowCorrect: boolean;
  rcaGivenWindowSummary: string;
}

export interface ControlResult {
  /** Anomaly windows per source on the control day. */
  windows: Array<{ source: SourceSpec; series: number; windows: number }>;
  seriesDays: number;
  falseWindows: number;
  domain: DomainScore[];
  rca: Array<{ from: number; to: number; target: SourceSpec; answer: RcaAnswer }>;
}

export interface SuiteReport {
  /** The fleet's scrape interval and the interval the queries asked with. */
  scrapeSeconds: number;
  querySeconds: number;
  incidents: IncidentResult[];
  control: ControlResult;
  queryErrors: string[];
}

const PANEL_BEFORE_MS = 3 * HOUR;
const PANEL_AFTER_MS = HOUR;
const RCA_AFTER_MS = 15 * MIN;
/** A dashboard panel about 1,000 pixels wide. */
const MAX_DATA_POINTS = 1000;

const sourceQuery = (s: SourceSpec) => ({ queryType: 'signal', signal: s.signal, groupBy: s.groupBy, ...(s.aggregation ? { aggregation: s.aggregation } : {}) });

/** The suite and the interval its panels ask with. */
interface Asking {
  suite: LoadedSuite;
  querySeconds: number;
}

async function query({ suite, querySeconds }: Asking, model: Record<string, unknown>, from: number, to: number): Promise<QueryJsonResult> {
  const json = await suite.plugin.queryJson(
    [{ refId: 'A', queryType: String(model.queryType), model, from, to, intervalMs: querySeconds * 1000, maxDataPoints: MAX_DATA_POINTS }],
    { settings: suite.settings }
  );
  return json.results.A!;
}

/** How wide the fault is: a model- or fleet-level answer is right only for faults that wide. */
function breadth(c: IncidentCase): boolean | 'model' {
  return c.fault.target.fleet ? true : c.fault.target.model !== undefined ? 'model' : false;
}

export function anomalyModel(source: SourceSpec) {
  return { queryType: 'anomaly', source: sourceQuery(source), detector: { sensitivity: 0.5 } };
}

export function rootcauseModel(target: SourceSpec, window?: { start: number; end: number }) {
  return { queryType: 'rootcause', target: sourceQuery(target), ...(window ? { incidentStart: window.start, incidentEnd: window.end } : {}) };
}

/** @param querySeconds the panels' interval (Grafana's `intervalMs`); default the scrape interval. */
export async function runSuite(suite: LoadedSuite, { querySeconds = suite.scrapeSeconds }: { querySeconds?: number } = {}): Promise<SuiteReport> {
  const asking: Asking = { suite, querySeconds };
  const queryErrors: string[] = [];
  const incidents: IncidentResult[] = [];
  for (const inc of suite.incidents) {
    const c = inc.case;
    const f = inc.fault;
    const dataEnd = inc.truth.endMs;
    const panel = { from: f.startMs - PANEL_BEFORE_MS, to: Math.min(dataEnd, f.endMs + PANEL_AFTER_MS) };
    const res = await query(asking, anomalyModel(c.source), panel.from, panel.to);
    let answer;
    try {
      answer = readAnomaly(res);
    } catch (e) {
      queryErrors.push(`${c.id} anomaly: ${(e as Error).message}`);
      answer = { series: [], windows: [], stepMs: 60_000 };
    }
    const rcaRange = [f.startMs - PANEL_BEFORE_MS, Math.min(dataEnd, f.endMs + RCA_AFTER_MS)] as const;
    const rca = readRootcause(await query(asking, rootcauseModel(c.rca.target), ...rcaRange));
    if (rca.kind === 'error') queryErrors.push(`${c.id} rootcause: ${rca.message}`);
    const given = readRootcause(await query(asking, rootcauseModel(c.rca.target, { start: f.startMs, end: f.endMs }), ...rcaRange));
    if (given.kind === 'error') queryErrors.push(`${c.id} rootcause with the window: ${given.message}`);
    incidents.push({
      id: c.id,
      sustained: c.sustained,
      detection: scoreDetection(answer, f, c.affected, visibleAt(f, c.visibleAtRampShare)),
      stepMs: answer.stepMs,
      domain: scoreDomain(answer, c.source.signal),
      rca,
      rcaCorrect: rcaCorrect(rca, f, c.rca.causes, breadth(c)),
      rcaSummary: describeRca(rca),
      rcaGivenWindowCorrect: rcaCorrect(given, f, c.rca.causes, breadth(c)),
      rcaGivenWindowSummary: describeRca(given),
    });
  }
  return { scrapeSeconds: suite.scrapeSeconds, querySeconds, incidents, control: await runControl(asking, queryErrors), queryErrors };
}

async function runControl(asking: Asking, queryErrors: string[]): Promise<ControlResult> {
  const { dayStartMs, dayEndMs } = asking.suite.control;
  const days = (dayEndMs - dayStartMs) / (24 * HOUR);
  const windows: ControlResult['windows'] = [];
  const domain: DomainScore[] = [];
  for (const source of asking.suite.controlSources) {
    const res = await query(asking, anomalyModel(source), dayStartMs, dayEndMs);
    try {
      const a = readAnomaly(res);
      windows.push({ source, series: a.series.length, windows: a.windows.length });
      domain.push(scoreDomain(a, source.signal));
    } catch (e) {
      queryErrors.push(`control ${source.signal} anomaly: ${(e as Error).message}`);
    }
  }
  const rca: ControlResult['rca'] = [];
  for (let end = dayStartMs + CONTROL.rcaEveryHours * HOUR; end <= dayEndMs; end += CONTROL.rcaEveryHours * HOUR) {
    const from = end - CONTROL.rcaRangeHours * HOUR;
    for (const target of CONTROL.rcaTargets) {
      const answer = readRootcause(await query(asking, rootcauseModel(target), from, end));
      if (answer.kind === 'error') queryErrors.push(`control rootcause ${target.signal} ending ${new Date(end).toISOString()}: ${answer.message}`);
      rca.push({ from, to: end, target, answer });
    }
  }
  const seriesDays = windows.reduce((s, w) => s + w.series, 0) * days;
  const falseWindows = windows.reduce((s, w) => s + w.windows, 0);
  return { windows, seriesDays, falseWindows, domain, rca };
}

/** The numbers the issue sets goals for. */
export interface SuiteNumbers {
  detectedWithin3: number;
  sustainedShareFlagged: number;
  falseWindowsPerSeriesDay: number;
  bandPointsOutsideDomain: number;
  rcaTop1: number;
  healthyNoCause: number;
}

export function suiteNumbers(r: SuiteReport): SuiteNumbers {
  const n = r.incidents.length;
  const sustained = r.incidents.filter((i) => i.sustained);
  const domains = [...r.incidents.map((i) => i.domain), ...r.control.domain];
  return {
    detectedWithin3: r.incidents.filter((i) => i.detection.detectedWithin3).length / n,
    sustainedShareFlagged: sustained.reduce((s, i) => s + i.detection.shareFlagged, 0) / sustained.length,
    falseWindowsPerSeriesDay: r.control.seriesDays > 0 ? r.control.falseWindows / r.control.seriesDays : NaN,
    bandPointsOutsideDomain: domains.reduce((s, d) => s + d.outside, 0),
    rcaTop1: r.incidents.filter((i) => i.rcaCorrect).length / n,
    healthyNoCause: r.control.rca.length ? r.control.rca.filter((x) => isNoCause(x.answer)).length / r.control.rca.length : NaN,
  };
}

/** The goals (issue 13, D). */
export const GOALS = {
  detectedWithin3: 0.95,
  sustainedShareFlagged: 0.8,
  falseWindowsPerSeriesDay: 0.2,
  bandPointsOutsideDomain: 0,
  rcaTop1: 0.8,
  healthyNoCause: 0.9,
} as const;

/** Which goals are missed, as messages (empty = all met). */
export function missedGoals(x: SuiteNumbers): string[] {
  const out: string[] = [];
  if (!(x.detectedWithin3 >= GOALS.detectedWithin3)) out.push(`detected within 3 points ${x.detectedWithin3} < ${GOALS.detectedWithin3}`);
  if (!(x.sustainedShareFlagged >= GOALS.sustainedShareFlagged)) out.push(`sustained share flagged ${x.sustainedShareFlagged} < ${GOALS.sustainedShareFlagged}`);
  if (!(x.falseWindowsPerSeriesDay <= GOALS.falseWindowsPerSeriesDay)) out.push(`false windows per series-day ${x.falseWindowsPerSeriesDay} > ${GOALS.falseWindowsPerSeriesDay}`);
  if (!(x.bandPointsOutsideDomain <= GOALS.bandPointsOutsideDomain)) out.push(`band points outside the domain ${x.bandPointsOutsideDomain} > 0`);
  if (!(x.rcaTop1 >= GOALS.rcaTop1)) out.push(`root cause top-1 ${x.rcaTop1} < ${GOALS.rcaTop1}`);
  if (!(x.healthyNoCause >= GOALS.healthyNoCause)) out.push(`healthy no incident/no cause ${x.healthyNoCause} < ${GOALS.healthyNoCause}`);
  return out;
}
