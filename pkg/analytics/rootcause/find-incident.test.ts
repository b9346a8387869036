import { describe, expect, it } from 'vitest';
import { findIncident, recencyWeight, relativeFloorFor, shiftIncidents, silenceIncidents } from './find-incident';
import { incidentFloorFor } from './floors';
import type { SignalSeries } from './types';

const T0 = Date.parse('2026-11-20T12:00:00Z');
const STEP = 15_000;
/** Deterministic noise in [-1, 1). */
const noise = (i: number) => (((i * 2654435761) >>> 0) % 1000) / 500 - 1;

function series(values: Array<number | null>, labels: Record<string, string> = {}, signal = 'ttft'): SignalSeries {
  return { signal, labels, times: values.map((_, i) => T0 + i * STEP), values };
}
const gen = (n: number, f: (i: number) => number | null) => Array.from({ length: n }, (_, i) => f(i));
const latency = { floor: incidentFloorFor('ttft') };

describe('findIncident', () => {
  it('ignores a 15 s blip at the very start of the range (no baseline) and finds the sustained shift', () => {
    // 2 h at 15 s: a spike in the first sample, a 4× step for the last 30 minutes.
    const v = gen(480, (i) => (i === 0 ? 5 : i >= 360 ? 0.89 + 0.01 * noise(i) : 0.22 + 0.004 * noise(i)));
    const { best } = findIncident([series(v, { instance: 'a' })], latency);
    expect(best).toMatchObject({ kind: 'shift', direction: 'up', start: T0 + 360 * STEP, end: T0 + 479 * STEP, ongoing: true });
  });

  it('prefers a real sustained shift over a small late wobble, and a wobble alone is no incident', () => {
    const v = gen(480, (i) => (i >= 120 && i < 300 ? 0.5 : 0.22) + 0.004 * noise(i) + (i >= 470 ? 0.04 : 0));
    const { best, candidates } = findIncident([series(v)], latency);
    expect(best).toMatchObject({ start: T0 + 120 * STEP, end: T0 + 299 * STEP, ongoing: false });
    // +18 % for 10 samples: below the short-run floor of 25 %.
    expect(candidates.filter((c) => c.start >= T0 + 400 * STEP)).toEqual([]);
    const wobble = gen(480, (i) => 0.22 + 0.004 * noise(i) + (i >= 470 ? 0.04 : 0));
    expect(findIncident([series(wobble)], latency).best).toBeNull();
  });

  it('does not call a one-bucket wobble of a quantized histogram quantile an incident', () => {
    // p95 snaps between 0.217 and 0.225, with a dip to 0.210 an hour in (seen in the field).
    const v = gen(480, (i) => (i === 240 || i === 241 ? 0.21 : i % 7 === 0 ? 0.225 : 0.217));
    expect(findIncident([series(v)], latency).best).toBeNull();
  });

  it('finds a +17 % ITL shift sustained for 48 minutes', () => {
    const v = gen(480, (i) => (i >= 288 ? 0.0234 : 0.02) * (1 + 0.01 * noise(i)));
    const { best } = findIncident([series(v, { model: 'm' }, 'itl')], { floor: incidentFloorFor('itl') });
    expect(best).toMatchObject({ kind: 'shift', start: T0 + 288 * STEP, ongoing: true });
    expect(best!.relativeChange).toBeCloseTo(0.17, 1);
    // The same +17 % for 5 minutes is a wobble.
    const short = gen(480, (i) => (i >= 300 && i < 320 ? 0.0234 : 0.02) * (1 + 0.01 * noise(i)));
    expect(findIncident([series(short, {}, 'itl')], { floor: incidentFloorFor('itl') }).best).toBeNull();
  });

  it('searches constituents: the instance whose step the fleet total dilutes', () => {
    const calm = (k: number) => gen(480, (i) => 0.3 + 0.005 * noise(i + k));
    const hot = gen(480, (i) => (i >= 400 ? 1.2 : 0.3) + 0.005 * noise(i));
    const fleet = gen(480, (i) => 0.3 + (i >= 400 ? 0.05 : 0) + 0.005 * noise(i));
    const { best } = findIncident([series(fleet), series(calm(1), { instance: 'a' }), series(hot, { instance: 'b' }), series(calm(2), { instance: 'c' })], latency);
    expect(best).toMatchObject({ labels: { instance: 'b' }, start: T0 + 400 * STEP, ongoing: true });
  });

  it('reports an ended incident with its end', () => {
    const v = gen(480, (i) => (i >= 200 && i < 260 ? 2 : 0.5) + 0.01 * noise(i));
    expect(findIncident([series(v)], latency).best).toMatchObject({ start: T0 + 200 * STEP, end: T0 + 259 * STEP, ongoing: false });
  });

  it('treats a series that stops reporting as an incident, ongoing to the end of the data', () => {
    const up = gen(480, (i) => 0.3 + 0.005 * noise(i));
    const down = gen(480, (i) => (i < 420 ? 0.3 + 0.005 * noise(i) : null));
    const { best } = findIncident([series(up, { instance: 'a' }), series(down, { instance: 'b' })], latency);
    expect(best).toMatchObject({ kind: 'stopped_reporting', labels: { instance: 'b' }, start: T0 + 420 * STEP, end: T0 + 479 * STEP, ongoing: true });
    // A gap in the middle is an outage that ended.
    const gap = gen(480, (i) => (i >= 300 && i < 340 ? null : 0.3));
    expect(silenceIncidents(series(gap), 0)).toMatchObject([{ kind: 'stopped_reporting', start: T0 + 300 * STEP, end: T0 + 339 * STEP, ongoing: false }]);
  });

  it('does not call a gap that every series shares an incident (the monitoring was down, not the target)', () => {
    // Both series silent for 10 minutes, then back: nothing kept reporting, so nothing says the target failed.
    const gapped = (k: number) => gen(480, (i) => (i >= 300 && i < 340 ? null : 0.3 + 0.005 * noise(i + k)));
    expect(findIncident([series(gapped(0), { instance: 'a' }), series(gapped(7), { instance: 'b' })], latency).best).toBeNull();
    // One series silent while its peer reports: that instance was down.
    const up = gen(480, (i) => 0.3 + 0.005 * noise(i));
    const { best } = findIncident([series(up, { instance: 'a' }), series(gapped(7), { instance: 'b' })], latency);
    expect(best).toMatchObject({ kind: 'stopped_reporting', labels: { instance: 'b' }, start: T0 + 300 * STEP, end: T0 + 339 * STEP, ongoing: false });
  });

  it('weights recency mildly: ×1 still going, ×0.875 when it ended halfway through the range', () => {
    expect(recencyWeight(T0 + 479 * STEP, T0, 479 * STEP)).toBe(1);
    expect(recencyWeight(T0 + 240 * STEP, T0, 480 * STEP)).toBeCloseTo(0.875, 5);
    expect(recencyWeight(T0, T0, 480 * STEP)).toBe(0.75);
  });

  it('does not call a renamed series (rollout to a new model name) down', () => {
    const old = gen(480, (i) => (i < 300 ? 0.3 : null));
    const renamed = gen(480, (i) => (i >= 300 ? 0.3 : null));
    const { candidates } = findIncident([series(old, { model: 'm-v1' }), series(renamed, { model: 'm-v2' })], latency);
    expect(candidates.filter((c) => c.kind === 'stopped_reporting')).toEqual([]);
  });

  it('finds nothing on healthy data', () => {
    const v = gen(960, (i) => 0.4 + 0.05 * Math.sin((2 * Math.PI * i) / 960) + 0.01 * noise(i));
    expect(findIncident([series(v)], latency).best).toBeNull();
    expect(findIncident([], latency).best).toBeNull();
  });

  it('judges a run against the floor for its length', () => {
    expect(relativeFloorFor(incidentFloorFor('ttft'), 2)).toBeCloseTo(0.241, 3);
    expect(relativeFloorFor(incidentFloorFor('ttft'), 48)).toBe(0.12);
    // Error ratio moves in absolute points: 1 % → 3 % (aborts wander) is not an incident, 1 % → 8 % is.
    const small = gen(480, (i) => (i >= 300 ? 0.03 : 0.01) + 0.001 * noise(i));
    const big = gen(480, (i) => (i >= 300 ? 0.08 : 0.01) + 0.001 * noise(i));
    expect(shiftIncidents(series(small, {}, 'error_ratio'), 0, { floor: incidentFloorFor('error_ratio') })).toEqual([]);
    expect(shiftIncidents(series(big, {}, 'error_ratio'), 0, { floor: incidentFloorFor('error_ratio') })).toHaveLength(1);
  });
});

describe('findIncident with history before the asked range (searchFrom)', () => {
  // 3 hours at 15 s: a longer earlier incident (40 min, 2 h before the end), the one asked about later.
  const values = gen(720, (i) => (i >= 200 && i < 360 ? 1.5 : i >= 580 && i < 640 ? 1.2 : 0.3) * (1 + 0.02 * noise(i)));
  const s = series(values);
  const askedFrom = T0 + 480 * STEP; // the last hour

  it('finds only incidents that reach into the asked range', () => {
    const all = findIncident([s], latency);
    expect(all.best?.start).toBe(T0 + 200 * STEP); // the longer, earlier one wins without the bound
    const asked = findIncident([s], { ...latency, searchFrom: askedFrom });
    expect(asked.best?.start).toBe(T0 + 580 * STEP);
    expect(asked.candidates.every((c) => c.end >= askedFrom)).toBe(true);
  });

  it('does not report an incident that mostly lies before the asked range', () => {
    // The later incident (580–640) asked about from 620: two thirds of it came before.
    const late = findIncident([s], { ...latency, searchFrom: T0 + 620 * STEP });
    expect(late.candidates.some((c) => c.start === T0 + 580 * STEP)).toBe(false);
  });
});
