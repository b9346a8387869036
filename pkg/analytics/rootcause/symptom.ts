// Which symptom the call-graph ranking explains: the target's services and kind when the query has a
// target; without one, the graph's entry services (called by nobody: where users feel it) that moved,
// errors before latency (errors users get outweigh latency they feel).
import { isErrorMovement, movedBeyondNormal, symptomKindOf, type SymptomKind } from './service-graph';
import { isLatencySignal } from './scale-floor';
import type { MovementScore, ServiceEdge, SignalSeries } from './types';

export interface Symptom {
  services: string[];
  kind?: SymptomKind;
  /** True when taken from the graph's entry services, not from a target. */
  inferred: boolean;
  /** The moves that make an inferred symptom. */
  movements?: MovementScore[];
}

export function symptomOf(target: SignalSeries[] | undefined, movements: MovementScore[], edges: ServiceEdge[], label: string, threshold: number): Symptom {
  if (target?.length) {
    const kinds = new Set(target.map((t) => symptomKindOf(t.signal, t.unit)));
    return {
      services: [...new Set(target.map((t) => t.labels[label]).filter((s): s is string => !!s))],
      kind: kinds.size === 1 ? ([...kinds][0] ?? undefined) : undefined,
      inferred: false,
    };
  }
  const called = new Set(edges.map((e) => e.callee));
  const entries = new Set(edges.map((e) => e.caller).filter((s) => !called.has(s)));
  const moved = movements.filter((m) => entries.has(m.labels[label]) && movedBeyondNormal(m, threshold));
  const errors = moved.filter(isErrorMovement);
  const latency = moved.filter((m) => m.direction === 'up' && isLatencySignal(m.signal));
  const lead = errors.length ? errors : latency;
  if (lead.length === 0) return { services: [], inferred: true };
  return { services: [...new Set(lead.map((m) => m.labels[label]))], kind: errors.length ? 'errors' : 'latency', inferred: true, movements: lead };
}
