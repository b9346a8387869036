/**
 * Alert de-duplication. After a point fires (score ≥ trigger), the next `holdOff` points are suppressed
 * unless one beats the firing peak by `breakMargin` (a clearly bigger event; off by default because a
 * ramping score would fire twice), which fires and restarts the hold-off. Suppressed points score 0 in the returned copy, so a threshold sweep sees one detection per event.
 */
export interface HoldOffOptions {
  trigger: number;
  holdOff: number;
  breakMargin: number;
}

/** Tuned on NAB together with DEFAULT_ENSEMBLE. */
export const DEFAULT_HOLD_OFF: HoldOffOptions = {
  trigger: 0.3,
  holdOff: 200,
  breakMargin: Number.POSITIVE_INFINITY,
};

export function applyHoldOff(scores: ArrayLike<number>, opts: HoldOffOptions = DEFAULT_HOLD_OFF): Float64Array {
  const out = new Float64Array(scores.length);
  let hold = 0;
  let peak = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    if (hold > 0 && !(s >= peak + opts.breakMargin)) {
      hold--;
      continue;
    }
    if (s >= opts.trigger) {
      hold = opts.holdOff;
      peak = s;
    }
    out[i] = s;
  }
  return out;
}

/** Indices that fire after de-duplication. */
export function firingIndices(scores: ArrayLike<number>, opts: HoldOffOptions = DEFAULT_HOLD_OFF): number[] {
  const deduped = applyHoldOff(scores, opts);
  const idx: number[] = [];
  for (let i = 0; i < deduped.length; i++) if (deduped[i] >= opts.trigger) idx.push(i);
  return idx;
}
