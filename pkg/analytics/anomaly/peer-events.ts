import { medianInPlace } from './stats';

/** One run of flags on one series, for annotations and root-cause evidence. */
export interface PeerEvent {
  /** Index of the series in the input. */
  series: number;
  /**
   * First point of the departure: the first flagged point, moved back over the points just before it that
   * were already outside the band the same way (the persistence rule flags a little after the onset).
   */
  onset: number;
  /** First and last flagged point (runs at most `mergeGap` points apart are one event). */
  start: number;
  end: number;
  /** The last point flagged is the last point of the input. */
  ongoing: boolean;
  direction: 'up' | 'down';
  /** Median over the event of value ÷ peer median (null where the peer median is 0), e.g. 2.1 for "×2.1". */
  ratio: number | null;
  /** Median over the event of value − peer median, in the signal's unit, e.g. +15 °C. */
  delta: number;
  peakScore: number;
  /** Series reporting (the series itself included) at the onset. */
  peers: number;
}

export interface EventInputs {
  row: Float64Array;
  flag: Uint8Array;
  score: Float64Array;
  median: Float64Array;
  /** Band half-width per timestamp (NaN without a band). */
  half: Float64Array;
  peers: Int32Array;
}

/** Runs of flags on series `s` → events. */
export function collectEvents(s: number, x: EventInputs, mergeGap: number, out: PeerEvent[]): void {
  const { row, flag, score, median, half } = x;
  const m = row.length;
  let t = 0;
  while (t < m) {
    if (!flag[t]) {
      t++;
      continue;
    }
    const start = t;
    let end = t;
    let peak = score[t];
    for (let j = t + 1; j < m && j - end <= mergeGap; j++) {
      if (!flag[j]) continue;
      end = j;
      if (score[j] > peak) peak = score[j];
    }
    const { ratio, delta } = effect(row, median, start, end);
    const up = delta > 0;
    // Walk back over points already outside the band in the same direction (at most mergeGap of them).
    let onset = start;
    while (onset > 0 && start - onset < mergeGap) {
      const d = (row[onset - 1] - median[onset - 1]) / half[onset - 1];
      if (!(up ? d >= 1 : d <= -1)) break;
      onset--;
    }
    out.push({ series: s, onset, start, end, ongoing: end === m - 1, direction: up ? 'up' : 'down', ratio, delta, peakScore: peak, peers: x.peers[onset] });
    t = end + 1;
  }
}

/** Median ratio and difference to the peer median over [start, end]. */
function effect(row: Float64Array, median: Float64Array, start: number, end: number): { ratio: number | null; delta: number } {
  const ratios = new Float64Array(end + 1 - start);
  const deltas = new Float64Array(end + 1 - start);
  let nr = 0;
  let nd = 0;
  for (let t = start; t <= end; t++) {
    const d = row[t] - median[t];
    if (d !== d) continue;
    deltas[nd++] = d;
    if (median[t] !== 0) ratios[nr++] = row[t] / median[t];
  }
  return { ratio: nr > 0 ? medianInPlace(ratios, nr) : null, delta: nd > 0 ? medianInPlace(deltas, nd) : Number.NaN };
}
