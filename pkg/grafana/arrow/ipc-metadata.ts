// Arrow IPC metadata as FlatBuffers (format/Schema.fbs, Message.fbs, File.fbs, metadata version V5),
// limited to what Grafana frames use: Timestamp(NANOSECOND, no timezone), Float64, Int64, Bool, Utf8 and
// Binary fields with custom_metadata, one Schema message, RecordBatch messages and the file Footer.
// Slot numbers below are the field ids of those .fbs tables.
import { FlatBufferBuilder } from './flatbuffer';

export type ArrowType = 'timestamp-ns' | 'float64' | 'int64' | 'bool' | 'utf8' | 'binary';

export type KeyValues = ReadonlyArray<readonly [string, string]>;

export interface ArrowFieldSpec {
  name: string;
  type: ArrowType;
  nullable: boolean;
  metadata: KeyValues;
}

export interface ArrowSchemaSpec {
  fields: readonly ArrowFieldSpec[];
  metadata: KeyValues;
}

/** One field's FieldNode; `buffers` are [offset, length] pairs relative to the body start. */
export interface RecordBatchSpec {
  length: number;
  nodes: ReadonlyArray<{ length: number; nullCount: number }>;
  buffers: ReadonlyArray<{ offset: number; length: number }>;
  bodyLength: number;
}

/** File footer Block: where a record batch message starts, its metadata size (prefix + flatbuffer + padding) and body size. */
export interface FileBlock {
  offset: number;
  metaDataLength: number;
  bodyLength: number;
}

const METADATA_V5 = 4;
const HEADER_SCHEMA = 1;
const HEADER_RECORD_BATCH = 3;

// Type union member ids (Schema.fbs `union Type`).
const TYPE_ID: Record<ArrowType, number> = {
  int64: 2, // Int
  float64: 3, // FloatingPoint
  binary: 4, // Binary
  utf8: 5, // Utf8
  bool: 6, // Bool
  'timestamp-ns': 10, // Timestamp
};
const PRECISION_DOUBLE = 2;
const TIME_UNIT_NANOSECOND = 3;

// One builder per message kind: finish() returns views into them, and a file needs all three at once.
const schemaBuilder = new FlatBufferBuilder(4096);
const batchBuilder = new FlatBufferBuilder(1024);
const footerBuilder = new FlatBufferBuilder(4096);

function keyValues(b: FlatBufferBuilder, kvs: KeyValues): number {
  const tables: number[] = [];
  for (const [key, value] of kvs) {
    const k = b.createString(key);
    const v = b.createString(value);
    b.startTable(2);
    b.addOffset(0, k);
    b.addOffset(1, v);
    tables.push(b.endTable());
  }
  return b.createOffsetVector(tables);
}

function typeTable(b: FlatBufferBuilder, t: ArrowType): number {
  switch (t) {
    case 'timestamp-ns':
      b.startTable(2); // unit, timezone (absent: a zone-less timestamp, as Go writes it)
      b.addInt16(0, TIME_UNIT_NANOSECOND);
      return b.endTable();
    case 'float64':
      b.startTable(1);
      b.addInt16(0, PRECISION_DOUBLE);
      return b.endTable();
    case 'int64':
      b.startTable(2);
      b.addInt32(0, 64); // bitWidth
      b.addBool(1, true); // is_signed
      return b.endTable();
    case 'bool':
    case 'utf8':
    case 'binary':
      b.startTable(0);
      return b.endTable();
  }
}

function field(b: FlatBufferBuilder, f: ArrowFieldSpec): number {
  const name = b.createString(f.name);
  const type = typeTable(b, f.type);
  const children = b.createOffsetVector([]);
  const metadata = keyValues(b, f.metadata);
  b.startTable(7);
  b.addOffset(0, name);
  b.addOffset(3, type);
  b.addOffset(5, children);
  b.addOffset(6, metadata);
  b.addInt8(2, TYPE_ID[f.type]);
  b.addBool(1, f.nullable);
  return b.endTable();
}

function schema(b: FlatBufferBuilder, s: ArrowSchemaSpec): number {
  const fields = b.createOffsetVector(s.fields.map((f) => field(b, f)));
  const metadata = keyValues(b, s.metadata);
  b.startTable(4); // endianness (default Little), fields, custom_metadata, features
  b.addOffset(1, fields);
  b.addOffset(2, metadata);
  return b.endTable();
}

function message(b: FlatBufferBuilder, headerType: number, header: number, bodyLength: number): Uint8Array {
  b.startTable(5);
  b.addInt64(3, bodyLength);
  b.addOffset(2, header);
  b.addInt16(0, METADATA_V5);
  b.addInt8(1, headerType);
  return b.finish(b.endTable());
}

/** A schema already built for the Schema message, reused verbatim in the footer (views: valid until the next call). */
export interface BuiltSchema {
  message: Uint8Array;
  subtree: Uint8Array;
  table: number;
}

export function schemaMessage(s: ArrowSchemaSpec): BuiltSchema {
  const b = schemaBuilder;
  b.reset();
  const table = schema(b, s);
  const subtree = b.tail(b.offset());
  return { message: message(b, HEADER_SCHEMA, table, 0), subtree, table };
}

/** The returned bytes are a view, valid until the next recordBatchMessage call. */
export function recordBatchMessage(rb: RecordBatchSpec): Uint8Array {
  const b = batchBuilder;
  b.reset();
  const buffers = b.createStructVector(16, rb.buffers.length, (i, at) => {
    b.setInt64At(at, rb.buffers[i]!.offset);
    b.setInt64At(at + 8, rb.buffers[i]!.length);
  });
  const nodes = b.createStructVector(16, rb.nodes.length, (i, at) => {
    b.setInt64At(at, rb.nodes[i]!.length);
    b.setInt64At(at + 8, rb.nodes[i]!.nullCount);
  });
  b.startTable(5); // length, nodes, buffers, compression (none), variadicBufferCounts (none)
  b.addInt64(0, rb.length);
  b.addOffset(1, nodes);
  b.addOffset(2, buffers);
  return message(b, HEADER_RECORD_BATCH, b.endTable(), rb.bodyLength);
}

/** The returned bytes are a view, valid until the next footer call. */
export function footer(s: BuiltSchema, recordBatches: readonly FileBlock[]): Uint8Array {
  const b = footerBuilder;
  b.reset();
  const schemaTable = b.embed(s.subtree, s.table);
  const block = (blocks: readonly FileBlock[]) =>
    b.createStructVector(24, blocks.length, (i, at) => {
      // struct Block { offset: long; metaDataLength: int; (4 bytes padding) bodyLength: long; }
      b.setInt64At(at, blocks[i]!.offset);
      b.setInt32At(at + 8, blocks[i]!.metaDataLength);
      b.setInt64At(at + 16, blocks[i]!.bodyLength);
    });
  const batches = block(recordBatches);
  const dictionaries = block([]);
  b.startTable(5); // version, schema, dictionaries, recordBatches, custom_metadata
  b.addOffset(1, schemaTable);
  b.addOffset(2, dictionaries);
  b.addOffset(3, batches);
  b.addInt16(0, METADATA_V5);
  return b.finish(b.endTable());
}
