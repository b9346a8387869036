import { describe, expect, it } from 'vitest';
import { scanMatrix } from './prometheus-matrix-scan';
import { parseSample, type RangeSeries } from './prometheus-sample';

const enc = (s: string) => Buffer.from(s, 'utf8');

/** The JSON.parse decoding the scanner must match exactly (what prometheus.ts did before the scanner). */
function reference(text: string): { result: RangeSeries[]; warnings: string[] } {
  const body = JSON.parse(text);
  return {
    result: body.data.result.map((s: { metric?: Record<string, string>; values?: Array<[number, string]> }) => {
      const v = s.values ?? [];
      return {
        labels: s.metric ?? {},
        times: Float64Array.from(v, (p) => Math.round(p[0] * 1000)),
        values: Float64Array.from(v, (p) => parseSample(p[1])),
      };
    }),
    warnings: body.warnings ?? [],
  };
}

function matrixBody(series: Array<{ metric: Record<string, string>; values: Array<[number, string]> }>, extra = '') {
  return `{"status":"success","data":{"resultType":"matrix","result":${JSON.stringify(series)}}${extra}}`;
}

/** Bit-exact comparison (NaN equals NaN, -0 differs from 0). */
function expectSameSeries(got: RangeSeries[], want: RangeSeries[]) {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => {
    const w = want[i]!;
    expect(g.labels).toEqual(w.labels);
    expect(Array.from(g.times)).toEqual(Array.from(w.times));
    expect(g.values.length).toBe(w.values.length);
    g.values.forEach((v, k) => {
      if (!Object.is(v, w.values[k])) throw new Error(`series ${i} sample ${k}: got ${v}, want ${w.values[k]}`);
    });
  });
}

/** Deterministic PRNG (mulberry32). */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('scanMatrix', () => {
  it('decodes times to ms and values to exact doubles', () => {
    const body = matrixBody([
      {
        metric: { __name__: 'up', job: 'vllm' },
        values: [
          [1700000000, '1.5'],
          [1700000015.5, '0.1'],
          [1700000030.123, '-2.25'],
          [1700000045, '0'],
          [1700000060, '-0'],
          [1700000075, '100'],
        ],
      },
    ]);
    const got = scanMatrix(enc(body))!;
    expect(got.warnings).toEqual([]);
    expect(got.result).toHaveLength(1);
    const s = got.result[0]!;
    expect(s.labels).toEqual({ __name__: 'up', job: 'vllm' });
    expect(Array.from(s.times)).toEqual([
      1700000000000, 1700000015500, 1700000030123, 1700000045000, 1700000060000, 1700000075000,
    ]);
    expect(Array.from(s.values)).toEqual([1.5, 0.1, -2.25, 0, -0, 100]);
    expect(Object.is(s.values[4], -0)).toBe(true);
    expect(s.times).toBeInstanceOf(Float64Array);
  });

  it('keeps NaN and infinities as Prometheus writes them', () => {
    const got = scanMatrix(
      enc(
        matrixBody([
          {
            metric: {},
            values: [
              [1, 'NaN'],
              [2, '+Inf'],
              [3, '-Inf'],
              [4, '7'],
            ],
          },
        ])
      )
    )!;
    const v = got.result[0]!.values;
    expect(Number.isNaN(v[0])).toBe(true);
    expect(v[1]).toBe(Infinity);
    expect(v[2]).toBe(-Infinity);
    expect(v[3]).toBe(7);
  });

  it('matches Number() bit for bit on huge, tiny and long-digit values', () => {
    const texts = [
      '1e+21',
      '1.7976931348623157e+308',
      '5e-324',
      '1e-07',
      '123456789012345678901234567890',
      '9007199254740993',
      '0.30000000000000004',
      '123456789012345',
      '0.000000000000001',
      '-999999999999999.9',
      '3.141592653589793',
    ];
    const got = scanMatrix(enc(matrixBody([{ metric: {}, values: texts.map((t, i) => [i, t] as [number, string]) }])))!;
    got.result[0]!.values.forEach((v, i) => expect(Object.is(v, Number(texts[i]))).toBe(true));
  });

  it('agrees with JSON.parse on seeded random series (shortest round-trip and fixed-decimal values)', () => {
    const r = rng(42);
    const series = Array.from({ length: 40 }, (_, s) => ({
      metric: { __name__: 'm', instance: `i-${s}`, le: String(r()) },
      values: Array.from({ length: 1 + Math.floor(r() * 300) }, (_, k): [number, string] => {
        const kind = k % 4;
        const x = (r() - 0.5) * 10 ** Math.floor(r() * 30 - 15);
        const text =
          kind === 0 ? String(x) : kind === 1 ? x.toFixed(4) : kind === 2 ? String(Math.round(x)) : String(r());
        return [1700000000 + k * 15 + Math.floor(r() * 1000) / 1000, text];
      }),
    }));
    const text = matrixBody(series);
    expectSameSeries(scanMatrix(enc(text))!.result, reference(text).result);
  });

  it('grows past its scratch size (long series)', () => {
    const values = Array.from({ length: 5000 }, (_, k): [number, string] => [k, String(k / 8)]);
    const text = matrixBody([
      { metric: { a: 'b' }, values },
      { metric: { a: 'c' }, values: values.slice(0, 3) },
    ]);
    const got = scanMatrix(enc(text))!;
    expectSameSeries(got.result, reference(text).result);
    expect(got.result[0]!.values).toHaveLength(5000);
    expect(got.result[1]!.values).toHaveLength(3);
  });

  it('decodes escaped and non-ASCII label strings exactly like JSON.parse', () => {
    const metric = {
      job: 'a"b',
      path: 'C:\\tmp\\x',
      note: 'line\nbreak\ttab',
      model: 'Mistral-7B-Instruct-ä-模型-😀',
      '\u00e9': '\u0001',
    };
    const text = matrixBody([{ metric, values: [[1, '1']] }]);
    const got = scanMatrix(enc(text))!;
    expect(got.result[0]!.labels).toEqual(metric);
    // Same with \u escapes written out instead of raw UTF-8.
    const escaped = text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    expect(escaped).not.toBe(text);
    expect(scanMatrix(enc(escaped))!.result[0]!.labels).toEqual(metric);
  });

  it('handles an empty result, empty values and series without values (native histograms)', () => {
    expect(scanMatrix(enc(matrixBody([])))).toEqual({ result: [], warnings: [] });
    const text =
      '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":"1"},"values":[]},' +
      '{"metric":{"a":"2"},"histograms":[[1,{"count":"2","sum":"3","buckets":[[0,"0","1","2"]]}]]},{}]}}';
    const got = scanMatrix(enc(text))!;
    expect(got.result.map((s) => [s.labels, s.values.length, s.times.length])).toEqual([
      [{ a: '1' }, 0, 0],
      [{ a: '2' }, 0, 0],
      [{}, 0, 0],
    ]);
  });

  it('returns warnings and skips keys it does not use (VictoriaMetrics isPartial/stats, infos)', () => {
    const text =
      '{"status":"success","isPartial":false,"data":{"resultType":"matrix","result":[{"metric":{"x":"y"},"values":[[10,"2"]]}],"extra":null},' +
      '"stats":{"seriesFetched":"1","executionTimeMsec":3},"warnings":["w1","w2"],"infos":["i"]}';
    const got = scanMatrix(enc(text))!;
    expect(got.warnings).toEqual(['w1', 'w2']);
    expectSameSeries(got.result, reference(text).result);
  });

  it('accepts whitespace anywhere JSON allows it', () => {
    const series = [
      {
        metric: { a: 'b' },
        values: [
          [1700000000.25, '4.5'],
          [1700000001, 'NaN'],
        ] as Array<[number, string]>,
      },
    ];
    const text = JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: series } }, null, 2);
    expectSameSeries(scanMatrix(enc(text))!.result, reference(text).result);
  });

  it('handles timestamps in exponent form or with sub-millisecond digits like the JSON.parse path', () => {
    const text =
      '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1.7e9,"1"],[1700000000.1236,"2"],[-1.5,"3"]]}]}}';
    const got = scanMatrix(enc(text))!;
    expect(Array.from(got.result[0]!.times)).toEqual([1.7e12, 1700000000124, -1500]);
    expectSameSeries(got.result, reference(text).result);
  });

  it('keeps no state between calls: results stay intact after later scans, including failed ones', () => {
    const a = matrixBody([
      { metric: { s: 'a' }, values: Array.from({ length: 3000 }, (_, k): [number, string] => [k, String(k)]) },
    ]);
    const b = matrixBody([
      {
        metric: { s: 'b' },
        values: [
          [1, '-1'],
          [2, '-2'],
        ],
      },
    ]);
    const first = scanMatrix(enc(a))!;
    expect(scanMatrix(enc(a.slice(0, a.length - 10)))).toBeUndefined();
    const second = scanMatrix(enc(b))!;
    expectSameSeries(first.result, reference(a).result);
    expectSameSeries(second.result, reference(b).result);
    // Series are independent: writing one (signal transforms may) leaves the others alone.
    const two = scanMatrix(
      enc(
        matrixBody([
          { metric: { s: '1' }, values: [[1, '1']] },
          { metric: { s: '2' }, values: [[1, '2']] },
        ])
      )
    )!;
    two.result[0]!.values.fill(9);
    expect(Array.from(two.result[1]!.values)).toEqual([2]);
  });

  it('gives up (undefined) on error bodies, other result types and malformed JSON', () => {
    const bad = [
      '{"status":"error","errorType":"bad_data","error":"parse error at char 5"}',
      '{"status":"success","data":{"resultType":"vector","result":[]}}',
      '{"status":"success","data":{"result":[],"resultType":"matrix"}}', // unusual key order: slow path
      matrixBody([{ metric: { a: 'b' }, values: [[1, '2']] }]).slice(0, -3), // truncated
      matrixBody([]) + 'x', // trailing garbage
      '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":1 2},"values":[]}]}}',
      '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[["1","2"]]}]}}',
      '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"\\u0031"]]}]}}',
      '{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,2]]}]}}',
      '{"status":"success","data":{"resultType":"matrix","result":[{"metric":"x","values":[]}]}}',
      '<html>502 Bad Gateway</html>',
      '',
      '{}',
    ];
    for (const text of bad) expect(scanMatrix(enc(text)), text).toBeUndefined();
  });
});
