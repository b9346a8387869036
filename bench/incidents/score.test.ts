// Scoring rules of the incident suite on hand-made answers.
import { describe, expect, it } from 'vitest';
import type { GroundTruthFault } from '../../simulator/src';
import type { QueryJsonResult } from '../../test/host';
import { storageShiftMs } from './load';
import { missedGoals, type SuiteNumbers } from './run-suite';
import { CONTROL_SLOT, DAY, dayStartMs, HOUR, WEEK } from './scenarios';
import { domainOf, isNoCause, rcaCorrect, readRootcause, scoreDetection, scoreDomain, visibleAt, type AnomalyAnswer } from './score';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 7, 14);

function fault(over: Partial<GroundTruthFault> = {}): GroundTruthFault {
  return {
    id: 'f',
    kind: 'kv_cache_saturation',
    description: '',
    start: '',
    end: '',
    startMs: T0,
    endMs: T0 + 10 * MIN,
    inRange: true,
    target: { models: ['m'], instances: ['a:8000'], pods: ['a'], namespace: 'ns', hostnames: ['h'], gpus: [{ hostname: 'h', gpu: '0', UUID: 'GPU-1', modelName: 'L4' }] },
    signals: [],
    directions: {},
    params: {},
    rampMs: 0,
    ...over,
  };
}

/** One series at a 1-minute step from T0 − 5 min to T0 + 15 min, flagged at the given minutes (relative to T0). */
function answer(instance: string, flaggedMinutes: number[], band: [number, number] = [0, 1]): AnomalyAnswer {
  const times = Array.from({ length: 21 }, (_, i) => T0 + (i - 5) * MIN);
  return {
    stepMs: MIN,
    windows: [],
    series: [
      {
        labels: { instance },
        times,
        values: times.map(() => 0.5),
        lower: times.map(() => band[0]),
        upper: times.map(() => band[1]),
        flag: times.map((t) => (flaggedMinutes.includes((t - T0) / MIN) ? 1 : 0)),
      },
    ],
  };
}

describe('detection', () => {
  it('counts points after the onset and the flagged share of the incident', () => {
    const s = scoreDetection(answer('a:8000', [2, 3, 4, 5, 6]), fault(), 'instances', T0);
    expect(s).toEqual({ delayPoints: 2, detectedWithin3: true, shareFlagged: 0.5, affectedSeries: 1 });
  });

  it('a first flag 4 points late is not "within 3"; flags before the onset do not count; other series are ignored', () => {
    expect(scoreDetection(answer('a:8000', [-2, 4]), fault(), 'instances', T0).detectedWithin3).toBe(false);
    expect(scoreDetection(answer('b:8000', [0, 1]), fault(), 'instances', T0)).toMatchObject({ delayPoints: null, affectedSeries: 0 });
  });

  it('missing points count as not flagged (a series that stops)', () => {
    const a = answer('a:8000', [0]);
    const s = a.series[0];
    const keep = s.times.map((t) => t < T0 + MIN);
    for (const k of ['times', 'values', 'lower', 'upper', 'flag'] as const) (s[k] as unknown[]) = (s[k] as unknown[]).filter((_, i) => keep[i]);
    expect(scoreDetection(a, fault(), 'instances', T0).shareFlagged).toBeCloseTo(0.1);
  });

  it('a ramp is visible once it reached the given share', () => {
    expect(visibleAt(fault({ rampMs: 60 * MIN }), 0.25)).toBe(T0 + 15 * MIN);
  });
});

describe('domain', () => {
  it('comes from the catalog units', () => {
    expect(domainOf('ttft')).toEqual({ min: 0 });
    expect(domainOf('error_ratio')).toEqual({ min: 0, max: 1 });
    expect(domainOf('gpu_temperature')).toEqual({});
  });

  it('counts band points below 0 or above 1', () => {
    expect(scoreDomain(answer('a', [], [-0.1, 0.9]), 'ttft')).toMatchObject({ points: 21, outside: 21, seriesOutside: 1 });
    expect(scoreDomain(answer('a', [], [0, 1.2]), 'ttft').outside).toBe(0);
    expect(scoreDomain(answer('a', [], [0, 1.2]), 'kv_cache_usage').outside).toBe(21);
  });
});

describe('root cause', () => {
  const table = (ids: string[], entities: Array<Record<string, string>>, custom: Record<string, unknown> = {}): QueryJsonResult => ({
    status: 200,
    frames: [
      {
        schema: {
          name: 'rootcause',
          meta: { custom: { entities, incidentStart: T0, incidentEnd: T0 + MIN, ...custom } },
          fields: [
            { name: 'hypothesis_id', type: 'string', typeInfo: { frame: 'string' } },
            { name: 'confidence', type: 'number', typeInfo: { frame: 'float64' } },
          ],
        },
        data: { values: [ids, ids.map(() => 0.9)] },
      },
    ],
  });

  it('is right when the top hypothesis names an accepted cause on the fault’s entity', () => {
    const f = fault();
    expect(rcaCorrect(readRootcause(table(['kv_cache_saturation'], [{ instance: 'a:8000' }])), f, ['kv_cache_saturation'], false)).toBe(true);
    expect(rcaCorrect(readRootcause(table(['kv_cache_saturation'], [{ instance: 'b:8000' }])), f, ['kv_cache_saturation'], false)).toBe(false);
    expect(rcaCorrect(readRootcause(table(['gpu_overload', 'kv_cache_saturation'], [{ instance: 'a:8000' }, { instance: 'a:8000' }])), f, ['kv_cache_saturation'], false)).toBe(false);
    expect(rcaCorrect(readRootcause(table(['xid_error'], [{ hostname: 'h', gpu: '0' }])), f, ['xid_error'], false)).toBe(true);
    // A model- or fleet-level entity only for fleet-wide faults.
    expect(rcaCorrect(readRootcause(table(['traffic_surge'], [{ model: 'm' }])), f, ['traffic_surge'], true)).toBe(true);
    expect(rcaCorrect(readRootcause(table(['traffic_surge'], [{ model: 'm' }])), f, ['traffic_surge'], false)).toBe(false);
    // A fault on every instance of one model: that model is right, another model or the whole fleet is not.
    expect(rcaCorrect(readRootcause(table(['traffic_surge'], [{ model: 'm' }])), f, ['traffic_surge'], 'model')).toBe(true);
    expect(rcaCorrect(readRootcause(table(['traffic_surge'], [{ model: 'other' }])), f, ['traffic_surge'], 'model')).toBe(false);
    expect(rcaCorrect(readRootcause(table(['traffic_surge'], [{}])), f, ['traffic_surge'], 'model')).toBe(false);
  });

  it('"no incident" (today a 400, or a result saying so) and "unknown" count as no cause; a named cause does not', () => {
    expect(isNoCause(readRootcause({ status: 400, error: 'no anomaly found in "ttft" in this range: set incidentStart' }))).toBe(true);
    expect(isNoCause(readRootcause(table([], [], { incidentSource: 'none' })))).toBe(true);
    expect(isNoCause(readRootcause(table(['unknown'], [{}])))).toBe(true);
    expect(isNoCause(readRootcause(table(['traffic_surge'], [{ model: 'm' }])))).toBe(false);
    expect(readRootcause({ status: 502, error: 'upstream down' }).kind).toBe('error');
  });
});

describe('goals and time', () => {
  it('names every missed goal', () => {
    const met: SuiteNumbers = { detectedWithin3: 1, sustainedShareFlagged: 0.9, falseWindowsPerSeriesDay: 0.1, bandPointsOutsideDomain: 0, rcaTop1: 0.9, healthyNoCause: 1 };
    expect(missedGoals(met)).toEqual([]);
    expect(missedGoals({ ...met, rcaTop1: 0.5, bandPointsOutsideDomain: 3 })).toHaveLength(2);
    expect(missedGoals({ ...met, falseWindowsPerSeriesDay: NaN })).toHaveLength(1);
  });

  it('stores the scenarios whole weeks later, the newest within the last 7 days, whatever the clock', () => {
    const layoutEnd = dayStartMs(CONTROL_SLOT) + DAY;
    for (const now of [Date.UTC(2026, 11, 7, 3), Date.UTC(2027, 5, 1, 23, 59), layoutEnd + 2 * HOUR]) {
      const shift = storageShiftMs(now);
      expect(shift % WEEK).toBe(0);
      expect(now - (layoutEnd + shift)).toBeGreaterThanOrEqual(HOUR);
      expect(now - (layoutEnd + shift)).toBeLessThan(WEEK + HOUR);
    }
  });
});
