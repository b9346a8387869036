// Assembles an Arrow IPC *file*: "ARROW1" + 2 padding bytes, the stream (Schema message, at most one
// RecordBatch message with its body, end-of-stream marker), the Footer flatbuffer (schema again + the
// record batch Block), the footer's int32 length and "ARROW1". Every message starts on an 8-byte boundary:
// continuation 0xFFFFFFFF, int32 metadata length (flatbuffer padded to 8), flatbuffer, body.
import type { Column } from './columns';
import { footer, recordBatchMessage, schemaMessage, type ArrowSchemaSpec, type FileBlock } from './ipc-metadata';

const MAGIC = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]; // "ARROW1"
const PREFIX = 8; // continuation marker + metadata length
const pad8 = (n: number) => (n + 7) & ~7;

/** `batch` undefined: schema only, no record batch (what Go writes for a frame with no rows or no fields). */
export function writeArrowFile(schema: ArrowSchemaSpec, batch?: { length: number; columns: Column[] }): Uint8Array {
  const built = schemaMessage(schema);
  const schemaMsg = built.message;
  let batchMsg: Uint8Array | undefined;
  let bodyLength = 0;
  if (batch) {
    const nodes = batch.columns.map((c) => ({ length: batch.length, nullCount: c.nullCount }));
    const buffers: Array<{ offset: number; length: number }> = [];
    for (const c of batch.columns) {
      for (const b of c.buffers) {
        buffers.push({ offset: bodyLength, length: b.byteLength });
        bodyLength += pad8(b.byteLength);
      }
    }
    batchMsg = recordBatchMessage({ length: batch.length, nodes, buffers, bodyLength });
  }

  const schemaAt = 8;
  const batchAt = schemaAt + PREFIX + pad8(schemaMsg.byteLength);
  const batchMetaLength = batchMsg ? PREFIX + pad8(batchMsg.byteLength) : 0;
  const eosAt = batchAt + (batchMsg ? batchMetaLength + bodyLength : 0);
  const blocks: FileBlock[] = batchMsg ? [{ offset: batchAt, metaDataLength: batchMetaLength, bodyLength }] : [];
  const footerMsg = footer(built, blocks);
  const footerAt = eosAt + 8;
  const total = footerAt + footerMsg.byteLength + 4 + MAGIC.length;

  // allocUnsafe takes small files from Node's buffer pool (no new ArrayBuffer); zero it so padding is 0.
  const out = Buffer.allocUnsafe(total).fill(0);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  out.set(MAGIC, 0);
  writeMessage(out, view, schemaAt, schemaMsg);
  if (batchMsg && batch) {
    let at = writeMessage(out, view, batchAt, batchMsg);
    for (const c of batch.columns) {
      for (const b of c.buffers) {
        out.set(b, at);
        at += pad8(b.byteLength);
      }
    }
  }
  view.setInt32(eosAt, -1, true); // end of stream: continuation marker + length 0
  out.set(footerMsg, footerAt);
  view.setInt32(footerAt + footerMsg.byteLength, footerMsg.byteLength, true);
  out.set(MAGIC, total - MAGIC.length);
  return out;
}

/** Writes prefix + flatbuffer at `at` (8-aligned); returns where the body starts. */
function writeMessage(out: Uint8Array, view: DataView, at: number, flatbuffer: Uint8Array): number {
  const padded = pad8(flatbuffer.byteLength);
  view.setInt32(at, -1, true);
  view.setInt32(at + 4, padded, true);
  out.set(flatbuffer, at + PREFIX);
  return at + PREFIX + padded;
}
