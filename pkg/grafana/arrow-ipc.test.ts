// Our Arrow IPC file writer checked against apache-arrow's reader: the file layout byte by byte (magic,
// message framing, 8-byte alignment, end-of-stream marker, footer blocks), the stream part read on its own,
// and seeded random frames of every field type (nulls, NaN/±Inf, unicode, empty strings, large frames)
// decoded back to exactly the values we put in — both by apache-arrow and by the test host's Grafana decoder.
import {
  Binary,
  Field as ArrowField,
  RecordBatch,
  Schema,
  Struct,
  Table,
  makeData,
  tableFromIPC,
  tableToIPC,
  type Data,
} from 'apache-arrow';
import { Footer } from 'apache-arrow/ipc/metadata/file';
import { Message } from 'apache-arrow/ipc/metadata/message';
import { describe, expect, it } from 'vitest';
import { decodeGrafanaFrame } from '../../test/host/grafana-frames';
import { encodeFrame } from './arrow';
import type { Field, FieldType, Frame, JsonValue } from './frame';

const METADATA_V5 = 4;
const HEADER_SCHEMA = 1;
const HEADER_RECORD_BATCH = 3;

interface Layout {
  schemaMessage: Message;
  batches: Array<{ message: Message; offset: number; metaDataLength: number; bodyLength: number }>;
  footer: ReturnType<typeof Footer.decode>;
  /** Where the stream part (schema message … end-of-stream marker) ends. */
  streamEnd: number;
}

/** Walks the file the way a strict reader would and returns what it found; every check is an expect. */
function walk(bytes: Uint8Array): Layout {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect(buf.subarray(0, 8)).toEqual(Buffer.from('ARROW1\0\0', 'latin1'));
  expect(buf.subarray(buf.length - 6).toString('latin1')).toBe('ARROW1');
  const footerLength = buf.readInt32LE(buf.length - 10);
  const footerStart = buf.length - 10 - footerLength;
  expect(footerLength).toBeGreaterThan(0);
  expect(footerStart % 8).toBe(0);
  const footer = Footer.decode(buf.subarray(footerStart, footerStart + footerLength));
  expect(footer.version).toBe(METADATA_V5);

  const readMessage = (at: number) => {
    expect(at % 8).toBe(0);
    expect(buf.readInt32LE(at)).toBe(-1); // continuation marker
    const length = buf.readInt32LE(at + 4);
    expect(length % 8).toBe(0);
    const message = Message.decode(buf.subarray(at + 8, at + 8 + length));
    expect(message.version).toBe(METADATA_V5);
    return { message, metaDataLength: 8 + length };
  };

  const schema = readMessage(8);
  expect(schema.message.headerType).toBe(HEADER_SCHEMA);
  expect(schema.message.bodyLength).toBe(0);
  let at = 8 + schema.metaDataLength;
  const batches: Layout['batches'] = [];
  for (const block of footer.recordBatches()) {
    expect(block.offset).toBe(at);
    const { message, metaDataLength } = readMessage(at);
    expect(message.headerType).toBe(HEADER_RECORD_BATCH);
    expect(metaDataLength).toBe(block.metaDataLength);
    expect(message.bodyLength).toBe(block.bodyLength);
    expect(block.bodyLength % 8).toBe(0);
    batches.push({ message, offset: at, metaDataLength, bodyLength: block.bodyLength });
    at += metaDataLength + block.bodyLength;
  }
  // End-of-stream marker right before the footer.
  expect(buf.readInt32LE(at)).toBe(-1);
  expect(buf.readInt32LE(at + 4)).toBe(0);
  expect(at + 8).toBe(footerStart);
  return { schemaMessage: schema.message, batches, footer, streamEnd: footerStart };
}

/** Seeded PRNG (mulberry32), so every run tests the same frames. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick };
}

const CHARS = ['a', 'Z', '0', ' ', '"', '\\', '\n', '\u0000', 'é', 'ß', '中', '文', '😀', '🚀', '\u{10ffff}'];

function randomFrame(seed: number, rows: number): Frame {
  const r = rng(seed);
  const str = () => {
    const n = r.pick([0, 1, 3, 10, 23, 24, 40, 300]);
    let s = '';
    for (let i = 0; i < n; i++) s += r.next() < 0.7 ? String.fromCharCode(97 + r.int(26)) : r.pick(CHARS);
    return s;
  };
  const json = (depth: number): JsonValue => {
    switch (r.int(depth > 2 ? 4 : 6)) {
      case 0:
        return r.next() * 1e6 - 5e5;
      case 1:
        return str();
      case 2:
        return r.next() < 0.5;
      case 3:
        return r.int(1000);
      case 4:
        return Array.from({ length: r.int(4) }, () => json(depth + 1));
      default:
        return Object.fromEntries(Array.from({ length: r.int(4) }, () => [str(), json(depth + 1)]));
    }
  };
  const value: Record<FieldType, () => unknown> = {
    time: () =>
      r.pick([
        () => 1_700_000_000_000 + r.int(1e9),
        () => -r.int(1e12),
        () => 2 ** 41 + r.int(1e9),
        () => r.int(2 ** 41) + 0.5,
      ])(),
    number: () => r.pick([() => r.next() * 2000 - 1000, () => r.pick([NaN, Infinity, -Infinity, 0, -0, 5e-324])])(),
    int64: () => r.pick([() => r.int(2 ** 53) - 2 ** 52, () => r.pick([-(2 ** 62), 2 ** 62, -1, 0, 2 ** 32])])(),
    boolean: () => r.next() < 0.5,
    string: str,
    json: () => json(0),
  };
  const types: FieldType[] = ['time', 'number', 'int64', 'boolean', 'string', 'json'];
  const fields: Field[] = Array.from({ length: 1 + r.int(8) }, (_, k) => {
    const type = k < types.length ? types[k]! : r.pick(types);
    const nullable = type !== 'time' ? r.next() < 0.8 : r.next() < 0.3;
    const nullRate = nullable ? r.pick([0, 0, 0.1, 0.9]) : 0;
    const values = Array.from({ length: rows }, () => (r.next() < nullRate ? null : value[type]()));
    return {
      name: r.next() < 0.2 ? `dup-${k % 2}` : `f${k}-${str()}`,
      type,
      nullable,
      values: values as Field['values'],
      ...(r.next() < 0.5 && { labels: { instance: str(), zone: `z${k}` } }),
      ...(r.next() < 0.3 && { config: { unit: 'ms', displayName: str() } }),
    };
  });
  return { name: str(), refId: `R${seed}`, meta: { type: 'table', custom: { seed } }, fields };
}

/** What a field's values must decode to: ns bigint for time, bigint for int64, JSON text for json. */
function expected(f: Field): unknown[] {
  return Array.from(f.values as ArrayLike<unknown>, (v) => {
    if (v === null || v === undefined) return null;
    switch (f.type) {
      case 'time': {
        const ms = v as number;
        if (Number.isInteger(ms)) return BigInt(ms) * 1_000_000n;
        const whole = Math.floor(ms);
        return BigInt(whole) * 1_000_000n + BigInt(Math.round((ms - whole) * 1e6));
      }
      case 'int64':
        return BigInt(v as number);
      case 'json':
        return JSON.stringify(v);
      default:
        return v;
    }
  });
}

/** Values as apache-arrow stores them, read from the raw buffers (no getter conversions). */
function arrowValues(table: Table, index: number, type: FieldType): unknown[] {
  const out: unknown[] = [];
  // By position: apache-arrow's Table schema merges duplicate field names, its columns do not.
  for (const data of (table.getChildAt(index)?.data ?? []) as Data[]) {
    for (let i = 0; i < data.length; i++) {
      if (!data.getValid(i)) {
        out.push(null);
        continue;
      }
      if (type === 'string' || type === 'json') {
        const [start, end] = [data.valueOffsets[i]!, data.valueOffsets[i + 1]!];
        out.push(Buffer.from((data.values as Uint8Array).subarray(start, end)).toString('utf8'));
      } else if (type === 'boolean') {
        out.push((((data.values as Uint8Array)[i >> 3]! >> (i & 7)) & 1) === 1);
      } else {
        out.push((data.values as Float64Array | BigInt64Array)[i]);
      }
    }
  }
  return out;
}

const ARROW_TYPE: Record<FieldType, string> = {
  time: 'Timestamp<NANOSECOND>',
  number: 'Float64',
  int64: 'Int64',
  boolean: 'Bool',
  string: 'Utf8',
  json: 'Binary',
};

function checkRoundTrip(frame: Frame) {
  const bytes = encodeFrame(frame);
  const layout = walk(bytes);
  const rows = frame.fields[0]?.values.length ?? 0;
  const table = tableFromIPC(bytes);
  expect(table.numRows).toBe(rows);
  expect(layout.batches).toHaveLength(rows > 0 && frame.fields.length > 0 ? 1 : 0);

  // Field types from the file's footer schema (apache-arrow's Table schema merges duplicate names).
  frame.fields.forEach((f, i) => {
    const af = layout.footer.schema.fields[i]!;
    expect([af.name, String(af.type), af.nullable]).toEqual([
      f.name,
      ARROW_TYPE[f.type],
      f.nullable ?? f.type !== 'time',
    ]);
    if (f.type === 'time') expect((af.type as unknown as { timezone: string | null }).timezone ?? null).toBeNull();
    expect(af.metadata.get('labels')).toBe(
      f.labels && JSON.stringify(Object.fromEntries(Object.entries(f.labels).sort()))
    );
    if (rows > 0) expect(arrowValues(table, i, f.type)).toEqual(expected(f));
  });

  // Validity bitmaps only where a column has nulls; every body buffer 8-aligned and inside the body.
  for (const { message, bodyLength } of layout.batches) {
    const rb = message.header() as unknown as {
      nodes: Array<{ length: number; nullCount: number }>;
      buffers: Array<{ offset: number; length: number }>;
    };
    let b = 0;
    frame.fields.forEach((f, i) => {
      const nulls = expected(f).filter((v) => v === null).length;
      expect(rb.nodes[i]).toMatchObject({ length: rows, nullCount: nulls });
      expect(rb.buffers[b]!.length).toBe(nulls ? Math.ceil(rows / 8) : 0);
      b += f.type === 'string' || f.type === 'json' ? 3 : 2;
    });
    expect(b).toBe(rb.buffers.length);
    for (const region of rb.buffers) {
      expect(region.offset % 8).toBe(0);
      expect(region.offset + region.length).toBeLessThanOrEqual(bodyLength);
    }
  }

  // The stream part (between "ARROW1\0\0" and the footer) must read on its own too, to the same table.
  const stream = tableFromIPC(bytes.subarray(8, layout.streamEnd));
  expect(frame.fields.map((_, i) => String(stream.getChildAt(i)?.type))).toEqual(
    frame.fields.map((f) => ARROW_TYPE[f.type])
  );
  expect(stream.numRows).toBe(rows);
  if (rows > 0) frame.fields.forEach((f, i) => expect(arrowValues(stream, i, f.type)).toEqual(expected(f)));

  // And the test host's Grafana-faithful decoder: the same values, JSON columns parsed.
  const grafana = decodeGrafanaFrame(bytes);
  expect(grafana.fields.map((f) => [f.name, f.frameType, f.nullable])).toEqual(
    frame.fields.map((f) => [
      f.name,
      {
        time: 'time.Time',
        number: 'float64',
        int64: 'int64',
        boolean: 'bool',
        string: 'string',
        json: 'json.RawMessage',
      }[f.type],
      f.nullable ?? f.type !== 'time',
    ])
  );
  frame.fields.forEach((f, i) => {
    const want = expected(f).map((v) => (f.type === 'json' && v !== null ? JSON.parse(v as string) : v));
    expect(grafana.fields[i]!.values).toEqual(want);
  });
}

describe('Arrow IPC file writer (checked with apache-arrow reader)', () => {
  it('file layout: magic + padding, schema message, record batch block, end-of-stream, footer, length, magic', () => {
    const bytes = encodeFrame({
      name: 'cpu',
      refId: 'A',
      fields: [
        { name: 'time', type: 'time', values: [1, 2, 3] },
        { name: 'v', type: 'number', values: [1, null, 3] },
      ],
    });
    const layout = walk(bytes);
    expect(layout.batches).toHaveLength(1);
    expect(layout.footer.schema.fields.map((f) => f.name)).toEqual(['time', 'v']);
    expect(Object.fromEntries(layout.footer.schema.metadata)).toEqual({ name: 'cpu', refId: 'A' });
    // The schema message and the footer carry the same schema.
    const fromMessage = layout.schemaMessage.header() as unknown as typeof layout.footer.schema;
    expect(fromMessage.fields.map((f) => [f.name, String(f.type), f.nullable, [...f.metadata]])).toEqual(
      layout.footer.schema.fields.map((f) => [f.name, String(f.type), f.nullable, [...f.metadata]])
    );
  });

  it('empty frames: no fields, or fields with zero rows → schema only, no record batch', () => {
    for (const frame of [
      { fields: [] },
      {
        name: 'empty',
        fields: [
          { name: 'time', type: 'time' as const, values: [] },
          { name: 'tags', type: 'json' as const, values: [] },
        ],
      },
    ]) {
      const layout = walk(encodeFrame(frame));
      expect(layout.batches).toHaveLength(0);
      expect(layout.footer.numRecordBatches).toBe(0);
      checkRoundTrip(frame);
    }
  });

  it('round-trips seeded random frames of every type: nulls, NaN/±Inf, int64 extremes, unicode, JSON', () => {
    for (let seed = 1; seed <= 60; seed++) checkRoundTrip(randomFrame(seed, [1, 2, 7, 8, 9, 31, 64, 257][seed % 8]!));
  });

  it('round-trips large frames (100,000 rows) exactly', () => {
    checkRoundTrip(randomFrame(1001, 100_000));
    const n = 150_000;
    const times = Array.from({ length: n }, (_, i) => 1_700_000_000_000 + i * 15_000);
    checkRoundTrip({
      fields: [
        { name: 'time', type: 'time', values: times },
        { name: 'value', type: 'number', values: Float64Array.from(times, (t) => Math.sin(t)) },
      ],
    });
  });

  it('typed-array values (Float64Array) encode like plain arrays', () => {
    const plain = encodeFrame({ fields: [{ name: 'v', type: 'number', nullable: false, values: [1.5, -2, NaN] }] });
    const typed = encodeFrame({
      fields: [{ name: 'v', type: 'number', nullable: false, values: Float64Array.of(1.5, -2, NaN) }],
    });
    expect(Buffer.from(typed).equals(Buffer.from(plain))).toBe(true);
  });

  it('is deterministic: the same frame gives the same bytes, whatever was encoded in between', () => {
    const frame = randomFrame(7, 50);
    const first = Buffer.from(encodeFrame(frame));
    encodeFrame(randomFrame(8, 5000));
    expect(Buffer.from(encodeFrame(frame)).equals(first)).toBe(true);
  });
});

describe('test host decoder: Binary is json.RawMessage', () => {
  /** A Binary column written by apache-arrow's own writer, independent of our encoder. */
  function binaryFile(texts: string[]): Uint8Array {
    const data = Buffer.from(texts.join(''), 'utf8');
    const valueOffsets = Int32Array.from([
      0,
      ...texts.map((_, i) => Buffer.byteLength(texts.slice(0, i + 1).join(''))),
    ]);
    const field = new ArrowField('tags', new Binary(), true);
    const child = makeData({ type: new Binary(), length: texts.length, valueOffsets, data });
    const batch = new RecordBatch(
      new Schema([field]),
      makeData({ type: new Struct([field]), length: texts.length, nullCount: 0, children: [child] })
    );
    return tableToIPC(new Table([batch]), 'file');
  }

  it('reads Binary as parsed JSON with Go type json.RawMessage and browser type other', () => {
    const frame = decodeGrafanaFrame(binaryFile(['{"a":[1,"é"]}', '"x"', 'null']));
    expect(frame.fields).toEqual([
      {
        name: 'tags',
        type: 'other',
        frameType: 'json.RawMessage',
        nullable: true,
        values: [{ a: [1, 'é'] }, 'x', null],
      },
    ]);
  });

  it('rejects a Binary value that is not JSON, as Grafana would write a broken browser response', () => {
    expect(() => decodeGrafanaFrame(binaryFile(['{"a":1}', '{oops']))).toThrow(
      /field tags row 1: Binary \(json.RawMessage\) value is not valid JSON/
    );
  });
});
