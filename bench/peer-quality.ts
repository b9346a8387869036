// Scores per-series flags against a peer group's planted fault: was the departing series found, how soon,
// for how much of the fault, and how many false windows (runs of flags outside the fault) came with it.
import type { PeerGroup } from './peer-fleets';

export interface FlagQuality {
  /** The planted series was flagged at least once inside the fault (undefined without a plant). */
  detected?: boolean;
  /** Points from the fault's start to the first flag inside it. */
  delay?: number;
  /** Share of the fault's points flagged. */
  recall?: number;
  /** Runs of flags outside the fault (counted per series; runs ≤ `mergeGap` points apart count once). */
  falseWindows: number;
  /** Flagged points outside the fault. */
  falsePoints: number;
  seriesDays: number;
}

/** Points after the fault's end that still count as the fault (persistence smoothing lags by that much). */
const TAIL = 8;

export function flagQuality(group: PeerGroup, flags: Uint8Array[], pointsPerDay: number, mergeGap = 5): FlagQuality {
  const p = group.planted;
  const inFault = (s: number, t: number) => !!p && s === p.series && t >= p.from && t < p.to + TAIL;
  let falseWindows = 0;
  let falsePoints = 0;
  flags.forEach((row, s) => {
    let lastFalse = -Infinity;
    for (let t = 0; t < row.length; t++) {
      if (!row[t] || inFault(s, t)) continue;
      falsePoints++;
      if (t - lastFalse > mergeGap) falseWindows++;
      lastFalse = t;
    }
  });
  const points = flags[0]?.length ?? 0;
  const out: FlagQuality = { falseWindows, falsePoints, seriesDays: (flags.length * points) / pointsPerDay };
  if (p) {
    const row = flags[p.series];
    let first = -1;
    let hit = 0;
    for (let t = p.from; t < p.to; t++) {
      if (!row[t]) continue;
      hit++;
      if (first < 0) first = t;
    }
    out.detected = first >= 0;
    out.delay = first >= 0 ? first - p.from : undefined;
    out.recall = hit / (p.to - p.from);
  }
  return out;
}

/** Flags from [start, end) intervals (end undefined = to the last point). */
export function flagsFromIntervals(points: number, intervals: Array<{ start: number; end?: number }>): Uint8Array {
  const row = new Uint8Array(points);
  for (const iv of intervals) row.fill(1, iv.start, iv.end ?? points);
  return row;
}

/** The same persistence rule as the peer detector, for raw per-point flags: a majority of the last `p` points. */
export function persistent(row: Uint8Array, p = 5): Uint8Array {
  const out = new Uint8Array(row.length);
  let c = 0;
  for (let t = 0; t < row.length; t++) {
    c += row[t];
    if (t >= p) c -= row[t - p];
    out[t] = c > p >> 1 ? 1 : 0;
  }
  return out;
}
