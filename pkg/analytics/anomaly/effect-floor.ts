/**
 * What counts as a real change, per kind of signal. A deviation must clear the larger of k robust sigmas,
 * a share of the expected level and an absolute amount in the signal's unit before it can score high:
 * a histogram quantile that wobbles by a few percent inside one bucket, or a temperature that moves by one
 * degree, is not an incident however quiet its history was. Keyed by Grafana unit id, which every signal
 * of the catalog sets.
 */
export interface EffectFloor {
  /** Share of |expected| a deviation must exceed. */
  relative: number;
  /** Absolute deviation, in the signal's unit, a deviation must exceed. */
  absolute: number;
  /** Counts: the scale is at least √level (Poisson noise), so 0 → 2 requests waiting is not an incident. */
  counts?: boolean;
}

export interface ValueDomain {
  min?: number;
  max?: number;
}

const LATENCY: Record<string, number> = { s: 0.002, ms: 2, µs: 2000, us: 2000, ns: 2e6 };

export function effectFloorFor(unit: string | undefined): EffectFloor {
  const u = unit ?? '';
  if (u in LATENCY) return { relative: 0.2, absolute: LATENCY[u] };
  switch (u) {
    case 'percentunit':
      return { relative: 0.1, absolute: 0.02 };
    case 'percent':
      return { relative: 0.1, absolute: 2 };
    case 'celsius':
      // A GPU's temperature follows its load: a tensor-parallel pair warms 5–6 °C through a morning ramp.
      return { relative: 0.05, absolute: 5 };
    case 'fahrenheit':
      return { relative: 0.05, absolute: 9 };
    case 'watt':
    case 'kwatt':
      return { relative: 0.1, absolute: u === 'watt' ? 10 : 0.01 };
    case 'hertz':
    case 'bytes':
    case 'decbytes':
    case 'Bps':
    case 'bps':
      return { relative: 0.1, absolute: 0 };
    case 'reqps':
    case 'rps':
    case 'ops':
    case 'cps':
      // Traffic swings: Grafana's own anomaly rules keep request bands at least ±50 % wide.
      return { relative: 0.3, absolute: 0.01 };
    case 'short':
      // Counts (requests waiting) and token rates: one request more is not an incident.
      return { relative: 0.25, absolute: 1, counts: true };
    default:
      // Unknown unit: judged against its own level only.
      return { relative: 0.1, absolute: 0 };
  }
}

const NON_NEGATIVE = new Set(['s', 'ms', 'µs', 'us', 'ns', 'reqps', 'rps', 'ops', 'cps', 'short', 'bytes', 'decbytes', 'Bps', 'bps', 'hertz', 'watt', 'kwatt', 'joule']);

/**
 * The values a signal can take, for drawing bands that make sense: ratios in [0, 1], percentages in
 * [0, 100], latencies, rates, counts and sizes ≥ 0. With no unit, a series that was never negative is
 * taken as non-negative (bands only; scores do not depend on it).
 */
export function domainFor(unit: string | undefined, values?: ArrayLike<number | null>): ValueDomain {
  const u = unit ?? '';
  if (u === 'percentunit') return { min: 0, max: 1 };
  if (u === 'percent') return { min: 0, max: 100 };
  if (NON_NEGATIVE.has(u)) return { min: 0 };
  if (values && values.length) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v !== null && v < 0) return {};
    }
    return { min: 0 };
  }
  return {};
}
