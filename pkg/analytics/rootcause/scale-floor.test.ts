import { describe, expect, it } from 'vitest';
import { rankMovements, scoreMovement, kthLargestDeviation, peerFloors } from './robust';
import { meanMagnitude, medianPositive, unitFloor, unitOf } from './scale-floor';
import type { SignalSeries } from './types';

const s = (signal: string, values: number[], service = 'a', unit?: string): SignalSeries => ({
  signal,
  labels: { service },
  times: values.map((_, i) => i * 1000),
  values,
  unit,
});

describe('unitOf / unitFloor', () => {
  it('takes the declared unit first, else reads the name', () => {
    expect(unitOf('anything', 'ms')).toBe('milliseconds');
    expect(unitOf('PodServerLatencyP90(s)')).toBe('seconds');
    expect(unitOf('http_server_duration_ms')).toBe('milliseconds');
    expect(unitOf('CpuUsageRate(%)')).toBe('percent');
    expect(unitOf('kv_cache_usage')).toBe('ratio');
    expect(unitOf('NetworkReceiveBytes')).toBe('bytes');
    expect(unitOf('SyscallRead')).toBe('unknown');
  });
  it('gives a positive floor for known units and none for unknown ones', () => {
    expect(unitFloor('seconds')).toBe(0.001);
    expect(unitFloor('percent')).toBe(0.5);
    expect(unitFloor('unknown')).toBe(0);
  });
});

describe('helpers', () => {
  it('meanMagnitude skips null and non-finite values', () => {
    expect(meanMagnitude([-2, 2, null, NaN, 5])).toBe(3);
    expect(meanMagnitude([])).toBe(0);
  });
  it('medianPositive', () => {
    expect(medianPositive([0, 3, 1, 0, 2])).toBe(2);
    expect(medianPositive([0, 0])).toBe(0);
  });
  it('kthLargestDeviation counts only deviations in the direction', () => {
    expect(kthLargestDeviation([5, 1, 9, 0], 4, 2, 'up', 2)).toBe(3);
    expect(kthLargestDeviation([5, 1, 9, 0], 4, 2, 'down', 1)).toBe(2);
    expect(kthLargestDeviation([5, 1, 9, 0], 4, 2, 'down', 3)).toBe(0);
  });
});

describe('scale floors in scoring', () => {
  const w = { start: 6000, end: 8000 };
  it('a latency flat at 0 that moves 0.4 ms scores below the threshold (1 ms unit floor)', () => {
    const m = scoreMovement(s('client_latency_seconds', [0, 0, 0, 0, 0, 0, 0.0004, 0.0004, 0]), w, { persistence: 2 })!;
    expect(m.score).toBeCloseTo(0.4, 6);
  });
  it('a baseline constant but for blips is measured by its mean absolute deviation, not IQR 0', () => {
    const m = scoreMovement(s('SyscallRead', [0, 0, 0, 0, 0, 60, 30, 30, 30]), w)!;
    expect(m.scale).toBe(10);
    expect(m.score).toBe(3);
  });
  it('peer floor: a series flat at 0 is measured against what the signal means on other entities', () => {
    const peers = [s('ops', [100, 100, 100, 100, 100, 100, 100, 100, 100], 'b'), s('ops', [0, 0, 0, 0, 0, 0, 1, 1, 1], 'c')];
    expect(peerFloors(peers).get('ops')).toBeCloseTo(0.02 * (100 + 1 / 3) / 2 + 0.02 * 0, 9);
    const ranked = rankMovements(peers, w);
    const c = ranked.find((m) => m.labels.service === 'c')!;
    // Without the peer floor the scale would be 1 % of its own magnitude (0.0033) and the score 300.
    expect(c.score).toBeLessThan(2);
  });
  it('a real shift outranks a flat-at-zero wobble', () => {
    const ranked = rankMovements(
      [s('PodClientLatencyP90(s)', [0, 0, 0, 0, 0, 0, 0.002, 0.002, 0.002], 'leaf'), s('PodServerLatencyP90(s)', [0.1, 0.11, 0.1, 0.12, 0.1, 0.11, 0.5, 0.5, 0.5], 'slow')],
      w
    );
    expect(ranked[0].labels.service).toBe('slow');
  });
  it('counts the incident points beyond the threshold', () => {
    const m = scoreMovement(s('x_seconds', [1, 1.1, 1, 1.1, 1, 1.1, 9, 1, 9]), w)!;
    expect([m.deviatingPoints, m.incidentPoints]).toEqual([2, 3]);
  });
  it('persistence 2 ignores a single outlying point', () => {
    const single = s('x_seconds', [1, 1.1, 1, 1.1, 1, 1.1, 9, 1, 1]);
    expect(scoreMovement(single, w)!.score).toBeGreaterThan(50);
    expect(scoreMovement(single, w, { persistence: 2 })!.score).toBeLessThan(1);
  });
});
