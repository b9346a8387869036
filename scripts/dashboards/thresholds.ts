// Thresholds the dashboards and the Grafana and Prometheus alert packs share, read from the one table
// of signal levels (pkg/model/signal-levels.ts), so colours and alerts agree;
// prometheus/rules/llmops.rules.yml repeats them (test/ootb/alert-packs.test.ts checks they match).
import { BURN_RATE, SIGNAL_LEVELS, SLO_ATTAINMENT_LEVELS, TTFT_SLO } from '../../pkg/model/signal-levels';

export { BURN_RATE, TTFT_SLO };

export const KV_CACHE = SIGNAL_LEVELS.kv_cache_usage;
/** SLO attainment: red below where the slow burn pages (94 %), orange below the 99 % target. */
export const SLO_ATTAINMENT = { crit: SLO_ATTAINMENT_LEVELS.crit, ok: SLO_ATTAINMENT_LEVELS.warn };
/** Preemptions per second: ≥ 1/s is a storm. */
export const PREEMPTIONS = { crit: SIGNAL_LEVELS.preemption_rate.crit };
/** Failed ÷ finished requests: pages above 1 %. */
export const ERROR_RATIO = { crit: SIGNAL_LEVELS.error_ratio.crit };
/** P99 TTFT that is unusable for interactive chat (llm-d PR #553), seconds. */
export const TTFT_P99_MAX_SECONDS = 30;
/** GPU core temperature, °C. */
export const GPU_TEMP = SIGNAL_LEVELS.gpu_temperature;
/**
 * "Allocated but idle": busy below 10 % on average over 45 minutes (Kubecost-style), the line the cost query
 * draws (`idleUtilizationThreshold`, default 10 %): a replica that gets a trickle of traffic still
 * shows a few percent, and is still paid-for idle capacity.
 */
export const GPU_IDLE = { activeBelow: 0.1, forMinutes: 45 };
/** Queue depth that, when still growing, means the fleet is under-provisioned. */
export const QUEUE_GROWING = { minWaiting: 5 };
/**
 * End-to-end latency regressed: the last 10 minutes' p95 is `factor` × its own mean over the last
 * `baselineHours` and at least `minSeconds` (throttled clocks, slow decode, a bad node — causes no
 * fixed SLO catches for models whose normal latency differs tenfold).
 */
export const E2E_REGRESSION = { factor: 1.5, minSeconds: 2, baselineHours: 3 };
/** Anomaly score (0–1) above which a series counts as anomalous for alerting. */
export const ANOMALY_SCORE = { alert: SIGNAL_LEVELS.anomaly_score.crit };
/** Degradation level (pkg/model/degradation-levels.ts: 0 normal … 4 emergency); 3 (heavy) means users are clearly affected. */
export const DEGRADATION = { alert: SIGNAL_LEVELS.degradation_level.crit };
