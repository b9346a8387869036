import type { z } from 'zod';
import { QueryError } from '../grafana/errors';

/**
 * Validate a saved query object with a zod schema; failures become a 400 for this query only, with
 * every problem named by its field path so the user knows what to fix in the editor.
 */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown, queryType: string): z.output<S> {
  const result = schema.safeParse(query);
  if (result.success) return result.data;
  const problems = result.error.issues
    .map((i) => `${i.path.length ? i.path.join('.') : '(query)'}: ${i.message}`)
    .join('; ');
  throw new QueryError(`invalid ${queryType} query: ${problems}`, 400, 'plugin');
}
