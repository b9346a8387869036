/**
 * Alert de-duplication. After a point fires (score ≥ trigger), the following points are suppressed for the
 * hold-off — `holdOff` points, or with timestamps and `holdOffMs`, that much time — unless one beats the
 * firing peak by `breakMargin` (a clearly bigger event; off by default because a ramping score would fire
 * twice), which fires and restarts the hold-off. Suppressed points score 0 in the returned copy, so a
 * threshold sweep sees one detection per event.
 */
export interface HoldOffOptions {
  trigger: number;
  /** Points suppressed after a firing point (used when no time-based hold-off applies). */
  holdOff: number;
  breakMargin: number;
  /** Time-based hold-off in ms (needs timestamps); replaces `holdOff` when a number. */
  holdOffMs?: number | null;
}

/** The product default (detect()): 200 points. */
export const DEFAULT_HOLD_OFF: HoldOffOptions = {
  trigger: 0.3,
  holdOff: 200,
  breakMargin: Number.POSITIVE_INFINITY,
};

/**
 * The NAB configuration: the same 200 points expressed as time at NAB's most common 5-minute step
 * (1,000 minutes), so series sampled every 30 minutes or irregularly get the same quiet period in hours.
 */
export const NAB_HOLD_OFF: HoldOffOptions = {
  ...DEFAULT_HOLD_OFF,
  holdOffMs: 200 * 5 * 60_000,
};

export function applyHoldOff(
  scores: ArrayLike<number>,
  opts: HoldOffOptions = DEFAULT_HOLD_OFF,
  /** Epoch ms per score; required for `holdOffMs`. */
  timestamps?: ArrayLike<number>
): Float64Array {
  const byTime = typeof opts.holdOffMs === 'number';
  if (byTime && (!timestamps || timestamps.length !== scores.length)) {
    throw new Error('a time-based hold-off needs one timestamp per score');
  }
  const holdMs = opts.holdOffMs ?? 0;
  const out = new Float64Array(scores.length);
  let hold = 0;
  let holdUntil = Number.NEGATIVE_INFINITY;
  let peak = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    const held = byTime ? timestamps![i] < holdUntil : hold > 0;
    if (held && !(s >= peak + opts.breakMargin)) {
      hold--;
      continue;
    }
    if (s >= opts.trigger) {
      hold = opts.holdOff;
      if (byTime) holdUntil = timestamps![i] + holdMs;
      peak = s;
    }
    out[i] = s;
  }
  return out;
}

/** Indices that fire after de-duplication. */
export function firingIndices(
  scores: ArrayLike<number>,
  opts: HoldOffOptions = DEFAULT_HOLD_OFF,
  timestamps?: ArrayLike<number>
): number[] {
  const deduped = applyHoldOff(scores, opts, timestamps);
  const idx: number[] = [];
  for (let i = 0; i < deduped.length; i++) if (deduped[i] >= opts.trigger) idx.push(i);
  return idx;
}
