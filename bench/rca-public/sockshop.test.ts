// The Sock Shop adapter (rca-public2 bench) in CI. The RCD data carries no licence, so no subset of it
// is committed: these cases are written here in its format (the column names and units of its
// collector, one row a second, fault-free and faulty recordings made at different times), with our
// own numbers.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeRootCause } from '../../pkg/analytics/rootcause/analyze';
import { answerOf } from './nezha-eval';
import { joinNormalAndAnomalous, listCases, loadCase, readSockShopCsv, splitColumn, unitOfMetric } from './sockshop-data';
import { acAt, avgAt, caseInput, evaluateCase, healthyInput, protocolRanking, zScoreRanking } from './sockshop-eval';

const CONTAINERS = ['carts', 'carts-db', 'catalogue', 'front-end', 'orders', 'payment', 'user'];
const LATENCY = ['carts', 'catalogue'];

/** Deterministic noise in [-1, 1). */
function noise(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 31) - 1;
}

/** One recording: `rows` seconds from `t0`, every container at its level; `fault` bends one column. */
function recording(t0: number, rows: number, seed: number, fault?: { column: string; value: (i: number) => number }): string {
  const rnd = noise(seed);
  const cols = [
    ...CONTAINERS.map((c) => `${c}_cpu`),
    ...CONTAINERS.map((c) => `${c}_mem`),
    ...LATENCY.map((c) => `${c}_lod`),
    ...LATENCY.flatMap((c) => [`${c}_lat_50`, `${c}_lat_90`, `${c}_lat_99`]),
  ];
  const level = (col: string, k: number) =>
    col.endsWith('_cpu') ? 5 + k : col.endsWith('_mem') ? 2e8 + k * 1e7 : col.endsWith('_lod') ? 10 + k : 0.05 + 0.01 * k;
  const lines = [['time', ...cols].join(',')];
  for (let i = 0; i < rows; i++) {
    const vals = cols.map((col, k) => (fault?.column === col ? fault.value(i) : level(col, k) * (1 + 0.03 * rnd())));
    lines.push([t0 + i, ...vals].join(','));
  }
  return lines.join('\n') + '\n';
}

const root = mkdtempSync(path.join(tmpdir(), 'sockshop-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function writeRcdCase(kind: string, n: number, fault: { column: string; value: (i: number) => number }, seed: number) {
  const dir = path.join(root, 'sock-shop-data', kind, String(n));
  mkdirSync(dir, { recursive: true });
  // As in the real data, the fault-free rows were recorded days before the faulty ones.
  writeFileSync(path.join(dir, 'normal.csv'), recording(1_652_565_600 + n * 1000, 290, seed));
  writeFileSync(path.join(dir, 'anomalous.csv'), recording(1_652_812_675 + n * 1000, 280, seed + 1, fault));
}

// A CPU hog on carts, a memory leak on payment, a CPU hog on carts' database (counted as carts).
writeRcdCase('carts-cpu', 1, { column: 'carts_cpu', value: () => 100 }, 1);
writeRcdCase('payment-mem', 1, { column: 'payment_mem', value: (i) => 2.5e8 + i * 2e6 }, 3);
writeRcdCase('carts-cpu', 2, { column: 'carts-db_cpu', value: () => 95 }, 5);

describe('Sock Shop format readers', () => {
  it('splits columns into container and metric and knows their units', () => {
    expect(splitColumn('carts-db_lat_90')).toEqual({ container: 'carts-db', metric: 'lat_90' });
    expect(splitColumn('time')).toBeNull();
    expect([unitOfMetric('cpu'), unitOfMetric('mem'), unitOfMetric('lat_99'), unitOfMetric('err'), unitOfMetric('lod')]).toEqual(['percent', 'bytes', 's', 'ratio', undefined]);
  });
  it('reads times in ms, empty and infinite values as null, and rejects a file without times', () => {
    const t = readSockShopCsv('time,carts_cpu,carts_lat_90\n10,1.5,\n11,2,inf\n', 'x');
    expect(t.times).toEqual([10_000, 11_000]);
    expect(t.columns.get('carts_cpu')).toEqual([1.5, 2]);
    expect(t.columns.get('carts_lat_90')).toEqual([null, null]);
    expect(() => readSockShopCsv('a,b\n1,2\n', 'x')).toThrow(/no time column/);
  });
  it('joins the two recordings so the fault-free rows end one step before the onset', () => {
    const { table, at } = joinNormalAndAnomalous(readSockShopCsv('time,a_cpu\n100,1\n101,2\n', 'n'), readSockShopCsv('time,a_cpu,b_cpu\n500,9,3\n501,9,3\n', 'a'));
    expect(at).toBe(500_000);
    expect(table.times).toEqual([498_000, 499_000, 500_000, 501_000]);
    expect(table.columns.get('a_cpu')).toEqual([1, 2, 9, 9]);
    expect(table.columns.get('b_cpu')).toEqual([null, null, 3, 3]);
  });
  it('reads RCAEval\'s layout (data.csv + inject_time.txt) the same way', () => {
    const dir = path.join(root, 'rcaeval', 'carts_cpu', '1');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'data.csv'), 'time,carts_cpu\n100,1\n101,1\n102,90\n');
    writeFileSync(path.join(dir, 'inject_time.txt'), '102\n');
    const c = loadCase(path.join(root, 'rcaeval'), 'carts_cpu/1');
    expect([c.service, c.fault, c.at, c.start, c.end]).toEqual(['carts', 'cpu', 102_000, 100_000, 102_000]);
  });
});

describe('Sock Shop protocol', () => {
  it('maps databases to their service and drops repeats', () => {
    expect(protocolRanking(['carts-db', 'front-end', 'carts', 'orders-db', 'orders'])).toEqual(['carts', 'front-end', 'orders']);
  });
  it('computes AC@k and Avg@k as the paper defines them', () => {
    const r = [{ position: 1 }, { position: 3 }, { position: null }, { position: 6 }];
    expect([acAt(r, 1), acAt(r, 3), acAt(r, 5)]).toEqual([0.25, 0.5, 0.5]);
    expect(avgAt(r, 5)).toBeCloseTo((0.25 + 0.25 + 0.5 + 0.5 + 0.5) / 5);
  });
  it('scores n-sigma and BARO upward only, as RCAEval does (a drop names nobody)', () => {
    const times = Array.from({ length: 20 }, (_, i) => i * 1000);
    const series = (service: string, values: number[]) => ({ signal: 'cpu', labels: { service }, times, values });
    const wobble = (i: number) => (i % 3) * 0.1;
    const input = {
      window: { start: 10_000, end: 19_000 },
      candidates: [series('a', times.map((_, i) => (i < 10 ? 10 + wobble(i) : 1 + wobble(i)))), series('b', times.map((_, i) => (i < 10 ? 10 + wobble(i) : 11 + wobble(i))))],
    };
    expect(zScoreRanking(input, 'nsigma')).toEqual(['b', 'a']);
    expect(zScoreRanking(input, 'baro')).toEqual(['b', 'a']);
  });
  it('drops the median and p99 latency columns and keeps 300 s each side of the onset', () => {
    const c = loadCase(root, 'carts-cpu/1');
    const input = caseInput(c);
    expect(input.candidates.some((s) => s.signal === 'lat_50' || s.signal === 'lat_99')).toBe(false);
    expect(input.candidates.some((s) => s.signal === 'lat_90')).toBe(true);
    expect(input.window.start).toBe(c.at);
    expect(input.baselineStart).toBe(c.at - 290_000);
    expect(caseInput(c, undefined, 60_000).window.start).toBe(c.at + 60_000);
  });
});

describe('our ranking on cases in the Sock Shop format', () => {
  it('lists the cases of the RCD layout', () => {
    expect(listCases(root)).toEqual(['carts-cpu/1', 'carts-cpu/2', 'payment-mem/1']);
  });
  for (const [id, service] of [
    ['carts-cpu/1', 'carts'],
    ['payment-mem/1', 'payment'],
    ['carts-cpu/2', 'carts'],
  ] as const) {
    it(`names ${service} first for ${id}, as n-sigma and BARO do`, () => {
      const c = loadCase(root, id);
      const r = evaluateCase(c, analyzeRootCause);
      expect(r.ranked[0]).toBe(service);
      expect(r.position).toBe(1);
      expect(r.noCause).toBe(false);
      expect(zScoreRanking(caseInput(c), 'nsigma')[0]).toBe(service);
      expect(zScoreRanking(caseInput(c), 'baro')[0]).toBe(service);
    });
  }
  it('answers "no cause" on the fault-free rows', () => {
    for (const id of listCases(root)) expect(answerOf(analyzeRootCause(healthyInput(loadCase(root, id)))).noCause).toBe(true);
  });
});
