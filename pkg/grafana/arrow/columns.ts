// One frame field → the Arrow buffers of its column: validity bitmap (empty when nothing is null, which
// the format allows), then values (fixed width), or offsets + bytes (Utf8, Binary). Values are written
// straight into typed arrays; time is epoch ms in, int64 nanoseconds out.
import type { Field } from '../frame';
import { FrameEncodingError } from './errors';

export interface Column {
  nullCount: number;
  /** In Arrow's buffer order for the type; the first is the validity bitmap (length 0 when no nulls). */
  buffers: Uint8Array[];
}

const EMPTY = new Uint8Array(0);
let scratch = Buffer.allocUnsafe(1 << 16);

type Values = ArrayLike<unknown>;

export function encodeColumn(f: Field, nullable: boolean, length: number): Column {
  const values = f.values as Values;
  const { nullCount, bitmap } = validityOf(f, values, nullable, length);
  return { nullCount, buffers: [bitmap, ...dataBuffers(f, values, length)] };
}

/** The buffers after the validity bitmap: the values, or offsets + bytes for Utf8 and Binary. */
function dataBuffers(f: Field, values: Values, length: number): Uint8Array[] {
  switch (f.type) {
    case 'time':
      return [timeData(f, values, length)];
    case 'int64':
      return [int64Data(f, values, length)];
    case 'number':
      return [float64Data(f, values, length)];
    case 'boolean':
      return [boolData(f, values, length)];
    case 'string':
      return variableData(f, values, length, asString);
    case 'json':
      return variableData(f, values, length, asJson);
    default:
      throw new FrameEncodingError(`field "${f.name}": unknown field type ${JSON.stringify((f as Field).type)}`);
  }
}

function wrongValue(f: Field, i: number, v: unknown, why = 'unexpected value'): FrameEncodingError {
  let shown: string;
  try {
    shown = typeof v === 'bigint' ? `${v}n` : (JSON.stringify(v) ?? String(v));
  } catch {
    shown = String(v);
  }
  return new FrameEncodingError(`field "${f.name}" (${f.type}) row ${i}: ${why} ${shown.slice(0, 80)}`);
}

function validityOf(f: Field, values: Values, nullable: boolean, length: number) {
  // Typed arrays cannot hold nulls.
  if (ArrayBuffer.isView(values)) return { nullCount: 0, bitmap: EMPTY };
  let first = -1;
  for (let i = 0; i < length; i++) {
    if (values[i] == null) {
      first = i;
      break;
    }
  }
  if (first < 0) return { nullCount: 0, bitmap: EMPTY };
  if (!nullable) throw new FrameEncodingError(`field "${f.name}" is not nullable but row ${first} is null`);
  const bitmap = new Uint8Array((length + 7) >> 3);
  let nullCount = 0;
  for (let i = 0; i < length; i++) {
    if (values[i] == null) nullCount++;
    else bitmap[i >> 3]! |= 1 << (i & 7);
  }
  return { nullCount, bitmap };
}

function bytesOf(a: Float64Array | BigInt64Array | Uint32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function float64Data(f: Field, values: Values, length: number): Uint8Array {
  const data = new Float64Array(length);
  if (values instanceof Float64Array) {
    data.set(values.subarray(0, length));
    return bytesOf(data);
  }
  for (let i = 0; i < length; i++) {
    const v = values[i];
    if (typeof v === 'number') data[i] = v;
    else if (v != null) throw wrongValue(f, i, v);
  }
  return bytesOf(data);
}

function timeData(f: Field, values: Values, length: number): Uint8Array {
  const data = new BigInt64Array(length);
  const words = new Uint32Array(data.buffer);
  for (let i = 0; i < length; i++) {
    const v = values[i];
    if (typeof v !== 'number') {
      if (v != null) throw wrongValue(f, i, v);
      continue;
    }
    if (!writeNsWords(words, i, v)) {
      if (!(Math.abs(v) < MAX_TIME_MS)) throw wrongValue(f, i, v, 'not an epoch-ms time within ±year 2262:');
      data[i] = msToNs(v);
    }
  }
  return bytesOf(data);
}

const TWO_32 = 4294967296;
/** int64 nanoseconds reach ±9.22e18, i.e. ±9.22e12 ms. */
const MAX_TIME_MS = 9_223_372_036_854;
const INT64_LIMIT = 2 ** 63;

function int64Data(f: Field, values: Values, length: number): Uint8Array {
  const words = new Uint32Array(length * 2);
  for (let i = 0; i < length; i++) {
    const v = values[i];
    if (typeof v !== 'number') {
      if (v != null) throw wrongValue(f, i, v);
      continue;
    }
    if (!Number.isFinite(v)) throw wrongValue(f, i, v);
    const n = Math.trunc(v);
    if (n >= INT64_LIMIT || n < -INT64_LIMIT) throw wrongValue(f, i, v, 'out of int64 range:');
    // Two's complement split into 32-bit words; exact because n is an integer-valued double.
    const hi = Math.floor(n / TWO_32);
    words[2 * i] = n - hi * TWO_32;
    words[2 * i + 1] = hi >>> 0;
  }
  return bytesOf(words);
}

function boolData(f: Field, values: Values, length: number): Uint8Array {
  const data = new Uint8Array((length + 7) >> 3);
  for (let i = 0; i < length; i++) {
    const v = values[i];
    if (v === true) data[i >> 3]! |= 1 << (i & 7);
    else if (v !== false && v != null) throw wrongValue(f, i, v);
  }
  return data;
}

function asString(f: Field, i: number, v: unknown): string {
  if (typeof v !== 'string') throw wrongValue(f, i, v);
  return v;
}

function asJson(f: Field, i: number, v: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(v);
  } catch (err) {
    throw wrongValue(f, i, v, `not JSON-serialisable (${(err as Error).message}):`);
  }
  if (text === undefined) throw wrongValue(f, i, v, 'not JSON-serialisable:');
  return text;
}

/** Utf8 / Binary: int32 offsets (length + 1) and the concatenated UTF-8 bytes. */
function variableData(
  f: Field,
  values: Values,
  length: number,
  text: (f: Field, i: number, v: unknown) => string
): [Uint8Array, Uint8Array] {
  const offsets = new Int32Array(length + 1);
  let at = 0;
  for (let i = 0; i < length; i++) {
    const v = values[i];
    if (v != null) {
      const s = text(f, i, v);
      // 3 bytes per UTF-16 unit is the UTF-8 worst case (a surrogate pair: 2 units, 4 bytes).
      if (at + s.length * 3 > scratch.length) growScratch(at + s.length * 3);
      at += s.length < 24 ? writeShort(s, at) : scratch.write(s, at);
      if (at > 0x7fffffff) throw new FrameEncodingError(`field "${f.name}": more than 2 GiB of text in one column`);
    }
    offsets[i + 1] = at;
  }
  return [new Uint8Array(offsets.buffer), new Uint8Array(scratch.subarray(0, at))];
}

/** Short strings: a byte loop beats the native call; anything non-ASCII goes to the UTF-8 encoder. */
function writeShort(s: string, at: number): number {
  const n = s.length;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(k);
    if (c > 0x7f) return k + scratch.write(s.slice(k), at + k);
    scratch[at + k] = c;
  }
  return n;
}

function growScratch(needed: number) {
  let size = scratch.length * 2;
  while (size < needed) size *= 2;
  const next = Buffer.allocUnsafe(size);
  scratch.copy(next);
  scratch = next;
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
  const carry = Math.floor(low / TWO_32);
  words[2 * i] = low - carry * TWO_32;
  words[2 * i + 1] = xHi + carry;
  return true;
}

/** Epoch milliseconds (possibly fractional or negative) → epoch nanoseconds, exact for whole milliseconds. */
function msToNs(ms: number): bigint {
  if (Number.isInteger(ms)) return BigInt(ms) * 1_000_000n;
  const whole = Math.floor(ms);
  return BigInt(whole) * 1_000_000n + BigInt(Math.round((ms - whole) * 1e6));
}
