// Smallest change of each target signal that counts as an incident. Latencies come from histogram
// quantiles, which wobble by a bucket: a short change needs 25 % of the level, one that lasts 30
// minutes or more 12 % (a +17 % ITL shift for 48 minutes is an incident, a one-bucket wobble is not).
// Ratios and utilisation move in absolute points.
import type { EffectFloor } from './find-incident';

const LATENCY: EffectFloor = { relative: 0.25, relativeSustained: 0.12, sustainedMinutes: 30 };

const FLOORS: Record<string, EffectFloor> = {
  ttft: LATENCY,
  itl: LATENCY,
  e2e_latency: LATENCY,
  queue_time: { ...LATENCY, absolute: 0.05 },
  // Healthy engines' client aborts wander between 1 and 3 %.
  error_ratio: { absolute: 0.03 },
  http_error_rate: { relative: 0.5, relativeSustained: 0.25 },
  kv_cache_usage: { absolute: 0.05 },
  gpu_memory_used_ratio: { absolute: 0.03 },
  gpu_utilization: { absolute: 0.1 },
  request_rate: { relative: 0.3, relativeSustained: 0.15 },
};

const DEFAULT_FLOOR: EffectFloor = { relative: 0.2, relativeSustained: 0.1, sustainedMinutes: 30 };

export function incidentFloorFor(signal: string): EffectFloor {
  return FLOORS[signal] ?? DEFAULT_FLOOR;
}
