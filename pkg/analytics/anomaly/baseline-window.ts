import { SortedWindow } from './sorted-window';

/** What a band is built from: the median, the quartiles and the 5 / 95 % quantiles of the values. */
const BAND_QUANTILES = [0.5, 0.25, 0.75, 0.05, 0.95];
/** Upper and lower quartile of the differences. */
const DIFF_QUARTILES = [0.75, 0.25];

/**
 * The operational detector's baseline: the last accepted residuals (their median is the level) and, beside
 * them, their differences `lag` acceptances apart. The spread of the values alone is inflated by a slow trend
 * inside the window (a memory leak creeping up would widen its own band until it never leaves it); the spread
 * of the differences is not (a linear trend only shifts them), so it caps how much trend the band absorbs.
 */
export class BaselineWindow {
  private readonly values: SortedWindow;
  private readonly diffs: SortedWindow;
  /** The last `lag` accepted values, oldest first in ring order. */
  private readonly recent: Float64Array;
  private recentHead = 0;
  private recentCount = 0;

  constructor(
    capacity: number,
    private readonly lag: number
  ) {
    this.values = new SortedWindow(capacity, BAND_QUANTILES);
    this.diffs = new SortedWindow(capacity, DIFF_QUARTILES);
    this.recent = new Float64Array(lag);
  }

  get count(): number {
    return this.values.count;
  }

  push(x: number): void {
    this.values.push(x);
    if (this.recentCount === this.lag) {
      this.diffs.push(x - this.recent[this.recentHead]);
      this.recent[this.recentHead] = x;
      this.recentHead = this.recentHead + 1 === this.lag ? 0 : this.recentHead + 1;
    } else {
      this.recent[(this.recentHead + this.recentCount) % this.lag] = x;
      this.recentCount++;
    }
  }

  clear(): void {
    this.values.clear();
    this.diffs.clear();
    this.recentHead = 0;
    this.recentCount = 0;
  }

  snapshot(): Float64Array {
    return this.values.snapshot();
  }

  restore(values: ArrayLike<number>): void {
    this.clear();
    for (let k = 0; k < values.length; k++) this.push(values[k]);
  }

  quantile(p: number): number {
    return this.values.quantile(p);
  }

  /** Normal sigma of the lagged differences (NaN with fewer than 4): IQR / 1.349 / √2. */
  differenceSigma(): number {
    if (this.diffs.count < 4) return Number.NaN;
    return (this.diffs.quantile(0.75) - this.diffs.quantile(0.25)) / 1.349 / Math.SQRT2;
  }

  /**
   * Everything a band needs, read in one call into out[0..5]: the values' median, lower and upper quartile,
   * 5 % and 95 % quantile (as `quantile`), then `differenceSigma()`.
   */
  bandStats(out: Float64Array): void {
    this.values.probeInto(out, 0);
    if (this.diffs.count < 4) {
      out[5] = Number.NaN;
      return;
    }
    this.diffs.probeInto(out, 5);
    out[5] = (out[5] - out[6]) / 1.349 / Math.SQRT2;
  }
}
