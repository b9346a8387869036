// Decodes one DataResponse frame the way Grafana does (SDK data.UnmarshalArrowFrame): Arrow IPC *file*
// format only, a fixed set of column types, every Timestamp read as nanoseconds whatever its declared
// unit, metadata JSON decoded strictly. Anything Grafana would reject throws.
import { DataType, RecordBatchReader, Type, type Data, type Field as ArrowField, type Schema } from 'apache-arrow';
import { decodeFieldConfig, decodeFrameMeta, decodeLabels, GoDecodeError } from './go-json-rules';

export interface GrafanaField {
  name: string;
  /** JSON `type` the browser sees: time, number, string, boolean, enum, other. */
  type: 'time' | 'number' | 'string' | 'boolean' | 'enum' | 'other';
  /** Go field type (typeInfo.frame): time.Time, float64, int64, string, bool, … */
  frameType: string;
  nullable: boolean;
  labels?: Record<string, string>;
  config?: Record<string, unknown>;
  /** Time: epoch nanoseconds as bigint; int64: bigint; others: JS values. */
  values: unknown[];
}

export interface GrafanaFrame {
  name: string;
  refId: string;
  meta?: Record<string, unknown>;
  fields: GrafanaField[];
}

const MAGIC = Buffer.from('ARROW1');

export function decodeGrafanaFrame(bytes: Uint8Array): GrafanaFrame {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 12 || !buf.subarray(0, 6).equals(MAGIC) || !buf.subarray(buf.length - 6).equals(MAGIC)) {
    throw new GoDecodeError('arrow/ipc: not an Arrow IPC file (ARROW1 magic missing at start or end)');
  }
  // The file's own schema and each batch's columns by position: apache-arrow's Table (and a batch's
  // rebuilt schema) merge fields by name, which breaks the duplicate names Grafana allows.
  let schema: Schema;
  let columns: Data[][];
  try {
    const reader = RecordBatchReader.from(buf);
    reader.open();
    if (!reader.isFile()) throw new Error('not the IPC file format');
    schema = reader.schema;
    const batches = [...reader];
    columns = schema.fields.map((_, idx) => batches.map((b) => b.data.children[idx]!));
  } catch (err) {
    throw new GoDecodeError(`arrow/ipc: could not read file: ${(err as Error).message}`);
  }
  const md = schema.metadata;
  const frame: GrafanaFrame = { name: md.get('name') ?? '', refId: md.get('refId') ?? '', fields: [] };
  const meta = md.get('meta');
  if (meta !== undefined) frame.meta = decodeFrameMeta(meta);
  schema.fields.forEach((f, idx) => frame.fields.push(decodeField(columns[idx]!, f)));
  return frame;
}

function goType(f: ArrowField): { frameType: string; type: GrafanaField['type'] } {
  const t = f.type as DataType;
  switch (t.typeId) {
    case Type.Utf8:
      return { frameType: 'string', type: 'string' };
    case Type.Bool:
      return { frameType: 'bool', type: 'boolean' };
    case Type.Float:
      return {
        frameType: (t as unknown as { precision: number }).precision === 2 ? 'float64' : 'float32',
        type: 'number',
      };
    case Type.Int: {
      const { bitWidth, isSigned } = t as unknown as { bitWidth: number; isSigned: boolean };
      if (!isSigned && bitWidth === 16 && f.metadata.get('tstype') === 'enum')
        return { frameType: 'enum', type: 'enum' };
      return { frameType: `${isSigned ? 'int' : 'uint'}${bitWidth}`, type: 'number' };
    }
    case Type.Timestamp:
      return { frameType: 'time.Time', type: 'time' };
    case Type.Binary:
      return { frameType: 'json.RawMessage', type: 'other' };
    default:
      throw new GoDecodeError(
        `unsupported conversion from arrow to sdk type for arrow type ${String(t)} (field ${f.name})`
      );
  }
}

function decodeField(chunks: Data[], f: ArrowField): GrafanaField {
  const { frameType, type } = goType(f);
  const out: GrafanaField = { name: f.name, type, frameType, nullable: f.nullable, values: [] };
  const labels = f.metadata.get('labels');
  if (labels !== undefined) out.labels = decodeLabels(labels);
  const config = f.metadata.get('config');
  if (config !== undefined) out.config = decodeFieldConfig(config);
  for (const data of chunks) {
    for (let i = 0; i < data.length; i++) {
      const valid = data.getValid(i);
      if (!valid) {
        out.values.push(null);
        continue;
      }
      if (type === 'time') {
        // Grafana's "nanosecond assumption": the raw int64 is nanoseconds, whatever the declared unit.
        out.values.push(rawInt64(data.values as BigInt64Array | Int32Array, i));
      } else if (frameType === 'int64' || frameType === 'uint64') {
        out.values.push(BigInt((data.values as BigInt64Array)[i]!));
      } else if (frameType === 'json.RawMessage') {
        out.values.push(rawJson(f.name, i, rowValue(data, i) as string));
      } else {
        out.values.push(rowValue(data, i));
      }
    }
  }
  return out;
}

/**
 * Binary columns are Go json.RawMessage: Grafana copies the bytes verbatim into the /api/ds/query body, so
 * anything that is not one JSON value would corrupt the browser's response. Returns the parsed value.
 */
function rawJson(field: string, row: number, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new GoDecodeError(
      `field ${field} row ${row}: Binary (json.RawMessage) value is not valid JSON: ${(err as Error).message}`
    );
  }
}

function rawInt64(values: BigInt64Array | Int32Array, i: number): bigint {
  if (values instanceof BigInt64Array) return values[i]!;
  // Older layouts store int64 as two int32 words (little endian).
  return (BigInt(values[2 * i + 1]!) << 32n) | BigInt(values[2 * i]! >>> 0);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- apache-arrow Data of any type
function rowValue(data: any, i: number): unknown {
  const t = data.type as DataType;
  if (t.typeId === Type.Bool) {
    const bit = data.offset + i;
    return ((data.values[bit >> 3] >> (bit & 7)) & 1) === 1;
  }
  if (t.typeId === Type.Utf8 || t.typeId === Type.Binary) {
    const start = data.valueOffsets[i];
    const end = data.valueOffsets[i + 1];
    return Buffer.from(data.values.subarray(start, end)).toString('utf8');
  }
  const v = data.values[i];
  return typeof v === 'bigint' ? v : Number(v);
}
