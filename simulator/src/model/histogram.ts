// Histogram accumulation without sampling individual requests: each step adds `count × CDF(le)` expected
// observations to every bucket, with a log-normal latency/size distribution. Exposed values are floors of
// these running sums, so buckets are integers, cumulative in `le`, and never decrease over time.

export interface Dist {
  /** Observations this step. */
  count: number;
  /** Mean of the observed value. */
  mean: number;
  /** Log-space standard deviation (spread). */
  sigma: number;
}

export interface HistAcc {
  /** Expected cumulative observations ≤ each bound. */
  buckets: Float64Array;
  count: number;
  sum: number;
}

export function newHist(bounds: readonly number[]): HistAcc {
  return { buckets: new Float64Array(bounds.length), count: 0, sum: 0 };
}

export function cloneHist(h: HistAcc): HistAcc {
  return { buckets: h.buckets.slice(), count: h.count, sum: h.sum };
}

/** erf via Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7), plenty for bucket fractions. */
export function erf(x: number): number {
  const s = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}

/** P(X ≤ x) for a log-normal with the given mean and log-space sigma. */
export function lognormalCdf(x: number, mean: number, sigma: number): number {
  if (x <= 0) return 0;
  if (mean <= 0) return 1;
  const mu = Math.log(mean) - (sigma * sigma) / 2;
  return 0.5 * (1 + erf((Math.log(x) - mu) / (sigma * Math.SQRT2)));
}

const LOG_BOUNDS = new WeakMap<readonly number[], Float64Array>();

function logBounds(bounds: readonly number[]): Float64Array {
  let lb = LOG_BOUNDS.get(bounds);
  if (!lb) LOG_BOUNDS.set(bounds, (lb = Float64Array.from(bounds, (b) => (b > 0 ? Math.log(b) : -Infinity))));
  return lb;
}

/** Returns a new accumulator with one step's observations added. */
export function observe(prev: HistAcc, bounds: readonly number[], d: Dist): HistAcc {
  const next = cloneHist(prev);
  if (!(d.count > 0) || !Number.isFinite(d.mean) || d.mean <= 0) return next;
  const lb = logBounds(bounds);
  const mu = Math.log(d.mean) - (d.sigma * d.sigma) / 2;
  const scale = 1 / (d.sigma * Math.SQRT2);
  const out = next.buckets;
  for (let j = 0; j < lb.length; j++) {
    const z = (lb[j] - mu) * scale;
    // Far tails contribute nothing measurable: skip the erf there (most buckets, most steps).
    if (z < -6) continue;
    out[j] += z > 6 ? d.count : d.count * 0.5 * (1 + erf(z));
  }
  next.count += d.count;
  next.sum += d.count * d.mean;
  return next;
}

/** Quantile of a log-normal (for traces: a request's value drawn at probability u). */
export function lognormalQuantile(u: number, mean: number, sigma: number): number {
  const mu = Math.log(Math.max(mean, 1e-9)) - (sigma * sigma) / 2;
  return Math.exp(mu + sigma * inverseNormal(Math.min(0.9999, Math.max(0.0001, u))));
}

/** Acklam's rational approximation of the standard normal quantile. */
export function inverseNormal(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - pl) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}
