import { FieldType, getDisplayProcessor, createTheme, type DataFrame } from '@grafana/data';
import { describe, expect, it } from 'vitest';

import { DEGRADATION_LABELS, DEGRADATION_MAPPINGS } from './degradation';
import { joinByLabel, sumSeries } from './fleetTable';
import { ttftSloAttainmentExpr } from './queries';
import { readableColumns, readableHeader } from './readableColumns';

const instant = (refId: string, labels: Record<string, string>, value: number | null): DataFrame => ({
  refId,
  length: 1,
  fields: [{ name: 'value', type: FieldType.number, config: {}, labels, values: [value] }],
});

const series = (labels: Record<string, string>, points: Array<[number, number | null]>): DataFrame => ({
  refId: 'A',
  length: points.length,
  fields: [
    { name: 'time', type: FieldType.time, config: {}, values: points.map((p) => p[0]) },
    { name: 'value', type: FieldType.number, config: { unit: 'reqps' }, labels, values: points.map((p) => p[1]) },
  ],
});

const columns = [
  { refId: 'status', name: 'Status' },
  { refId: 'rps', name: 'Requests/s', combine: 'sum' as const },
  { refId: 'cost', name: 'Cost' },
];

describe('joinByLabel', () => {
  it('builds one row per key of the first column, one column per query, with the headers given', () => {
    const table = joinByLabel(
      [
        instant('status', { model: 'b' }, 3),
        instant('status', { model: 'a' }, 0),
        // Two engine families serve model a: their rates add up.
        instant('rps', { model: 'a', engine: 'vllm' }, 2),
        instant('rps', { model: 'a', engine: 'sglang' }, 1.5),
        instant('cost', { model: 'a' }, 0.4),
        // Cost answers for a model outside the selection: no row for it.
        instant('cost', { model: 'c' }, 9),
      ],
      'model',
      'Model',
      columns
    );
    expect(table.fields.map((f) => f.name)).toEqual(['Model', 'Status', 'Requests/s', 'Cost']);
    expect(table.length).toBe(2);
    expect(table.fields[0].values).toEqual(['a', 'b']);
    expect(table.fields[1].values).toEqual([0, 3]);
    expect(table.fields[2].values).toEqual([3.5, null]);
    expect(table.fields[3].values).toEqual([0.4, null]);
  });

  it('takes the worst value for levels and latencies (max) and ignores frames of other queries', () => {
    const table = joinByLabel([instant('status', { model: 'a' }, 1), instant('status', { model: 'a' }, 4), instant('other', { model: 'z' }, 1)], 'model', 'Model', columns);
    expect(table.fields[0].values).toEqual(['a']);
    expect(table.fields[1].values).toEqual([4]);
  });

  it('reads the last non-null value of a range frame', () => {
    const table = joinByLabel([{ ...series({ model: 'a' }, [[1, 5], [2, 7], [3, null]]), refId: 'status' }], 'model', 'Model', columns);
    expect(table.fields[1].values).toEqual([7]);
  });
});

describe('sumSeries', () => {
  it('adds series point by point into one fleet series that keeps the unit', () => {
    const [out] = sumSeries([series({ engine: 'vllm' }, [[1, 1], [2, 2]]), series({ engine: 'tgi' }, [[1, 10], [2, null], [3, 4]])], 'Requests/s');
    expect(out.fields[0].values).toEqual([1, 2, 3]);
    expect(out.fields[1].values).toEqual([11, 2, 4]);
    expect(out.fields[1].config).toMatchObject({ unit: 'reqps', displayName: 'Requests/s' });
  });

  it('returns no frame without data, so the panel says "No data" instead of 0', () => {
    expect(sumSeries([], 'Requests/s')).toEqual([]);
  });
});

describe('degradation vocabulary', () => {
  it('maps levels 0–4 to the backend vocabulary', () => {
    expect(DEGRADATION_LABELS).toEqual(['Normal', 'Light', 'Moderate', 'Heavy', 'Emergency']);
    const display = getDisplayProcessor({ field: { type: FieldType.number, config: { mappings: DEGRADATION_MAPPINGS } }, theme: createTheme() });
    expect(display(0).text).toBe('Normal');
    expect(display(4).text).toBe('Emergency');
  });
});

describe('ttftSloAttainmentExpr', () => {
  it('caps the ratio at 1 and names the model label as the signal queries do', () => {
    const expr = ttftSloAttainmentExpr('1', 'model_name=~`.*`');
    expect(expr).toMatch(/^label_replace\(clamp_max\(/);
    expect(expr).toContain(', 1), "model", "$1", "model_name", "(.*)")');
    expect(expr).toContain('vllm:time_to_first_token_seconds_bucket{le=~"1(\\\\.0)?", model_name=~`.*`}[$__range]');
  });
});

describe('readableColumns', () => {
  it('turns code-style column names into headers and drops the provenance column', () => {
    expect(readableHeader('cost_per_1m_tokens')).toBe('Cost / 1M tokens');
    expect(readableHeader('price_key')).toBe('Price key');
    expect(readableHeader('avg_gpu_utilization')).toBe('Avg GPU utilization');
    const [f] = readableColumns([
      { length: 0, fields: [{ name: 'gpu_model', type: FieldType.string, config: {}, values: [] }, { name: 'sources', type: FieldType.string, config: {}, values: [] }] },
    ]);
    expect(f.fields.map((x) => x.config.displayName)).toEqual(['GPU model']);
  });
});
