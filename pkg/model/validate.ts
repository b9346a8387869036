// Turns zod issues into one message a user can act on ("aggregation: expected one of …").
import type { z } from 'zod';
import { querySchemas } from './query';

export type QueryValidation<T> = { ok: true; query: T } | { ok: false; message: string };

export function formatIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const where = issue.path.map(String).join('.');
      return where ? `${where}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

export function validateWith<S extends z.ZodType>(
  schema: S,
  json: unknown,
  what: string
): QueryValidation<z.output<S>> {
  const res = schema.safeParse(json);
  if (res.success) return { ok: true, query: res.data };
  return { ok: false, message: `invalid ${what} query: ${formatIssues(res.error)}` };
}

/** Validates a query object for a known query type (the type comes from the request's queryType). */
export function validateQuery<K extends keyof typeof querySchemas>(
  queryType: K,
  json: Record<string, unknown>
): QueryValidation<z.output<(typeof querySchemas)[K]>> {
  return validateWith(querySchemas[queryType] as z.ZodType, { ...json, queryType }, queryType) as QueryValidation<
    z.output<(typeof querySchemas)[K]>
  >;
}
