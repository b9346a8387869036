// Thresholds only the alert packs use (the shared colour/alert levels are in pkg/model/signal-levels.ts).

/** Waiting requests that, present in every sample of 10 minutes, mean the queue is not draining. */
export const QUEUE_BACKLOG = { minWaiting: 5, windowMinutes: 10 };
/** p95 seconds a request waits before it is scheduled; above it users feel the queue in TTFT. */
export const QUEUE_TIME = { p95Seconds: 2 };
/**
 * Error ratios page only with enough failures behind them: at least `minFailures` failed requests in
 * the 10-minute window, so a model serving 1 request a minute does not page on one error.
 */
export const ERROR_GUARD = { windowSeconds: 600, minFailures: 5 };
/**
 * Prometheus `job`s of the serving fleet and its exporters (the docker-compose demo's and the
 * simulator's names). The provisioned datasource's `jsonData.targetJobs` and the Prometheus pack's
 * target rules use this regex; set yours in both places.
 */
export const TARGET_JOBS =
  'vllm|sglang|tgi|triton|llama-cpp|llm-app|gemma-inference|llm-gateway|dcgm-exporter|node-exporter';
/** A target that stopped reporting within this window counts as missing (then it is forgotten). */
export const TARGET_MISSING_WINDOW = '1h';
/** Preemptions/s that, in every sample of 10 minutes, mean the instance is short of KV cache all the time. */
export const PREEMPTION_SUSTAINED = { above: 0 };
