// Grafana's Prometheus macros in raw PromQL: $__rate_interval, $__interval, $__interval_ms, $__range,
// $__range_s, $__range_ms (also written ${__name}). Values are durations we compute, never user text.
import { promDuration, type QueryRange } from './range';

export function interpolateMacros(expr: string, range: QueryRange, from: number, to: number): string {
  const spanMs = Math.max(0, to - from);
  const values: Record<string, string> = {
    __rate_interval_ms: String(range.rateWindowMs),
    __rate_interval: promDuration(range.rateWindowMs),
    __interval_ms: String(range.stepMs),
    __interval: promDuration(range.stepMs),
    __range_ms: String(Math.round(spanMs)),
    __range_s: String(Math.round(spanMs / 1000)),
    __range: promDuration(Math.round(spanMs / 1000) * 1000),
  };
  // Longest names first inside one alternation so $__range_s is never read as $__range + "_s".
  return expr.replace(
    /\$\{(__[a-z_]+)\}|\$(__[a-z_]+)/g,
    (whole, braced: string | undefined, bare: string | undefined) => {
      const name = braced ?? bare!;
      if (name in values) return values[name]!;
      if (bare) {
        // Bare form: the regex is greedy, so try the longest known prefix (e.g. "$__interval_x").
        const known = Object.keys(values)
          .sort((a, b) => b.length - a.length)
          .find((k) => name.startsWith(k));
        if (known) return values[known]! + name.slice(known.length);
      }
      return whole;
    }
  );
}
