// The incident suite's scenarios: one small mixed-engine fleet, one scripted incident per scenario at a
// fixed simulated time, and what a correct answer is for each (the source series an on-call engineer
// would watch, when the incident became visible on it, and the cause root-cause analysis should name).
// Ground truth about *where and when* comes from the simulator (`GroundTruthFault`); this file adds what
// to ask and what counts as right.
import type { Fleet } from '../../simulator/src/fleet/types';
import { modelPerf } from '../../simulator/src/fleet/catalog';
import type { FaultSpec } from '../../simulator/src';

/** The fleet's scrape interval by default (seconds between samples). */
export const STEP_SECONDS = 15;

/**
 * Scrape interval of the simulated fleet and the interval the panels ask with (Grafana's `intervalMs`).
 * Real fleets often scrape every 30 s (kube-prometheus) or 60 s (Grafana Agent/Alloy), and dashboards
 * often ask with a larger interval than the scrape.
 */
export interface SuiteIntervals {
  scrapeSeconds: number;
  querySeconds: number;
}

function wholeSeconds(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name}=${raw}: expected a whole number of seconds > 0`);
  return n;
}

/** `INCIDENT_SCRAPE_SECONDS` (default 15) and `INCIDENT_QUERY_SECONDS` (default: the scrape interval). */
export function intervalsFromEnv(env: Record<string, string | undefined> = process.env): SuiteIntervals {
  const scrapeSeconds = wholeSeconds('INCIDENT_SCRAPE_SECONDS', env.INCIDENT_SCRAPE_SECONDS, STEP_SECONDS);
  return { scrapeSeconds, querySeconds: wholeSeconds('INCIDENT_QUERY_SECONDS', env.INCIDENT_QUERY_SECONDS, scrapeSeconds) };
}
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;

/**
 * Four instances on two hosts, one per engine flavour the issue names: vLLM with current names, vLLM
 * with ≤ 0.10 names (two replicas of one model: peers), SGLang and TGI. DCGM uses `Hostname` on one host
 * and `hostname` on the other; node_exporter on both. Incident set `tp` (see incidentCases) has its own
 * fleet, with a tensor-parallel 70B instance.
 */
export function incidentFleet(variant = ''): Fleet {
  const host = (name: string, gpuType: 'H100' | 'L4', hostnameLabel: 'Hostname' | 'hostname', podLabelStyle: 'pod' | 'exported_pod', gpuCount = 2) => ({
    name,
    gpuType,
    gpuCount,
    hostnameLabel,
    podLabelStyle,
    cpuCount: 8,
    memoryBytes: (gpuType === 'L4' ? 256 : 1024) * 1024 ** 3,
    driverVersion: '550.90.07',
  });
  const inst = (name: string, flavour: Fleet['instances'][number]['flavour'], model: string, hostName: string, gpu: number | number[]) => ({
    name,
    flavour,
    model,
    host: hostName,
    gpus: Array.isArray(gpu) ? gpu : [gpu],
    namespace: 'llm-serving',
    perf: modelPerf(model),
  });
  if (variant === 'tp') {
    // A 70B model served tensor-parallel on two H100s beside the 8B replicas: GPU faults on one GPU of a
    // multi-GPU instance, and a model with a single (large) instance.
    return {
      name: 'incidents-tp',
      hosts: [host('gpu-node-h100-1', 'H100', 'Hostname', 'pod', 4), host('gpu-node-l4-1', 'L4', 'hostname', 'exported_pod')],
      instances: [
        inst('vllm-llama-70b-0', 'vllm', 'llama-3.1-70b-instruct', 'gpu-node-h100-1', [0, 1]),
        inst('vllm-llama-8b-0', 'vllm', 'llama-3.1-8b-instruct', 'gpu-node-h100-1', 2),
        inst('vllm-llama-8b-1', 'vllm_legacy', 'llama-3.1-8b-instruct', 'gpu-node-h100-1', 3),
        inst('sglang-qwen-7b-0', 'sglang', 'qwen2.5-7b-instruct', 'gpu-node-l4-1', 0),
        inst('tgi-mistral-7b-0', 'tgi', 'mistral-7b-instruct-v0.3', 'gpu-node-l4-1', 1),
      ],
    };
  }
  return {
    name: 'incidents',
    hosts: [host('gpu-node-h100-1', 'H100', 'Hostname', 'pod'), host('gpu-node-l4-1', 'L4', 'hostname', 'exported_pod')],
    instances: [
      inst('vllm-llama-8b-0', 'vllm', 'llama-3.1-8b-instruct', 'gpu-node-h100-1', 0),
      inst('vllm-llama-8b-1', 'vllm_legacy', 'llama-3.1-8b-instruct', 'gpu-node-h100-1', 1),
      inst('sglang-qwen-7b-0', 'sglang', 'qwen2.5-7b-instruct', 'gpu-node-l4-1', 0),
      inst('tgi-mistral-7b-0', 'tgi', 'mistral-7b-instruct-v0.3', 'gpu-node-l4-1', 1),
    ],
  };
}

/** A signal query as a user builds it in the editor (the `source` of an anomaly query). */
export interface SourceSpec {
  signal: string;
  aggregation?: string;
  groupBy: string[];
}

/** Which series of the source carry the incident: those of the fault's instances, or of its GPUs. */
export type Affected = 'instances' | 'gpus';

export interface IncidentCase {
  id: string;
  title: string;
  fault: Omit<FaultSpec, 'start' | 'id'>;
  /** Minutes from the scenario's day start (00:00 UTC of the incident day) to the fault start. */
  startMinute: number;
  source: SourceSpec;
  affected: Affected;
  /**
   * When the incident becomes visible on the source: the fault start, or for a ramp the moment it has
   * reached this share of its final size (an engineer wants to hear of a leak long before it is full).
   */
  visibleAtRampShare?: number;
  /** Counted in "share of a sustained incident's points flagged" (lasts ≥ 10 minutes). */
  sustained: boolean;
  /** Faults that follow the scored one (a crash loop after a leak): minutes after its start. */
  followUps?: Array<Omit<FaultSpec, 'start' | 'id'> & { afterMinutes: number }>;
  rca: {
    target: SourceSpec;
    /**
     * Hypothesis ids that name this cause. Ids the product does not have yet (`error_burst`,
     * `instance_down`) are the names the issue uses; align them with the root-cause rewrite.
     */
    causes: string[];
  };
}

/** Root-cause target as the root-cause panel defaults to it: per model. */
const perModel = (signal: string, aggregation?: string): SourceSpec => ({ signal, aggregation, groupBy: ['model'] });

export const INCIDENTS: IncidentCase[] = [
  {
    id: 'step',
    title: 'KV-cache saturation on vLLM (current names): TTFT p95 steps up for 30 min',
    fault: { kind: 'kv_cache_saturation', duration: '30m', target: { instance: 'vllm-llama-8b-0' } },
    startMinute: 14 * 60,
    source: { signal: 'ttft', aggregation: 'p95', groupBy: ['instance'] },
    affected: 'instances',
    sustained: true,
    rca: { target: perModel('ttft', 'p95'), causes: ['kv_cache_saturation'] },
  },
  {
    id: 'ramp',
    title: 'GPU memory leak on vLLM (≤ 0.10 names) ramping over an hour',
    fault: { kind: 'memory_pressure', duration: '70m', ramp: '60m', target: { instance: 'vllm-llama-8b-1' } },
    startMinute: 13 * 60,
    source: { signal: 'gpu_memory_used_ratio', groupBy: ['hostname', 'gpu'] },
    affected: 'gpus',
    visibleAtRampShare: 0.25,
    sustained: true,
    // A steady climb for an hour is what the leak hypothesis names (memory pressure is the step case).
    rca: { target: perModel('ttft', 'p95'), causes: ['memory_pressure', 'gpu_memory_leak'] },
  },
  {
    id: 'spike',
    title: 'A co-located job saturates the SGLang GPU for 2 minutes: TTFT spike',
    fault: { kind: 'gpu_overload', duration: '2m', target: { instance: 'sglang-qwen-7b-0' } },
    startMinute: 15 * 60,
    source: { signal: 'ttft', aggregation: 'p95', groupBy: ['instance'] },
    affected: 'instances',
    sustained: false,
    rca: { target: perModel('ttft', 'p95'), causes: ['gpu_overload'] },
  },
  {
    id: 'error_burst',
    title: 'A dependency of TGI fails a quarter of requests for 15 minutes',
    fault: { kind: 'error_burst', duration: '15m', target: { instance: 'tgi-mistral-7b-0' } },
    startMinute: 14 * 60 + 30,
    source: { signal: 'error_ratio', groupBy: ['instance'] },
    affected: 'instances',
    sustained: true,
    rca: { target: perModel('error_ratio'), causes: ['error_burst'] },
  },
  {
    id: 'thermal',
    title: 'Cooling fails on the SGLang GPU for 45 minutes: temperature up, clocks down',
    fault: { kind: 'thermal_throttling', duration: '45m', target: { instance: 'sglang-qwen-7b-0' } },
    startMinute: 13 * 60 + 30,
    source: { signal: 'gpu_temperature', groupBy: ['hostname', 'gpu'] },
    affected: 'gpus',
    sustained: true,
    rca: { target: perModel('itl', 'p95'), causes: ['thermal_throttling'] },
  },
  {
    id: 'surge',
    title: 'Fleet-wide traffic surge (×2.5 on every instance) for 30 minutes',
    fault: { kind: 'traffic_surge', duration: '30m', target: { fleet: true }, params: { multiplier: 2.5, capacityFloor: 0 } },
    startMinute: 14 * 60,
    source: { signal: 'request_rate', groupBy: ['instance'] },
    affected: 'instances',
    sustained: true,
    rca: { target: perModel('ttft', 'p95'), causes: ['traffic_surge'] },
  },
  {
    id: 'instance_down',
    title: 'The vLLM (≤ 0.10) replica is down for 20 minutes: its series stop, its peer takes the traffic',
    fault: { kind: 'instance_down', duration: '20m', target: { instance: 'vllm-llama-8b-1' } },
    startMinute: 15 * 60,
    source: { signal: 'request_rate', groupBy: ['instance'] },
    affected: 'instances',
    sustained: true,
    rca: { target: perModel('request_rate'), causes: ['instance_down'] },
  },
  {
    id: 'xid',
    title: 'XID 79 (GPU fallen off the bus) under vLLM (current names) for 20 minutes',
    fault: { kind: 'xid_error', duration: '20m', target: { hostname: 'gpu-node-h100-1', gpu: 0 } },
    startMinute: 14 * 60 + 15,
    source: { signal: 'error_ratio', groupBy: ['instance'] },
    affected: 'instances',
    sustained: true,
    rca: { target: perModel('error_ratio'), causes: ['xid_error'] },
  },
];

/**
 * The same incidents moved to other engines, instances and hours (`INCIDENT_VARIANT=rotated`): a check
 * that the suite's answers do not hang on where and when each incident was first written. KV saturation
 * on SGLang at night, the leak on TGI's L4, the spike and thermal throttling on vLLM's H100, errors on
 * vLLM ≤ 0.10, the surge during the morning ramp, the only instance of a model going down, XID under TGI.
 */
const ROTATED: Record<string, Pick<IncidentCase, 'startMinute'> & { target: FaultSpec['target'] }> = {
  step: { target: { instance: 'sglang-qwen-7b-0' }, startMinute: 3 * 60 },
  ramp: { target: { instance: 'tgi-mistral-7b-0' }, startMinute: 9 * 60 },
  spike: { target: { instance: 'vllm-llama-8b-0' }, startMinute: 16 * 60 },
  error_burst: { target: { instance: 'vllm-llama-8b-1' }, startMinute: 10 * 60 + 30 },
  thermal: { target: { instance: 'vllm-llama-8b-0' }, startMinute: 12 * 60 },
  surge: { target: { fleet: true }, startMinute: 7 * 60 },
  instance_down: { target: { instance: 'sglang-qwen-7b-0' }, startMinute: 11 * 60 },
  xid: { target: { hostname: 'gpu-node-l4-1', gpu: 1 }, startMinute: 16 * 60 + 15 },
};

/**
 * Kinds the written suite does not script, and milder versions of those it does (`INCIDENT_VARIANT=mild`):
 * a power brake, a slow pipeline span, a bad rollout failing a few percent, traffic routed away from a
 * replica, a small error burst, a modest surge on one model, a smaller long-context burst, a slow
 * cooling failure on the L4, a long-context burst on TGI, and an engine that hangs with its process up. Each is asked about the way an on-call engineer would: the signal that moved.
 */
export const MILD: IncidentCase[] = [
  {
    id: 'power',
    title: 'Power brake on the H100 of vLLM (current names) for 40 minutes: ITL up',
    fault: { kind: 'power_throttling', duration: '40m', target: { hostname: 'gpu-node-h100-1', gpu: 0 }, params: { capFraction: 0.6 } },
    startMinute: 10 * 60,
    source: { signal: 'itl', aggregation: 'p95', groupBy: ['instance'] },
    affected: 'instances',
    sustained: true,
    rca: { target: perModel('itl', 'p95'), causes: ['thermal_throttling'] },
  },
  {
    id: 'slow_span',
    title: 'One pipeline step of SGLang slows by 0.8 s for 30 minutes',
    fault: { kind: 'slow_span', duration: '30m', target: { instance: 'sglang-qwen-7b-0' }, params: { extraSeconds: 0.8 } },
    startMinute: 11 * 60,
    source: { signal: 'ttft', aggregation: 'p95', groupBy: ['instance'] },
    affected: 'instances',
    sustained: true,
    rca: { target: perModel('ttft', 'p95'), causes: ['slow_dependency_span'] },
  },
  {
    id: 'bad_deploy',
    title: 'A new TGI model version fails 8 % of requests for 25 minutes',
    fault: { kind: 'bad_deploy', duration: '25m', target: { instance: 'tgi-mistral-7b-0' }, params: { errorRatio: 0.08 } },
    startMinute: 15 * 60,
    source: { signal: 'error_ratio', groupBy: ['instance'] },
    affected: 'instances',
    sustained: true,
    rca: { target: perModel('error_ratio'), causes: ['bad_deploy'] },
  },
  {
    id: 'routed_away',
    title: 'Traffic routed away from the vLLM (≤ 0.10) replica for an hour: idle GPU',
    fault: { kind: 'gpu_underutilization', duration: '60m', target: { instance: 'vllm-llama-8b-1' } },
    startMinute: 13 * 60,
    source: { signal: 'request_rate', groupBy: ['instance'] },
    affected: 'instances',
    sustained: true,
    rca: { target: perModel('request_rate'), causes: ['gpu_underutilization'] },
  },
  {
    id: 'small_errors',
    title: 'A dependency of SGLang fails 4 % of requests for 20 minutes',
    fault: { kind: 'error_burst', duration: '20m', target: { instance: 'sglang-qwen-7b-0' }, params: { errorRatio: 0.04 } },
    startMinute: 9 * 60 + 30,
    source: { signal: 'error_ratio', groupBy: ['instance'] },
    affected: 'instances',
    sustained: true,
    rca: { target: perModel('error_ratio'), causes: ['error_burst'] },
  },
  {
    id: 'model_surge',
    title: 'Traffic to the Llama model ×1.8 for 30 minutes (both replicas)',
    fault: { kind: 'traffic_surge', duration: '30m', target: { model: 'llama-3.1-8b-instruct' }, params: { multiplier: 1.8, capacityFloor: 0 } },
    startMinute: 14 * 60,
    source: { signal: 'request_rate', groupBy: ['instance'] },
    affected: 'instances',
    sustained: true,
    rca: { target: perModel('request_rate'), causes: ['traffic_surge'] },
  },
  {
    id: 'small_kv',
    title: 'A smaller long-context burst fills the KV cache of vLLM (current names) for 20 minutes',
    fault: { kind: 'kv_cache_saturation', duration: '20m', target: { instance: 'vllm-llama-8b-0' }, params: { promptMultiplier: 6, demandMultiplier: 1.3, capacityFloor: 1.05 } },
    startMinute: 16 * 60,
    source: { signal: 'ttft', aggregation: 'p95', groupBy: ['instance'] },
    affected: 'instances',
    sustained: true,
    rca: { target: perModel('ttft', 'p95'), causes: ['kv_cache_saturation'] },
  },
  {
    id: 'slow_thermal',
    title: 'Cooling degrades slowly on the L4 under TGI for an hour',
    fault: { kind: 'thermal_throttling', duration: '60m', target: { hostname: 'gpu-node-l4-1', gpu: 1 }, params: { coolingFactor: 1.8 } },
    startMinute: 12 * 60,
    source: { signal: 'gpu_temperature', groupBy: ['hostname', 'gpu'] },
    affected: 'gpus',
    sustained: true,
    rca: { target: perModel('itl', 'p95'), causes: ['thermal_throttling'] },
  },
  {
    id: 'tgi_kv',
    title: 'A long-context burst fills the KV cache of TGI for 25 minutes (no preemption counter; KV from its token budget)',
    fault: { kind: 'kv_cache_saturation', duration: '25m', target: { instance: 'tgi-mistral-7b-0' }, params: { promptMultiplier: 6, demandMultiplier: 1.3, capacityFloor: 1.05 } },
    startMinute: 15 * 60 + 20,
    source: { signal: 'e2e_latency', aggregation: 'p95', groupBy: ['instance'] },
    affected: 'instances',
    sustained: true,
    rca: { target: perModel('e2e_latency', 'p95'), causes: ['kv_cache_saturation'] },
  },
  {
    id: 'stall',
    title: 'The vLLM (current names) engine hangs for 15 minutes with its process up: nothing finishes, gauges frozen, GPU spinning',
    fault: { kind: 'engine_stall', duration: '15m', target: { instance: 'vllm-llama-8b-0' } },
    startMinute: 14 * 60 + 30,
    source: { signal: 'request_rate', groupBy: ['instance'] },
    affected: 'instances',
    sustained: true,
    rca: { target: perModel('request_rate'), causes: ['engine_stall'] },
  },
];

const restartAt = (afterMinutes: number, instance: string) => ({ kind: 'restart' as const, duration: '90s', target: { instance }, afterMinutes });

/**
 * The issue's own examples placed where neither suite above put them (`INCIDENT_VARIANT=issue`): a +17 %
 * ITL shift for 48 minutes, a GPU memory leak that ends in a crash loop, XID 79 under SGLang, a replica
 * of the current-names vLLM down, KV saturation at night on vLLM ≤ 0.10, a short thermal event, an
 * overload of one SGLang instance, and a small error burst under TGI at night.
 */
export const ISSUE: IncidentCase[] = [
  {
    id: 'itl_shift',
    title: 'Power brake on the SGLang L4: ITL about +17 % for 48 minutes',
    fault: { kind: 'power_throttling', duration: '48m', target: { hostname: 'gpu-node-l4-1', gpu: 0 }, params: { capFraction: 0.8 } },
    startMinute: 13 * 60 + 10,
    source: { signal: 'itl', aggregation: 'p95', groupBy: ['instance'] },
    affected: 'instances',
    sustained: true,
    rca: { target: perModel('itl', 'p95'), causes: ['thermal_throttling'] },
  },
  {
    id: 'leak_crash',
    title: 'GPU memory leak on vLLM (current names) for 40 minutes, then a crash loop',
    fault: { kind: 'memory_pressure', duration: '40m', ramp: '35m', target: { instance: 'vllm-llama-8b-0' } },
    followUps: [restartAt(40, 'vllm-llama-8b-0'), restartAt(45, 'vllm-llama-8b-0'), restartAt(50, 'vllm-llama-8b-0')],
    startMinute: 11 * 60,
    source: { signal: 'gpu_memory_used_ratio', groupBy: ['hostname', 'gpu'] },
    affected: 'gpus',
    visibleAtRampShare: 0.25,
    sustained: true,
    rca: { target: perModel('ttft', 'p95'), causes: ['gpu_memory_leak', 'memory_pressure'] },
  },
  {
    id: 'xid_sglang',
    title: 'XID 79 on the L4 under SGLang for 20 minutes',
    fault: { kind: 'xid_error', duration: '20m', target: { hostname: 'gpu-node-l4-1', gpu: 0 } },
    startMinute: 15 * 60 + 40,
    source: { signal: 'error_ratio', groupBy: ['instance'] },
    affected: 'instances',
    sustained: true,
    rca: { target: perModel('error_ratio'), causes: ['xid_error'] },
  },
  {
    id: 'replica_down',
    title: 'The current-names vLLM replica is down for 25 minutes; its ≤ 0.10 peer takes the traffic',
    fault: { kind: 'instance_down', duration: '25m', target: { instance: 'vllm-llama-8b-0' } },
    startMinute: 10 * 60 + 20,
    source: { signal: 'request_rate', groupBy: ['instance'] },
    affected: 'instances',
    sustained: true,
    rca: { target: perModel('request_rate'), causes: ['instance_down'] },
  },
  {
    id: 'night_kv',
    title: 'KV-cache saturation on vLLM (≤ 0.10 names) at 02:00 for 25 minutes',
    fault: { kind: 'kv_cache_saturation', duration: '25m', target: { instance: 'vllm-llama-8b-1' } },
    startMinute: 2 * 60,
    source: { signal: 'ttft', aggregation: 'p95', groupBy: ['instance'] },
    affected: 'instances',
    sustained: true,
    rca: { target: perModel('ttft', 'p95'), causes: ['kv_cache_saturation'] },
  },
  {
    id: 'short_thermal',
    title: 'Cooling fails on the H100 under vLLM ≤ 0.10 for 15 minutes',
    fault: { kind: 'thermal_throttling', duration: '15m', target: { hostname: 'gpu-node-h100-1', gpu: 1 } },
    startMinute: 14 * 60 + 45,
    source: { signal: 'gpu_temperature', groupBy: ['hostname', 'gpu'] },
    affected: 'gpus',
    sustained: true,
    rca: { target: perModel('itl', 'p95'), causes: ['thermal_throttling'] },
  },
  {
    id: 'hot_instance',
    title: 'The SGLang instance gets ×3 its traffic (past its capacity) for 25 minutes',
    fault: { kind: 'traffic_surge', duration: '25m', target: { instance: 'sglang-qwen-7b-0' }, params: { multiplier: 3, capacityFloor: 1.3 } },
    startMinute: 16 * 60 + 20,
    source: { signal: 'request_rate', groupBy: ['instance'] },
    affected: 'instances',
    sustained: true,
    rca: { target: perModel('ttft', 'p95'), causes: ['traffic_surge'] },
  },
  {
    id: 'night_errors',
    title: 'A dependency of TGI fails 6 % of requests at 03:30 for 20 minutes',
    fault: { kind: 'error_burst', duration: '20m', target: { instance: 'tgi-mistral-7b-0' }, params: { errorRatio: 0.06 } },
    startMinute: 3 * 60 + 30,
    source: { signal: 'error_ratio', groupBy: ['instance'] },
    affected: 'instances',
    sustained: true,
    rca: { target: perModel('error_ratio'), causes: ['error_burst'] },
  },
];

/**
 * Incidents on a fleet with a tensor-parallel 70B instance on two H100s (`INCIDENT_VARIANT=tp`, which also
 * switches the fleet, see incidentFleet): a fault on one GPU of the pair must be named on that GPU and
 * its instance, and the model's only instance going down is the whole model going down.
 */
export const TENSOR_PARALLEL: IncidentCase[] = [
  {
    id: 'tp_xid',
    title: 'XID 79 on the second GPU of the tensor-parallel 70B instance for 20 minutes',
    fault: { kind: 'xid_error', duration: '20m', target: { hostname: 'gpu-node-h100-1', gpu: 1 } },
    startMinute: 14 * 60,
    source: { signal: 'error_ratio', groupBy: ['instance'] },
    affected: 'instances',
    sustained: true,
    rca: { target: perModel('error_ratio'), causes: ['xid_error'] },
  },
  {
    id: 'tp_thermal',
    title: 'Cooling fails on the first GPU of the 70B pair for 40 minutes',
    fault: { kind: 'thermal_throttling', duration: '40m', target: { hostname: 'gpu-node-h100-1', gpu: 0 } },
    startMinute: 12 * 60 + 30,
    source: { signal: 'gpu_temperature', groupBy: ['hostname', 'gpu'] },
    affected: 'gpus',
    sustained: true,
    rca: { target: perModel('itl', 'p95'), causes: ['thermal_throttling'] },
  },
  {
    id: 'tp_kv',
    title: 'KV-cache saturation on the 70B instance for 30 minutes',
    fault: { kind: 'kv_cache_saturation', duration: '30m', target: { instance: 'vllm-llama-70b-0' } },
    startMinute: 15 * 60,
    source: { signal: 'ttft', aggregation: 'p95', groupBy: ['instance'] },
    affected: 'instances',
    sustained: true,
    rca: { target: perModel('ttft', 'p95'), causes: ['kv_cache_saturation'] },
  },
  {
    id: 'tp_down',
    title: 'The 70B instance (the model’s only one) is down for 20 minutes',
    fault: { kind: 'instance_down', duration: '20m', target: { instance: 'vllm-llama-70b-0' } },
    startMinute: 11 * 60,
    source: { signal: 'request_rate', groupBy: ['instance'] },
    affected: 'instances',
    sustained: true,
    rca: { target: perModel('request_rate'), causes: ['instance_down'] },
  },
  {
    id: 'tp_leak',
    title: 'GPU memory leak on the 70B instance ramping over 50 minutes',
    fault: { kind: 'memory_pressure', duration: '55m', ramp: '50m', target: { instance: 'vllm-llama-70b-0' } },
    startMinute: 9 * 60 + 30,
    source: { signal: 'gpu_memory_used_ratio', groupBy: ['hostname', 'gpu'] },
    affected: 'gpus',
    visibleAtRampShare: 0.25,
    sustained: true,
    rca: { target: perModel('ttft', 'p95'), causes: ['memory_pressure', 'gpu_memory_leak'] },
  },
  {
    id: 'tp_spike',
    title: 'A co-located job saturates the GPU of an 8B replica for 2 minutes',
    fault: { kind: 'gpu_overload', duration: '2m', target: { instance: 'vllm-llama-8b-0' } },
    startMinute: 16 * 60,
    source: { signal: 'ttft', aggregation: 'p95', groupBy: ['instance'] },
    affected: 'instances',
    sustained: false,
    rca: { target: perModel('ttft', 'p95'), causes: ['gpu_overload'] },
  },
  {
    id: 'tp_errors',
    title: 'A dependency of the ≤ 0.10 replica fails 15 % of requests for 15 minutes',
    fault: { kind: 'error_burst', duration: '15m', target: { instance: 'vllm-llama-8b-1' }, params: { errorRatio: 0.15 } },
    startMinute: 10 * 60 + 15,
    source: { signal: 'error_ratio', groupBy: ['instance'] },
    affected: 'instances',
    sustained: true,
    rca: { target: perModel('error_ratio'), causes: ['error_burst'] },
  },
  {
    id: 'tp_power',
    title: 'Power brake on the second GPU of the 70B pair for 30 minutes',
    fault: { kind: 'power_throttling', duration: '30m', target: { hostname: 'gpu-node-h100-1', gpu: 1 }, params: { capFraction: 0.5 } },
    startMinute: 13 * 60 + 40,
    source: { signal: 'itl', aggregation: 'p95', groupBy: ['instance'] },
    affected: 'instances',
    sustained: true,
    rca: { target: perModel('itl', 'p95'), causes: ['thermal_throttling'] },
  },
];

/** The incidents of `INCIDENT_VARIANT` (unset: as written above; `rotated`: see ROTATED; `mild`: MILD; `issue`: ISSUE; `tp`: TENSOR_PARALLEL). */
export function incidentCases(env: Record<string, string | undefined> = process.env): IncidentCase[] {
  const variant = env.INCIDENT_VARIANT ?? '';
  if (variant === '') return INCIDENTS;
  if (variant === 'mild') return MILD;
  if (variant === 'issue') return ISSUE;
  if (variant === 'tp') return TENSOR_PARALLEL;
  if (variant !== 'rotated') throw new Error(`INCIDENT_VARIANT=${variant}: expected "rotated", "mild", "issue", "tp" or unset`);
  return INCIDENTS.map((c) => {
    const r = ROTATED[c.id];
    return { ...c, title: `${c.title} (rotated)`, startMinute: r.startMinute, fault: { ...c.fault, target: r.target } };
  });
}

/** Healthy control: one scored day (diurnal traffic) with a restart of one instance (a counter reset). */
export const CONTROL = {
  id: 'control',
  /** Restart of the vLLM (≤ 0.10) replica at 12:30 on the scored day; 30 s without series. */
  restart: { kind: 'restart' as const, duration: '30s', target: { instance: 'vllm-llama-8b-1' } },
  restartMinute: 12 * 60 + 30,
  /** Root-cause queries on healthy data: 3 h ranges ending every 2 h of the scored day. */
  rcaRangeHours: 3,
  rcaEveryHours: 2,
  rcaTargets: [perModel('ttft', 'p95'), perModel('error_ratio')],
};

/** Sources scored on the control day: every source the incidents use. */
export function controlSources(cases: IncidentCase[]): SourceSpec[] {
  const seen = new Map<string, SourceSpec>();
  for (const c of cases) seen.set(JSON.stringify(c.source), c.source);
  return [...seen.values()];
}

/**
 * Fixed simulated time: incident day n (n = 0 … 7) is Wednesday 2026-01-07 plus n weeks; the control's
 * scored day follows the last incident day by a week. Every scenario keeps two days of history before its
 * day (the detector's daily seasonality wants two) and one week separates scenarios, so no query of one
 * scenario reaches another's data.
 */
export const FIRST_DAY_MS = Date.UTC(2026, 0, 7);
export const HISTORY_MS = 2 * DAY;
/** The incident scenarios' data ends this long after the day's start (after every incident has ended). */
export const INCIDENT_DAY_END_MS = 18 * HOUR;

export function dayStartMs(slot: number): number {
  return FIRST_DAY_MS + slot * WEEK;
}

/** The control day comes after the longest incident set (one week per incident). */
export const CONTROL_SLOT = Math.max(INCIDENTS.length, MILD.length, ISSUE.length, TENSOR_PARALLEL.length);
export { MIN, HOUR, DAY };
