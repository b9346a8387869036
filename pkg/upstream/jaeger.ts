// Jaeger query-API client. Speaks the classic JSON API (/api/services, /api/traces …) that Jaeger v1 and
// v2 both serve, and falls back to the OTLP-JSON /api/v3 API when a server only has that.
import { UpstreamError } from './errors';
import { request, parseJsonBody, statusError, upstreamText, type HttpEndpoint } from './http';
import { decodeClassicTrace, decodeOtlpTraces } from './jaeger-decode';
import type { Trace } from './trace-model';

export interface TraceSearch {
  service: string;
  operation?: string;
  tags?: Record<string, string>;
  /** Go durations, e.g. 500ms. */
  minDuration?: string;
  maxDuration?: string;
  limit: number;
  startMs: number;
  endMs: number;
}

export interface Operation {
  name: string;
  spanKind: string;
}

/** One caller → callee edge of Jaeger's dependency graph (the shape of the root-cause ServiceEdge). */
export interface DependencyEdge {
  caller: string;
  callee: string;
  calls?: number;
}

type Api = 'classic' | 'v3';

export class JaegerClient {
  private api: Api | undefined;

  constructor(readonly endpoint: HttpEndpoint) {}

  async services(signal?: AbortSignal): Promise<string[]> {
    return this.withApi(
      async () => strings((await this.get('/api/services', [], signal)).data),
      async () => strings((await this.get('/api/v3/services', [], signal)).services)
    );
  }

  async operations(service: string, signal?: AbortSignal): Promise<Operation[]> {
    return this.withApi(
      async () => {
        const body = await this.get('/api/operations', [['service', service]], signal);
        if (Array.isArray(body.data)) return operationList(body.data);
        // Older v1 servers only have /api/services/{service}/operations (plain names).
        const old = await this.get(`/api/services/${encodeURIComponent(service)}/operations`, [], signal);
        return strings(old.data).map((name) => ({ name, spanKind: '' }));
      },
      async () => operationList((await this.get('/api/v3/operations', [['service', service]], signal)).operations)
    );
  }

  async search(q: TraceSearch, signal?: AbortSignal): Promise<Trace[]> {
    return this.withApi(
      async () => {
        const params: Array<[string, string]> = [
          ['service', q.service],
          ['start', String(Math.floor(q.startMs * 1000))],
          ['end', String(Math.ceil(q.endMs * 1000))],
          ['limit', String(q.limit)],
        ];
        if (q.operation) params.push(['operation', q.operation]);
        if (q.minDuration) params.push(['minDuration', q.minDuration]);
        if (q.maxDuration) params.push(['maxDuration', q.maxDuration]);
        if (q.tags && Object.keys(q.tags).length) params.push(['tags', JSON.stringify(q.tags)]);
        const body = await this.get('/api/traces', params, signal);
        if (body.data === null) return [];
        if (!Array.isArray(body.data)) throw this.shapeError('/api/traces');
        return body.data.map(decodeClassicTrace);
      },
      async () => {
        const params: Array<[string, string]> = [
          ['query.service_name', q.service],
          ['query.start_time_min', new Date(q.startMs).toISOString()],
          ['query.start_time_max', new Date(q.endMs).toISOString()],
          // Older v3 gateways read num_traces, newer ones search_depth.
          ['query.num_traces', String(q.limit)],
          ['query.search_depth', String(q.limit)],
        ];
        if (q.operation) params.push(['query.operation_name', q.operation]);
        if (q.minDuration) params.push(['query.duration_min', q.minDuration]);
        if (q.maxDuration) params.push(['query.duration_max', q.maxDuration]);
        const traces = decodeOtlpTraces(await this.get('/api/v3/traces', params, signal, true));
        // The v3 HTTP gateway has no portable tag filter: filter on span attributes here.
        const tags = Object.entries(q.tags ?? {});
        return traces.filter((t) =>
          tags.every(([k, v]) => t.spans.some((s) => s.tags.some((x) => x.key === k && String(x.value) === v)))
        );
      }
    );
  }

  /** One trace, or undefined when Jaeger does not have it. */
  async trace(traceId: string, signal?: AbortSignal): Promise<Trace | undefined> {
    const id = traceId.toLowerCase();
    return this.withApi(
      async () => {
        const body = await this.get(`/api/traces/${encodeURIComponent(id)}`, [], signal, true);
        if (!Array.isArray(body.data) || body.data.length === 0) return undefined;
        return decodeClassicTrace(body.data[0]);
      },
      async () => {
        const traces = decodeOtlpTraces(await this.get(`/api/v3/traces/${encodeURIComponent(id)}`, [], signal, true));
        return traces[0];
      }
    );
  }

  /**
   * Service call graph over [endMs − lookbackMs, endMs] from `/api/dependencies` (caller → callee with
   * call counts). Servers without that API (v3-only gateways, storage without dependencies) answer [],
   * so the caller falls back to parent/child spans of fetched traces.
   */
  async dependencies(endMs: number, lookbackMs: number, signal?: AbortSignal): Promise<DependencyEdge[]> {
    if (!(lookbackMs > 0)) throw new UpstreamError('invalid_response', 'dependencies lookback must be positive');
    let body: Record<string, unknown>;
    try {
      body = await this.get('/api/dependencies', [['endTs', String(Math.floor(endMs))], ['lookback', String(Math.ceil(lookbackMs))]], signal);
    } catch (e) {
      if (e instanceof UpstreamError && e.status === 404 && e.kind === 'http') return [];
      throw e;
    }
    if (body.data === null || body.data === undefined) return [];
    if (!Array.isArray(body.data)) throw this.shapeError('/api/dependencies');
    const out: DependencyEdge[] = [];
    for (const d of body.data as Array<Record<string, unknown>>) {
      const caller = str(d?.parent);
      const callee = str(d?.child);
      if (!caller || !callee || caller === callee) continue;
      out.push({ caller, callee, calls: typeof d.callCount === 'number' ? d.callCount : undefined });
    }
    return out;
  }

  /** Runs the classic API call, switching to v3 for good when the server lacks the classic API. */
  private async withApi<T>(classic: () => Promise<T>, v3: () => Promise<T>): Promise<T> {
    if (this.api === 'v3') return v3();
    try {
      const r = await classic();
      this.api = 'classic';
      return r;
    } catch (e) {
      if (this.api === undefined && e instanceof UpstreamError && e.status === 404 && e.kind === 'http') {
        const r = await v3();
        this.api = 'v3';
        return r;
      }
      throw e;
    }
  }

  /** GET + JSON; a 404 with a JSON body is "not found" (allowed when notFoundOk), other 404s mean "no such API". */
  private async get(
    apiPath: string,
    params: Array<[string, string]>,
    signal?: AbortSignal,
    notFoundOk = false
  ): Promise<Record<string, unknown>> {
    const ep = this.endpoint;
    const res = await request(ep, apiPath, { params, signal });
    if (res.status === 401 || res.status === 403) {
      throw new UpstreamError(
        'http',
        `${ep.name} at ${ep.baseUrl} refused the request (HTTP ${res.status}): check the Jaeger bearer token.`,
        res.status
      );
    }
    let body: unknown;
    try {
      body = parseJsonBody(ep, res, apiPath);
    } catch (e) {
      if (res.status === 404)
        throw new UpstreamError(
          'http',
          `${ep.name} at ${ep.baseUrl} has no ${apiPath} (HTTP 404): is this the Jaeger query URL (port 16686)?`,
          404
        );
      if (res.status >= 400) throw statusError(ep, res.status, apiPath);
      throw e;
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw this.shapeError(apiPath);
    const obj = body as Record<string, unknown>;
    if (res.status === 404) {
      if (notFoundOk) return { data: [] };
      throw new UpstreamError('http', `${ep.name} at ${ep.baseUrl} has no ${apiPath} (HTTP 404).`, 404);
    }
    if (res.status >= 400) {
      throw new UpstreamError(
        'api',
        `${ep.name} error (HTTP ${res.status}): ${upstreamText(ep, errorText(obj))}`,
        res.status
      );
    }
    return obj;
  }

  private shapeError(apiPath: string): UpstreamError {
    return new UpstreamError(
      'invalid_response',
      `${this.endpoint.name} answered ${apiPath} with JSON that is not a Jaeger query API response: is this the Jaeger query URL?`
    );
  }
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').sort() : [];
}

function operationList(v: unknown): Operation[] {
  if (!Array.isArray(v)) return [];
  return v
    .map((o) =>
      typeof o === 'string'
        ? { name: o, spanKind: '' }
        : {
            name: String((o as Record<string, unknown>)?.name ?? ''),
            spanKind: String((o as Record<string, unknown>)?.spanKind ?? ''),
          }
    )
    .filter((o) => o.name !== '')
    .sort((a, b) => a.name.localeCompare(b.name));
}

function errorText(obj: Record<string, unknown>): string {
  const errs = obj.errors;
  if (Array.isArray(errs) && errs.length)
    return errs.map((e) => String((e as Record<string, unknown>)?.msg ?? JSON.stringify(e))).join('; ');
  const err = obj.error as Record<string, unknown> | string | undefined;
  if (typeof err === 'string') return err;
  if (err && typeof err.message === 'string') return err.message;
  return 'unknown error';
}
