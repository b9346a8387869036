// Sample-level pieces of the Prometheus API format, shared by the JSON.parse path (prometheus.ts) and the
// one-pass matrix scanner (prometheus-matrix-scan.ts).

export type Labels = Record<string, string>;

/**
 * A series' labels as a prototype-free object: a label named `constructor`, `toString` or `__proto__`
 * (or a user's groupBy/legend naming one) must read as the label or as absent, never as Object's own.
 */
export function labelSet(raw: unknown): Labels {
  const out = Object.create(null) as Labels;
  if (typeof raw !== 'object' || raw === null) return out;
  for (const k of Object.keys(raw)) {
    const v = (raw as Record<string, unknown>)[k];
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}

/** One series of a range query; times in epoch ms, values as floats (NaN/±Inf kept). */
export interface RangeSeries {
  labels: Labels;
  times: Float64Array;
  values: Float64Array;
}

/** Prometheus encodes sample values as strings, including "NaN", "+Inf" and "-Inf". */
export function parseSample(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return NaN;
  const n = +v;
  if (n === n) return n; // not NaN
  if (v === '+Inf' || v === 'Inf') return Infinity;
  if (v === '-Inf') return -Infinity;
  return NaN;
}
