// Colours per signal: the one definition every dashboard tile, table cell and threshold line uses,
// built from the table of signal levels (pkg/model/signal-levels.ts) that the alert rules read too: a
// tile turns red where the signal's rule fires (threshold-parity.test.ts), and a healthy fleet is green
// (test/ootb/dashboard-thresholds.test.ts).
import { DEGRADATION_LEVELS } from '../../pkg/model/degradation-levels';
import type { SignalId } from '../../pkg/model/ids';
import { HTTP_SHARE_LEVELS, SIGNAL_LEVELS, SLO_ATTAINMENT_LEVELS, type Levels } from '../../pkg/model/signal-levels';
import { steps } from './panels';
import { TTFT_P99_MAX_SECONDS } from './thresholds';

export type Steps = ReturnType<typeof steps>;

export interface SignalThreshold {
  steps: Steps;
  /** One sentence for the panel description: what the colours mean and why there. */
  text: string;
}

const pct = (x: number) => `${+(x * 100).toFixed(2)} %`;
const rising = (warn: number, crit: number) => steps(['green', null], ['orange', warn], ['red', crit]);
/** Green, orange from `warn` (when there is one), red from `crit`. */
const fromLevels = (l: Levels) => (l.warn === undefined ? steps(['green', null], ['red', l.crit]) : rising(l.warn, l.crit));
const L = SIGNAL_LEVELS;
const alerts = (l: Levels) => (l.rules.length ? ' (where the alert rule fires)' : '');

const THRESHOLDS: Partial<Record<SignalId, SignalThreshold>> = {
  error_ratio: {
    steps: fromLevels(L.error_ratio),
    text: `Orange from ${pct(L.error_ratio.warn)}, red from ${pct(L.error_ratio.crit)} of finished requests${alerts(L.error_ratio)}.`,
  },
  kv_cache_usage: {
    steps: fromLevels(L.kv_cache_usage),
    text: `Orange from ${pct(L.kv_cache_usage.warn)}, red from ${pct(L.kv_cache_usage.crit)}${alerts(L.kv_cache_usage)}: vLLM fills the cache by design under load; near full, new requests queue or get preempted.`,
  },
  preemption_rate: {
    steps: fromLevels(L.preemption_rate),
    text: `Orange from ${L.preemption_rate.warn}/s, red from ${L.preemption_rate.crit}/s${alerts(L.preemption_rate)}: preempted requests are recomputed.`,
  },
  gpu_memory_used_ratio: {
    steps: fromLevels(L.gpu_memory_used_ratio),
    text: `Orange from ${pct(L.gpu_memory_used_ratio.warn)}, red from ${pct(L.gpu_memory_used_ratio.crit)}: serving engines reserve about 90 % of HBM at start (vLLM gpu_memory_utilization), so that is normal; near 100 % risks out-of-memory errors.`,
  },
  gpu_temperature: {
    steps: fromLevels(L.gpu_temperature),
    text: `Orange from ${L.gpu_temperature.warn} °C, red from ${L.gpu_temperature.crit} °C${alerts(L.gpu_temperature)}: data-centre GPUs throttle from about 87 °C.`,
  },
  gpu_xid_errors: {
    steps: fromLevels(L.gpu_xid_errors),
    text: 'Red for any XID (where the alert rule fires): 79 = fallen off the bus, 48/63/64 = memory errors.',
  },
  host_memory_used_ratio: {
    steps: fromLevels(L.host_memory_used_ratio),
    text: `Orange from ${pct(L.host_memory_used_ratio.warn)}, red from ${pct(L.host_memory_used_ratio.crit)} (page cache counts as available).`,
  },
  host_disk_used_ratio: {
    steps: fromLevels(L.host_disk_used_ratio),
    text: `Orange from ${pct(L.host_disk_used_ratio.warn)}, red from ${pct(L.host_disk_used_ratio.crit)} of the fullest real filesystem.`,
  },
  targets_down: { steps: fromLevels(L.targets_down), text: 'Red when any scrape target is down (where the target-down alert fires).' },
  targets_missing: { steps: fromLevels(L.targets_missing), text: 'Red when a target that reported in the last hour is gone (where the alert fires).' },
  degradation_level: {
    steps: steps(
      ...DEGRADATION_LEVELS.map((l) => [l.color, l.value === 0 ? null : l.value] as [string, number | null])
    ),
    text: 'Coloured by level; the alert rule fires from 3 (heavy, red).',
  },
};

/** Shares of HTTP answers (aggregation `ratio` of the http_* counters). */
const HTTP_SHARE: SignalThreshold = {
  steps: rising(HTTP_SHARE_LEVELS.warn, HTTP_SHARE_LEVELS.crit),
  text: `Orange from ${pct(HTTP_SHARE_LEVELS.warn)}, red from ${pct(HTTP_SHARE_LEVELS.crit)} of all HTTP requests.`,
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

/** SLO attainment: the TTFT SLO's burn-rate rule fires where it turns red; TPOT shares the levels, no rule reads it. */
export function sloSteps(family: 'ttft' | 'tpot'): SignalThreshold {
  const red = family === 'ttft' ? ' (where the TTFT SLO burn-rate alert fires)' : '';
  return {
    steps: steps(['red', null], ['orange', SLO_ATTAINMENT_LEVELS.crit], ['green', SLO_ATTAINMENT_LEVELS.warn]),
    text: `Red below ${pct(SLO_ATTAINMENT_LEVELS.crit)}${red}, orange below the ${pct(SLO_ATTAINMENT_LEVELS.warn)} target, green from there.`,
  };
}

export const ANOMALY_STEPS: SignalThreshold = {
  steps: fromLevels(L.anomaly_score),
  text: `Orange from ${L.anomaly_score.warn}, red from ${L.anomaly_score.crit} (where the anomaly alert fires).`,
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
