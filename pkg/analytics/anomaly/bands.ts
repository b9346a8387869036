import type { BaselineTrace } from './ensemble';
import type { SeasonalProfile } from './seasonal';

/**
 * The user-facing band: an expected value and expected ± k·scale per point. Where the seasonal model is
 * available and fits at least as well as the EWMA one, the expected value is the same-phase median of earlier
 * cycles and the scale 1.4826·MAD of those values (Grafana's "robust" rules draw the same thing); otherwise
 * the EWMA mean and standard deviation. Both inputs come out of the detector's own passes (`seasonalProfile`
 * with scale, and `ensembleScores` with a trace), so the band costs no extra pass over the history, and it is
 * written straight into the output columns (NaN where there is no baseline yet). Online, like its inputs.
 *
 * `slotOf[i]` maps output point i to its grid slot (the grid the detector ran on).
 */
export function fillBand(
  profile: SeasonalProfile,
  trace: BaselineTrace,
  slotOf: Int32Array,
  bandK: number,
  expected: Float64Array,
  lower: Float64Array,
  upper: Float64Array
): void {
  const sMed = profile.median;
  const sScale = profile.scale;
  const { mean, sd, floor, seasonalFits } = trace;
  for (let i = 0; i < slotOf.length; i++) {
    const g = slotOf[i];
    let e = mean[g];
    let scale = sd[g];
    if (seasonalFits[g] === 1 && sScale !== null) {
      const m = sMed[g];
      const s = sScale[g];
      if (m === m && s === s) {
        e = m;
        scale = s > floor[g] ? s : floor[g];
      }
    }
    const half = bandK * scale;
    expected[i] = e;
    lower[i] = e - half;
    upper[i] = e + half;
  }
}
