// Conversions between the decoded protobuf messages (plain objects from proto-loader: int64 as numbers,
// bytes as Buffers) and the typed request/response model handed to the plugin.
import { encodeFrame } from './arrow';
import type { DataResponse } from './frame';
import { jsonTooDeep, MAX_JSON_DEPTH } from './json-depth';
import type {
  AppInstanceSettings,
  CallResourceRequest,
  CallResourceResponse,
  DataQuery,
  DataSourceInstanceSettings,
  PluginContext,
  QueryDataRequest,
} from './types';

/* eslint-disable @typescript-eslint/no-explicit-any -- wire objects are untyped by nature */
type Wire = any;

/** Parse a JSON object from bytes; empty bytes or `null` give {}. */
export function parseJsonObject(buf: Buffer | undefined, what: string): Record<string, unknown> {
  if (!buf || buf.length === 0) return {};
  const text = buf.toString('utf8').trim();
  if (text === '' || text === 'null') return {};
  if (jsonTooDeep(text)) throw new Error(`${what} nests deeper than ${MAX_JSON_DEPTH} levels`);
  const value = JSON.parse(text) as unknown;
  // A "__proto__" key is an own property after JSON.parse, but copying or validating the object would
  // turn it into a prototype (zod drops it silently): refuse it, no field of ours has that name.
  if (text.includes('__proto__') && hasProtoKey(value)) throw new Error(`${what} has a "__proto__" key`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${what} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

function hasProtoKey(v: unknown, depth = 0): boolean {
  if (v === null || typeof v !== 'object' || depth > MAX_JSON_DEPTH) return false;
  if (!Array.isArray(v) && Object.hasOwn(v, '__proto__')) return true;
  return Object.values(v).some((x) => hasProtoKey(x, depth + 1));
}

function safeJsonObject(buf: Buffer | undefined, what: string): Record<string, unknown> {
  try {
    return parseJsonObject(buf, what);
  } catch {
    return {};
  }
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(v ?? 0);
}

export function fromWireDataSourceSettings(w: Wire): DataSourceInstanceSettings | undefined {
  if (!w) return undefined;
  return {
    id: num(w.id),
    uid: w.uid ?? '',
    name: w.name ?? '',
    url: w.url ?? '',
    user: w.user ?? '',
    database: w.database ?? '',
    basicAuthEnabled: Boolean(w.basicAuthEnabled),
    basicAuthUser: w.basicAuthUser ?? '',
    jsonData: safeJsonObject(w.jsonData, 'jsonData'),
    decryptedSecureJsonData: { ...(w.decryptedSecureJsonData ?? {}) },
    lastUpdatedMS: num(w.lastUpdatedMS),
  };
}

function fromWireAppSettings(w: Wire): AppInstanceSettings | undefined {
  if (!w) return undefined;
  return {
    jsonData: safeJsonObject(w.jsonData, 'jsonData'),
    decryptedSecureJsonData: { ...(w.decryptedSecureJsonData ?? {}) },
    lastUpdatedMS: num(w.lastUpdatedMS),
  };
}

export function fromWirePluginContext(w: Wire): PluginContext {
  const c = w ?? {};
  return {
    orgId: num(c.orgId),
    pluginId: c.pluginId ?? '',
    user: c.user ? { login: c.user.login, name: c.user.name, email: c.user.email, role: c.user.role } : undefined,
    dataSourceInstanceSettings: fromWireDataSourceSettings(c.dataSourceInstanceSettings),
    appInstanceSettings: fromWireAppSettings(c.appInstanceSettings),
    grafanaConfig: { ...(c.grafanaConfig ?? {}) },
    pluginVersion: c.pluginVersion ?? '',
    userAgent: c.userAgent ?? '',
  };
}

export function fromWireDataQuery(w: Wire): DataQuery {
  const q: DataQuery = {
    refId: w.refId ?? '',
    queryType: w.queryType ?? '',
    maxDataPoints: num(w.maxDataPoints),
    intervalMS: num(w.intervalMS),
    timeRange: { fromEpochMS: num(w.timeRange?.fromEpochMS), toEpochMS: num(w.timeRange?.toEpochMS) },
    json: {},
  };
  try {
    q.json = parseJsonObject(w.json, 'the query');
  } catch (err) {
    // JSON.parse quotes a piece of the input in its message: keep it short.
    q.jsonError = `query ${q.refId.slice(0, 64) || '(no refId)'} is not valid JSON: ${(err as Error).message.slice(0, 200)}`;
  }
  return q;
}

export function fromWireQueryDataRequest(w: Wire): QueryDataRequest {
  return {
    pluginContext: fromWirePluginContext(w.pluginContext),
    headers: { ...(w.headers ?? {}) },
    queries: (w.queries ?? []).map(fromWireDataQuery),
  };
}

export function fromWireCallResourceRequest(w: Wire): CallResourceRequest {
  const headers: Record<string, string[]> = {};
  for (const [k, v] of Object.entries((w.headers ?? {}) as Record<string, { values?: string[] }>)) {
    headers[k] = [...(v?.values ?? [])];
  }
  return {
    pluginContext: fromWirePluginContext(w.pluginContext),
    path: w.path ?? '',
    method: (w.method ?? 'GET').toUpperCase(),
    url: w.url ?? '',
    headers,
    body: w.body ?? Buffer.alloc(0),
  };
}

export function toWireHeaders(h: Record<string, string[]> | undefined): Record<string, { values: string[] }> {
  const out: Record<string, { values: string[] }> = {};
  for (const [k, v] of Object.entries(h ?? {})) out[k] = { values: v };
  return out;
}

/** Valid HTTP status for the host's writer (Go's WriteHeader panics outside 100–999). */
export function validHttpStatus(code: number | undefined): number {
  return Number.isInteger(code) && code! >= 100 && code! <= 599 ? code! : 500;
}

export function toWireCallResourceResponse(r: CallResourceResponse): Wire {
  return {
    code: validHttpStatus(r.status),
    headers: toWireHeaders(r.headers),
    body: typeof r.body === 'string' ? Buffer.from(r.body) : (r.body ?? Buffer.alloc(0)),
  };
}

/** Encode one DataResponse; a frame without refId gets the response's refId (as the Go SDK does). */
export function toWireDataResponse(refId: string, r: DataResponse): Wire {
  const status = r.status >= 100 && r.status <= 599 ? r.status : r.error ? 500 : 200;
  const out: Wire = {
    frames: r.frames.map((f) => asBuffer(encodeFrame({ ...f, refId: f.refId || refId }))),
    status,
  };
  if (r.error) {
    out.error = r.error;
    out.errorSource = r.errorSource ?? 'plugin';
  }
  return out;
}

function asBuffer(u8: Uint8Array): Buffer {
  return Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
}
