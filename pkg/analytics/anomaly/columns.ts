import type { DetectColumns, Seasonality } from './detect';
import { formatStep } from './grid';
import { dailyPeriod } from './sampling';
import type { SeasonalLags } from './seasonal';

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

/** Days (or weeks) of same-phase history the seasonal baselines look back over. */
const DAILY_CYCLES = 5;
const WEEKLY_CYCLES = 3;

/**
 * The seasonal cycle a detector uses at this step: none for `none` or a step too coarse for a daily
 * phase (with a notice when one was asked for), else one daily or weekly lag, ±1 phase step.
 */
export function seasonalCycle(seasonality: Seasonality, step: number, notices: string[]): SeasonalLags | null {
  if (seasonality === 'none') return null;
  const day = dailyPeriod(step);
  if (day === 0) {
    if (seasonality !== 'auto') notices.push(`a ${formatStep(step)} step is too coarse for a ${seasonality} cycle`);
    return null;
  }
  const weekly = seasonality === 'weekly';
  return { period: weekly ? 7 * day : day, cycles: weekly ? WEEKLY_CYCLES : DAILY_CYCLES, halfWidth: 1 };
}
