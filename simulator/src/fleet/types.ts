// What the simulated fleet is made of: GPU hosts, their GPUs, and serving instances placed on them.

/** How an instance exposes its metrics (one per engine and metric-name generation). */
export type Flavour = 'vllm' | 'vllm_legacy' | 'sglang' | 'tgi' | 'otel' | 'generic' | 'triton' | 'llamacpp';

export const FLAVOURS: Flavour[] = ['vllm', 'vllm_legacy', 'sglang', 'tgi', 'otel', 'generic', 'triton', 'llamacpp'];

export type GpuTypeId = 'H100' | 'A100' | 'L4';

export interface GpuType {
  id: GpuTypeId;
  /** DCGM `modelName` label. */
  modelName: string;
  memoryMiB: number;
  tdpWatts: number;
  idleWatts: number;
  smClockMaxMHz: number;
  memClockMHz: number;
  /** °C rise above ambient per watt at equilibrium (cooling quality). */
  celsiusPerWatt: number;
}

export interface HostSpec {
  name: string;
  gpuType: GpuTypeId;
  gpuCount: number;
  /** DCGM-exporter release: `Hostname` (all tags) or `hostname` (HEAD after the rename). */
  hostnameLabel: 'Hostname' | 'hostname';
  /** Scraped with honor_labels=false under Kubernetes SD, DCGM's pod labels become `exported_*`. */
  podLabelStyle: 'pod' | 'exported_pod';
  /**
   * How node_exporter series name their host: `node` (Kubernetes relabeling; the default), `uname` (a
   * plain scrape: only `instance`, plus node_uname_info{nodename}) or `instance` (only `instance`, the
   * uname collector disabled).
   */
  nodeExporterLabels?: 'node' | 'uname' | 'instance';
  cpuCount: number;
  memoryBytes: number;
  driverVersion: string;
}

/** Performance envelope of one model on one instance's GPUs. */
export interface ModelPerf {
  /** Inter-token latency at batch size 1 (s). */
  itlBase: number;
  /** Prefill throughput (prompt tokens/s) at batch size 1. */
  prefillTokPerSec: number;
  /** Tokens the KV cache holds. */
  kvCapacityTokens: number;
  /** Scheduler's max concurrent sequences (vLLM max_num_seqs). */
  maxSeqs: number;
  meanInputTokens: number;
  meanOutputTokens: number;
  /** Share of prompt tokens served from the prefix cache in normal operation. */
  prefixHitRatio: number;
  /** Arrival rate at the daily weekday peak (req/s). */
  peakRps: number;
}

export interface InstanceSpec {
  /** Pod name; also the base of `instance` and the trace service instance id. */
  name: string;
  flavour: Flavour;
  model: string;
  host: string;
  /** GPU indices on the host. */
  gpus: number[];
  namespace: string;
  perf: ModelPerf;
}

export interface Fleet {
  name: string;
  hosts: HostSpec[];
  instances: InstanceSpec[];
}
