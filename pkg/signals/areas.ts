// Which area of operations each signal belongs to, for the grouped signal picker and the catalog
// resource. Areas are listed in the order an on-call engineer reads them: is it up, is it slow, how
// much traffic, is it failing, is it saturated, then the GPUs, energy and cost, and the hosts.
import type { SignalId } from '../model/ids';
import type { SignalDef } from './types';

export const SIGNAL_AREAS = [
  'Health',
  'Latency',
  'Throughput',
  'Errors',
  'Scheduler and KV cache',
  'GPU',
  'Energy and cost',
  'Host',
] as const;
export type SignalArea = (typeof SIGNAL_AREAS)[number];

/** Every non-host signal is listed here (a unit test checks); host signals are all `Host`. */
export const LISTED_AREAS: Readonly<Partial<Record<SignalId, SignalArea>>> = {
  degradation_level: 'Health',
  up: 'Health',
  targets_down: 'Health',
  targets_missing: 'Health',
  ttft: 'Latency',
  itl: 'Latency',
  e2e_latency: 'Latency',
  queue_time: 'Latency',
  tpot: 'Latency',
  prefill_time: 'Latency',
  decode_time: 'Latency',
  inference_time: 'Latency',
  prompt_length: 'Throughput',
  output_length: 'Throughput',
  iteration_tokens: 'Scheduler and KV cache',
  spec_decode_acceptance: 'Scheduler and KV cache',
  request_rate: 'Throughput',
  input_tokens_rate: 'Throughput',
  output_tokens_rate: 'Throughput',
  http_request_rate: 'Throughput',
  error_ratio: 'Errors',
  abort_ratio: 'Errors',
  http_error_rate: 'Errors',
  http_rate_limited_rate: 'Errors',
  http_auth_error_rate: 'Errors',
  requests_running: 'Scheduler and KV cache',
  requests_waiting: 'Scheduler and KV cache',
  kv_cache_usage: 'Scheduler and KV cache',
  preemption_rate: 'Scheduler and KV cache',
  prefix_cache_hit_ratio: 'Scheduler and KV cache',
  gpu_utilization: 'GPU',
  gpu_memory_used_ratio: 'GPU',
  gpu_fb_used_bytes: 'GPU',
  gpu_temperature: 'GPU',
  gpu_xid_errors: 'GPU',
  gpu_tensor_active: 'GPU',
  gpu_dram_active: 'GPU',
  gpu_sm_clock: 'GPU',
  gpu_pcie_replay_rate: 'GPU',
  gpu_power: 'Energy and cost',
  gpu_energy_rate: 'Energy and cost',
  gpu_count: 'Energy and cost',
};

const BY_DOMAIN: Record<SignalDef['domain'], SignalArea> = {
  serving: 'Throughput',
  gpu: 'GPU',
  http: 'Throughput',
  scrape: 'Health',
  host: 'Host',
};

/** The signal's area: listed above, else by its domain. */
export function signalArea(def: Pick<SignalDef, 'id' | 'domain'>): SignalArea {
  return LISTED_AREAS[def.id] ?? BY_DOMAIN[def.domain];
}
