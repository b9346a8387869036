import type { QueryHandler } from './types';
import { testQuery } from './test-query';

/** queryType → handler. Add one line per query type; unknown types are rejected by the dispatcher. */
export const queryHandlers: Record<string, QueryHandler> = {
  test: testQuery,
};

export function knownQueryTypes(): string[] {
  return Object.keys(queryHandlers).sort();
}
