import { describe, expect, it } from 'vitest';
import { findIncident } from './find-incident';
import { flaggedIncidents } from './flagged-incidents';
import type { SignalSeries } from './types';

const STEP = 15_000;
const T0 = Date.UTC(2026, 0, 7, 11);

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32) * 2 - 1;
  };
}

/** Three hours of a noisy 15 s TTFT p95 around 0.19 s, +40 % from 2 h to 2 h 30 min. */
function ttft(unit: string | undefined, shiftFrom = 480): SignalSeries {
  const r = rng(3);
  const times: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < 720; i++) {
    times.push(T0 + i * STEP);
    const level = i >= shiftFrom && i < shiftFrom + 120 ? 0.266 : 0.19;
    values.push(level * (1 + 0.12 * r()));
  }
  return { signal: 'ttft', labels: { model: 'qwen' }, times, values, unit };
}

describe('incidents the anomaly detector flags', () => {
  it('finds a sustained +40 % shift on a noisy series as one ongoing-or-ended window with its change', () => {
    const found = flaggedIncidents(ttft('s'), 0, { dataEnd: T0 + 719 * STEP, stepMs: STEP, maxEffect: 10, maxGapPoints: 3 });
    expect(found.length).toBeGreaterThanOrEqual(1);
    const best = found.sort((a, b) => b.score - a.score)[0];
    expect(best.direction).toBe('up');
    expect(best.start).toBeGreaterThanOrEqual(T0 + 480 * STEP);
    expect(best.start).toBeLessThanOrEqual(T0 + 490 * STEP);
    expect(best.relativeChange).toBeGreaterThan(0.3);
    expect(best.ongoing).toBe(false);
  });

  it('does not take windows from the first hour of a range (no normal range learned yet)', () => {
    const early = flaggedIncidents(ttft('s', 100), 0, { dataEnd: T0 + 719 * STEP, stepMs: STEP, maxEffect: 10, maxGapPoints: 3 });
    expect(early.every((c) => c.start >= T0 + 3_600_000)).toBe(true);
  });

  it('is used by findIncident only for series of a known unit, and can be switched off', () => {
    const withUnit = findIncident([ttft('s')], { stepMs: STEP, floor: { relative: 0.2 } });
    expect(withUnit.best).not.toBeNull();
    const off = findIncident([ttft('s')], { stepMs: STEP, floor: { relative: 0.2 }, detectorWindows: false });
    const unknown = findIncident([ttft(undefined)], { stepMs: STEP, floor: { relative: 0.2 } });
    // Without the detector's windows the same series has fewer candidates (the shift finder alone).
    expect(off.candidates.length).toBe(unknown.candidates.length);
    expect(withUnit.candidates.length).toBeGreaterThan(off.candidates.length);
  });
});
