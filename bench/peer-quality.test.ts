import { describe, expect, it } from 'vitest';
import { latencyGroup, temperatureGroup } from './peer-fleets';
import { flagQuality, flagsFromIntervals, persistent } from './peer-quality';

describe('peer bench scoring', () => {
  const group = { name: 'g', series: [new Float64Array(100), new Float64Array(100)], planted: { series: 1, from: 40, to: 60 } };

  it('scores detection, delay, recall and false windows', () => {
    const flags = [new Uint8Array(100), new Uint8Array(100)];
    flags[1].fill(1, 45, 62); // inside the fault from 45, 2 points past its end (within the tail)
    flags[0].fill(1, 10, 12); // one false window …
    flags[0].fill(1, 15, 16); // … merged with this one (3 points apart)
    flags[0][50] = 1; // a second false window
    flags[1][5] = 1; // the planted series outside its fault: a third
    const q = flagQuality(group, flags, 100);
    expect(q).toEqual({ detected: true, delay: 5, recall: 15 / 20, falseWindows: 3, falsePoints: 5, seriesDays: 2 });
    expect(flagQuality(group, [new Uint8Array(100), new Uint8Array(100)], 100).detected).toBe(false);
  });

  it('turns intervals into flags and applies the majority-of-5 rule', () => {
    expect(Array.from(flagsFromIntervals(6, [{ start: 1, end: 3 }, { start: 5 }]))).toEqual([0, 1, 1, 0, 0, 1]);
    expect(Array.from(persistent(Uint8Array.from([1, 0, 1, 1, 0, 1, 0, 0, 0, 0])))).toEqual([0, 0, 0, 1, 1, 1, 1, 0, 0, 0]);
  });

  it('generates reproducible groups with the fault where asked', () => {
    const a = latencyGroup(3, 500, 11, { series: 1, from: 100, to: 200, effect: 3 });
    const b = latencyGroup(3, 500, 11);
    expect(Array.from(a.series[0])).toEqual(Array.from(b.series[0]));
    expect(a.series[1][150] / b.series[1][150]).toBeCloseTo(3, 10);
    expect(a.series[1][250]).toBe(b.series[1][250]);
    const t = temperatureGroup(8, 300, 5, { series: 2, from: 50, to: 100, effect: 15 });
    expect(t.series.every((row) => row.every((v) => Number.isInteger(v)))).toBe(true);
    expect(t.planted).toEqual({ series: 2, from: 50, to: 100 });
  });
});
