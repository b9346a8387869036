// Fault kinds: what each one does (see model/step.ts), which target it takes, its parameters' defaults,
// and which signals (DESIGN.md signal ids) are expected to move and which way.

export type FaultKind =
  | 'gpu_overload'
  | 'kv_cache_saturation'
  | 'gpu_underutilization'
  | 'xid_error'
  | 'thermal_throttling'
  | 'power_throttling'
  | 'slow_span'
  | 'traffic_surge'
  | 'bad_deploy'
  | 'memory_pressure'
  | 'error_burst'
  | 'instance_down'
  | 'engine_stall'
  | 'restart';

export type Direction = 'up' | 'down';

export interface KindInfo {
  /** `instance`: needs instance or model; `gpu`: hostname+gpu or an instance (its GPUs). */
  targets: 'instance' | 'gpu';
  description: string;
  defaults: Record<string, number | string>;
  signals: Record<string, Direction>;
}

export const KINDS: Record<FaultKind, KindInfo> = {
  gpu_overload: {
    targets: 'instance',
    description: 'Hot-spotted instance: arrivals × multiplier (at least capacityFloor × its capacity) and a co-located job saturates its GPUs',
    defaults: { multiplier: 2.6, capacityFloor: 1.15 },
    signals: {
      gpu_utilization: 'up',
      gpu_power: 'up',
      gpu_temperature: 'up',
      requests_running: 'up',
      requests_waiting: 'up',
      queue_time: 'up',
      ttft: 'up',
      itl: 'up',
      e2e_latency: 'up',
      kv_cache_usage: 'up',
    },
  },
  kv_cache_saturation: {
    targets: 'instance',
    description: 'Long-context burst: prompts × promptMultiplier arriving at least capacityFloor × capacity fill the KV cache; preemptions and queueing follow',
    defaults: { promptMultiplier: 10, demandMultiplier: 1.6, capacityFloor: 1.2 },
    signals: {
      kv_cache_usage: 'up',
      preemption_rate: 'up',
      requests_waiting: 'up',
      queue_time: 'up',
      ttft: 'up',
      e2e_latency: 'up',
      input_tokens_rate: 'up',
      prefix_cache_hit_ratio: 'down',
    },
  },
  gpu_underutilization: {
    targets: 'instance',
    description: 'Traffic routed away: the instance keeps its GPUs but serves almost nothing (idle cost)',
    defaults: { multiplier: 0.03 },
    signals: { request_rate: 'down', requests_running: 'down', gpu_utilization: 'down', gpu_power: 'down', output_tokens_rate: 'down' },
  },
  xid_error: {
    targets: 'gpu',
    description: 'A GPU raises an XID error (default 79, fallen off the bus); its instance fails requests',
    defaults: { errCode: 79, errMsg: 'GPU has fallen off the bus' },
    signals: { gpu_xid_errors: 'up', error_ratio: 'up', http_error_rate: 'up', gpu_utilization: 'down', output_tokens_rate: 'down' },
  },
  thermal_throttling: {
    targets: 'gpu',
    description: 'Cooling degraded: GPU temperature climbs past the slowdown threshold and SM clocks drop',
    defaults: { coolingFactor: 2.3, ambientRiseC: 45 },
    signals: { gpu_temperature: 'up', itl: 'up', e2e_latency: 'up' },
  },
  power_throttling: {
    targets: 'gpu',
    description: 'Power brake: power capped at capFraction of TDP and SM clocks held down; power drops, decoding slows',
    defaults: { capFraction: 0.45 },
    signals: { gpu_power: 'down', itl: 'up', e2e_latency: 'up' },
  },
  slow_span: {
    targets: 'instance',
    description: 'One pipeline step (span) becomes slow before the first token',
    defaults: { span: 'check_cache', extraSeconds: 1.6 },
    signals: { ttft: 'up', e2e_latency: 'up' },
  },
  traffic_surge: {
    targets: 'instance',
    description: 'Arrivals × multiplier, at least capacityFloor × capacity, for every targeted instance (target.model: all of a model)',
    defaults: { multiplier: 4, capacityFloor: 1.3 },
    signals: {
      request_rate: 'up',
      input_tokens_rate: 'up',
      output_tokens_rate: 'up',
      requests_running: 'up',
      requests_waiting: 'up',
      queue_time: 'up',
      ttft: 'up',
      kv_cache_usage: 'up',
      gpu_utilization: 'up',
    },
  },
  bad_deploy: {
    targets: 'instance',
    description: 'A new model version (new model_name label) fails errorRatio of requests until rolled back',
    defaults: { errorRatio: 0.2, version: '' },
    signals: { error_ratio: 'up', http_error_rate: 'up' },
  },
  memory_pressure: {
    targets: 'instance',
    description: 'A foreign process fills GPU memory and host RAM: KV capacity shrinks, preemptions follow',
    defaults: { gpuMemoryFraction: 0.985, kvCapacityFactor: 0.015, hostAvailableFraction: 0.03 },
    signals: { gpu_memory_used_ratio: 'up', kv_cache_usage: 'up', preemption_rate: 'up', requests_waiting: 'up', ttft: 'up' },
  },
  error_burst: {
    targets: 'instance',
    description: 'A dependency of the server (tokenizer, guardrail, storage) fails: errorRatio of requests end in HTTP 500; nothing else moves',
    defaults: { errorRatio: 0.25 },
    signals: { error_ratio: 'up', http_error_rate: 'up' },
  },
  instance_down: {
    targets: 'instance',
    description: 'The serving process is gone: its series stop (scrape `up` 0), its GPUs idle, replicas of the same model take its traffic; counters restart from 0 when it returns',
    defaults: {},
    signals: { up: 'down', gpu_utilization: 'down', gpu_power: 'down' },
  },
  engine_stall: {
    targets: 'instance',
    description:
      'The engine hangs with its process up (a collective that never returns, a deadlocked scheduler): nothing starts or finishes, counters stay flat, latency histograms get no observations, the gauges it last published stay frozen, `up` stays 1 and the load balancer keeps sending it requests; its GPUs spin at gpuBusy',
    defaults: { gpuBusy: 1 },
    signals: { output_tokens_rate: 'down', request_rate: 'down', input_tokens_rate: 'down' },
  },
  restart: {
    targets: 'instance',
    description: 'A planned restart: the series are absent for the window and counters restart from 0 (no incident, a counter reset)',
    defaults: {},
    signals: {},
  },
};

export const FAULT_KINDS = Object.keys(KINDS) as FaultKind[];
