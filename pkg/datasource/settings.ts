// Datasource settings: Grafana's jsonData + decryptedSecureJsonData → a validated, typed object.
// Secrets live only in decryptedSecureJsonData; they end up in request headers and nowhere else
// (never in messages, logs, health details or resources).
import { stripUrlUserinfo } from '../grafana/secret-scrubber';
import type { DataSourceInstanceSettings } from '../grafana/types';
import { regexProblem } from '../model/regex';
import { parseTlsSettings, type TlsSettings } from './tls-settings';

export interface EndpointSettings {
  /** Base URL, without trailing slash; API paths are appended to it. */
  url: string;
  /** Request headers including auth. Secret: never log or return. */
  headers: Record<string, string>;
  /** Names of the headers that carry credentials (for redaction in messages). */
  auth: 'none' | 'basic' | 'bearer' | 'custom';
  /** CA, client certificate, skip-verify and server name for https URLs; absent = defaults. */
  tls?: TlsSettings;
}

export interface ApiPrice {
  /** Price per 1M input tokens. */
  input: number;
  /** Price per 1M output tokens. */
  output: number;
}

export interface DatasourceSettings {
  prometheus: EndpointSettings;
  jaeger?: EndpointSettings;
  timeoutMs: number;
  /** Series per query before we truncate (with a warning notice). */
  maxSeries: number;
  /** Points per series; the step grows to respect it. */
  maxPointsPerSeries: number;
  /** Largest upstream response we read. */
  maxResponseBytes: number;
  /** Points (series × points per series) in one query's answer; more series are left out, with a notice. */
  maxPointsPerQuery: number;
  /** Approximate encoded size of one query's answer. */
  maxAnswerBytes: number;
  /**
   * Upstream requests the analytic query types may have in flight at once per upstream
   * (`jsonData.maxAnalyticsUpstreamRequests`); other queries' requests are not counted, so a one-series
   * panel never queues behind root-cause fan-out.
   */
  maxAnalyticsUpstreamRequests: number;
  /** Analytic queries running at once per datasource (`jsonData.maxConcurrentAnalytics`, admission.ts). */
  maxConcurrentAnalytics: number;
  /** Longest wait of an analytic query for a slot (`jsonData.analyticsQueueSeconds`); undefined: half the timeout. */
  analyticsQueueMs?: number;
  /** Prometheus scrape interval (Grafana's `timeInterval`), the minimum step and the rate-window unit. */
  scrapeIntervalMs: number;
  /** How long detected metric names/engines are reused before asking Prometheus again. */
  detectionTtlMs: number;
  gpuHourlyPrices: Record<string, number>;
  apiPrices: Record<string, ApiPrice>;
  electricityPricePerKwh?: number;
  currency: string;
  /**
   * Prometheus `job` regex of the scrape targets this datasource watches (`jsonData.targetJobs`); the
   * scrape signals (`up`, `targets_down`, `targets_missing`) read only these, so a shared Prometheus's
   * other targets do not page the LLM team. Undefined = every target.
   */
  targetJobs?: string;
}

export type SettingsResult = { ok: true; settings: DatasourceSettings } | { ok: false; errors: string[] };

export const SETTINGS_DEFAULTS = {
  timeoutSeconds: 30,
  maxSeries: 1000,
  maxPointsPerSeries: 11_000,
  maxResponseMB: 64,
  maxPointsPerQuery: 2_000_000,
  maxAnswerMB: 64,
  maxAnalyticsUpstreamRequests: 1,
  maxConcurrentAnalytics: 2,
  scrapeInterval: '15s',
  detectionTtlSeconds: 300,
  currency: 'USD',
} as const;

export const MISSING_URL_MESSAGE =
  'Prometheus URL is not set. Open the datasource settings and enter the URL of your Prometheus-compatible server (Prometheus, VictoriaMetrics, Thanos, Mimir), e.g. http://prometheus:9090.';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Headers the client manages itself; a custom value would break the request or smuggle another one.
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'content-type',
  'connection',
  'transfer-encoding',
  'accept-encoding',
]);

export function parseSettings(raw: DataSourceInstanceSettings | undefined): SettingsResult {
  const errors: string[] = [];
  const json = (raw?.jsonData ?? {}) as Record<string, unknown>;
  const secure = raw?.decryptedSecureJsonData ?? {};

  const promUrl = parseUrl(raw?.url, 'Prometheus URL', errors, true);
  const jaegerUrl = parseUrl(json.jaegerUrl, 'Jaeger URL (jsonData.jaegerUrl)', errors, false);

  // Prometheus auth: basic (Grafana's standard fields) or bearer, plus custom headers.
  const promHeaders: Record<string, string> = {};
  let promAuth: EndpointSettings['auth'] = 'none';
  const basicEnabled = raw?.basicAuthEnabled === true || json.basicAuth === true;
  const bearer = nonEmpty(secure.prometheusBearerToken);
  if (basicEnabled) {
    const user = nonEmpty(raw?.basicAuthUser) ?? nonEmpty(json.basicAuthUser);
    const password = nonEmpty(secure.basicAuthPassword);
    if (!user) errors.push('Basic auth is on but the user is empty: set "User" or turn basic auth off.');
    if (!password) errors.push('Basic auth is on but the password is empty: set "Password" (stored encrypted).');
    if (user && password) {
      promHeaders.Authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
      promAuth = 'basic';
    }
    if (bearer) errors.push('Both basic auth and a Prometheus bearer token are set: keep only one.');
  } else if (bearer) {
    promHeaders.Authorization = `Bearer ${bearer}`;
    promAuth = 'bearer';
  }
  for (const [name, value] of customHeaders(json, secure, errors)) {
    if (name.toLowerCase() === 'authorization' && promHeaders.Authorization) {
      errors.push(`Custom header "${name}" conflicts with the configured auth: remove one of them.`);
      continue;
    }
    promHeaders[name] = value;
    if (promAuth === 'none') promAuth = 'custom';
  }

  const jaegerHeaders: Record<string, string> = {};
  const jaegerBearer = nonEmpty(secure.jaegerBearerToken);
  if (jaegerBearer) jaegerHeaders.Authorization = `Bearer ${jaegerBearer}`;
  if (jaegerBearer && !jaegerUrl)
    errors.push('A Jaeger bearer token is set but no Jaeger URL: set jsonData.jaegerUrl or remove the token.');

  const promTls = parseTlsSettings(json, secure, '', 'Prometheus', errors);
  const jaegerTls = parseTlsSettings(json, secure, 'jaeger', 'Jaeger', errors);

  const timeoutSeconds = numberSetting(
    json.timeoutSeconds,
    'Timeout (jsonData.timeoutSeconds)',
    SETTINGS_DEFAULTS.timeoutSeconds,
    1,
    600,
    errors
  );
  const maxSeries = integerSetting(
    json.maxSeries,
    'Max series (jsonData.maxSeries)',
    SETTINGS_DEFAULTS.maxSeries,
    1,
    1_000_000,
    errors
  );
  const maxPoints = integerSetting(
    json.maxPointsPerSeries,
    'Max points per series (jsonData.maxPointsPerSeries)',
    SETTINGS_DEFAULTS.maxPointsPerSeries,
    10,
    1_000_000,
    errors
  );
  const maxResponseMB = numberSetting(
    json.maxResponseMB,
    'Max response size (jsonData.maxResponseMB)',
    SETTINGS_DEFAULTS.maxResponseMB,
    1,
    2048,
    errors
  );
  const maxPointsPerQuery = integerSetting(
    json.maxPointsPerQuery,
    'Max points per query (jsonData.maxPointsPerQuery)',
    SETTINGS_DEFAULTS.maxPointsPerQuery,
    1000,
    100_000_000,
    errors
  );
  const maxAnswerMB = numberSetting(
    json.maxAnswerMB,
    'Max answer size per query (jsonData.maxAnswerMB)',
    SETTINGS_DEFAULTS.maxAnswerMB,
    1,
    1024,
    errors
  );
  const maxAnalyticsUpstreamRequests = integerSetting(
    json.maxAnalyticsUpstreamRequests,
    'Upstream requests in flight for analytics (jsonData.maxAnalyticsUpstreamRequests)',
    SETTINGS_DEFAULTS.maxAnalyticsUpstreamRequests,
    1,
    256,
    errors
  );
  const maxConcurrentAnalytics = integerSetting(
    json.maxConcurrentAnalytics,
    'Analytic queries at once (jsonData.maxConcurrentAnalytics)',
    SETTINGS_DEFAULTS.maxConcurrentAnalytics,
    1,
    256,
    errors
  );
  const analyticsQueueSeconds =
    json.analyticsQueueSeconds === undefined || json.analyticsQueueSeconds === null || json.analyticsQueueSeconds === ''
      ? undefined
      : numberSetting(json.analyticsQueueSeconds, 'Longest analytics queue wait (jsonData.analyticsQueueSeconds)', 0, 0, 3600, errors);
  const ttlSeconds = numberSetting(
    json.detectionTtlSeconds,
    'Detection cache TTL (jsonData.detectionTtlSeconds)',
    SETTINGS_DEFAULTS.detectionTtlSeconds,
    0,
    86_400,
    errors
  );
  const scrape = json.timeInterval ?? json.scrapeInterval ?? SETTINGS_DEFAULTS.scrapeInterval;
  const scrapeIntervalMs = typeof scrape === 'string' ? parseDurationMs(scrape) : undefined;
  if (scrapeIntervalMs === undefined || scrapeIntervalMs < 1000 || scrapeIntervalMs > 3_600_000) {
    errors.push(
      `Scrape interval (jsonData.timeInterval) "${shown(String(scrape))}" is not a duration between 1s and 1h, e.g. 15s.`
    );
  }

  const gpuHourlyPrices = priceTable(json.gpuHourlyPrices, errors);
  const apiPrices = apiPriceTable(json.apiPrices, errors);
  let electricityPricePerKwh: number | undefined;
  if (json.electricityPricePerKwh !== undefined && json.electricityPricePerKwh !== '') {
    const v = toNumber(json.electricityPricePerKwh);
    if (v === undefined || v < 0)
      errors.push('Electricity price (jsonData.electricityPricePerKwh) must be a number ≥ 0, e.g. 0.15.');
    else electricityPricePerKwh = v;
  }
  const currency = json.currency === undefined || json.currency === '' ? SETTINGS_DEFAULTS.currency : json.currency;
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) {
    errors.push(
      `Currency (jsonData.currency) "${shown(String(currency))}" must be a 3-letter ISO 4217 code such as USD or EUR.`
    );
  }

  const targetJobs = nonEmpty(json.targetJobs);
  if (json.targetJobs !== undefined && json.targetJobs !== '' && typeof json.targetJobs !== 'string') {
    errors.push('Target jobs (jsonData.targetJobs) must be a regex string, e.g. "vllm|sglang|dcgm-exporter".');
  } else if (targetJobs) {
    const problem = regexProblem(targetJobs);
    if (problem) errors.push(`Target jobs (jsonData.targetJobs) "${shown(targetJobs)}" ${problem}.`);
  }

  if (errors.length > 0 || !promUrl) return { ok: false, errors };
  return {
    ok: true,
    settings: {
      prometheus: { url: promUrl, headers: promHeaders, auth: promAuth, ...(promTls ? { tls: promTls } : {}) },
      jaeger: jaegerUrl
        ? { url: jaegerUrl, headers: jaegerHeaders, auth: jaegerBearer ? 'bearer' : 'none', ...(jaegerTls ? { tls: jaegerTls } : {}) }
        : undefined,
      timeoutMs: Math.round(timeoutSeconds * 1000),
      maxSeries,
      maxPointsPerSeries: maxPoints,
      maxResponseBytes: Math.round(maxResponseMB * 1024 * 1024),
      maxPointsPerQuery,
      maxAnswerBytes: Math.round(maxAnswerMB * 1024 * 1024),
      maxAnalyticsUpstreamRequests,
      maxConcurrentAnalytics,
      analyticsQueueMs: analyticsQueueSeconds === undefined ? undefined : analyticsQueueSeconds * 1000,
      scrapeIntervalMs: scrapeIntervalMs!,
      detectionTtlMs: Math.round(ttlSeconds * 1000),
      gpuHourlyPrices,
      apiPrices,
      electricityPricePerKwh,
      currency: currency as string,
      targetJobs,
    },
  };
}

/** A user-supplied value quoted in a message: at most 200 characters. */
function shown(v: string): string {
  return v.length > 200 ? `${v.slice(0, 200)}…` : v;
}

function nonEmpty(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

function parseUrl(v: unknown, what: string, errors: string[], required: boolean): string | undefined {
  if (v === undefined || v === null || v === '') {
    if (required) errors.push(MISSING_URL_MESSAGE);
    return undefined;
  }
  if (typeof v !== 'string') {
    errors.push(`${what} must be a string.`);
    return undefined;
  }
  let u: URL;
  try {
    u = new URL(v.trim());
  } catch {
    // Never echo a user:password part, and never a huge value.
    errors.push(`${what} "${shown(stripUrlUserinfo(v))}" is not a valid URL: use the form http://host:port[/path].`);
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    errors.push(`${what} must start with http:// or https:// (got ${u.protocol}).`);
    return undefined;
  }
  if (u.username || u.password) {
    errors.push(`${what} must not contain credentials: use basic auth or a bearer token in the secure settings.`);
    return undefined;
  }
  if (u.search || u.hash) {
    errors.push(`${what} must not contain a query string or fragment.`);
    return undefined;
  }
  return u.toString().replace(/\/+$/, '');
}

function customHeaders(
  json: Record<string, unknown>,
  secure: Record<string, string>,
  errors: string[]
): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 1; i <= 100; i++) {
    const name = json[`httpHeaderName${i}`];
    if (name === undefined || name === '') {
      if (nonEmpty(secure[`httpHeaderValue${i}`]))
        errors.push(`Custom header ${i} has a value but no name: set jsonData.httpHeaderName${i}.`);
      continue;
    }
    if (typeof name !== 'string' || !HEADER_NAME.test(name)) {
      errors.push(`Custom header name ${i} "${shown(String(name))}" is not a valid HTTP header name.`);
      continue;
    }
    if (RESERVED_HEADERS.has(name.toLowerCase())) {
      errors.push(`Custom header "${name}" is managed by the data source and cannot be set.`);
      continue;
    }
    const value = secure[`httpHeaderValue${i}`] ?? '';
    if (/[\r\n\0]/.test(value)) {
      errors.push(`Custom header "${name}" has a value with line breaks: remove them.`);
      continue;
    }
    out.push([name, value]);
  }
  return out;
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function numberSetting(v: unknown, what: string, def: number, min: number, max: number, errors: string[]): number {
  if (v === undefined || v === null || v === '') return def;
  const n = toNumber(v);
  if (n === undefined || n < min || n > max) {
    errors.push(`${what} must be a number between ${min} and ${max} (got ${shown(String(JSON.stringify(v)))}).`);
    return def;
  }
  return n;
}

function integerSetting(v: unknown, what: string, def: number, min: number, max: number, errors: string[]): number {
  const n = numberSetting(v, what, def, min, max, errors);
  if (!Number.isInteger(n)) {
    errors.push(`${what} must be a whole number (got ${shown(String(JSON.stringify(v)))}).`);
    return def;
  }
  return n;
}

function priceTable(v: unknown, errors: string[]): Record<string, number> {
  if (v === undefined || v === null || v === '') return {};
  if (typeof v !== 'object' || Array.isArray(v)) {
    errors.push(
      'GPU prices (jsonData.gpuHourlyPrices) must be an object: GPU model → price per GPU-hour, e.g. {"H100": 2.5}.'
    );
    return {};
  }
  const out: Record<string, number> = {};
  for (const [model, price] of Object.entries(v)) {
    const n = toNumber(price);
    if (n === undefined || n < 0)
      errors.push(
        `GPU price for "${shown(model)}" must be a number ≥ 0 per GPU-hour (got ${shown(String(JSON.stringify(price)))}).`
      );
    else out[model] = n;
  }
  return out;
}

function apiPriceTable(v: unknown, errors: string[]): Record<string, ApiPrice> {
  if (v === undefined || v === null || v === '') return {};
  if (typeof v !== 'object' || Array.isArray(v)) {
    errors.push(
      'API prices (jsonData.apiPrices) must be an object: model → {"input": price per 1M tokens, "output": price per 1M tokens}.'
    );
    return {};
  }
  const out: Record<string, ApiPrice> = {};
  for (const [model, price] of Object.entries(v)) {
    const p = price as Record<string, unknown> | null;
    const input = p && typeof p === 'object' ? toNumber(p.input) : undefined;
    const output = p && typeof p === 'object' ? toNumber(p.output) : undefined;
    if (input === undefined || output === undefined || input < 0 || output < 0) {
      errors.push(`API price for "${shown(model)}" needs "input" and "output" numbers ≥ 0 (price per 1M tokens).`);
    } else out[model] = { input, output };
  }
  return out;
}

/** Prometheus-style duration (`15s`, `1m30s`, `500ms`, `2h`) → milliseconds. */
export function parseDurationMs(s: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/g;
  const unit: Record<string, number> = { ms: 1, s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7, w: 6.048e8, y: 3.1536e10 };
  const trimmed = s.trim();
  if (!/^(\d+(?:\.\d+)?(ms|s|m|h|d|w|y))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const m of trimmed.matchAll(re)) total += Number(m[1]) * unit[m[2]!]!;
  return total;
}
