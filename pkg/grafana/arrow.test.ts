import { readFileSync } from 'node:fs';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { toQueryJson } from '../../test/host/query-json';
import { encodeFrame, FrameEncodingError } from './arrow';
import type { Frame } from './frame';
import { goldenFrames } from './golden-frames';

const fixture = path.resolve(__dirname, '../../test/fixtures/golden-frames.query.json');

/** A trace-like frame: JSON columns as Grafana's own trace frames carry them (json.RawMessage). */
const jsonFrame: Frame = {
  name: 'Trace',
  refId: 'F',
  meta: { preferredVisualisationType: 'trace', custom: { traceFormat: 'jaeger' } },
  fields: [
    { name: 'spanID', type: 'string', nullable: false, values: ['a1', 'b2'] },
    { name: 'serviceTags', type: 'json', nullable: false, values: [[{ key: 'service.name', value: 'vllm' }], []] },
    {
      name: 'logs',
      type: 'json',
      values: [[{ timestamp: 1700000000000.5, fields: [{ key: 'event', value: 'preempt é' }], name: 'preempt' }], null],
    },
    { name: 'extra', type: 'json', values: [{ n: 1.5, ok: true, s: '中😀' }, 'text'] },
  ],
};

function schemaOf(bytes: Uint8Array) {
  const t = tableFromIPC(bytes);
  return {
    metadata: Object.fromEntries(t.schema.metadata),
    fields: t.schema.fields.map((f) => ({
      name: f.name,
      type: String(f.type),
      nullable: f.nullable,
      metadata: Object.fromEntries(f.metadata),
    })),
  };
}

describe('Arrow frame encoder (golden)', () => {
  it('writes the IPC file format: ARROW1 magic at both ends', () => {
    for (const f of goldenFrames) {
      const b = Buffer.from(encodeFrame(f));
      expect(b.subarray(0, 6).toString('latin1')).toBe('ARROW1');
      expect(b.subarray(b.length - 6).toString('latin1')).toBe('ARROW1');
    }
  });

  it('time series frame: ns timestamps, float64 with nulls, labels and config metadata', () => {
    const bytes = encodeFrame(goldenFrames[0]!);
    expect(schemaOf(bytes)).toEqual({
      metadata: {
        name: 'cpu',
        refId: 'A',
        meta: '{"type":"timeseries-multi","typeVersion":[0,1],"executedQueryString":"cpu{host=\\"a\\"}"}',
      },
      fields: [
        { name: 'time', type: 'Timestamp<NANOSECOND>', nullable: false, metadata: { tstype: 'time' } },
        {
          name: 'value',
          type: 'Float64',
          nullable: true,
          metadata: {
            tstype: 'number',
            labels: '{"host":"a","zone":"z1"}',
            config:
              '{"unit":"percent","displayNameFromDS":"CPU a","links":[{"title":"Open host","url":"http://example.test/host/a","targetBlank":true}]}',
          },
        },
      ],
    });
    const t = tableFromIPC(bytes);
    expect(t.schema.fields[0]!.type.typeId).toBe(10); // Type.Timestamp
    expect([...(t.getChild('time')!.data[0]!.values as BigInt64Array)]).toEqual([
      1700000000000000000n,
      1700000060000000000n,
      1700000120000250000n,
    ]);
    const value = t.getChild('value')!;
    expect([value.get(0), value.get(1), Number.isNaN(value.get(2))]).toEqual([12.5, null, true]);
  });

  it('converts epoch ms to ns exactly, across the fast path and the BigInt fallback', () => {
    const ms = [
      0,
      1,
      65_535,
      65_536,
      999_999_999_999,
      1_700_000_000_001,
      2 ** 41 - 1,
      2 ** 41,
      4_102_444_800_000,
      -1,
      12.5,
    ];
    const t = tableFromIPC(encodeFrame({ fields: [{ name: 'time', type: 'time', values: ms }] }));
    expect([...(t.getChild('time')!.data[0]!.values as BigInt64Array)]).toEqual(
      ms.map((x) => (Number.isInteger(x) ? BigInt(x) * 1_000_000n : BigInt(x * 1e6)))
    );
  });

  it('table frame: utf8 (never dictionary), int64, bool, float64 with infinities', () => {
    const bytes = encodeFrame(goldenFrames[2]!);
    const s = schemaOf(bytes);
    expect(s.fields.map((f) => [f.name, f.type, f.nullable])).toEqual([
      ['cause', 'Utf8', true],
      ['rank', 'Int64', true],
      ['confirmed', 'Bool', true],
      ['score', 'Float64', true],
    ]);
    expect(JSON.parse(s.metadata.meta!)).toEqual({
      type: 'table',
      notices: [{ severity: 'warning', text: 'only 2 of 3 sources answered' }],
      custom: { window: [1, 2] },
    });
    const rows = tableFromIPC(bytes)
      .toArray()
      .map((r) => r.toJSON());
    expect(rows).toEqual([
      { cause: 'kv-cache saturation', rank: 1n, confirmed: true, score: Infinity },
      { cause: 'gpu throttling', rank: 2n, confirmed: false, score: -Infinity },
      { cause: null, rank: null, confirmed: null, score: 0.5 },
    ]);
  });

  it("json fields: Arrow Binary holding each value's JSON text, tstype other, nulls as validity", () => {
    const t = tableFromIPC(encodeFrame(jsonFrame));
    expect(schemaOf(encodeFrame(jsonFrame)).fields.slice(1)).toEqual([
      { name: 'serviceTags', type: 'Binary', nullable: false, metadata: { tstype: 'other' } },
      { name: 'logs', type: 'Binary', nullable: true, metadata: { tstype: 'other' } },
      { name: 'extra', type: 'Binary', nullable: true, metadata: { tstype: 'other' } },
    ]);
    const text = (name: string) =>
      [...t.getChild(name)!].map((v: Uint8Array | null) => (v === null ? null : Buffer.from(v).toString('utf8')));
    expect(text('serviceTags')).toEqual(['[{"key":"service.name","value":"vllm"}]', '[]']);
    expect(text('logs')).toEqual([
      '[{"timestamp":1700000000000.5,"fields":[{"key":"event","value":"preempt é"}],"name":"preempt"}]',
      null,
    ]);
    expect(text('extra')).toEqual(['{"n":1.5,"ok":true,"s":"中😀"}', '"text"']);
  });

  it('frame without fields: schema only, no rows (dataplane "no data")', () => {
    const t = tableFromIPC(encodeFrame(goldenFrames[3]!));
    expect(t.numRows).toBe(0);
    expect(t.schema.fields).toHaveLength(0);
    expect(Object.fromEntries(t.schema.metadata)).toEqual({
      name: '',
      refId: 'D',
      meta: '{"type":"numeric-multi","typeVersion":[0,1]}',
    });
  });

  it('dataplane frame types get typeVersion [0,1] when the handler leaves it out', () => {
    const bytes = encodeFrame({
      meta: { type: 'timeseries-multi' },
      fields: [{ name: 'time', type: 'time', values: [1] }],
    });
    expect(JSON.parse(tableFromIPC(bytes).schema.metadata.get('meta')!)).toEqual({
      type: 'timeseries-multi',
      typeVersion: [0, 1],
    });
  });

  it('matches the committed /api/ds/query JSON fixture', () => {
    const responses: Record<string, { status: number; frames: Buffer[]; error?: string; errorSource?: string }> = {};
    for (const f of goldenFrames) responses[f.refId!] = { status: 200, frames: [Buffer.from(encodeFrame(f))] };
    responses.F = { status: 200, frames: [Buffer.from(encodeFrame(jsonFrame))] };
    responses.E = { status: 504, error: 'upstream timeout', errorSource: 'downstream', frames: [] };
    expect(toQueryJson({ responses })).toEqual(JSON.parse(readFileSync(fixture, 'utf8')));
  });

  it('rejects frames Grafana would refuse, with a message naming the field', () => {
    expect(() =>
      encodeFrame({
        fields: [
          { name: 'time', type: 'time', values: [1, 2] },
          { name: 'v', type: 'number', values: [1] },
        ],
      })
    ).toThrow(/field "v" has 1 values but "time" has 2/);
    expect(() =>
      encodeFrame({ fields: [{ name: 'v', type: 'number', values: [1], labels: { a: 1 as unknown as string } }] })
    ).toThrow(FrameEncodingError);
    expect(() =>
      encodeFrame({
        meta: { notices: [{ severity: 'fatal' as 'error', text: 'x' }] },
        fields: [],
      })
    ).toThrow(/severity/);
    expect(() => encodeFrame({ fields: [{ name: 'time', type: 'time', values: [null] }] })).toThrow(/not nullable/);
    expect(() => encodeFrame({ fields: [{ name: 'v', type: 'number', values: ['7'] }] })).toThrow(
      /unexpected value "7"/
    );
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => encodeFrame({ fields: [{ name: 'tags', type: 'json', values: [{}, circular] as never }] })).toThrow(
      /field "tags" \(json\) row 1: not JSON-serialisable/
    );
    expect(() => encodeFrame({ fields: [{ name: 'tags', type: 'json', values: [10n] as never }] })).toThrow(
      FrameEncodingError
    );
    expect(() => encodeFrame({ fields: [{ name: 'n', type: 'int64', values: [2 ** 63] }] })).toThrow(
      /out of int64 range/
    );
    expect(() => encodeFrame({ fields: [{ name: 't', type: 'time', values: [Number.NaN] }] })).toThrow(
      /field "t" \(time\) row 0/
    );
    expect(() => encodeFrame({ fields: [{ name: 'x', type: 'decimal' as 'number', values: [1] }] })).toThrow(
      /unknown field type "decimal"/
    );
  });
});
