// A trend that ends in a crash is judged by the trend: GPU memory that rose steadily for tens of
// minutes and then fell back (the process died and released it) is a leak, whatever the single
// post-crash point says.
import type { LeakTrend, SignalSeries, TimeWindow } from './types';

export interface LeakOptions {
  /** How far before the window the rise may start. Default 120 min. */
  lookbackMs?: number;
  /** Shortest rise. Default 10 min. */
  minMinutes?: number;
  /** Smallest rise in the signal's unit. Default 0.03 (3 % of a ratio). */
  minRise?: number;
  /** Share of (smoothed) steps that must go up. Default 0.6. */
  minUpShare?: number;
}

/**
 * A crash that ends the incident shows on the first samples after its last deviating point, i.e. just
 * after the window: the drop is looked for this far past the window's end (the rise only inside it).
 */
const CRASH_AFTER_MS = 5 * 60_000;

export function leakTrend(s: SignalSeries, window: TimeWindow, opts: LeakOptions = {}): LeakTrend | null {
  const from = window.start - (opts.lookbackMs ?? 120 * 60_000);
  const t: number[] = [];
  const v: number[] = [];
  /** Points up to the window's end; the rest (up to CRASH_AFTER_MS later) only for the drop. */
  let inside = 0;
  for (let i = 0; i < s.times.length; i++) {
    const x = s.values[i];
    if (x === null || !Number.isFinite(x) || s.times[i] < from || s.times[i] > window.end + CRASH_AFTER_MS) continue;
    t.push(s.times[i]);
    v.push(x);
    if (s.times[i] <= window.end) inside = t.length;
  }
  if (inside < 8) return null;
  // The peak that the rise leads to: the highest point before the last crash in the window (or the end).
  let p = 0;
  for (let i = 1; i < inside; i++) if (v[i] >= v[p]) p = i;
  let low = 0;
  for (let i = 1; i < p; i++) if (v[i] < v[low]) low = i;
  // The climb starts where the value last sat near its low (a flat stretch before it is not the trend).
  const near = v[low] + 0.1 * (v[p] - v[low]);
  let a = low;
  for (let i = low; i < p; i++) if (v[i] <= near) a = i;
  const rise = v[p] - v[a];
  const minutes = (t[p] - t[a]) / 60_000;
  if (minutes < (opts.minMinutes ?? 10) || rise < (opts.minRise ?? 0.03)) return null;
  // Steps over a few samples, so scrape noise does not hide a steady climb.
  const k = Math.max(1, Math.floor((p - a) / 20));
  let up = 0;
  let steps = 0;
  let biggest = 0;
  for (let i = a; i + k <= p; i += k) {
    const d = v[i + k] - v[i];
    steps++;
    if (d > 0) up++;
    biggest = Math.max(biggest, d);
  }
  const upShare = steps ? up / steps : 0;
  // A step change (one jump) is not a leak.
  if (upShare < (opts.minUpShare ?? 0.6) || biggest > 0.5 * rise) return null;
  let drop = -1;
  for (let i = p + 1; i < v.length; i++) {
    if (v[i] <= v[p] - 0.5 * rise) {
      drop = i;
      break;
    }
  }
  return {
    signal: s.signal,
    labels: s.labels,
    riseStart: t[a],
    peakTime: t[p],
    startValue: v[a],
    peakValue: v[p],
    minutes,
    upShare,
    dropTime: drop >= 0 ? t[drop] : null,
    dropValue: drop >= 0 ? v[drop] : null,
  };
}

/** Leaks of the memory signals that peak or crash within (or just before) the window, largest rise first. */
export function leakTrends(series: SignalSeries[], window: TimeWindow, signals = ['gpu_memory_used_ratio'], opts: LeakOptions = {}): LeakTrend[] {
  const near = window.start - 15 * 60_000;
  return series
    .filter((s) => signals.includes(s.signal))
    .map((s) => leakTrend(s, window, opts))
    .filter((l): l is LeakTrend => l !== null && (l.dropTime ?? l.peakTime) >= near)
    .sort((x, y) => y.peakValue - y.startValue - (x.peakValue - x.startValue));
}
