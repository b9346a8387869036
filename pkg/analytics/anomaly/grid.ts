import { inferStepMs } from './sampling';

/**
 * A series placed on a regular time grid: gaps become NaN slots, so running statistics and seasonal phases
 * line up. Shared by the detectors.
 */
export interface RegularGrid {
  /** Inferred sampling step (ms). */
  step: number;
  /** Grid slot of each input point (non-decreasing). */
  slotOf: Int32Array;
  /** Values per slot; NaN = no sample. */
  values: Float64Array;
}

/** Grids longer than this multiple of the point count mean the series is too sparse to regularise. */
const MAX_GRID_EXPANSION = 4;

/** Checks the inputs and places them on a grid; remarks for the user go to `notices`. n ≥ 2. */
export function regularGrid(t: ArrayLike<number>, v: ArrayLike<number | null>, notices: string[]): RegularGrid {
  const n = t.length;
  const step = inferStepMs(t);
  const slotOf = new Int32Array(n);
  let gridLength = n;
  const span = Math.round((t[n - 1] - t[0]) / step) + 1;
  if (span <= MAX_GRID_EXPANSION * n) {
    gridLength = span;
    const t0 = t[0];
    const invStep = 1 / step;
    for (let i = 0; i < n; i++) slotOf[i] = Math.round((t[i] - t0) * invStep);
  } else {
    for (let i = 0; i < n; i++) slotOf[i] = i;
    notices.push('sampling is too irregular to place on a time grid; points are treated as evenly spaced');
  }
  const values = new Float64Array(gridLength).fill(Number.NaN);
  let finite = 0;
  for (let i = 0; i < n; i++) {
    const x = v[i];
    if (typeof x === 'number' && x - x === 0) {
      values[slotOf[i]] = x;
      finite++;
    }
  }
  if (gridLength > n) notices.push(`${gridLength - n} missing samples (gaps) at a ${formatStep(step)} step`);
  if (finite < n) notices.push(`${n - finite} null or non-numeric values treated as gaps`);
  return { step, slotOf, values };
}

/** Validates timestamps and values of a detector input. */
export function checkSeries(t: ArrayLike<number>, v: ArrayLike<unknown>): void {
  if (t.length !== v.length) {
    throw new RangeError(`anomaly detection needs one value per timestamp: ${t.length} timestamps, ${v.length} values`);
  }
  for (let i = 0; i < t.length; i++) {
    if (!Number.isFinite(t[i])) throw new RangeError(`timestamp ${i} is not a finite number`);
    if (i > 0 && t[i] < t[i - 1]) {
      throw new RangeError(`timestamps must be ascending: t[${i}] = ${t[i]} is before t[${i - 1}] = ${t[i - 1]}`);
    }
  }
}

export function formatStep(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
