import { describe, expect, it } from 'vitest';
import { SortedWindow } from './sorted-window';

/** The obvious window: the last `capacity` values, sorted on every read. */
function naiveSorted(values: number[], capacity: number): number[] {
  return values.slice(-capacity).sort((a, b) => a - b);
}

/** Sorted contents with −0 read as 0: the window, like a numeric comparison, does not order them. */
function sortedContents(w: SortedWindow): number[] {
  return Array.from(w.sortedCopy(), (x) => x + 0);
}

describe('SortedWindow', () => {
  it('holds exactly the last values, sorted, through fills, evictions, ties and rebuilds', () => {
    let s = 42;
    const u = () => (s = (s * 48271) % 2147483647) / 2147483647;
    for (const capacity of [1, 2, 7, 60, 240]) {
      const w = new SortedWindow(capacity);
      const pushed: number[] = [];
      for (let i = 0; i < 3 * capacity + 50; i++) {
        // Few distinct values (ties), runs up and down (shifts both ways), negatives and zeros.
        const x = i % 5 === 0 ? Math.round(4 * u()) : i % 7 === 0 ? -0 : (u() - 0.3) * 100 + (i % 40 < 20 ? i : -i);
        w.push(x);
        pushed.push(x);
        if (i % 13 === 0 || i > 3 * capacity + 40) expect(sortedContents(w)).toEqual(naiveSorted(pushed, capacity).map((x) => x + 0));
        if (i === 2 * capacity) {
          const snap = w.snapshot();
          expect(Array.from(snap)).toEqual(pushed.slice(-capacity));
          w.restore(snap);
        }
      }
      expect(w.count).toBe(capacity);
      const last = naiveSorted(pushed, capacity);
      const m = (capacity - 1) >> 1;
      expect(w.median()).toBe(capacity % 2 ? last[m] : last[m] + (last[m + 1] - last[m]) * 0.5);
    }
  });

  it('interpolates quantiles between order statistics', () => {
    const w = new SortedWindow(4);
    for (const x of [10, 0, 30, 20, 40]) w.push(x);
    // Holds 0, 30, 20, 40 → sorted 0, 20, 30, 40.
    expect(w.quantile(0)).toBe(0);
    expect(w.quantile(0.5)).toBe(25);
    expect(w.quantile(0.25)).toBeCloseTo(15, 12);
    expect(w.quantile(1)).toBe(40);
    w.clear();
    expect(w.quantile(0.5)).toBeNaN();
  });

  it('reads its probe quantiles exactly as quantile() does, at every size', () => {
    const probes = [0.5, 0.25, 0.75, 0.05, 0.95];
    const w = new SortedWindow(50, probes);
    const out = new Float64Array(probes.length + 1);
    w.probeInto(out, 1);
    expect(Array.from(out.subarray(1)).every((x) => Number.isNaN(x))).toBe(true);
    let s = 7;
    for (let i = 0; i < 120; i++) {
      w.push((s = (s * 48271) % 2147483647) / 2147483647 - 0.5);
      if (i === 70) w.clear();
      w.probeInto(out, 1);
      expect(Array.from(out.subarray(1))).toEqual(probes.map((p) => w.quantile(p)));
    }
  });
});
