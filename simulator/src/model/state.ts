// The simulation state advanced by `step` (model/step.ts). Everything an exporter shows is either in here
// (counters as running sums, gauges as last values) or a pure function of it.
import type { Fleet } from '../fleet/types';
import type { Topology } from '../fleet/topology';
import type { FaultPlan } from '../scenario/effects';
import type { Dist, HistAcc } from './histogram';
import type { ObsId } from './buckets';

export const FINISH_REASONS = ['stop', 'length', 'abort', 'error'] as const;
export type FinishReason = (typeof FINISH_REASONS)[number];

/** Exact status codes counted by the gateway. */
export const GATEWAY_CODES = ['200', '400', '401', '403', '429', '500', '503', '504'] as const;

/** Per-step quantities of one instance (rates are per step, not per second). */
export interface InstanceObs {
  arrivals: number;
  started: number;
  ok: number;
  errors: number;
  aborts: number;
  rejected4xx: number;
  /** The part of `rejected4xx` a content filter refused (only the OTel GenAI flavour tells them apart). */
  contentFiltered: number;
  inputTokens: number;
  outputTokens: number;
  preemptions: number;
  prefixQueries: number;
  prefixHits: number;
  running: number;
  waiting: number;
  kvUsage: number;
  /** Mean prompt/output length this step. */
  inputLen: number;
  outputLen: number;
  /** Share of requests that fail (for traces). */
  errorRatio: number;
  /** GPU busy fraction the engine causes (0–1). */
  busy: number;
  dists: Record<ObsId, Dist>;
}

/** Running sums of one model-name variant of an instance (a bad deploy adds a second variant). */
export interface VariantAcc {
  finished: Record<FinishReason, number>;
  promptTokens: number;
  generationTokens: number;
  preemptions: number;
  prefixQueries: number;
  prefixHits: number;
  http2xx: number;
  http4xx: number;
  http5xx: number;
  /** Histogram accumulators in HIST_SPECS[flavour] order. */
  hist: HistAcc[];
}

export interface InstanceState {
  waiting: number;
  variant: number;
  variants: VariantAcc[];
  obs: InstanceObs;
  /** Counts of /metrics scrapes and /health probes (they show up in http_requests_total). */
  probes: number;
  /** The process is not running (its series are absent, `up` is 0). */
  down: boolean;
}

export interface GpuState {
  tempC: number;
  memTempC: number;
  energyMilliJoules: number;
  pcieReplays: number;
  utilPercent: number;
  engineActive: number;
  tensorActive: number;
  dramActive: number;
  powerWatts: number;
  smClockMHz: number;
  memClockMHz: number;
  fbUsedMiB: number;
  fbFreeMiB: number;
  xid: number;
  /** Clock factor (0–1) the instance sees next step: throttling feeds back into latency. */
  clockFactor: number;
}

export interface HostState {
  /** cpuSeconds[cpu * MODES.length + mode] */
  cpuSeconds: Float64Array;
  netRxBytes: number;
  netTxBytes: number;
  memAvailableBytes: number;
  fsAvailBytes: number;
  load1: number;
}

export const CPU_MODES = ['idle', 'user', 'system', 'iowait'] as const;

export interface GatewayModelState {
  model: string;
  codes: Float64Array;
  duration: HistAcc;
  inputTokens: number;
  outputTokens: number;
}

export interface SimState {
  /** Step index: time = k × stepSec (epoch seconds). */
  k: number;
  instances: InstanceState[];
  gpus: GpuState[];
  hosts: HostState[];
  gateway: GatewayModelState[];
}

export interface SimContext {
  fleet: Fleet;
  topo: Topology;
  plan: FaultPlan;
  seed: number;
  stepSec: number;
  /** Also write Prometheus' own `up` series per serving target (what a scraper records; backfill only). */
  scrapeHealth?: boolean;
}
