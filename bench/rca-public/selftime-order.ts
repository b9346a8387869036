// The root-cause query's span evidence on Nezha's real traces: the first significant self-time shift
// (what `slow_dependency_span` names) before and after ordering the shifts downstream first on the call
// graph (graph-shifts.ts). Counts faults whose injected service it names.
import { isSignificantShift, orderShiftsDownstreamFirst } from '../../pkg/analytics/rootcause/graph-shifts';
import { compareSelfTime } from '../../pkg/analytics/rootcause/selftime';
import type { ServiceEdge } from '../../pkg/analytics/rootcause/types';
import type { NezhaDay, NezhaFault } from './nezha-data';
import { BASELINE_MS, daySpans, FAULT_MS } from './nezha-eval';

export interface SelfTimeAnswer {
  /** Service of the first significant shift, by excess self-time alone and downstream first. */
  plain?: string;
  downstreamFirst?: string;
}

export function selfTimeAnswer(day: NezhaDay, fault: NezhaFault, edges: ServiceEdge[]): SelfTimeAnswer {
  const spans = daySpans(day, fault.at - BASELINE_MS, fault.at + FAULT_MS).map((s) => ({
    traceId: s.traceId,
    spanId: s.spanId,
    parentSpanId: s.parentId ?? undefined,
    service: s.service,
    operation: s.operation,
    start: s.startMs,
    duration: s.durationMs,
  }));
  const shifts = compareSelfTime(spans, { start: fault.at, end: fault.at + FAULT_MS });
  return {
    plain: shifts.find(isSignificantShift)?.service,
    downstreamFirst: orderShiftsDownstreamFirst(shifts, edges).find(isSignificantShift)?.service,
  };
}
