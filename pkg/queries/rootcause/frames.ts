// Root-cause result → frames: one `rootcause` table (a row per hypothesis) and `evidence:<signal>`
// time series for the signals each hypothesis cites (plus the target), so the panel can draw them
// with the incident window from meta.custom.
import type { Frame } from '../../grafana/frame';
import type { RootCauseResult } from '../../analytics/rootcause/analyze';
import { formatEntity } from '../../analytics/rootcause/topology';
import type { Labels, ServiceRank, SignalSeries } from '../../analytics/rootcause/types';
import { SIGNAL_BY_ID } from '../../signals/catalog';
import type { SignalId } from '../../model/ids';

/** What the incident finder found (detected windows only). */
export interface IncidentInfo {
  kind: 'shift' | 'stopped_reporting';
  /** The symptom's own window (the analysis window may open a little earlier). */
  start: number;
  end: number;
  ongoing: boolean;
  signal: string;
  labels: Labels;
  summary: string;
}

export interface FrameContext {
  refId: string;
  datasourceUid: string;
  datasourceName: string;
  window: { start: number; end: number };
  incidentSource: 'query' | 'detected';
  incident?: IncidentInfo;
  targetSignal: string;
  analysisMs: number;
  notices: Array<{ severity: 'info' | 'warning'; text: string }>;
  /** The PromQL that ran (rootcause/recorded.ts). */
  executedQueryString?: string;
  /** Which candidate series were fetched (rootcause/scope.ts). */
  candidateScope?: { kind: string; models?: string[]; pods?: number; reason?: string };
  /** The service call graph used, when Jaeger is configured. */
  serviceGraph?: { source: 'dependencies' | 'spans' | 'none'; edges: number; services?: ServiceRank[] };
}

/** Services listed in meta.custom: enough to read the call-graph ranking without flooding the frame. */
const MAX_LISTED_SERVICES = 10;

const MAX_EVIDENCE_SERIES = 16;

/** The incident as shown: the symptom's window when it was detected, else the query's window. */
function shownWindow(fc: FrameContext): { start: number; end: number } {
  return fc.incident ? { start: fc.incident.start, end: fc.incident.end } : fc.window;
}

export function rootcauseTable(result: RootCauseResult, fc: FrameContext): Frame {
  const h = result.hypotheses;
  return {
    name: 'rootcause',
    refId: fc.refId,
    meta: {
      type: 'table',
      preferredVisualisationType: 'table',
      notices: fc.notices.length ? fc.notices : undefined,
      executedQueryString: fc.executedQueryString,
      custom: {
        status: 'analysed',
        message: fc.incident?.summary,
        incidentStart: shownWindow(fc).start,
        incidentEnd: shownWindow(fc).end,
        analysisStart: fc.window.start,
        incidentSource: fc.incidentSource,
        incidentOngoing: fc.incident?.ongoing,
        incidentKind: fc.incident?.kind,
        incidentSeries: fc.incident ? { signal: fc.incident.signal, labels: fc.incident.labels } : undefined,
        target: fc.targetSignal,
        analysisMs: Math.round(fc.analysisMs * 10) / 10,
        // Every hypothesis' entity labels, in row order, for drill-down links.
        entities: h.map((x) => x.entity),
        candidateScope: fc.candidateScope,
        serviceGraph: fc.serviceGraph && {
          source: fc.serviceGraph.source,
          edges: fc.serviceGraph.edges,
          // Most specific suspect first: anomalous services none of whose callees is anomalous.
          services: (fc.serviceGraph.services ?? []).slice(0, MAX_LISTED_SERVICES).map((s) => ({
            service: s.service,
            anomalous: s.anomalous,
            root: s.root,
            anomalousDownstream: s.anomalousDownstream,
          })),
        },
        topMovements: result.movements.slice(0, 10).map((m) => ({
          signal: m.signal,
          labels: m.labels,
          score: Math.round(m.score * 100) / 100,
          direction: m.direction,
          baseline: m.baselineMedian,
          incidentMedian: m.incidentMedian,
          peak: m.peakValue,
        })),
      },
    },
    fields: [
      { name: 'rank', type: 'number', values: h.map((x) => x.rank) },
      { name: 'hypothesis', type: 'string', values: h.map((x) => x.title) },
      { name: 'hypothesis_id', type: 'string', values: h.map((x) => x.id) },
      { name: 'confidence', type: 'number', values: h.map((x) => x.confidence), config: { unit: 'percentunit', min: 0, max: 1, decimals: 0 } },
      { name: 'evidence', type: 'string', values: h.map((x) => x.evidence.join('; ')) },
      { name: 'entity', type: 'string', values: h.map((x) => formatEntity(x.entity)) },
      { name: 'first_deviation', type: 'time', nullable: true, values: h.map((x) => x.firstDeviation) },
      { name: 'action', type: 'string', values: h.map((x) => x.action) },
      { name: 'trace_link', type: 'string', values: h.map((x) => (x.traceId ? exploreTraceUrl(fc.datasourceUid, x.traceId) : '')) },
      {
        name: 'trace_id',
        type: 'string',
        values: h.map((x) => x.traceId ?? ''),
        config: {
          links: [
            {
              title: 'Open trace',
              url: '',
              internal: { datasourceUid: fc.datasourceUid, datasourceName: fc.datasourceName, query: { queryType: 'trace', traceId: '${__value.raw}' } },
            },
          ],
        },
      },
      { name: 'signals', type: 'string', values: h.map((x) => [...new Set(x.signals.map((s) => s.signal))].join(',')) },
    ],
  };
}

export interface NoIncidentContext {
  refId: string;
  datasourceUid: string;
  datasourceName: string;
  targetSignal: string;
  analysisMs: number;
  notices: Array<{ severity: 'info' | 'warning'; text: string }>;
  range: { start: number; end: number };
  executedQueryString?: string;
}

const EMPTY_COLUMNS = ['rank', 'hypothesis', 'hypothesis_id', 'confidence', 'evidence', 'entity', 'first_deviation', 'action', 'trace_link', 'trace_id', 'signals'];

/**
 * "No incident in this range" is an answer, not an error: the same table with no rows and a status
 * the panel shows, plus the searched target series so the user sees what was looked at.
 */
export function noIncidentFrames(searched: SignalSeries[], c: NoIncidentContext): Frame[] {
  const message = `No incident in this range: no series of ${c.targetSignal} (fleet, per model or per instance) moved beyond its normal range for long enough, and none stopped reporting.`;
  const table: Frame = {
    name: 'rootcause',
    refId: c.refId,
    meta: {
      type: 'table',
      preferredVisualisationType: 'table',
      notices: [...c.notices, { severity: 'info', text: message }],
      executedQueryString: c.executedQueryString,
      custom: { status: 'no_incident', message, target: c.targetSignal, searchedSeries: searched.length, rangeStart: c.range.start, rangeEnd: c.range.end, analysisMs: Math.round(c.analysisMs * 10) / 10, entities: [] },
    },
    fields: EMPTY_COLUMNS.map((name) => ({
      name,
      type: name === 'rank' || name === 'confidence' ? ('number' as const) : name === 'first_deviation' ? ('time' as const) : ('string' as const),
      values: [],
    })),
  };
  const first = searched[0];
  const def = first ? SIGNAL_BY_ID.get(first.signal as SignalId) : undefined;
  const targetFrame: Frame[] = first
    ? [
        {
          name: `evidence:${first.signal}`,
          refId: c.refId,
          meta: { type: 'timeseries-multi', typeVersion: [0, 1], custom: { role: 'target', signal: first.signal } },
          fields: [
            { name: 'time', type: 'time', values: first.times },
            { name: first.signal, type: 'number', values: first.values, labels: first.labels, config: { unit: def?.unit, displayNameFromDS: `${def?.title ?? first.signal} ${formatEntity(first.labels)}` } },
          ],
        },
      ]
    : [];
  return [table, ...targetFrame];
}

/** App-relative Grafana Explore link that opens the trace with this datasource's `trace` query. */
export function exploreTraceUrl(datasourceUid: string, traceId: string): string {
  const panes = { a: { datasource: datasourceUid, queries: [{ refId: 'A', datasource: { uid: datasourceUid }, queryType: 'trace', traceId }], range: { from: 'now-1h', to: 'now' } } };
  return `/explore?schemaVersion=1&panes=${encodeURIComponent(JSON.stringify(panes))}`;
}

const key = (signal: string, labels: Labels) => `${signal}\u0000${JSON.stringify(Object.entries(labels).sort())}`;

export function evidenceFrames(result: RootCauseResult, all: SignalSeries[], target: SignalSeries[], fc: FrameContext): Frame[] {
  const bySeries = new Map(all.map((s) => [key(s.signal, s.labels), s]));
  const wanted: Array<{ series: SignalSeries; role: 'target' | 'evidence'; rank?: number; hypothesis?: string }> = [];
  const topTarget = result.targetMovements[0];
  if (topTarget) {
    const t = target.find((s) => key(s.signal, s.labels) === key(topTarget.signal, topTarget.labels));
    if (t) {
      wanted.push({ series: t, role: 'target' });
    }
  }
  // One frame per (hypothesis, series): the `hypothesis_rank` label ties it to its table row.
  for (const h of result.hypotheses) {
    const mine = new Set<string>();
    for (const ref of h.signals) {
      const k = key(ref.signal, ref.labels);
      const s = bySeries.get(k);
      if (!s || mine.has(k)) continue;
      mine.add(k);
      wanted.push({ series: s, role: 'evidence', rank: h.rank, hypothesis: h.id });
    }
  }
  return wanted.slice(0, MAX_EVIDENCE_SERIES).map(({ series, role, rank, hypothesis }) => {
    const def = SIGNAL_BY_ID.get(series.signal as SignalId);
    return {
      name: `evidence:${series.signal}`,
      refId: fc.refId,
      meta: {
        type: 'timeseries-multi',
        typeVersion: [0, 1],
        custom: { incidentStart: shownWindow(fc).start, incidentEnd: shownWindow(fc).end, role, hypothesisRank: rank, hypothesisId: hypothesis, signal: series.signal },
      },
      fields: [
        { name: 'time', type: 'time', values: series.times },
        {
          name: series.signal,
          type: 'number',
          values: series.values,
          labels: rank === undefined ? series.labels : { ...series.labels, hypothesis_rank: String(rank) },
          config: { unit: def?.unit, displayNameFromDS: `${def?.title ?? series.signal} ${formatEntity(series.labels)}` },
        },
      ],
    };
  });
}
