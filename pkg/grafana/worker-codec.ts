// Long arrays of numbers (and nulls) cross the worker boundary as Float64Arrays whose buffers are moved,
// not copied. Structured cloning a plain array clones it element by element: for an anomaly query over
// 800 series × 2,881 points that was ~0.5 s of the query on Bun, in and out. Packing is done on plain
// objects and arrays only; anything else (class instances, typed arrays, Maps) is sent as it is, and an
// object met twice is not packed again (the clone keeps it shared as before).

/** Key of a packed column; an object carrying it is a column, not data. */
const TAG = '__llmopsF64';
/** Shorter arrays are sent as they are: packing them would cost more than it saves. */
const MIN_LENGTH = 64;

interface PackedColumn {
  [TAG]: Float64Array;
  /** 1 where the array held null (absent when it held none). */
  nulls?: Uint8Array;
}

function isPlainObject(v: object): v is Record<string, unknown> {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** The array as a packed column, or undefined when it holds anything but numbers and nulls. */
function column(a: unknown[]): PackedColumn | undefined {
  const data = new Float64Array(a.length);
  let nulls: Uint8Array | undefined;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (typeof x === 'number') data[i] = x;
    else if (x === null) (nulls ??= new Uint8Array(a.length))[i] = 1;
    else return undefined;
  }
  return nulls ? { [TAG]: data, nulls } : { [TAG]: data };
}

/** A copy of `value` with long numeric arrays packed; their buffers are added to `transfer`. */
export function packNumbers(value: unknown, transfer: ArrayBuffer[]): unknown {
  const seen = new Set<object>();
  const walk = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (seen.has(v)) return v;
    if (Array.isArray(v)) {
      if (v.length >= MIN_LENGTH && (typeof v[0] === 'number' || v[0] === null)) {
        const packed = column(v);
        if (packed) {
          transfer.push(packed[TAG].buffer as ArrayBuffer);
          if (packed.nulls) transfer.push(packed.nulls.buffer as ArrayBuffer);
          return packed;
        }
      }
      seen.add(v);
      return v.map(walk);
    }
    if (!isPlainObject(v)) return v;
    seen.add(v);
    const out: Record<string, unknown> = {};
    // defineProperty: a key named `__proto__` (a label can be called that) stays an own property.
    for (const k of Object.keys(v)) Object.defineProperty(out, k, { value: walk(v[k]), enumerable: true, writable: true, configurable: true });
    return out;
  };
  return walk(value);
}

/** Undoes packNumbers on a received value, in place where it can. */
export function unpackNumbers(value: unknown): unknown {
  const walk = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) v[i] = walk(v[i]);
      return v;
    }
    if (!isPlainObject(v)) return v;
    const data = (v as Partial<PackedColumn>)[TAG];
    if (data instanceof Float64Array) {
      const nulls = (v as unknown as PackedColumn).nulls;
      const out: Array<number | null> = new Array(data.length);
      for (let i = 0; i < data.length; i++) out[i] = nulls && nulls[i] ? null : data[i];
      return out;
    }
    for (const k of Object.keys(v)) {
      const x = v[k];
      const w = walk(x);
      if (w !== x) Object.defineProperty(v, k, { value: w, enumerable: true, writable: true, configurable: true });
    }
    return v;
  };
  return walk(value);
}
