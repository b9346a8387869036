// Root-cause analysis: score every candidate series BARO-style against the incident window, match the
// named hypothesis patterns, discount hypotheses an upstream cause explains, and rank by confidence.
import { dropThinQuantiles } from './thin-quantiles';
import { detectBadDeploys, type DeployEvidence } from './deploy';
import { describeMovement } from './format';
import { EVENT_EXPLAINS, EVENT_RULES } from './event-rules';
import { orderShiftsDownstreamFirst } from './graph-shifts';
import { EXPLAINS, RULES, RULE_BY_ID, strengthOfScore, type RuleMatch } from './hypotheses';
import { addPeerEvidence } from './peer-evidence';
import { silentSeries } from './missing';
import { rankMovements } from './robust';
import { isErrorMovement, movedBeyondNormal, symptomKindOf } from './service-graph';
import { symptomOf } from './symptom';
import { serviceRanking } from './service-hypothesis';
import { orderBySymptom } from './symptom-relation';
import { entityLevel, levelRank, related, sameLabels } from './topology';
import { leakTrends } from './trend';
import type { HypothesisId, MovementScore, RankedHypothesis, RestartEvent, SelfTimeShift, ServiceEdge, ServiceRank, SignalSeries, TimeWindow } from './types';

export interface RootCauseInput {
  window: TimeWindow;
  /** Candidate cause series (normalized labels; GPU utilisation in %, ratios 0–1). */
  candidates: SignalSeries[];
  /** Signal id of the symptom: not listed as an "unknown" cause. */
  targetSignal?: string;
  /** The symptom's series (scored for context: evidence, slow-span fallback, relatedness). */
  target?: SignalSeries[];
  /** Baseline starts here (default: each series' first point). */
  baselineStart?: number;
  /** Per (service, operation) self-time before vs during the incident (see selftime.ts). */
  selfTime?: SelfTimeShift[];
  /** Error ratio series that carry a version label, for bad-deploy detection. */
  errorRatioByVersion?: SignalSeries[];
  /** The label that carries the version (default `version`; `model` when rollouts rename the model). */
  versionLabel?: string;
  /** Incident points that must deviate together (see robust.ts). Default 2: one outlying scrape is not a cause. */
  persistence?: number;
  /** Robust score that counts as moved. Default 3. */
  threshold?: number;
  /** Most hypotheses returned. Default 5. */
  maxHypotheses?: number;
  /** Service call graph (from spans or Jaeger's dependencies API): enables the service ranking. */
  serviceEdges?: ServiceEdge[];
  /** Label naming the service on candidate series. Default `service`. */
  serviceLabel?: string;
  /** Restarts and rollouts in the range (restarts.ts builds them from the fleet's own metrics). */
  restarts?: RestartEvent[];
  /** Sample spacing, ms, for telling a stopped series from a sparse one (default: from the series). */
  stepMs?: number;
}

/** Titles and actions of the named rules and the event rules (missing data, restarts, rollouts, leaks). */
const TITLES: Record<HypothesisId, { title: string; action: string }> = {
  ...RULE_BY_ID,
  ...Object.fromEntries(EVENT_RULES.filter((r) => !(r.id in RULE_BY_ID)).map((r) => [r.id, { title: r.title, action: r.action }])),
};

export interface RootCauseResult {
  hypotheses: RankedHypothesis[];
  /** Every scored candidate; with a target, moved ones first in the order causes are named (symptom-relation.ts), else by score. */
  movements: MovementScore[];
  targetMovements: MovementScore[];
  deploys: DeployEvidence[];
  /** Services ranked by the call-graph traversal (only when serviceEdges was given). */
  services?: ServiceRank[];
  /** True when no candidate or target series moved beyond its normal range: nothing to blame. */
  noCause: boolean;
}

const DOWNSTREAM_DISCOUNT = 0.6;
const UNRELATED_DISCOUNT = 0.8;
/** An upstream cause explains a downstream one when its own evidence is at least this share as strong. */
const EXPLAIN_MARGIN = 0.85;

function toHypothesis(m: RuleMatch, confidence: number): RankedHypothesis {
  return {
    rank: 0,
    id: m.id,
    title: TITLES[m.id].title,
    confidence: Math.round(confidence * 1000) / 1000,
    evidence: m.evidence,
    entity: m.entity,
    firstDeviation: m.firstDeviation,
    action: TITLES[m.id].action,
    traceId: m.traceId,
    signals: m.signals,
  };
}

export function analyzeRootCause(given: RootCauseInput): RootCauseResult {
  const input = { ...given, candidates: dropThinQuantiles(given.candidates) };
  const threshold = input.threshold ?? 3;
  if (!(input.window.end >= input.window.start)) throw new Error('incident window end is before its start');
  const opts = { baselineStart: input.baselineStart, threshold, persistence: input.persistence ?? 2 };
  const targetMovements = rankMovements(input.target ?? [], input.window, opts);
  // When the symptom began in the window (it was normal before), a candidate that was already off
  // well before is scored on what changed since (robust.ts recenterHeld).
  const recenterHeld = targetMovements.length > 0 && targetMovements.every((m) => m.heldSince === undefined);
  const movements = rankMovements(input.candidates, input.window, { ...opts, recenterHeld });
  // Rules see the symptom too (an idle GPU is both the symptom and the finding); the "unknown"
  // fallback lists only other signals.
  const pool = [...movements, ...targetMovements].sort((a, b) => b.score - a.score);
  const deploys = input.errorRatioByVersion ? detectBadDeploys(input.errorRatioByVersion, input.window, { versionLabel: input.versionLabel }) : [];
  const everything = [...input.candidates, ...(input.target ?? [])];
  const ctx = {
    movements: pool,
    targetMovements,
    targetSignal: input.targetSignal,
    selfTime: orderShiftsDownstreamFirst(input.selfTime ?? [], input.serviceEdges ?? []),
    serviceEdges: input.serviceEdges,
    deploys,
    threshold,
    window: input.window,
    silent: silentSeries(everything, input.window, { stepMs: input.stepMs }),
    restarts: input.restarts ?? [],
    leaks: leakTrends(input.candidates, input.window),
  };
  const movedTargets = targetMovements.filter((m) => m.score >= threshold);

  // A pattern match needs evidence beyond its normal range: one of its signals moved that far, or comes
  // from elsewhere (version series, spans) and is judged by its rule alone. Event rules (missing data,
  // restarts, rollouts, leaks) are judged by their own evidence.
  const beyondNormal = (sig: { signal: string; labels: Record<string, string> }) => {
    const scored = pool.filter((m) => m.signal === sig.signal && sameLabels(m.labels, sig.labels));
    return scored.length === 0 || scored.some((m) => movedBeyondNormal(m, threshold));
  };
  const matches = [
    ...RULES.map((r) => r.evaluate(ctx)).filter((m): m is RuleMatch => m !== null && (m.signals.length === 0 || m.signals.some(beyondNormal))),
    ...EVENT_RULES.map((r) => r.evaluate(ctx)).filter((m): m is RuleMatch => m !== null),
  ];
  const raw = new Map(matches.map((m) => [m.id, m.match * m.strength]));
  const scored = matches.map((m) => {
    let conf = raw.get(m.id)!;
    // Discount once when an upstream cause with comparable evidence holds on a related entity.
    const explained = matches.some(
      (up) => up !== m && (up.explains ?? EXPLAINS[up.id] ?? EVENT_EXPLAINS[up.id] ?? []).includes(m.id) && raw.get(up.id)! >= Math.max(0.4, EXPLAIN_MARGIN * conf) && related(up.entity, m.entity)
    );
    if (explained) conf *= DOWNSTREAM_DISCOUNT;
    // A cause on an entity unrelated to every moved target series is less likely to explain it.
    if (movedTargets.length && !movedTargets.some((t) => related(t.labels, m.entity))) conf *= UNRELATED_DISCOUNT;
    return { m, conf };
  });
  // Highest confidence first; ties go to the more upstream (specific) entity, then the earlier move.
  scored.sort(
    (a, b) =>
      b.conf - a.conf ||
      levelRank(entityLevel(b.m.entity)) - levelRank(entityLevel(a.m.entity)) ||
      (a.m.firstDeviation ?? Infinity) - (b.m.firstDeviation ?? Infinity)
  );
  // Nothing left its normal range and nothing stopped reporting (deploy evidence aside): pattern
  // matches on in-range wobbles are noise.
  // An error symptom (errors, availability) is explained by errors only: when no error or availability
  // series moved anywhere, the target included, other moves do not make an error incident.
  const errorSymptom = input.target?.length ? input.target.every((t) => symptomKindOf(t.signal, t.unit) === 'errors') : false;
  const noCause =
    !pool.some((m) => movedBeyondNormal(m, threshold) && (!errorSymptom || isErrorMovement(m))) &&
    ctx.silent.length === 0 &&
    deploys.length === 0 &&
    !(input.selfTime ?? []).some((s) => s.growth >= 2 && s.incidentCount >= 3);
  const hypotheses = noCause ? [] : scored.map(({ m, conf }) => toHypothesis(m, conf));

  const label = input.serviceLabel ?? 'service';
  const symptom = input.serviceEdges ? symptomOf(input.target, movements, input.serviceEdges, label, threshold) : null;
  const services = input.serviceEdges
    ? serviceRanking(movements, { ...input, symptomServices: symptom?.services, symptomKind: symptom?.kind, symptomInferred: symptom?.inferred }, threshold)
    : undefined;
  if (hypotheses.length === 0 && services?.hypothesis) hypotheses.push(services.hypothesis);
  // With a target, moved candidates are named in order of how far they moved and how closely they
  // followed the symptom (symptom-relation.ts); without one, by score.
  const named = input.target?.length ? orderBySymptom(movements, input.candidates, input.target, input.window, threshold) : movements;
  if (hypotheses.length === 0) {
    const top = named.filter((m) => movedBeyondNormal(m, threshold) && m.signal !== input.targetSignal).slice(0, 3);
    hypotheses.push({
      rank: 0,
      id: 'unknown',
      title: RULE_BY_ID.unknown.title,
      // Something moved but matched no pattern: low confidence that grows with how far it moved.
      confidence: top.length ? Math.round(0.3 * strengthOfScore(top[0].score) * 1000) / 1000 : 0,
      evidence: top.length ? top.map(describeMovement) : ['no candidate signal moved beyond its normal range: no cause found'],
      entity: top[0]?.labels ?? {},
      firstDeviation: top.length ? Math.min(...top.map((m) => m.firstDeviation ?? Infinity)) : null,
      action: RULE_BY_ID.unknown.action,
      signals: top.map((m) => ({ signal: m.signal, labels: m.labels })),
    });
    if (hypotheses[0].firstDeviation === Infinity) hypotheses[0].firstDeviation = null;
  }
  const limited = hypotheses.slice(0, input.maxHypotheses ?? 5);
  addPeerEvidence(limited, input.candidates, input.window);
  limited.forEach((h, i) => (h.rank = i + 1));
  return { hypotheses: limited, movements: named, targetMovements, deploys, services: services?.ranks, noCause };
}
