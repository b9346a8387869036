// One-pass decoder for a successful Prometheus range-query body, straight from the response bytes into
// one Float64Array of times and one of values per series. Why: JSON.parse builds a two-element array and
// a string per sample (≈150k objects for 200 × 720), and converting those strings costs as much again,
// most of it as garbage collection. Anything this scanner does not expect (another key order, escapes in
// sample strings, an error status, malformed JSON) makes it give up and return undefined; the caller then
// takes the JSON.parse path, which owns every error message. Labels and other small values still go
// through JSON.parse, so escapes and Unicode in label values are decoded exactly as before.
import { labelSet, parseSample, type Labels, type RangeSeries } from './prometheus-sample';

export interface ScannedMatrix {
  result: RangeSeries[];
  warnings: string[];
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const MINUS = 0x2d;
const DOT = 0x2e;
const D0 = 0x30;
const D9 = 0x39;

/** Integers up to 2^53 are exact doubles. */
const MAX_EXACT = 2 ** 53;
/** Exact powers of ten (every 10^k up to 10^22 is a double without rounding). */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** Thrown inside the scanner to abandon the fast path; never escapes `scanMatrix`. */
class GiveUp {}
const GIVE_UP = new GiveUp();

/** Growable scratch columns shared by every call (the scan is synchronous), copied out per answer. */
const INITIAL_SCRATCH = 4096;
/** Larger scratch is dropped after use so one huge answer does not pin its memory for good (2 × 4 MiB). */
const KEEP_SCRATCH = 1 << 19;
let scratchTimes = new Float64Array(INITIAL_SCRATCH);
let scratchValues = new Float64Array(INITIAL_SCRATCH);

function allocScratch(n: number): void {
  scratchTimes = new Float64Array(n);
  scratchValues = new Float64Array(n);
}

/**
 * Decodes `{"status":"success","data":{"resultType":"matrix","result":[…]}, …}` or returns undefined
 * when the body is anything else (including valid JSON in a shape this scanner does not handle).
 */
export function scanMatrix(body: Uint8Array): ScannedMatrix | undefined {
  try {
    return new Scanner(body).document();
  } catch (e) {
    if (e === GIVE_UP || e instanceof SyntaxError) return undefined;
    throw e;
  } finally {
    if (scratchTimes.length > KEEP_SCRATCH) allocScratch(INITIAL_SCRATCH);
  }
}

class Scanner {
  private pos = 0;
  /** Samples written to the scratch columns so far (all series of this body, back to back). */
  private used = 0;
  constructor(private readonly b: Uint8Array) {}

  document(): ScannedMatrix {
    let status: string | undefined;
    let result: RangeSeries[] | undefined;
    let warnings: string[] = [];
    this.expect(LBRACE);
    if (this.peekIs(RBRACE)) throw GIVE_UP;
    do {
      const key = this.key();
      if (key === 'status') status = this.stringValue();
      else if (key === 'data') result = this.data();
      else if (key === 'warnings') {
        const w: unknown = this.jsonValue();
        if (!Array.isArray(w)) throw GIVE_UP;
        warnings = w.filter((x): x is string => typeof x === 'string');
      } else this.jsonValue();
    } while (this.commaOr(RBRACE));
    this.ws();
    if (this.pos !== this.b.length) throw GIVE_UP;
    if (status !== 'success' || result === undefined) throw GIVE_UP;
    return { result, warnings };
  }

  private data(): RangeSeries[] {
    let resultType: string | undefined;
    let result: RangeSeries[] | undefined;
    this.expect(LBRACE);
    if (this.peekIs(RBRACE)) throw GIVE_UP;
    do {
      const key = this.key();
      if (key === 'resultType') resultType = this.stringValue();
      else if (key === 'result') {
        // Prometheus and VictoriaMetrics write resultType first; other orders take the slow path.
        if (resultType !== 'matrix') throw GIVE_UP;
        result = this.seriesList();
      } else this.jsonValue();
    } while (this.commaOr(RBRACE));
    if (resultType !== 'matrix' || result === undefined) throw GIVE_UP;
    return result;
  }

  private seriesList(): RangeSeries[] {
    const found: Array<{ labels: Labels; offset: number; count: number }> = [];
    this.expect(LBRACKET);
    if (this.peekIs(RBRACKET)) this.pos++;
    else {
      do found.push(this.series());
      while (this.commaOr(RBRACKET));
    }
    // One backing store per column for the whole answer, each series a view into it: two allocations
    // instead of two per series keeps external memory (and so GC) low. Copied out of the scratch because
    // the scratch is reused by the next call.
    const total = this.used;
    const times = scratchTimes.slice(0, total);
    const values = scratchValues.slice(0, total);
    return found.map(({ labels, offset, count }) => ({
      labels,
      times: times.subarray(offset, offset + count),
      values: values.subarray(offset, offset + count),
    }));
  }

  private series(): { labels: Labels; offset: number; count: number } {
    let labels: Labels = labelSet(undefined);
    let offset = this.used;
    let count = 0;
    this.expect(LBRACE);
    if (this.peekIs(RBRACE)) {
      this.pos++;
      return { labels, offset, count };
    }
    do {
      const key = this.key();
      if (key === 'metric') {
        const m: unknown = this.jsonValue();
        if (typeof m !== 'object' || m === null || Array.isArray(m)) throw GIVE_UP;
        labels = labelSet(m);
      } else if (key === 'values') {
        // A repeated "values" key replaces the earlier one, as with JSON.parse.
        offset = this.used;
        count = this.samples();
        this.used += count;
      } else this.jsonValue(); // e.g. "histograms": ignored, as on the JSON.parse path
    } while (this.commaOr(RBRACE));
    return { labels, offset, count };
  }

  /** `[[<seconds>,"<value>"],…]` into the scratch columns; returns the sample count. */
  private samples(): number {
    const b = this.b;
    this.expect(LBRACKET);
    if (this.peekIs(RBRACKET)) {
      this.pos++;
      return 0;
    }
    let n = this.used;
    do {
      if (n === scratchTimes.length) growScratch();
      this.expect(LBRACKET);
      this.ws();
      scratchTimes[n] = this.timestampMs();
      this.expect(COMMA);
      this.expect(QUOTE);
      scratchValues[n] = sampleValue(b, this.pos);
      this.pos = valueEnd + 1;
      this.expect(RBRACKET);
      n++;
    } while (this.commaOr(RBRACKET));
    return n - this.used;
  }

  /** A JSON number of seconds → whole epoch ms (exact for up to 3 decimals, rounded like Math.round). */
  private timestampMs(): number {
    const b = this.b;
    const start = this.pos;
    let i = start;
    let neg = false;
    if (b[i] === MINUS) {
      neg = true;
      i++;
    }
    let whole = 0;
    let digits = 0;
    while (i < b.length && b[i]! >= D0 && b[i]! <= D9) {
      whole = whole * 10 + (b[i]! - D0);
      digits++;
      i++;
    }
    let frac = 0;
    let fracDigits = 0;
    if (b[i] === DOT) {
      i++;
      while (i < b.length && b[i]! >= D0 && b[i]! <= D9) {
        frac = frac * 10 + (b[i]! - D0);
        fracDigits++;
        i++;
      }
      if (fracDigits === 0) throw GIVE_UP;
    }
    const c = b[i];
    if (digits > 0 && digits <= 12 && fracDigits <= 3 && c !== 0x65 && c !== 0x45) {
      this.pos = i;
      const ms = whole * 1000 + frac * POW10[3 - fracDigits]!;
      return neg ? -ms : ms;
    }
    // Exponent or more precision than ms: let the number parser decide, then round like the slow path.
    while (i < b.length && isNumberByte(b[i]!)) i++;
    const s = latin1(b, start, i);
    const v = s === '' ? NaN : Number(s);
    if (!Number.isFinite(v)) throw GIVE_UP;
    this.pos = i;
    return Math.round(v * 1000);
  }

  private key(): string {
    const k = this.stringValue();
    this.expect(COLON);
    return k;
  }

  private stringValue(): string {
    this.expect(QUOTE);
    const b = this.b;
    const start = this.pos;
    let i = start;
    let plain = true;
    while (i < b.length && b[i] !== QUOTE) {
      const c = b[i]!;
      if (c === BACKSLASH) {
        plain = false;
        i += 2;
        continue;
      }
      if (c >= 0x80 || c < 0x20) plain = false;
      i++;
    }
    if (i >= b.length) throw GIVE_UP;
    this.pos = i + 1;
    if (plain) return latin1(b, start, i);
    const s: unknown = JSON.parse(utf8(b, start - 1, i + 1));
    if (typeof s !== 'string') throw GIVE_UP;
    return s;
  }

  /** Any JSON value, decoded by JSON.parse (used for small, rare parts: labels, warnings, unknown keys). */
  private jsonValue(): unknown {
    this.ws();
    const start = this.pos;
    this.skipValue();
    return JSON.parse(utf8(this.b, start, this.pos));
  }

  /** Moves past one JSON value (structure only; JSON.parse of the slice validates it afterwards). */
  private skipValue(): void {
    const b = this.b;
    let i = this.pos;
    const first = b[i];
    if (first === QUOTE) {
      i = skipString(b, i);
    } else if (first === LBRACE || first === LBRACKET) {
      let depth = 0;
      do {
        if (i >= b.length) throw GIVE_UP;
        const c = b[i]!;
        if (c === QUOTE) i = skipString(b, i);
        else {
          if (c === LBRACE || c === LBRACKET) depth++;
          else if (c === RBRACE || c === RBRACKET) depth--;
          i++;
        }
      } while (depth > 0);
    } else {
      // A scalar (number, true, false, null) ends at a delimiter.
      while (i < b.length) {
        const c = b[i]!;
        if (c === COMMA || c === RBRACE || c === RBRACKET || isWs(c)) break;
        i++;
      }
      if (i === this.pos) throw GIVE_UP;
    }
    this.pos = i;
  }

  /** After an element: true on ',', false on the closing byte, gives up on anything else. */
  private commaOr(close: number): boolean {
    this.ws();
    const c = this.b[this.pos];
    this.pos++;
    if (c === COMMA) return true;
    if (c === close) return false;
    throw GIVE_UP;
  }

  private expect(c: number): void {
    this.ws();
    if (this.b[this.pos] !== c) throw GIVE_UP;
    this.pos++;
  }

  private peekIs(c: number): boolean {
    this.ws();
    return this.b[this.pos] === c;
  }

  private ws(): void {
    const b = this.b;
    while (this.pos < b.length && isWs(b[this.pos]!)) this.pos++;
  }
}

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isNumberByte(c: number): boolean {
  return (c >= D0 && c <= D9) || c === DOT || c === MINUS || c === 0x2b || c === 0x65 || c === 0x45;
}

/** Where the last `sampleValue` string ended (its closing quote); a second return value without allocation. */
let valueEnd = 0;

/**
 * The sample value string that starts at `start` (after its opening quote). Fast path: plain decimals
 * whose digits form an integer ≤ 2^53, where digits / 10^k is the correctly rounded double (both operands
 * are exact, and IEEE division rounds once), so the result is bit-identical to Number(text). Everything
 * else (exponents, 17-digit values, NaN, ±Inf) goes through the same conversion as the JSON.parse path.
 */
function sampleValue(b: Uint8Array, start: number): number {
  let i = start;
  let neg = false;
  if (b[i] === MINUS) {
    neg = true;
    i++;
  }
  const first = i;
  let mant = 0;
  let digits = 0;
  let fracDigits = 0;
  let dot = -1;
  for (; i < b.length; i++) {
    const c = b[i]!;
    if (c >= D0 && c <= D9) {
      mant = mant * 10 + (c - D0);
      digits++;
    } else if (c === DOT && dot < 0) dot = i;
    else break;
  }
  if (dot >= 0) fracDigits = i - dot - 1;
  // mant ≤ 2^53 means every step of the accumulation above was exact.
  if (
    b[i] === QUOTE &&
    digits > 0 &&
    mant <= MAX_EXACT &&
    dot !== first &&
    (dot < 0 || (fracDigits > 0 && fracDigits <= 22))
  ) {
    valueEnd = i;
    const v = dot < 0 ? mant : mant / POW10[fracDigits]!;
    return neg ? -v : v;
  }
  while (i < b.length && b[i] !== QUOTE) {
    // Escapes or non-ASCII in a number string: not Prometheus output, let JSON.parse decide.
    if (b[i] === BACKSLASH || b[i]! >= 0x80) throw GIVE_UP;
    i++;
  }
  if (i >= b.length) throw GIVE_UP;
  valueEnd = i;
  return parseSample(latin1(b, start, i));
}

/** Index just past the string that opens at `i` (which holds the quote). */
function skipString(b: Uint8Array, i: number): number {
  i++;
  while (i < b.length && b[i] !== QUOTE) i += b[i] === BACKSLASH ? 2 : 1;
  if (i >= b.length) throw GIVE_UP;
  return i + 1;
}

function growScratch(): void {
  const t = new Float64Array(scratchTimes.length * 2);
  t.set(scratchTimes);
  scratchTimes = t;
  const v = new Float64Array(scratchValues.length * 2);
  v.set(scratchValues);
  scratchValues = v;
}

const decoder = new TextDecoder('utf-8', { fatal: false });

function utf8(b: Uint8Array, start: number, end: number): string {
  return decoder.decode(b.subarray(start, end));
}

function latin1(b: Uint8Array, start: number, end: number): string {
  // Only called on ASCII bytes, where latin1 and UTF-8 agree. Buffer's native slice is the cheap way;
  // plain Uint8Arrays (tests, other callers) take the generic one.
  if (Buffer.isBuffer(b)) return b.toString('latin1', start, end);
  return String.fromCharCode.apply(null, b.subarray(start, end) as unknown as number[]);
}
