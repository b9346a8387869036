// Upstream and input errors → per-query QueryErrors (one failing query never fails the others).
import { QueryError } from '../../grafana/errors';
import { UnsafeInputError } from '../../signals/escape';
import { UpstreamError } from '../../upstream/errors';

export function toQueryError(e: unknown): unknown {
  if (e instanceof QueryError) return e;
  if (e instanceof UpstreamError) return new QueryError(e.message, e.responseStatus, 'downstream');
  if (e instanceof UnsafeInputError) return new QueryError(e.message, 400, 'plugin');
  return e;
}

export async function withQueryErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toQueryError(e);
  }
}
