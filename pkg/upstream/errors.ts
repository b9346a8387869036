// Errors from upstream systems, with messages that tell the user what to check. They never contain
// credentials: messages name the configured URL only (credentials in URLs are rejected by settings), and
// any text the upstream sent goes through `upstreamText` (http.ts), which scrubs and cuts it.

export type UpstreamErrorKind =
  | 'unreachable' // connection refused, DNS, TLS …
  | 'timeout' // no complete answer within the configured timeout
  | 'http' // non-2xx without a usable API error body
  | 'api' // the API answered with its own error (bad query, execution error …)
  | 'invalid_response' // not the API we expected (HTML page, garbage, wrong JSON shape)
  | 'too_large' // body exceeded the configured size limit
  | 'redirect' // redirect to another host (never followed)
  | 'aborted'; // the caller gave up (query cancelled, shutdown)

export class UpstreamError extends Error {
  override name = 'UpstreamError';
  constructor(
    readonly kind: UpstreamErrorKind,
    message: string,
    /** Upstream HTTP status when there was one. */
    readonly status?: number
  ) {
    super(message);
  }

  /** The HTTP-like status a query response should carry for this failure. */
  get responseStatus(): number {
    switch (this.kind) {
      case 'timeout':
        return 504;
      case 'api':
        return this.status && this.status >= 400 && this.status < 500 ? 400 : 502;
      case 'aborted':
        return 499;
      default:
        return 502;
    }
  }
}
