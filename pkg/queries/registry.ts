import type { QueryHandler } from './types';
import { testQuery } from './test-query';
import { promqlQuery } from './promql';
import { signalQuery } from './signal';
import { tracesQuery } from './traces';
import { traceQuery } from './trace';
import { rootcauseQuery } from './rootcause';
import { costQuery } from './cost';
import { anomalyQuery } from './anomaly';
import { complianceQuery } from './compliance';

/** queryType → handler. Add one line per query type; unknown types are rejected by the dispatcher. */
export const queryHandlers: Record<string, QueryHandler> = {
  test: testQuery,
  promql: promqlQuery,
  signal: signalQuery,
  traces: tracesQuery,
  trace: traceQuery,
  rootcause: rootcauseQuery,
  cost: costQuery,
  anomaly: anomalyQuery,
  compliance: complianceQuery,
};

export function knownQueryTypes(): string[] {
  return Object.keys(queryHandlers).sort();
}
