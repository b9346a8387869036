import type { DetectColumns, Seasonality } from './detect';

/** Checks the options every detector takes; throws a RangeError naming the bad one. */
export function checkCommonOptions(sensitivity: number, seasonality: Seasonality): void {
  if (!(sensitivity >= 0 && sensitivity <= 1)) throw new RangeError(`anomaly sensitivity must be between 0 and 1, got ${sensitivity}`);
  if (!['auto', 'none', 'daily', 'weekly'].includes(seasonality)) {
    throw new RangeError(`anomaly seasonality must be auto, none, daily or weekly, got "${seasonality}"`);
  }
}

/** Output columns for n points before detection: NaN bands, zero scores and flags, no windows. */
export function emptyColumns(n: number, bandK: number, threshold: number): DetectColumns {
  return {
    expected: new Float64Array(n).fill(Number.NaN),
    lower: new Float64Array(n).fill(Number.NaN),
    upper: new Float64Array(n).fill(Number.NaN),
    score: new Float64Array(n),
    flag: new Uint8Array(n),
    windows: [],
    notices: [],
    stepMs: Number.NaN,
    bandK,
    threshold,
  };
}
