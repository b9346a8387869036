// `anomaly` query type: a `signal` or `promql` source run through its own handler over a longer lookback,
// the anomaly detector (pkg/analytics/anomaly) per series, outputs trimmed to the panel range.
// Range form: value/expected/band/score/flag frames + anomaly-window annotations.
// Instant form: the latest score per series as numeric-multi (for alert rules: reduce → threshold).
// detector.method: `auto`/`operational` (default) or `nab`/`ensemble` (the NAB-tuned preset); see anomaly/presets.ts.
import type { Seasonality } from '../analytics/anomaly/detect';
import { answerLimits, type AnswerLimits } from '../datasource/answer-limits';
import { parseDurationMs } from '../datasource/settings';
import { QueryError } from '../grafana/errors';
import type { Frame } from '../grafana/frame';
import { anomalyQuerySchema } from '../model/query';
import { VALUE_FIELDS } from './anomaly/answer-fit';
import { annotationFrame, emptyRangeFrame, instantFrames, rangeFrames, type FrameContext } from './anomaly/frames';
import { formatSpan, planDetection } from './anomaly/plan';
import { DETECTOR_METHODS, presetOf } from './anomaly/presets';
import { computeOf } from '../compute';
import { OPERATIONAL_DEFAULTS } from '../analytics/anomaly/operational';
import { seriesFromFrames, uniqueLabelSets } from './anomaly/series';
import { parseQuery } from './parse-query';
import { promqlQuery } from './promql';
import { rangeFor } from './promql/run';
import { promDuration } from './promql/range';
import { signalQuery } from './signal';
import type { QueryContext, QueryHandler } from './types';


export const anomalyQuery: QueryHandler = async (ctx) => {
  const q = parseQuery(anomalyQuerySchema, { ...ctx.query, queryType: 'anomaly' }, 'anomaly');
  const detector = q.detector;
  if (detector.method !== undefined && !(DETECTOR_METHODS as readonly string[]).includes(detector.method)) {
    throw new QueryError(
      `invalid anomaly query: detector.method: "${detector.method.slice(0, 64)}" is not supported (use ${DETECTOR_METHODS.join(', ')})`,
      400
    );
  }
  const preset = presetOf(detector.method);
  const seasonality: Seasonality = detector.seasonality ?? 'auto';
  const sensitivity = detector.sensitivity ?? 0.5;
  const historyMs = detector.history !== undefined ? parseDurationMs(detector.history) : undefined;
  if (historyMs !== undefined && historyMs < 3_600_000) {
    throw new QueryError('invalid anomaly query: detector.history: must be at least 1h (the detector needs a baseline)', 400);
  }
  const adaptAfterMs = detector.adaptAfter !== undefined ? parseDurationMs(detector.adaptAfter) : undefined;
  if (adaptAfterMs !== undefined && !(adaptAfterMs >= 60_000)) {
    throw new QueryError('invalid anomaly query: detector.adaptAfter: must be at least 1m', 400);
  }
  const baselineWindowMs = detector.baselineWindow !== undefined ? parseDurationMs(detector.baselineWindow) : undefined;
  if (baselineWindowMs !== undefined && !(baselineWindowMs >= 60_000 && baselineWindowMs <= 7 * 86_400_000)) {
    throw new QueryError('invalid anomaly query: detector.baselineWindow: must be between 1m and 7d', 400);
  }

  const data = ctx.instance.data();
  const panelStep = rangeFor(ctx, data).stepMs;
  const plan = planDetection(ctx.range, panelStep, seasonality, historyMs);

  // The source runs through its own handler (same PromQL, signals, limits, errors), over the lookback.
  const sourceCtx: QueryContext = {
    ...ctx,
    query: { ...q.source, refId: ctx.refId, instant: false },
    range: { from: plan.from, to: plan.to },
    intervalMs: plan.stepMs,
    maxDataPoints: Math.ceil((plan.to - plan.from) / plan.stepMs) + 1,
    // The source is the detector's input: one value per point where the answer carries six (value,
    // expected, band, score, flag), so it may hold six times the answer's points. The answer itself is
    // fitted after scoring, most anomalous series first (answer-fit.ts).
    answerLimits: scaledLimits(answerLimits(ctx.instance), VALUE_FIELDS),
  };
  const handler = q.source.queryType === 'signal' ? signalQuery : promqlQuery;
  const source = seriesFromFrames(await handler(sourceCtx));
  uniqueLabelSets(source.series);

  const stepMs = stepOf(source.series[0]?.times) ?? plan.stepMs;
  const peers = detector.mode === 'peers';
  const peerGroup = detector.peerGroup ?? defaultPeerGroup(q.source);
  if (peers) checkPeerGroup(q.source, peerGroup);
  const stopped = !peers && preset === 'operational' && !q.instant;
  // The detector is the heavy part: it runs in the compute pool, off the event loop.
  const { scored, notices, hidden } = await computeOf(ctx).run(
    'anomalyScore',
    {
      series: source.series,
      peers: peers ? { sensitivity, peerGroup, panel: ctx.range } : undefined,
      own: peers
        ? undefined
        : {
            detector: { preset, sensitivity, seasonality, adaptAfterMs, baselineWindowMs },
            panel: ctx.range,
            wantedHistoryMs: plan.wantedHistoryMs,
            expr: q.source.queryType === 'promql' ? (q.source.expr as string) : undefined,
          },
      stopped: stopped
        ? { panel: ctx.range, stepMs, adaptAfterMs: adaptAfterMs ?? OPERATIONAL_DEFAULTS.adaptAfterMs }
        : undefined,
      // Decided before frames are built: the dispatcher would otherwise cut the answer in frame order.
      answer: q.instant ? undefined : answerLimits(ctx.instance),
    },
    ctx.signal
  );

  const frameCtx: FrameContext = {
    executedQueryString: `${source.executedQueryString ?? ''}\nAnomaly detection (${peers ? `peers by ${peerGroup.join(', ')}` : preset}): sensitivity ${sensitivity}, seasonality ${seasonality}, history ${formatSpan(
      plan.to - plan.from
    )} at ${promDuration(stepMs)} step`,
    notices: [...source.notices, ...notices, ...(hidden.length ? [hiddenNotice(scored.length, scored.length + hidden.length, answerLimits(ctx.instance))] : [])],
    custom: {
      ...(source.custom ?? {}),
      anomaly: peers
        ? { mode: 'peers', peerGroup, sensitivity, historyFrom: plan.from, stepMs, threshold: scored[0]?.threshold }
        : { preset, sensitivity, seasonality, historyFrom: plan.from, stepMs, threshold: scored[0]?.threshold },
    },
    stepMs,
  };
  if (q.instant) return instantFrames(scored, frameCtx);
  if (scored.length === 0) return [emptyRangeFrame(frameCtx)];
  const signalName = q.source.queryType === 'signal' ? (q.source.signal as string) : undefined;
  const frames: Frame[] = rangeFrames(scored, frameCtx);
  frames.push(annotationFrame(hidden.length ? [...scored, ...hidden] : scored, ctx.range, stepMs, signalName));
  return frames;
};

function scaledLimits(l: AnswerLimits, factor: number): AnswerLimits {
  return { maxPoints: l.maxPoints * factor, maxBytes: l.maxBytes * factor };
}

/** Some series did not fit the answer: which ones are shown, and what to change. */
function hiddenNotice(shown: number, total: number, limits: AnswerLimits) {
  return {
    severity: 'warning' as const,
    text:
      `Showing the ${shown} most anomalous of ${total} series (annotations cover all of them): the answer would exceed ` +
      `${limits.maxPoints.toLocaleString('en-US')} points (jsonData.maxPointsPerQuery) or ${(limits.maxBytes / 1048576).toFixed(0)} MiB ` +
      `(jsonData.maxAnswerMB). Narrow the time range, add filters or group by fewer labels.`,
  };
}

/** The step the source actually used (it may raise the requested one). */
function stepOf(times: number[] | undefined): number | undefined {
  if (!times || times.length < 2) return undefined;
  let best = Infinity;
  for (let i = 1; i < times.length; i++) best = Math.min(best, times[i] - times[i - 1]);
  return Number.isFinite(best) && best > 0 ? best : undefined;
}

const GPU_GROUPED = /^gpu_/;

/** Peers of a replica are the replicas of its model; peers of a GPU are the GPUs of its host. */
function defaultPeerGroup(source: Record<string, unknown>): string[] {
  return source.queryType === 'signal' && typeof source.signal === 'string' && GPU_GROUPED.test(source.signal) ? ['hostname'] : ['model'];
}

/** A signal source must be grouped by the peer labels and by something finer, or there is nothing to compare. */
function checkPeerGroup(source: Record<string, unknown>, peerGroup: string[]): void {
  if (source.queryType !== 'signal') return;
  const groupBy = Array.isArray(source.groupBy) ? (source.groupBy as string[]) : [];
  const missing = peerGroup.filter((l) => !groupBy.includes(l));
  if (missing.length) {
    throw new QueryError(`invalid anomaly query: detector.peerGroup: the source must be grouped by ${missing.join(', ')} too (source.groupBy)`, 400);
  }
  if (!groupBy.some((l) => !peerGroup.includes(l))) {
    throw new QueryError(
      `invalid anomaly query: detector.peerGroup: group the source by something finer than ${peerGroup.join(', ')} (e.g. instance or gpu), so there are peers to compare`,
      400
    );
  }
}
