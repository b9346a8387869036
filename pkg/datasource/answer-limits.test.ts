import { describe, expect, it } from 'vitest';
import type { Frame } from '../grafana/frame';
import { QueryError } from '../grafana/errors';
import { BYTES_PER_POINT, enforceAnswerLimits, frameCost, seriesThatFit } from './answer-limits';

const series = (n: number, points: number): Frame[] =>
  Array.from({ length: n }, () => ({
    fields: [
      { name: 'time', type: 'time', values: new Float64Array(points) },
      { name: 'value', type: 'number', values: new Float64Array(points) },
    ],
  }));

describe('answer limits', () => {
  it('sizes series by points and by bytes, whichever is tighter', () => {
    expect(seriesThatFit(100_000, { maxPoints: 2_000_000, maxBytes: 1e12 })).toBe(20);
    expect(seriesThatFit(1000, { maxPoints: 1e12, maxBytes: 10 * 1000 * BYTES_PER_POINT + 10 * 1024 })).toBe(10);
    expect(seriesThatFit(5_000_000, { maxPoints: 2_000_000, maxBytes: 1e12 })).toBe(0);
  });

  it('keeps the frames that fit and says how many were left out', () => {
    const out = enforceAnswerLimits(series(50, 1000), { maxPoints: 10_000, maxBytes: 1e9 });
    expect(out).toHaveLength(10);
    expect(out[0]!.meta?.notices?.[0]?.text).toMatch(/Showing 10 of 50 series.*jsonData\.maxPointsPerQuery/);
    const small = series(3, 10);
    expect(enforceAnswerLimits(small, { maxPoints: 10_000, maxBytes: 1e9 })).toBe(small);
  });

  it('fails the query when even one frame is too large, naming the settings', () => {
    const big: Frame = { fields: [{ name: 's', type: 'string', values: ['x'.repeat(2_000_000)] }] };
    expect(frameCost(big).bytes).toBeGreaterThan(2_000_000);
    expect(() => enforceAnswerLimits([big], { maxPoints: 1e9, maxBytes: 1_000_000 })).toThrow(QueryError);
    expect(() => enforceAnswerLimits([big], { maxPoints: 1e9, maxBytes: 1_000_000 })).toThrow(/jsonData\.maxAnswerMB/);
  });
});
