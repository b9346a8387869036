/**
 * Joins instant query results (one numeric frame per series, labelled by the key label) into one table
 * with a row per key value and a column per query, in the order the columns are listed. Runs as a
 * SceneDataTransformer operator, so Grafana's table sees a single frame with readable headers.
 */
import { FieldType, type DataFrame, type Field } from '@grafana/data';
import { map, type MonoTypeOperatorFunction } from 'rxjs';

export interface TableColumn {
  refId: string;
  /** Header shown in the table. */
  name: string;
  /** How values of several series with the same key combine: rates add up, levels and latencies take the worst. */
  combine?: 'sum' | 'max';
}

/** The last non-null number of a frame's first numeric field, and that field's labels. */
function lastValue(frame: DataFrame): { value: number | null; labels: Record<string, string> } | undefined {
  const field = frame.fields.find((f) => f.type === FieldType.number);
  if (!field) {
    return undefined;
  }
  const values = field.values as ArrayLike<number | null>;
  let value: number | null = null;
  for (let i = values.length - 1; i >= 0; i--) {
    if (values[i] !== null && values[i] !== undefined && !Number.isNaN(values[i])) {
      value = values[i];
      break;
    }
  }
  return { value, labels: field.labels ?? {} };
}

export function joinByLabel(frames: DataFrame[], keyLabel: string, keyHeader: string, columns: TableColumn[]): DataFrame {
  const rows = new Map<string, Map<string, number | null>>();
  for (const frame of frames) {
    const v = lastValue(frame);
    const key = v?.labels[keyLabel];
    if (!v || key === undefined || key === '' || !columns.some((c) => c.refId === frame.refId)) {
      continue;
    }
    const row = rows.get(key) ?? new Map<string, number | null>();
    rows.set(key, row);
    const prev = row.get(frame.refId!);
    const combine = columns.find((c) => c.refId === frame.refId)!.combine ?? 'max';
    row.set(frame.refId!, prev === undefined || prev === null ? v.value : v.value === null ? prev : combine === 'sum' ? prev + v.value : Math.max(prev, v.value));
  }
  // Rows are the keys the first column's query returned (it carries the filters); other queries, such
  // as cost, may answer for keys outside the selection. Without a first column, every key is a row.
  const primary = [...rows.keys()].filter((k) => rows.get(k)!.has(columns[0]?.refId));
  const keys = (primary.length ? primary : [...rows.keys()]).sort((a, b) => a.localeCompare(b));
  const fields: Field[] = [
    { name: keyHeader, type: FieldType.string, config: {}, values: keys },
    ...columns.map((c) => ({ name: c.name, type: FieldType.number, config: {}, values: keys.map((k) => rows.get(k)!.get(c.refId) ?? null) })),
  ];
  return { name: keyHeader, refId: 'table', length: keys.length, fields };
}

export const joinByLabelOperator =
  (keyLabel: string, keyHeader: string, columns: TableColumn[]): (() => MonoTypeOperatorFunction<DataFrame[]>) =>
  () =>
    map((frames: DataFrame[]) => [joinByLabel(frames, keyLabel, keyHeader, columns)]);

/**
 * One fleet series from several (one per engine family, model …): values summed per timestamp.
 * A stat then shows one fleet number with its sparkline instead of one small value per series.
 */
export function sumSeries(frames: DataFrame[], name: string): DataFrame[] {
  const sums = new Map<number, number>();
  let unitConfig = {};
  for (const frame of frames) {
    const time = frame.fields.find((f) => f.type === FieldType.time);
    const value = frame.fields.find((f) => f.type === FieldType.number);
    if (!value) {
      continue;
    }
    unitConfig = value.config ?? {};
    const values = value.values as ArrayLike<number | null>;
    const times = (time?.values as ArrayLike<number> | undefined) ?? [0];
    for (let i = 0; i < values.length; i++) {
      const t = times[i] ?? 0;
      const v = values[i];
      if (v !== null && v !== undefined && !Number.isNaN(v)) {
        sums.set(t, (sums.get(t) ?? 0) + v);
      }
    }
  }
  if (sums.size === 0) {
    return [];
  }
  const times = [...sums.keys()].sort((a, b) => a - b);
  return [
    {
      name,
      length: times.length,
      fields: [
        { name: 'Time', type: FieldType.time, config: {}, values: times },
        { name, type: FieldType.number, config: { ...unitConfig, displayName: name }, values: times.map((t) => sums.get(t)!) },
      ],
    },
  ];
}

export const sumSeriesOperator =
  (name: string): (() => MonoTypeOperatorFunction<DataFrame[]>) =>
  () =>
    map((frames: DataFrame[]) => sumSeries(frames, name));
