// A small HTTP client for upstream APIs. Why not fetch: node:http lets us bound the body size while it
// streams, never follows redirects by itself, and is measurably cheaper for multi-megabyte JSON bodies.
// Only URLs built from the configured base URL plus a fixed API path are ever requested.
import http from 'node:http';
import https from 'node:https';
import type { TlsSettings } from '../datasource/tls-settings';
import type { Scrub } from '../grafana/secret-scrubber';
import type { Semaphore } from '../grafana/semaphore';
import { UpstreamError } from './errors';
import { currentLane } from './lanes';
import { tlsHint } from './tls-errors';

export interface HttpEndpoint {
  /** Human name used in messages ("Prometheus", "Jaeger"). */
  name: string;
  /** Base URL without trailing slash. */
  baseUrl: string;
  headers: Record<string, string>;
  timeoutMs: number;
  maxResponseBytes: number;
  /**
   * CA, client certificate and key, skip-verify and server name for https URLs. Passed with every
   * request: Node's https agent pools connections per TLS option set, so keep-alive still works.
   */
  tls?: TlsSettings;
  /** Removes the configured secrets from any text the upstream sent (echoed headers, URLs). */
  scrub?: Scrub;
  /** Bound on requests in flight from the bulk lane (analytic queries, lanes.ts); unbounded when absent. */
  bulkRequests?: Semaphore;
}

/** Longest piece of upstream text (an error field, a body excerpt, a warning) put into a message. */
export const MAX_UPSTREAM_TEXT = 500;

/**
 * Text that came from the upstream, made safe to show: secrets removed, cut to a readable length.
 * Every upstream-provided string that reaches a message or a notice goes through here.
 */
export function upstreamText(ep: HttpEndpoint, text: string, max = MAX_UPSTREAM_TEXT): string {
  const cut = text.length > max * 4 ? text.slice(0, max * 4) : text;
  const clean = ep.scrub ? ep.scrub(cut) : cut;
  return clean.length > max ? `${clean.slice(0, max)}… (${text.length} characters)` : clean;
}

export interface HttpResult {
  status: number;
  contentType: string;
  body: Buffer;
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  /** Query parameters (GET) or form body (POST). Repeated keys allowed. */
  params?: Array<[string, string]>;
  signal?: AbortSignal;
  /** Safe to send twice (read-only). Default: GET only; Prometheus query POSTs set it. */
  idempotent?: boolean;
}

/**
 * A pooled keep-alive connection the upstream (or a proxy) closed while we reused it: the request never
 * reached a server that handled it, so an idempotent request can be sent again on a new connection.
 */
class StaleConnectionError extends UpstreamError {}

function isStaleConnection(req: http.ClientRequest, e: NodeJS.ErrnoException): boolean {
  return req.reusedSocket && (e.code === 'ECONNRESET' || e.code === 'EPIPE' || /socket hang up/i.test(e.message ?? ''));
}

const MAX_REDIRECTS = 3;
const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 32 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 32 }),
};

/** Joins the configured base URL (which may carry a path prefix like /select/0/prometheus) and an API path. */
export function apiUrl(baseUrl: string, apiPath: string): URL {
  const base = new URL(baseUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  const url = new URL(base.origin);
  url.pathname = prefix + apiPath;
  return url;
}

export async function request(ep: HttpEndpoint, apiPath: string, opts: RequestOptions = {}): Promise<HttpResult> {
  const bulk = ep.bulkRequests && currentLane() === 'bulk' ? ep.bulkRequests : undefined;
  if (!bulk) return send(ep, apiPath, opts);
  let release: () => void;
  try {
    release = await bulk.acquire(opts.signal);
  } catch {
    throw new UpstreamError('aborted', `${ep.name} request cancelled.`);
  }
  try {
    return await send(ep, apiPath, opts);
  } finally {
    release();
  }
}

async function send(ep: HttpEndpoint, apiPath: string, opts: RequestOptions): Promise<HttpResult> {
  const method = opts.method ?? 'GET';
  const form = new URLSearchParams(opts.params ?? []).toString();
  let url = apiUrl(ep.baseUrl, apiPath);
  if (method === 'GET' && form) url.search = form;
  const origin = url.origin;
  const deadline = Date.now() + ep.timeoutMs;
  const idempotent = opts.idempotent ?? method === 'GET';
  for (let hop = 0; ; hop++) {
    const body = method === 'POST' ? form : undefined;
    let res: RawResult;
    try {
      res = await once(ep, url, method, body, deadline, opts.signal, true);
    } catch (e) {
      if (!(e instanceof StaleConnectionError) || !idempotent) throw e;
      // One retry, on a connection of its own (a second pooled one may be just as stale).
      res = await once(ep, url, method, body, deadline, opts.signal, false);
    }
    if (res.status >= 300 && res.status < 400 && res.location !== undefined) {
      const next = new URL(res.location, url);
      if (next.origin !== origin) {
        throw new UpstreamError(
          'redirect',
          `${ep.name} at ${ep.baseUrl} redirected to another host (${next.origin}); redirects to other hosts are not followed: set the URL to the final address.`,
          res.status
        );
      }
      if (hop >= MAX_REDIRECTS)
        throw new UpstreamError('redirect', `${ep.name} at ${ep.baseUrl}: too many redirects.`, res.status);
      url = next;
      continue;
    }
    return res;
  }
}

interface RawResult extends HttpResult {
  location?: string;
}

function once(
  ep: HttpEndpoint,
  url: URL,
  method: string,
  body: string | undefined,
  deadline: number,
  signal: AbortSignal | undefined,
  pooled: boolean
): Promise<RawResult> {
  return new Promise<RawResult>((resolve, reject) => {
    if (signal?.aborted) return reject(new UpstreamError('aborted', `${ep.name} request cancelled.`));
    const remaining = Math.max(1, deadline - Date.now());
    const lib = url.protocol === 'https:' ? https : http;
    const headers: Record<string, string> = { Accept: 'application/json', ...ep.headers };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      headers['Content-Length'] = String(Buffer.byteLength(body));
    }
    let settled = false;
    const fail = (err: UpstreamError) => {
      if (settled) return;
      settled = true;
      cleanup();
      req.destroy();
      reject(err);
    };
    const timer = setTimeout(
      () =>
        fail(
          new UpstreamError(
            'timeout',
            `${ep.name} at ${ep.baseUrl} did not answer within ${ep.timeoutMs / 1000}s (timeout): the query may be too expensive, or raise jsonData.timeoutSeconds.`
          )
        ),
      remaining
    );
    const onAbort = () => fail(new UpstreamError('aborted', `${ep.name} request cancelled.`));
    signal?.addEventListener('abort', onAbort, { once: true });
    const cleanup = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };

    const req = lib.request(
      url,
      {
        method,
        headers,
        agent: pooled ? (url.protocol === 'https:' ? agents.https : agents.http) : false,
        ...(url.protocol === 'https:' && ep.tls ? ep.tls : {}),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const contentType = String(res.headers['content-type'] ?? '');
        const declared = Number(res.headers['content-length'] ?? NaN);
        if (declared > ep.maxResponseBytes) {
          return fail(tooLarge(ep));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > ep.maxResponseBytes) return fail(tooLarge(ep));
          chunks.push(chunk);
        });
        res.on('error', (e) =>
          fail(
            new UpstreamError(
              'unreachable',
              `${ep.name} at ${ep.baseUrl}: connection failed while reading the answer (${upstreamText(ep, e.message)}).`
            )
          )
        );
        res.on('end', () => {
          if (settled) return;
          settled = true;
          cleanup();
          const location = typeof res.headers.location === 'string' ? res.headers.location : undefined;
          resolve({
            status,
            contentType,
            body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size),
            location,
          });
        });
      }
    );
    req.on('error', (e: NodeJS.ErrnoException) => {
      const tls = url.protocol === 'https:' ? tlsHint(e.code, e.message ?? '') : undefined;
      if (tls) return fail(new UpstreamError('unreachable', `${ep.name} at ${ep.baseUrl}: ${tls}.`));
      const why = e.code ? `${e.code}` : upstreamText(ep, e.message);
      const Kind = isStaleConnection(req, e) ? StaleConnectionError : UpstreamError;
      fail(
        new Kind(
          'unreachable',
          `${ep.name} at ${ep.baseUrl} is not reachable (${why}): check the URL and that the server is running.`
        )
      );
    });
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

function tooLarge(ep: HttpEndpoint): UpstreamError {
  return new UpstreamError(
    'too_large',
    `${ep.name} answer is larger than ${Math.round(ep.maxResponseBytes / 1048576)} MiB: narrow the query (filters, time range) or raise jsonData.maxResponseMB.`
  );
}

/** An error status the body did not explain (no usable API error in it). */
export function statusError(ep: HttpEndpoint, status: number, apiPath: string, detail?: string): UpstreamError {
  const tail = detail === undefined ? '.' : `: ${detail}`;
  return new UpstreamError('http', `${ep.name} at ${ep.baseUrl} answered HTTP ${status} to ${apiPath}${tail}`, status);
}

/** Parses a JSON body; anything else becomes a clear "this is not the API" error. */
export function parseJsonBody(ep: HttpEndpoint, res: HttpResult, apiPath: string): unknown {
  const text = res.body.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    const looksHtml = /^\s*</.test(text);
    const hint = looksHtml ? 'an HTML page' : `non-JSON content (${res.contentType || 'no content type'})`;
    throw new UpstreamError(
      'invalid_response',
      `${ep.name} at ${ep.baseUrl} answered ${apiPath} with ${hint}, HTTP ${res.status}: is this URL the ${ep.name} API base (e.g. ${ep.name === 'Jaeger' ? 'http://jaeger:16686' : 'http://prometheus:9090'})?`,
      res.status
    );
  }
}
