// `rootcause` query type: ranked hypotheses for an incident on a target signal. Fetches the target and
// the candidate signals through the signal catalog, optional Jaeger spans, then runs the pure
// analysis (pkg/analytics/rootcause) and returns a table plus evidence series.
import { QueryError } from '../grafana/errors';
import type { Frame } from '../grafana/frame';
import { computeOf } from '../compute';
import type { GraphSpan } from '../analytics/rootcause/service-graph';
import { spanSeries, type TimedSpan } from '../analytics/rootcause/span-series';
import type { SelfTimeShift, SignalSeries } from '../analytics/rootcause/types';
import { rootcauseQuerySchema } from '../model/query';
import { parseQuery } from './parse-query';
import { withQueryErrors } from './promql/errors';
import { rangeFor } from './promql/run';
import { minScaleFor } from './rootcause/candidates';
import { fetchCandidates } from './rootcause/fetch-candidates';
import { fetchSignal } from './rootcause/fetch-signal';
import { evidenceFrames, noIncidentFrames, rootcauseTable, type IncidentInfo } from './rootcause/frames';
import { describeIncident, detectIncident } from './rootcause/incident';
import { joinGpusToServing } from './rootcause/join';
import { withBaselineLookback } from './rootcause/lookback';
import { describeQueries, recordingQueries } from './rootcause/recorded';
import { restartEvidence } from './rootcause/restarts';
import { targetCoverageNotices } from './rootcause/target-coverage';
import { fetchServiceGraph, serviceLabelFor, type ServiceGraphResult } from './service-graph';
import { traceEvidence } from './rootcause/traces';
import { settledEnd } from '../analytics/rootcause/window-lag';
import type { QueryHandler } from './types';

/** The part of a series from `startMs` on. */
function sliceFrom(s: SignalSeries, startMs: number): SignalSeries {
  const i = s.times.findIndex((t) => t >= startMs);
  if (i <= 0) return i === 0 ? s : { ...s, times: [], values: [] };
  return { ...s, times: s.times.slice(i), values: s.values.slice(i) };
}

export const rootcauseQuery: QueryHandler = async (ctx) => {
  const q = parseQuery(rootcauseQuerySchema, { ...ctx.query, queryType: 'rootcause' }, 'rootcause');
  const recorder = recordingQueries(ctx.instance.data());
  const data = recorder.data;
  return withQueryErrors(async (): Promise<Frame[]> => {
    const started = performance.now();
    const range = rangeFor(ctx, data);
    // The incident is searched for in the range asked; when none stands out in a short one, again against
    // history read from before it (lookback.ts).
    const searched = withBaselineLookback(range);
    const detection = await data.detector.get({ signal: ctx.signal, range: ctx.range });
    const notices: Array<{ severity: 'info' | 'warning'; text: string }> = [];

    const targetRequest = { signal: q.target.signal, aggregation: q.target.aggregation, groupBy: q.target.groupBy, filters: q.target.filters, minScale: minScaleFor(q.target.signal) };
    // The target is read over the history too (one fetch): incidents are searched in the range, and
    // the analysis compares with everything read.
    const fetchedTarget = await fetchSignal(data, detection, targetRequest, searched, ctx.signal);
    const history = fetchedTarget.series;
    let target = searched === range ? history : history.map((s) => sliceFrom(s, range.startMs)).filter((s) => s.times.length > 0);
    const coverage = targetCoverageNotices(q.target, fetchedTarget.skipped, detection);
    if (target.length === 0) {
      const why = coverage.length ? ` ${coverage.map((n) => n.text).join(' ')}` : '';
      throw new QueryError(`the target signal "${q.target.signal}" has no data in this range (no engine present provides it, or the filters match nothing): pick another target or widen the range.${why}`, 400);
    }
    notices.push(...coverage);

    let window: { start: number; end: number };
    // The data the analysis compares with: always the history read before a short range too, so a
    // candidate's normal range (a periodic job's bursts, an earlier excursion) is learned from the same
    // hours whether the panel shows 30 minutes or 3 hours, and the answer does not change with it.
    const basis = searched;
    let incidentSource: 'query' | 'detected' = 'query';
    let incident: IncidentInfo | undefined;
    if (q.incidentStart !== undefined) {
      window = { start: q.incidentStart, end: q.incidentEnd ?? ctx.range.to };
      if (window.end <= window.start) throw new QueryError('incidentEnd must be after incidentStart (both epoch milliseconds)', 400);
      if (window.start <= range.startMs) throw new QueryError('incidentStart must be inside the time range, after its start: the analysis needs data before the incident as a baseline', 400);
      target = history;
    } else {
      if (q.incidentEnd !== undefined) throw new QueryError('incidentEnd without incidentStart: set both, or neither to use the latest anomaly of the target', 400);
      let found = await detectIncident(data, detection, targetRequest, target, range, ctx.signal, computeOf(ctx));
      if (!found.incident && searched !== range) {
        // Nothing stood out against the little normal data the range holds: search it again against the
        // history before it (an answer found on the range alone is kept as it was).
        const again = await detectIncident(data, detection, targetRequest, history, searched, ctx.signal, computeOf(ctx), range.startMs);
        if (again.incident) found = again;
      }
      const fcBase = { refId: ctx.refId, datasourceUid: ctx.instance.uid, datasourceName: ctx.instance.name, targetSignal: q.target.signal, notices };
      if (!found.incident) {
        return noIncidentFrames(found.series, { ...fcBase, analysisMs: performance.now() - started, executedQueryString: describeQueries(recorder.queries), range: { start: range.startMs, end: range.endMs } });
      }
      // A rate over W keeps an ended incident visible for W − scrape after it stopped: end it where it did.
      const i = { ...found.incident, end: settledEnd(found.incident, { windowMs: found.series[found.incident.series]?.windowMs, scrapeMs: data.settings.scrapeIntervalMs, stepMs: range.stepMs }) };
      // Causes come before the symptom crosses its threshold: the analysis window opens a little
      // earlier (a quarter of the incident, 2 steps to 5 minutes), keeping a baseline before it.
      const lead = Math.min(5 * 60_000, Math.max(2 * range.stepMs, 0.25 * (i.end - i.start)));
      const start = Math.max(i.start - lead, Math.min(i.start, basis.startMs + 10 * range.stepMs));
      window = { start, end: Math.max(i.end, i.start + range.stepMs) };
      incidentSource = 'detected';
      incident = { kind: i.kind, start: i.start, end: window.end, ongoing: i.ongoing, signal: i.signal, labels: i.labels, summary: describeIncident(i, range.stepMs) };
      // The target's own series over the whole history read; its constituents as the search read them.
      const own = new Map(history.map((s) => [JSON.stringify(s.labels), s]));
      target = found.series.map((s) => own.get(JSON.stringify(s.labels)) ?? s);
    }

    // Candidates around the incident's entity (its model's instances and their GPUs), not the whole fleet.
    const fetched = await fetchCandidates(data, detection, basis, incident?.labels, ctx.signal);
    const candidates: SignalSeries[] = fetched.series;
    joinGpusToServing([...candidates, ...target]);

    let selfTime: SelfTimeShift[] = [];
    let graph: ServiceGraphResult | undefined;
    let timed: TimedSpan[] = [];
    if (data.jaeger) {
      let links: GraphSpan[] | undefined;
      try {
        const traces = await traceEvidence(data.jaeger, window, range.startMs, ctx.signal);
        selfTime = traces.shifts;
        links = traces.links;
        timed = traces.timed;
      } catch (e) {
        notices.push({ severity: 'warning', text: `Trace evidence skipped: ${(e as Error).message}` });
      }
      // The call graph orders slowed services downstream first; without one the ranking still stands.
      // Not asked for when Jaeger just failed: one warning is enough.
      if (links) {
        graph = await fetchServiceGraph(data.jaeger, { start: range.startMs, end: range.endMs }, links, ctx.signal);
        if (graph.warning) notices.push({ severity: 'warning', text: graph.warning });
      }
    }

    // With a call graph, spans also become per-service own-time and call-gap series, scored like any
    // metric and ranked on the graph (a network delay or a starved service its callers cannot explain).
    const serviceLabel = serviceLabelFor([...candidates, ...target]);
    const spanCandidates = graph?.edges.length ? spanSeries(timed, { stepMs: Math.max(60_000, range.stepMs), serviceLabel }) : [];
    const analysed = spanCandidates.length ? [...candidates, ...spanCandidates] : candidates;

    const restarts = await restartEvidence(
      data,
      detection,
      candidates.filter((c) => c.signal === 'request_rate'),
      basis,
      ctx.signal
    );
    for (const text of restarts.warnings) notices.push({ severity: 'warning', text });

    // The analysis is the heavy part: it runs in the compute pool, off the event loop.
    const result = await computeOf(ctx).run('analyzeRootCause', {
      window,
      candidates: analysed,
      target,
      targetSignal: q.target.signal,
      baselineStart: basis.startMs,
      selfTime,
      errorRatioByVersion: candidates.filter((c) => c.signal === 'error_ratio'),
      versionLabel: 'model',
      restarts: restarts.events,
      stepMs: range.stepMs,
      ...(graph?.edges.length ? { serviceEdges: graph.edges, serviceLabel } : {}),
    }, ctx.signal);
    const fc = {
      refId: ctx.refId,
      datasourceUid: ctx.instance.uid,
      datasourceName: ctx.instance.name,
      window,
      incidentSource,
      incident,
      targetSignal: q.target.signal,
      analysisMs: performance.now() - started,
      notices,
      candidateScope: fetched.scope,
      executedQueryString: describeQueries(recorder.queries),
      serviceGraph: graph && { source: graph.source, edges: graph.edges.length, services: result.services },
    };
    return [rootcauseTable(result, fc), ...evidenceFrames(result, analysed, target, fc)];
  });
};
