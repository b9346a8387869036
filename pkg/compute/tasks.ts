// The CPU-heavy steps of the analytic query types, as named tasks with structured-cloneable inputs and
// results: run in the worker pool (worker-main.ts) or, without one, inline. Pure: no I/O, no clock.
import { scanSpans, type ScannableSpan, type SensitiveKind } from '../analytics/compliance';
import { computeCost } from '../analytics/cost/compute';
import type { CostInput } from '../analytics/cost/types';
import { analyzeRootCause, type RootCauseInput } from '../analytics/rootcause/analyze';
import { findIncident, type FindIncidentOptions } from '../analytics/rootcause/find-incident';
import type { SignalSeries } from '../analytics/rootcause/types';
import { fitAnswer, windowsOnly, type AnswerCaps } from '../queries/anomaly/answer-fit';
import { scorePeers, type PeerScoreOptions } from '../queries/anomaly/peer-score';
import { scoreSeries, type ScoreOptions } from '../queries/anomaly/score';
import { markStoppedSeries, type StoppedOptions } from '../queries/anomaly/stopped';
import type { SourceSeries } from '../queries/anomaly/series';

export interface AnomalyScoreInput {
  series: SourceSeries[];
  peers?: PeerScoreOptions;
  own?: ScoreOptions;
  /** Mark series that stopped reporting (operational detector, range form). */
  stopped?: StoppedOptions;
  /** Range form: only the series whose frames fit these caps come back (answer-fit.ts). */
  answer?: AnswerCaps;
}

export const computeTasks = {
  anomalyScore(input: AnomalyScoreInput) {
    const result = input.peers ? scorePeers(input.series, input.peers) : scoreSeries(input.series, input.own!);
    if (input.stopped) markStoppedSeries(result.scored, input.stopped);
    const panel = input.own?.panel ?? input.peers?.panel;
    if (!input.answer || !panel) return { ...result, hidden: [] };
    const fit = fitAnswer(result.scored, input.answer, panel);
    // Hidden series come back with their anomaly windows only (for the annotations).
    return { ...result, scored: fit.shown, hidden: fit.hidden.map(windowsOnly) };
  },
  findIncident(input: { series: SignalSeries[]; options: FindIncidentOptions }) {
    return findIncident(input.series, input.options).best;
  },
  analyzeRootCause(input: RootCauseInput) {
    return analyzeRootCause(input);
  },
  computeCost(input: CostInput) {
    return computeCost(input);
  },
  scanSpans(input: { spans: ScannableSpan[]; kinds: SensitiveKind[] }) {
    return scanSpans(input.spans, new Set(input.kinds));
  },
};

export type ComputeTasks = typeof computeTasks;
export type ComputeTaskName = keyof ComputeTasks;
