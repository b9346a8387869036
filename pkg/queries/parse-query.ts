import type { z } from 'zod';
import { QueryError } from '../grafana/errors';

/**
 * Validate a saved query object with a zod schema; failures become a 400 for this query only, with
 * every problem named by its field path so the user knows what to fix in the editor.
 */
export function parseQuery<S extends z.ZodType>(schema: S, query: unknown, queryType: string): z.output<S> {
  const result = schema.safeParse(query);
  if (result.success) return result.data;
  // At most five problems, each short: a hostile query must not make a megabyte of error message.
  const issues = result.error.issues;
  const problems = issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.').slice(0, 100) : '(query)'}: ${i.message.slice(0, 300)}`)
    .join('; ')
    .concat(issues.length > 5 ? `; and ${issues.length - 5} more` : '');
  throw new QueryError(`invalid ${queryType} query: ${problems}`, 400, 'plugin');
}
