// Prometheus HTTP API client (/api/v1/*). Uses only endpoints that VictoriaMetrics, Thanos, Mimir and
// Cortex implement identically; buildinfo is optional (VictoriaMetrics versions differ).
import { UpstreamError } from './errors';
import { request, parseJsonBody, statusError, upstreamText, type HttpEndpoint, type HttpResult } from './http';
import { scanMatrix } from './prometheus-matrix-scan';
import { labelSet, parseSample, type Labels, type RangeSeries } from './prometheus-sample';

export { parseSample, type Labels, type RangeSeries };

export interface InstantSample {
  labels: Labels;
  time: number;
  value: number;
}

export interface QueryResult<T> {
  result: T[];
  /** Warnings the server attached (shown as notices). */
  warnings: string[];
}

export interface BuildInfo {
  version: string;
  /** 'prometheus' unless the answer says otherwise. */
  flavor: string;
}

interface ApiEnvelope {
  status?: string;
  data?: unknown;
  errorType?: string;
  error?: string;
  warnings?: string[];
}

export class PrometheusClient {
  constructor(readonly endpoint: HttpEndpoint) {}

  async queryRange(
    expr: string,
    startMs: number,
    endMs: number,
    stepMs: number,
    signal?: AbortSignal
  ): Promise<QueryResult<RangeSeries>> {
    const apiPath = '/api/v1/query_range';
    const res = await this.send(
      apiPath,
      'POST',
      [
        ['query', expr],
        ['start', secs(startMs)],
        ['end', secs(endMs)],
        ['step', secs(stepMs)],
      ],
      signal
    );
    // Fast path for the common answer; anything else (errors included) is decoded by the general path.
    if (res.status === 200) {
      const scanned = scanMatrix(res.body);
      if (scanned) return { result: scanned.result, warnings: this.warnings(scanned.warnings) };
    }
    const data = this.envelope(apiPath, res);
    const d = data.data as { resultType?: string; result?: unknown };
    if (d?.resultType !== 'matrix' || !Array.isArray(d.result))
      throw this.shapeError('/api/v1/query_range', 'a matrix result');
    return { result: d.result.map(parseMatrixSeries), warnings: this.warnings(data.warnings) };
  }

  async queryInstant(expr: string, timeMs: number, signal?: AbortSignal): Promise<QueryResult<InstantSample>> {
    const data = await this.call(
      '/api/v1/query',
      'POST',
      [
        ['query', expr],
        ['time', secs(timeMs)],
      ],
      signal
    );
    const d = data.data as { resultType?: string; result?: unknown };
    const warnings = this.warnings(data.warnings);
    switch (d?.resultType) {
      case 'vector':
        if (!Array.isArray(d.result)) break;
        return { result: d.result.map(parseVectorSample), warnings };
      case 'scalar':
        if (!Array.isArray(d.result)) break;
        return {
          result: [{ labels: labelSet({}), time: Number(d.result[0]) * 1000, value: parseSample(d.result[1]) }],
          warnings,
        };
      case 'matrix':
        throw new UpstreamError(
          'api',
          'the expression returns a range vector (e.g. x[5m]): remove the range or wrap it in a function such as rate().',
          400
        );
      case 'string':
        throw new UpstreamError('api', 'the expression returns a string, not numbers.', 400);
    }
    throw this.shapeError('/api/v1/query', 'a vector or scalar result');
  }

  /** Values of one label; `match` narrows the series (repeated `match[]`). */
  async labelValues(
    label: string,
    opts: { match?: string[]; startMs?: number; endMs?: number; signal?: AbortSignal } = {}
  ): Promise<string[]> {
    const params = rangeParams(opts);
    for (const m of opts.match ?? []) params.push(['match[]', m]);
    const data = await this.call(`/api/v1/label/${encodeURIComponent(label)}/values`, 'GET', params, opts.signal);
    return stringArray(data.data, () => this.shapeError('/api/v1/label/…/values', 'a list of strings'));
  }

  async labelNames(
    opts: { match?: string[]; startMs?: number; endMs?: number; signal?: AbortSignal } = {}
  ): Promise<string[]> {
    const params = rangeParams(opts);
    for (const m of opts.match ?? []) params.push(['match[]', m]);
    const data = await this.call('/api/v1/labels', 'GET', params, opts.signal);
    return stringArray(data.data, () => this.shapeError('/api/v1/labels', 'a list of strings'));
  }

  async metricNames(opts: { startMs?: number; endMs?: number; signal?: AbortSignal } = {}): Promise<string[]> {
    return this.labelValues('__name__', opts);
  }

  /** Build info, or undefined when the server does not implement the endpoint (VictoriaMetrics, some proxies). */
  async buildInfo(signal?: AbortSignal): Promise<BuildInfo | undefined> {
    try {
      const data = await this.call('/api/v1/status/buildinfo', 'GET', [], signal);
      const d = data.data as Record<string, unknown> | undefined;
      if (!d || typeof d.version !== 'string') return undefined;
      return { version: d.version, flavor: typeof d.application === 'string' ? d.application : 'prometheus' };
    } catch (e) {
      if (e instanceof UpstreamError && (e.kind === 'http' || e.kind === 'api' || e.kind === 'invalid_response'))
        return undefined;
      throw e;
    }
  }

  private async call(
    apiPath: string,
    method: 'GET' | 'POST',
    params: Array<[string, string]>,
    signal?: AbortSignal
  ): Promise<ApiEnvelope> {
    return this.envelope(apiPath, await this.send(apiPath, method, params, signal));
  }

  /** The HTTP exchange, with the answers that need no body (404, 401/403) turned into clear errors. */
  private async send(
    apiPath: string,
    method: 'GET' | 'POST',
    params: Array<[string, string]>,
    signal?: AbortSignal
  ): Promise<HttpResult> {
    const ep = this.endpoint;
    // Every Prometheus API call we make is read-only, POST queries included: safe to retry.
    const res = await request(ep, apiPath, { method, params, signal, idempotent: true });
    if (res.status === 404) {
      throw new UpstreamError(
        'http',
        `${ep.name} at ${ep.baseUrl} has no ${apiPath} (HTTP 404): is this URL the Prometheus API base? For VictoriaMetrics cluster use …/select/0/prometheus.`,
        404
      );
    }
    if (res.status === 401 || res.status === 403) {
      throw new UpstreamError(
        'http',
        `${ep.name} at ${ep.baseUrl} refused the request (HTTP ${res.status}): check the auth settings (basic auth, bearer token or custom headers).`,
        res.status
      );
    }
    return res;
  }

  /** Decodes an API envelope with JSON.parse; error statuses and bodies become UpstreamErrors. */
  private envelope(apiPath: string, res: HttpResult): ApiEnvelope {
    const ep = this.endpoint;
    let body: ApiEnvelope;
    try {
      body = parseJsonBody(ep, res, apiPath) as ApiEnvelope;
    } catch (e) {
      // 400 and 422 are Prometheus's own (JSON) query errors; a non-JSON body there is "not the API".
      if (res.status > 400 && res.status !== 422) {
        throw statusError(ep, res.status, apiPath, upstreamText(ep, snippet(res.body), 200));
      }
      throw e;
    }
    if (typeof body !== 'object' || body === null || typeof body.status !== 'string') {
      throw new UpstreamError(
        'invalid_response',
        `${ep.name} at ${ep.baseUrl} answered ${apiPath} with JSON that is not a Prometheus API response (no "status"): is this the Prometheus API base URL?`,
        res.status
      );
    }
    if (body.status !== 'success') {
      const kind = body.errorType ? `${upstreamText(ep, String(body.errorType), 64)}: ` : '';
      const message = upstreamText(ep, typeof body.error === 'string' ? body.error : 'unknown error');
      const status = body.errorType === 'timeout' ? 504 : res.status;
      if (body.errorType === 'timeout')
        throw new UpstreamError('timeout', `${ep.name} query timed out: ${message}`, status);
      throw new UpstreamError('api', `${ep.name} error (${kind}${message})`, status);
    }
    if (res.status >= 300) throw statusError(ep, res.status, apiPath);
    return body;
  }

  /**
   * Warnings become notices: only strings, scrubbed and cut like every upstream text. PromQL's info-level
   * annotations are left out wherever they come: Prometheus 3 sends them apart (`infos`, not read here) but
   * Thanos' querier among its `warnings`, and the same query must not warn on one engine only.
   */
  private warnings(raw: unknown): string[] {
    if (!Array.isArray(raw)) return [];
    return raw
      .filter((w): w is string => typeof w === 'string' && !w.startsWith(PROMQL_INFO))
      .map((w) => upstreamText(this.endpoint, w));
  }

  private shapeError(apiPath: string, expected: string): UpstreamError {
    return new UpstreamError(
      'invalid_response',
      `${this.endpoint.name} answered ${apiPath} without ${expected}: is this a Prometheus-compatible API?`
    );
  }
}

/** The prefix of PromQL's info-level annotations (e.g. histogram_quantile's monotonicity fix). */
const PROMQL_INFO = 'PromQL info:';

function secs(ms: number): string {
  return String(ms / 1000);
}

function rangeParams(opts: { startMs?: number; endMs?: number }): Array<[string, string]> {
  const p: Array<[string, string]> = [];
  if (opts.startMs !== undefined) p.push(['start', secs(Math.floor(opts.startMs))]);
  if (opts.endMs !== undefined) p.push(['end', secs(Math.ceil(opts.endMs))]);
  return p;
}

function stringArray(v: unknown, err: () => Error): string[] {
  if (!Array.isArray(v)) throw err();
  return v.filter((x): x is string => typeof x === 'string');
}

function snippet(body: Buffer): string {
  return body.toString('utf8', 0, 4096).replace(/\s+/g, ' ').trim() || '(empty body)';
}

function parseMatrixSeries(raw: unknown): RangeSeries {
  const s = raw as { metric?: Labels; values?: Array<[number, string]> };
  const values = Array.isArray(s.values) ? s.values : [];
  const n = values.length;
  const times = new Float64Array(n);
  const vals = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = values[i]!;
    // Round to whole ms: seconds with a fraction like 1700000000.123 are not exact in binary.
    times[i] = Math.round(p[0] * 1000);
    vals[i] = parseSample(p[1]);
  }
  return { labels: labelSet(s.metric), times, values: vals };
}

function parseVectorSample(raw: unknown): InstantSample {
  const s = raw as { metric?: Labels; value?: [number, string] };
  const v = s.value ?? [0, 'NaN'];
  return { labels: labelSet(s.metric), time: Math.round(Number(v[0]) * 1000), value: parseSample(v[1]) };
}
