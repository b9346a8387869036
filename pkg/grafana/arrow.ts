// Frame → Arrow IPC *file* bytes, following what Grafana's Go decoder accepts: Timestamp(ns) with no
// timezone, Float64, Int64, Bool and Utf8 only (never Dictionary or Date), schema metadata name/refId/meta
// and field metadata tstype/labels/config as JSON strings. Columns are built from typed arrays directly,
// so apache-arrow's type inference (which picks dictionaries and millisecond dates) never runs.
import {
  Bool,
  Data,
  DataType,
  Field as ArrowField,
  Float64,
  Int64,
  RecordBatch,
  Schema,
  Struct,
  Table,
  TimestampNanosecond,
  Utf8,
  makeData,
  tableToIPC,
} from 'apache-arrow';
import type { Field, FieldType, Frame, FrameMeta } from './frame';

const TS_TYPE: Record<FieldType, string> = {
  time: 'time',
  number: 'number',
  int64: 'number',
  boolean: 'boolean',
  string: 'string',
};

const DATAPLANE_TYPES = new Set([
  'timeseries-multi',
  'timeseries-wide',
  'timeseries-long',
  'numeric-multi',
  'numeric-wide',
  'numeric-long',
]);
const SEVERITIES = new Set(['info', 'warning', 'error']);
const encoder = new TextEncoder();

/** Thrown for a frame Grafana would reject; the dispatcher turns it into a per-query 500. */
export class FrameEncodingError extends Error {
  override name = 'FrameEncodingError';
}

export function encodeFrame(frame: Frame): Uint8Array {
  const length = rowCount(frame);
  const fields = frame.fields.map((f) => arrowField(f));
  const schema = new Schema(fields, schemaMetadata(frame));
  if (length === 0 || fields.length === 0) {
    // Like the Go SDK: schema only, no record batch.
    return tableToIPC(new Table(schema), 'file');
  }
  const children = frame.fields.map((f, i) => columnData(f, fields[i]!.type, length));
  const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length, nullCount: 0, children }));
  return tableToIPC(new Table([batch]), 'file');
}

function rowCount(frame: Frame): number {
  const first = frame.fields[0];
  if (!first) return 0;
  for (const f of frame.fields) {
    if (f.values.length !== first.values.length) {
      throw new FrameEncodingError(
        `frame "${frame.name ?? ''}": field "${f.name}" has ${f.values.length} values but "${first.name}" has ` +
          `${first.values.length}; all fields of a frame must have the same length`
      );
    }
  }
  return first.values.length;
}

function schemaMetadata(frame: Frame): Map<string, string> {
  const md = new Map<string, string>([
    ['name', frame.name ?? ''],
    ['refId', frame.refId ?? ''],
  ]);
  if (frame.meta) md.set('meta', JSON.stringify(normalizeMeta(frame.meta)));
  return md;
}

function normalizeMeta(meta: FrameMeta): FrameMeta {
  const out: FrameMeta = { ...meta };
  if (out.type && !out.typeVersion && DATAPLANE_TYPES.has(out.type)) out.typeVersion = [0, 1];
  if (out.typeVersion) {
    const [a, b] = out.typeVersion;
    if (out.typeVersion.length !== 2 || !isUint(a) || !isUint(b)) {
      throw new FrameEncodingError(
        `meta.typeVersion must be two non-negative integers, got ${JSON.stringify(out.typeVersion)}`
      );
    }
  }
  for (const n of out.notices ?? []) {
    if (!SEVERITIES.has(n.severity)) {
      throw new FrameEncodingError(`notice severity must be info, warning or error, got ${JSON.stringify(n.severity)}`);
    }
  }
  return out;
}

function isUint(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

function arrowField(f: Field): ArrowField {
  const md = new Map<string, string>([['tstype', TS_TYPE[f.type]]]);
  if (f.labels) {
    for (const [k, v] of Object.entries(f.labels)) {
      if (typeof v !== 'string') {
        throw new FrameEncodingError(`field "${f.name}": label ${k} must be a string, got ${typeof v}`);
      }
    }
    md.set('labels', JSON.stringify(sortedObject(f.labels)));
  }
  if (f.config) {
    if (f.config.decimals !== undefined && !(isUint(f.config.decimals) && f.config.decimals < 65536)) {
      throw new FrameEncodingError(`field "${f.name}": config.decimals must be an integer 0-65535`);
    }
    md.set('config', JSON.stringify(f.config));
  }
  return new ArrowField(f.name, arrowType(f.type), f.nullable ?? f.type !== 'time', md);
}

function arrowType(t: FieldType): DataType {
  switch (t) {
    case 'time':
      return new TimestampNanosecond();
    case 'number':
      return new Float64();
    case 'int64':
      return new Int64();
    case 'boolean':
      return new Bool();
    case 'string':
      return new Utf8();
  }
}

function sortedObject(o: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k]!;
  return out;
}

/** Validity bitmap (bit set = value present) or undefined when nothing is null. */
class Validity {
  private bits: Uint8Array | undefined;
  nullCount = 0;
  constructor(private readonly length: number) {}
  markNull(i: number) {
    if (!this.bits) this.bits = new Uint8Array(Math.ceil(this.length / 8)).fill(0xff);
    this.bits[i >> 3]! &= ~(1 << (i & 7));
    this.nullCount++;
  }
  get bitmap(): Uint8Array | undefined {
    return this.bits;
  }
}

function columnData(f: Field, type: DataType, length: number): Data {
  const nullable = f.nullable ?? f.type !== 'time';
  const validity = new Validity(length);
  const isNull = (i: number, v: unknown): boolean => {
    if (v !== null && v !== undefined) return false;
    if (!nullable) throw new FrameEncodingError(`field "${f.name}" is not nullable but row ${i} is null`);
    validity.markNull(i);
    return true;
  };
  const wrongType = (i: number, v: unknown) =>
    new FrameEncodingError(`field "${f.name}" (${f.type}) row ${i}: unexpected value ${JSON.stringify(v)}`);
  const values = f.values;

  switch (f.type) {
    case 'time':
    case 'int64': {
      const data = new BigInt64Array(length);
      const words = new Uint32Array(data.buffer);
      for (let i = 0; i < length; i++) {
        const v = values[i];
        if (isNull(i, v)) continue;
        if (typeof v !== 'number' || !Number.isFinite(v)) throw wrongType(i, v);
        if (f.type === 'int64') data[i] = BigInt(Math.trunc(v));
        else if (!writeNsWords(words, i, v)) data[i] = msToNs(v);
      }
      return makeData({ type, length, nullCount: validity.nullCount, nullBitmap: validity.bitmap, data } as never);
    }
    case 'number': {
      const data = new Float64Array(length);
      for (let i = 0; i < length; i++) {
        const v = values[i];
        if (isNull(i, v)) continue;
        if (typeof v !== 'number') throw wrongType(i, v);
        data[i] = v;
      }
      return makeData({ type, length, nullCount: validity.nullCount, nullBitmap: validity.bitmap, data } as never);
    }
    case 'boolean': {
      const data = new Uint8Array(Math.ceil(length / 8));
      for (let i = 0; i < length; i++) {
        const v = values[i];
        if (isNull(i, v)) continue;
        if (typeof v !== 'boolean') throw wrongType(i, v);
        if (v) data[i >> 3]! |= 1 << (i & 7);
      }
      return makeData({ type, length, nullCount: validity.nullCount, nullBitmap: validity.bitmap, data } as never);
    }
    case 'string': {
      const chunks: Uint8Array[] = [];
      const valueOffsets = new Int32Array(length + 1);
      let offset = 0;
      for (let i = 0; i < length; i++) {
        const v = values[i];
        if (!isNull(i, v)) {
          if (typeof v !== 'string') throw wrongType(i, v);
          const bytes = encoder.encode(v);
          chunks.push(bytes);
          offset += bytes.length;
        }
        valueOffsets[i + 1] = offset;
      }
      const data = new Uint8Array(offset);
      let at = 0;
      for (const c of chunks) {
        data.set(c, at);
        at += c.length;
      }
      return makeData({
        type,
        length,
        nullCount: validity.nullCount,
        nullBitmap: validity.bitmap,
        valueOffsets,
        data,
      } as never);
    }
  }
}

/**
 * Fast path for whole, non-negative epoch milliseconds: writes ms × 10^6 as two little-endian 32-bit words
 * with exact double arithmetic (every partial product stays below 2^53), avoiding a BigInt per value.
 * ms = h·2^16 + l;  ns = h·10^6·2^16 + l·10^6.  Returns false when the value needs the BigInt path.
 */
function writeNsWords(words: Uint32Array, i: number, ms: number): boolean {
  if (!Number.isInteger(ms) || ms < 0 || ms >= 2 ** 41) return false;
  const h = Math.floor(ms / 65536);
  const l = ms - h * 65536;
  const x = h * 1e6; // < 2^45
  const xHi = Math.floor(x / 65536);
  const low = (x - xHi * 65536) * 65536 + l * 1e6; // < 2^37
  const carry = Math.floor(low / 4294967296);
  words[2 * i] = low - carry * 4294967296;
  words[2 * i + 1] = xHi + carry;
  return true;
}

/** Epoch milliseconds (possibly fractional) → epoch nanoseconds, exact for whole milliseconds. */
function msToNs(ms: number): bigint {
  if (Number.isInteger(ms)) return BigInt(ms) * 1_000_000n;
  const whole = Math.floor(ms);
  return BigInt(whole) * 1_000_000n + BigInt(Math.round((ms - whole) * 1e6));
}
