// Inputs and the baseline loop shared by the anomaly benches.

/** A daily sine with noise at `stepMs`; `extra(i)` adds anomalies (spikes, incidents) at point i. */
export function syntheticSeries(n: number, stepMs: number, seed: number, extra: (i: number) => number): { t: Float64Array; v: Float64Array } {
  let s = seed;
  const u = () => (s = (s * 48271) % 2147483647) / 2147483647;
  const day = 86_400_000 / stepMs;
  const t = new Float64Array(n);
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    t[i] = 1_700_000_000_000 + i * stepMs;
    v[i] = 100 + 20 * Math.sin((2 * Math.PI * i) / day) + 3 * (u() + u() + u() - 1.5) + extra(i);
  }
  return { t, v };
}

/** The baseline every anomaly bench compares against: a plain EWMA z-score loop. */
export function ewmaZ(values: Float64Array, alpha: number): Float64Array {
  const out = new Float64Array(values.length);
  let mean = values[0];
  let variance = 0;
  for (let i = 1; i < values.length; i++) {
    const diff = values[i] - mean;
    const sd = Math.sqrt(variance);
    out[i] = sd > 0 ? Math.abs(diff) / sd : 0;
    const incr = alpha * diff;
    mean += incr;
    variance = (1 - alpha) * (variance + diff * incr);
  }
  return out;
}
