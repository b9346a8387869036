// The candidate cause signals the root-cause query fetches, with the aggregation, grouping and the
// smallest meaningful spread (IQR floor) of each in the catalog's unit.
import type { SignalRequest } from './fetch-signal';

export const SERVING_GROUP = ['model', 'instance', 'pod'];
export const GPU_GROUP = ['hostname', 'gpu', 'gpu_model', 'pod'];

export const CANDIDATE_SIGNALS: SignalRequest[] = [
  { signal: 'ttft', aggregation: 'p95', groupBy: SERVING_GROUP, minScale: 0.02 },
  { signal: 'itl', aggregation: 'p95', groupBy: SERVING_GROUP, minScale: 0.002 },
  { signal: 'e2e_latency', aggregation: 'p95', groupBy: SERVING_GROUP, minScale: 0.1 },
  { signal: 'queue_time', aggregation: 'p95', groupBy: SERVING_GROUP, minScale: 0.02 },
  { signal: 'request_rate', aggregation: 'rate', groupBy: SERVING_GROUP, minScale: 0.05 },
  { signal: 'error_ratio', aggregation: 'ratio', groupBy: SERVING_GROUP, minScale: 0.005 },
  { signal: 'input_tokens_rate', aggregation: 'rate', groupBy: SERVING_GROUP, minScale: 10 },
  { signal: 'output_tokens_rate', aggregation: 'rate', groupBy: SERVING_GROUP, minScale: 5 },
  { signal: 'requests_running', aggregation: 'avg', groupBy: SERVING_GROUP, minScale: 1 },
  { signal: 'requests_waiting', aggregation: 'avg', groupBy: SERVING_GROUP, minScale: 1 },
  { signal: 'kv_cache_usage', aggregation: 'max', groupBy: SERVING_GROUP, minScale: 0.02 },
  { signal: 'preemption_rate', aggregation: 'rate', groupBy: SERVING_GROUP, minScale: 0.05 },
  { signal: 'prefix_cache_hit_ratio', aggregation: 'ratio', groupBy: SERVING_GROUP, minScale: 0.02 },
  { signal: 'gpu_utilization', aggregation: 'avg', groupBy: GPU_GROUP, minScale: 0.02 },
  { signal: 'gpu_memory_used_ratio', aggregation: 'avg', groupBy: GPU_GROUP, minScale: 0.005 },
  { signal: 'gpu_temperature', aggregation: 'avg', groupBy: GPU_GROUP, minScale: 1 },
  { signal: 'gpu_power', aggregation: 'avg', groupBy: GPU_GROUP, minScale: 5 },
  { signal: 'gpu_sm_clock', aggregation: 'avg', groupBy: GPU_GROUP, minScale: 1e7 },
  { signal: 'gpu_xid_errors', aggregation: 'max', groupBy: GPU_GROUP, minScale: 1 },
  // Scrape health: a target at 0 is down (missing data is evidence).
  { signal: 'up', aggregation: 'min', groupBy: ['instance', 'pod'], minScale: 0.1 },
];

/** IQR floor for the target signal (same table; latency default when unknown). */
export function minScaleFor(signal: string): number {
  return CANDIDATE_SIGNALS.find((c) => c.signal === signal)?.minScale ?? 0.01;
}
