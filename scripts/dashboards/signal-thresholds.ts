// Colours per signal: the one definition every dashboard tile, table cell and threshold line uses, set
// so that a healthy fleet is green (test/ootb/dashboard-thresholds.test.ts checks it against the
// simulator's healthy fleet). Alert rules page on their own windows and levels (thresholds.ts); a tile
// turns orange where a person should look, not at the first request that fails.
import { DEGRADATION_LEVELS } from '../../pkg/model/degradation-levels';
import type { SignalId } from '../../pkg/model/ids';
import { steps } from './panels';
import { ANOMALY_SCORE, GPU_TEMP, KV_CACHE, PREEMPTIONS, SLO_ATTAINMENT, TTFT_P99_MAX_SECONDS } from './thresholds';

export type Steps = ReturnType<typeof steps>;

export interface SignalThreshold {
  steps: Steps;
  /** One sentence for the panel description: what the colours mean and why there. */
  text: string;
}

const pct = (x: number) => `${+(x * 100).toFixed(2)} %`;
const rising = (warn: number, crit: number) => steps(['green', null], ['orange', warn], ['red', crit]);

/** Share of requests that failed, answered 5xx, 429 or 401/403: a few in a thousand is normal traffic. */
export const FAILED_SHARE = { warn: 0.01, crit: 0.05 };
/**
 * HBM used: vLLM reserves `gpu_memory_utilization` (default 0.9) of every GPU for weights and KV cache at
 * start and SGLang `mem_fraction_static` (about 0.88), so 90 %+ is the normal state of a serving GPU.
 * Near 100 % leaves no room for activations, CUDA graphs or a second process: out-of-memory risk.
 */
export const HBM_USED = { warn: 0.97, crit: 0.99 };
/** Host RAM: page cache is available memory already, so used beyond 90 % means real pressure. */
export const HOST_MEMORY = { warn: 0.9, crit: 0.95 };
/** Filesystems: model weights and logs grow; 85 % leaves time to act. */
export const HOST_DISK = { warn: 0.85, crit: 0.95 };
/** Preemptions/s: a trickle is KV pressure worth a look, 1/s recomputes work all the time. */
const PREEMPT_WARN = 0.01;

const THRESHOLDS: Partial<Record<SignalId, SignalThreshold>> = {
  error_ratio: {
    steps: rising(FAILED_SHARE.warn, FAILED_SHARE.crit),
    text: `Orange from ${pct(FAILED_SHARE.warn)}, red from ${pct(FAILED_SHARE.crit)} of finished requests.`,
  },
  kv_cache_usage: {
    steps: rising(KV_CACHE.warn, KV_CACHE.crit),
    text: `Orange from ${pct(KV_CACHE.warn)}, red from ${pct(KV_CACHE.crit)}: vLLM fills the cache by design under load; near full, new requests queue or get preempted.`,
  },
  preemption_rate: {
    steps: rising(PREEMPT_WARN, PREEMPTIONS.crit),
    text: `Orange from ${PREEMPT_WARN}/s, red from ${PREEMPTIONS.crit}/s: preempted requests are recomputed.`,
  },
  gpu_memory_used_ratio: {
    steps: rising(HBM_USED.warn, HBM_USED.crit),
    text: `Orange from ${pct(HBM_USED.warn)}, red from ${pct(HBM_USED.crit)}: serving engines reserve about 90 % of HBM at start (vLLM gpu_memory_utilization), so that is normal; near 100 % risks out-of-memory errors.`,
  },
  gpu_temperature: {
    steps: rising(GPU_TEMP.warn, GPU_TEMP.crit),
    text: `Orange from ${GPU_TEMP.warn} °C, red from ${GPU_TEMP.crit} °C: data-centre GPUs throttle from about 87 °C.`,
  },
  gpu_xid_errors: {
    steps: steps(['green', null], ['red', 1]),
    text: 'Red for any XID: 79 = fallen off the bus, 48/63/64 = memory errors.',
  },
  host_memory_used_ratio: {
    steps: rising(HOST_MEMORY.warn, HOST_MEMORY.crit),
    text: `Orange from ${pct(HOST_MEMORY.warn)}, red from ${pct(HOST_MEMORY.crit)} (page cache counts as available).`,
  },
  host_disk_used_ratio: {
    steps: rising(HOST_DISK.warn, HOST_DISK.crit),
    text: `Orange from ${pct(HOST_DISK.warn)}, red from ${pct(HOST_DISK.crit)} of the fullest real filesystem.`,
  },
  targets_down: { steps: steps(['green', null], ['red', 1]), text: 'Red when any scrape target is down.' },
  degradation_level: {
    steps: steps(
      ...DEGRADATION_LEVELS.map((l) => [l.color, l.value === 0 ? null : l.value] as [string, number | null])
    ),
    text: 'Coloured by level.',
  },
};

/** Shares of HTTP answers (aggregation `ratio` of the http_* counters). */
const HTTP_SHARE: SignalThreshold = {
  steps: rising(FAILED_SHARE.warn, FAILED_SHARE.crit),
  text: `Orange from ${pct(FAILED_SHARE.warn)}, red from ${pct(FAILED_SHARE.crit)} of all HTTP requests.`,
};

/** Thresholds of a signal at an aggregation, or undefined: the value has no good or bad colour. */
export function signalThreshold(id: SignalId, aggregation?: string): SignalThreshold | undefined {
  if (id.startsWith('http_') && id !== 'http_request_rate') return aggregation === 'ratio' ? HTTP_SHARE : undefined;
  if (id === 'ttft' && aggregation === 'p99') {
    return {
      steps: rising(TTFT_P99_MAX_SECONDS / 3, TTFT_P99_MAX_SECONDS),
      text: `Orange from ${TTFT_P99_MAX_SECONDS / 3} s, red from ${TTFT_P99_MAX_SECONDS} s (unusable for interactive chat).`,
    };
  }
  // Percentiles and rates of latency depend on the model: no fixed colours (SLO attainment has them).
  return THRESHOLDS[id];
}

export const SLO_STEPS: SignalThreshold = {
  steps: steps(['red', null], ['orange', SLO_ATTAINMENT.crit], ['green', SLO_ATTAINMENT.ok]),
  text: `Red below ${pct(SLO_ATTAINMENT.crit)}, orange below ${pct(SLO_ATTAINMENT.ok)}, green from there.`,
};

export const ANOMALY_STEPS: SignalThreshold = {
  steps: rising(0.7, ANOMALY_SCORE.alert),
  text: `Orange from 0.7, red from ${ANOMALY_SCORE.alert} (where the anomaly alert fires).`,
};

/** Grafana value mappings that name each degradation level with the shared vocabulary. */
export function degradationMappings(): unknown[] {
  return [
    {
      type: 'value',
      options: Object.fromEntries(
        DEGRADATION_LEVELS.map((l) => [
          String(l.value),
          { text: `${l.value} ${l.name}`, color: l.color, index: l.value },
        ])
      ),
    },
  ];
}
