import { SortedWindow } from './sorted-window';

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
    this.values = new SortedWindow(capacity);
    this.diffs = new SortedWindow(capacity);
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
}
