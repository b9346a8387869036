// Thresholds from the anchor dashboards and alert seeds (docs/llm-metrics.md §3.2 and "Suggested
// alert seeds"). Dashboards and Grafana alert rules both read these so colours and alerts agree;
// prometheus/rules/llmops.rules.yml repeats them (a test checks they match).

export const KV_CACHE = { warn: 0.9, crit: 0.98 };
/** SLO attainment: red below 0.9, green from 0.99 (vLLM's generated dashboards). */
export const SLO_ATTAINMENT = { crit: 0.9, ok: 0.99 };
/** Preemptions per second: any sustained preemption is a warning, ≥ 1/s is critical. */
export const PREEMPTIONS = { warn: 0, crit: 1 };
/** 5xx / error ratio: 0.1 % warning, 1 % critical. */
export const ERROR_RATIO = { warn: 0.001, crit: 0.01 };
/** P99 TTFT that is unusable for interactive chat (llm-d PR #553), seconds. */
export const TTFT_P99_MAX_SECONDS = 30;
/** GPU core temperature, °C: data-centre GPUs throttle from about 87 °C. */
export const GPU_TEMP = { warn: 80, crit: 85 };
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
export const ANOMALY_SCORE = { alert: 0.9 };
/** Degradation level (pkg/model/degradation-levels.ts: 0 normal … 4 emergency); 3 (heavy) means users are clearly affected. */
export const DEGRADATION = { alert: 3 };
/** TTFT SLO for alerting (seconds, a bucket boundary of vLLM's and SGLang's TTFT histograms) and its target. */
export const TTFT_SLO = { seconds: 1, target: 0.99 };
/** Multi-window burn-rate thresholds for a 30-day error budget (Google SRE workbook). */
export const BURN_RATE = {
  fast: { long: '1h', short: '5m', factor: 14.4 },
  slow: { long: '6h', short: '30m', factor: 6 },
};
