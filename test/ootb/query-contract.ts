// Checks a query object against the shared query model (pkg/model, the same zod schemas the backend
// validates with) and the signal catalog (pkg/signals): known queryType, known signal, an
// aggregation that signal supports, nested anomaly sources and root-cause targets included.
import { z } from 'zod';
import { QUERY_TYPES, validateQuery, type QueryType } from '../../pkg/model';
import { SIGNAL_BY_ID } from '../../pkg/signals/catalog';

/**
 * Query types the dashboards use that pkg/model does not define yet, with the schema we asked the
 * backend for. Validated here so the dashboards stay consistent; the live test
 * (dashboard-queries.test.ts) shows whether the backend answers them.
 */
export const REQUESTED_QUERY_TYPES: Record<string, z.ZodType> = {
  compliance: z.looseObject({
    queryType: z.literal('compliance'),
    service: z.string().min(1),
    operation: z.string().optional(),
    limit: z.number().int().min(1).max(1500).optional(),
  }),
};

function signalProblems(q: Record<string, unknown>, where: string): string[] {
  if (q.queryType !== 'signal' && where === 'query') return [];
  const id = q.signal as string;
  const def = SIGNAL_BY_ID.get(id as never);
  if (!def) return [`${where}: unknown signal "${id}"`];
  const agg = q.aggregation as string | undefined;
  if (agg && !def.aggregations.includes(agg as never)) {
    return [`${where}: signal ${id} has no aggregation "${agg}" (allowed: ${def.aggregations.join(', ')})`];
  }
  return [];
}

/** Problems with one query (empty when it is valid). Variables must already be interpolated. */
export function queryProblems(query: Record<string, unknown>): string[] {
  const type = query.queryType;
  if (typeof type !== 'string') return ['queryType is missing'];
  if (type in REQUESTED_QUERY_TYPES) {
    const res = REQUESTED_QUERY_TYPES[type]!.safeParse(query);
    return res.success
      ? []
      : [`invalid ${type} query: ${res.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`];
  }
  if (!(QUERY_TYPES as readonly string[]).includes(type)) return [`unknown queryType "${type}"`];
  const res = validateQuery(type as QueryType, query);
  if (!res.ok) return [res.message];
  const problems: string[] = [];
  if (type === 'signal') problems.push(...signalProblems(query, 'query'));
  if (type === 'anomaly') {
    const source = query.source as Record<string, unknown>;
    if (source.queryType === 'signal') problems.push(...signalProblems(source, 'source'));
  }
  if (type === 'rootcause') problems.push(...signalProblems(query.target as Record<string, unknown>, 'target'));
  return problems;
}
