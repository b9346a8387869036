// Scale floors: the smallest spread a series' movement is measured against. A baseline that is flat
// (an error counter stuck at 0, a client latency of a service that calls nobody) has an IQR of 0, and
// dividing by a tiny number made any wobble outrank a real shift. The floor comes from what the series
// and its unit say is a meaningful change, never from a constant like 1e-9.

/** Units we can tell from a signal's name or its declared unit. */
export type ScaleUnit = 'seconds' | 'milliseconds' | 'percent' | 'ratio' | 'bytes' | 'unknown';

/** The unit of a series: the declared one when given, else guessed from common metric-naming conventions. */
export function unitOf(signal: string, declared?: string): ScaleUnit {
  const d = (declared ?? '').toLowerCase();
  if (d === 's' || d === 'seconds') return 'seconds';
  if (d === 'ms' || d === 'milliseconds') return 'milliseconds';
  if (d === 'percent' || d === '%') return 'percent';
  if (d === 'ratio' || d === 'percentunit') return 'ratio';
  if (d === 'bytes' || d === 'decbytes' || d === 'by') return 'bytes';
  const s = signal.toLowerCase();
  if (/\(s\)|_seconds\b|_seconds_|latency|duration|_time\b|ttft|itl/.test(s)) return /_ms\b|\(ms\)|millis/.test(s) ? 'milliseconds' : 'seconds';
  if (/_ms\b|\(ms\)|millis/.test(s)) return 'milliseconds';
  if (/%|percent/.test(s)) return 'percent';
  if (/ratio|_usage$|utili[sz]ation$/.test(s)) return 'ratio';
  if (/bytes/.test(s)) return 'bytes';
  return 'unknown';
}

/** True when the signal measures time (latency, duration). */
export function isLatencySignal(signal: string, unit?: string): boolean {
  const u = unitOf(signal, unit);
  return u === 'seconds' || u === 'milliseconds';
}

/**
 * Smallest change worth reporting in each unit: 1 ms of latency, half a percentage point, 0.5 % as a
 * ratio, 1 KiB. Unknown units get none: their floor comes from their own (and their peers') magnitude.
 */
export function unitFloor(unit: ScaleUnit): number {
  switch (unit) {
    case 'seconds':
      return 0.001;
    case 'milliseconds':
      return 1;
    case 'percent':
      return 0.5;
    case 'ratio':
      return 0.005;
    case 'bytes':
      return 1024;
    default:
      return 0;
  }
}

/** Mean absolute value of the finite values (0 when there are none). */
export function meanMagnitude(values: ArrayLike<number | null>): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || !Number.isFinite(v)) continue;
    sum += Math.abs(v);
    n++;
  }
  return n ? sum / n : 0;
}

/** Median of the positive entries (0 when none): the typical level of a signal across its series. */
export function medianPositive(values: number[]): number {
  const pos = values.filter((v) => v > 0 && Number.isFinite(v)).sort((a, b) => a - b);
  if (pos.length === 0) return 0;
  const mid = pos.length >> 1;
  return pos.length % 2 ? pos[mid] : (pos[mid - 1] + pos[mid]) / 2;
}
