// Turns the call-graph service ranking into a hypothesis when no named pattern matched: the most
// downstream anomalous service, as a slow dependency when its latency moved (naming the operation its
// callers reach), else as an unknown cause placed on that service.
import { describeMovement } from './format';
import { RULE_BY_ID, strengthOfScore } from './hypotheses';
import { isLatencySignal } from './scale-floor';
import { rankServices, type SymptomKind } from './service-graph';
import type { MovementScore, RankedHypothesis, SelfTimeShift, ServiceEdge, ServiceRank } from './types';

export interface ServiceRankingInput {
  serviceEdges?: ServiceEdge[];
  serviceLabel?: string;
  selfTime?: SelfTimeShift[];
  /** Services of the symptom (the target series' service labels): see ServiceRankOptions.symptomServices. */
  symptomServices?: string[];
  /** See ServiceRankOptions.symptomKind. */
  symptomKind?: SymptomKind;
  /** See ServiceRankOptions.symptomInferred. */
  symptomInferred?: boolean;
}


export function serviceRanking(
  movements: MovementScore[],
  input: ServiceRankingInput,
  threshold: number
): { ranks: ServiceRank[]; hypothesis: RankedHypothesis | null } {
  const label = input.serviceLabel ?? 'service';
  const ranks = rankServices(movements, input.serviceEdges ?? [], { threshold, serviceLabel: label, symptomServices: input.symptomServices, symptomKind: input.symptomKind, symptomInferred: input.symptomInferred });
  const root = ranks[0]?.root ? ranks[0] : undefined;
  if (!root?.top) return { ranks, hypothesis: null };
  const mine = movements.filter((m) => m.labels[label] === root.service);
  const latency = mine.find((m) => isLatencySignal(m.signal) && m.direction === 'up' && m.score >= threshold);
  // The operation: the one whose self-time grew most when spans were compared, else the busiest one callers reach.
  const shift = (input.selfTime ?? []).filter((s) => s.service === root.service).sort((a, b) => b.excessMs - a.excessMs)[0];
  const operation = shift?.operation ?? root.operations[0];
  const downstreamNote = `no service that ${root.service} calls moved beyond its normal range`;
  const evidence = [...mine.filter((m) => m.score >= threshold).slice(0, 3).map(describeMovement), downstreamNote];
  const id = latency ? 'slow_dependency_span' : 'unknown';
  const lead = latency ?? root.top;
  return {
    ranks,
    hypothesis: {
      rank: 0,
      id,
      title: RULE_BY_ID[id].title,
      // A graph-only finding: below the named patterns, growing with how far the service moved.
      confidence: Math.round((latency ? 0.5 : 0.35) * strengthOfScore(lead.score) * 1000) / 1000,
      evidence,
      entity: { ...(shift?.entity ?? {}), service: root.service, ...(operation ? { operation } : {}) },
      firstDeviation: lead.firstDeviation,
      action: RULE_BY_ID[id].action,
      traceId: shift?.exampleTraceId,
      signals: mine.filter((m) => m.score >= threshold).slice(0, 3).map((m) => ({ signal: m.signal, labels: m.labels })),
    },
  };
}
