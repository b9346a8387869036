import { describe, expect, it } from 'vitest';
import { analyzeRootCause } from './analyze';
import { orderBySymptom, pearson, relationToSymptom } from './symptom-relation';
import type { SignalSeries } from './types';

const STEP = 60_000;
const s = (service: string, signal: string, values: number[], unit?: string): SignalSeries => ({
  signal,
  labels: { service },
  times: values.map((_, i) => i * STEP),
  values,
  unit,
});

describe('symptom relation', () => {
  it('correlates on shared timestamps, either sign', () => {
    expect(pearson([1, 2, 3, 4], [2, 4, 6, 8], 4)).toBeCloseTo(1);
    expect(pearson([1, 2, 3, 4], [8, 6, 4, 2], 4)).toBeCloseTo(-1);
    expect(pearson([1, 1, 1], [1, 2, 3], 3)).toBe(0);
    const target = new Map([
      [0, 1],
      [STEP, 2],
      [2 * STEP, 3],
    ]);
    expect(relationToSymptom(s('a', 'x', [30, 20, 10]), [target], 0, 2 * STEP)).toBeCloseTo(1);
    expect(relationToSymptom(s('a', 'x', [30]), [target], 0, 2 * STEP)).toBeNull();
  });

  // 30 quiet minutes, then a 6-minute window. The symptom rises, falls back, rises again; `db` does the
  // same; `batch` jumps higher and stays there, whatever the symptom does.
  const base = (v: number) => Array(30).fill(v).map((x: number, i: number) => x + (i % 3) * 0.001 * v);
  const symptom = s('site', 'latency_seconds', [...base(0.1), 0.1, 0.1, 0.1, 0.5, 0.1, 0.5, 0.5, 0.1]);
  const db = s('db', 'latency_seconds', [...base(0.05), 0.05, 0.05, 0.05, 0.3, 0.05, 0.3, 0.3, 0.05]);
  const batch = s('batch', 'latency_seconds', [...base(1), 1, 1, 1, 9, 9, 9, 9, 9]);
  const window = { start: 33 * STEP, end: 37 * STEP };

  it('names the candidate that followed the symptom before one that moved further on its own', () => {
    const r = analyzeRootCause({ window, candidates: [batch, db], target: [symptom] });
    expect(r.movements.find((m) => m.labels.service === 'batch')!.score).toBeGreaterThan(r.movements.find((m) => m.labels.service === 'db')!.score);
    expect(r.movements[0].labels.service).toBe('db');
    expect(r.hypotheses[0].entity.service).toBe('db');
    // Without a target the order is by score.
    expect(analyzeRootCause({ window, candidates: [batch, db] }).movements[0].labels.service).toBe('batch');
  });

  it("puts the symptom's own entity and unit (another statistic of the same latency) after the others", () => {
    const p90Higher = s('site', 'latency_p90', symptom.values.map((v) => v! * 2) as number[]);
    // db moves less: by score alone the symptom's own p90 comes first.
    const dbSmall = s('db', 'latency_seconds', [...base(0.05), 0.05, 0.05, 0.05, 0.065, 0.05, 0.065, 0.065, 0.05]);
    expect(analyzeRootCause({ window, candidates: [p90Higher, dbSmall] }).movements[0].labels.service).toBe('site');
    const r = analyzeRootCause({ window, candidates: [p90Higher, dbSmall], target: [symptom] });
    expect(r.movements[0].labels.service).toBe('db');
    const ordered = orderBySymptom(r.movements, [p90Higher, dbSmall], [], window);
    expect(ordered).toBe(r.movements);
  });
});
