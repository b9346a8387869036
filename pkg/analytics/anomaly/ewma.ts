/**
 * Exponentially weighted mean and variance (West's incremental form). O(1) state, one pass, online:
 * the forecast for point t uses only points before t.
 */
export class EwmaStat {
  mean = Number.NaN;
  variance = 0;
  count = 0;

  constructor(readonly alpha: number) {
    if (!(alpha > 0 && alpha <= 1)) throw new Error(`EWMA alpha must be in (0, 1], got ${alpha}`);
  }

  update(x: number): void {
    if (!Number.isFinite(x)) return;
    if (this.count === 0) {
      this.mean = x;
      this.variance = 0;
    } else {
      const diff = x - this.mean;
      const incr = this.alpha * diff;
      this.mean += incr;
      this.variance = (1 - this.alpha) * (this.variance + diff * incr);
    }
    this.count++;
  }
}

export interface EwmaForecast {
  /** Mean of the points before t (NaN until the first finite point). */
  mean: Float64Array;
  /** Standard deviation of the points before t. */
  std: Float64Array;
}

/** One-step-ahead EWMA mean/std for every point; missing (non-finite) points leave the state unchanged. */
export function ewmaForecast(values: ArrayLike<number>, alpha: number): EwmaForecast {
  const n = values.length;
  const mean = new Float64Array(n);
  const std = new Float64Array(n);
  const s = new EwmaStat(alpha);
  for (let i = 0; i < n; i++) {
    mean[i] = s.mean;
    std[i] = Math.sqrt(s.variance);
    s.update(values[i]);
  }
  return { mean, std };
}
