// Converts a QueryData response (as received over gRPC) into the JSON body Grafana's /api/ds/query
// sends to the browser (SDK backend/json.go + data/frame_json.go): results by sorted refId; per result
// error/errorSource/status/frames; per frame schema{name,refId,meta,fields} and data{values,entities,nanos}.
import { decodeGrafanaFrame, type GrafanaField, type GrafanaFrame } from './grafana-frames';

export interface WireDataResponse {
  frames?: Buffer[];
  error?: string;
  status?: number;
  errorSource?: string;
}

export interface QueryJsonFrame {
  schema: {
    name?: string;
    refId?: string;
    meta?: Record<string, unknown>;
    fields: Array<{
      name?: string;
      type: string;
      typeInfo: { frame: string; nullable?: boolean };
      labels?: Record<string, string>;
      config?: Record<string, unknown>;
    }>;
  };
  data: {
    values: unknown[][];
    entities?: Array<{ NaN?: number[]; Inf?: number[]; NegInf?: number[] } | null>;
    nanos?: Array<number[] | null>;
  };
}

export interface QueryJsonResult {
  error?: string;
  errorSource?: string;
  status: number;
  frames?: QueryJsonFrame[];
}

export interface QueryJson {
  results: Record<string, QueryJsonResult>;
}

/** Host side: a wire status outside 100–599 (including 0) becomes 500. */
export function hostStatus(status: number | undefined): number {
  return status !== undefined && status >= 100 && status < 600 ? status : 500;
}

export function toQueryJson(response: { responses: Record<string, WireDataResponse> }): QueryJson {
  const results: Record<string, QueryJsonResult> = {};
  for (const refId of Object.keys(response.responses).sort()) {
    const r = response.responses[refId]!;
    const frames = (r.frames ?? []).map((b) => decodeGrafanaFrame(b));
    const status = hostStatus(r.status);
    // Same key order as Grafana: error, errorSource, status, frames.
    const out: QueryJsonResult = r.error ? { error: r.error, errorSource: r.errorSource ?? '', status } : { status };
    out.frames = frames.map(frameToJson);
    results[refId] = out;
  }
  return { results };
}

export function frameToJson(frame: GrafanaFrame): QueryJsonFrame {
  const schema: QueryJsonFrame['schema'] = {
    ...(frame.name && { name: frame.name }),
    ...(frame.refId && { refId: frame.refId }),
    ...(frame.meta && { meta: frame.meta }),
    fields: [],
  };
  const values: unknown[][] = [];
  const entities: QueryJsonFrame['data']['entities'] = [];
  const nanos: Array<number[] | null> = [];
  let hasEntities = false;
  let hasNanos = false;
  for (const f of frame.fields) {
    const field: QueryJsonFrame['schema']['fields'][number] = {
      type: f.type,
      typeInfo: f.nullable ? { frame: f.frameType, nullable: true } : { frame: f.frameType },
    };
    if (f.name) field.name = f.name;
    if (f.labels !== undefined) field.labels = f.labels;
    if (f.config !== undefined) field.config = f.config;
    schema.fields.push(orderField(field));
    const col = fieldValues(f);
    values.push(col.values);
    entities.push(col.entities);
    nanos.push(col.nanos);
    hasEntities ||= col.entities !== null;
    hasNanos ||= col.nanos !== null;
  }
  const data: QueryJsonFrame['data'] = { values };
  if (hasEntities) data.entities = entities;
  // Go leaves fields without sub-millisecond parts as nil in the nanos table: null in JSON.
  if (hasNanos) data.nanos = nanos;
  return { schema, data };
}

function orderField(f: QueryJsonFrame['schema']['fields'][number]) {
  const { name, type, typeInfo, labels, config } = f;
  return { ...(name !== undefined && { name }), type, typeInfo, ...(labels && { labels }), ...(config && { config }) };
}

function fieldValues(f: GrafanaField) {
  const values: unknown[] = [];
  let entities: { NaN?: number[]; Inf?: number[]; NegInf?: number[] } | null = null;
  let nanos: number[] | null = null;
  f.values.forEach((v, i) => {
    if (v === null) return values.push(null);
    if (f.type === 'time') {
      const ns = v as bigint;
      const ms = ns / 1_000_000n; // truncation toward zero, like Go's int64 division
      const rest = Number(ns - ms * 1_000_000n);
      if (rest !== 0) {
        nanos ??= new Array<number>(f.values.length).fill(0);
        nanos[i] = rest;
      }
      return values.push(Number(ms));
    }
    if (typeof v === 'bigint') return values.push(Number(v));
    if (typeof v === 'number' && !Number.isFinite(v)) {
      entities ??= {};
      const key = Number.isNaN(v) ? 'NaN' : v > 0 ? 'Inf' : 'NegInf';
      (entities[key] ??= []).push(i);
      return values.push(null);
    }
    return values.push(v);
  });
  return { values, entities, nanos };
}
