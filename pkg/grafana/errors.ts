import type { DataResponse, ErrorSource, Frame } from './frame';

/**
 * An error that fails one query (one refId) with an HTTP-like status and a message a user can act on.
 * Handlers throw it; the runtime turns it into a DataResponse without touching other queries.
 */
export class QueryError extends Error {
  constructor(
    message: string,
    readonly status: number = 400,
    readonly source: ErrorSource = 'plugin'
  ) {
    super(message);
    this.name = 'QueryError';
  }
}

/** A failure of an upstream system (Prometheus, Jaeger): status 502/504, source downstream. */
export function downstreamError(message: string, status = 502): QueryError {
  return new QueryError(message, status, 'downstream');
}

export function okResponse(frames: Frame[]): DataResponse {
  return { frames, status: 200 };
}

export function errorResponse(err: unknown): DataResponse {
  if (err instanceof QueryError) {
    return { frames: [], status: err.status, error: err.message, errorSource: err.source };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { frames: [], status: 500, error: `internal error: ${message}`, errorSource: 'plugin' };
}
