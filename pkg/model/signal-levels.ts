// The one table of signal levels. Dashboard colours (scripts/dashboards/signal-thresholds.ts, the app's
// landing table) and the thresholds of the shipped alert rules (scripts/dashboards/alerts.ts, both packs)
// are derived from it, so a tile or cell turns red exactly where the signal's alert rule fires
// (scripts/dashboards/threshold-parity.test.ts and src/scenes/overview.test.ts check the generated files).
// Levels are also chosen so that a healthy fleet stays green (test/ootb/dashboard-thresholds.test.ts).

export interface Levels {
  /** Orange from here: worth a look. */
  warn?: number;
  /** Red from here: where `rules` fire (or, with no rule, where it needs action). */
  crit: number;
  /** The alert rules (uids) that fire where the colour turns red. */
  rules: readonly string[];
  /** Counts or codes: a rule's "> n" fires from n + 1, so red starts there. */
  integer?: boolean;
}

export const SIGNAL_LEVELS = {
  /** Failed ÷ finished requests: the P1 error-ratio rule pages above 1 % (with ≥ 5 failures in 10 minutes). */
  error_ratio: { warn: 0.005, crit: 0.01, rules: ['llmops-error-ratio-high'] },
  /** KV cache: vLLM fills it by design under load; a full cache opens the P2 capacity ticket. */
  kv_cache_usage: { warn: 0.9, crit: 0.98, rules: ['llmops-kv-cache-critical'] },
  /** Preemptions/s: a trickle is KV pressure worth a look; the P1 storm rule pages at 1/s. */
  preemption_rate: { warn: 0.01, crit: 1, rules: ['llmops-preemptions-high'] },
  /** °C: data-centre GPUs throttle from about 87 °C; the P1 rule pages above 85. */
  gpu_temperature: { warn: 80, crit: 85, rules: ['llmops-gpu-temperature'] },
  /** Any XID code is a P1: 79 fallen off the bus, 48/63/64 memory errors. */
  gpu_xid_errors: { crit: 1, rules: ['llmops-gpu-xid'], integer: true },
  /**
   * Scrape targets down (count). The "target down" rule reads `up` < 1 per target, the same event, so it
   * is not listed (it compares another signal).
   */
  targets_down: { crit: 1, rules: [], integer: true },
  /** Scrape targets seen in the last hour and gone now (count). */
  targets_missing: { crit: 1, rules: ['llmops-target-missing'], integer: true },
  /**
   * HBM used: vLLM reserves gpu_memory_utilization (0.9) of every GPU at start and SGLang
   * mem_fraction_static (~0.88), so 90 %+ is normal; near 100 % risks out-of-memory errors. No rule.
   */
  gpu_memory_used_ratio: { warn: 0.97, crit: 0.99, rules: [] },
  /** Host RAM (page cache counts as available). No rule. */
  host_memory_used_ratio: { warn: 0.9, crit: 0.95, rules: [] },
  /** Fullest real filesystem. No rule. */
  host_disk_used_ratio: { warn: 0.85, crit: 0.95, rules: [] },
  /** Anomaly score 0–1: the P2 anomaly ticket fires above 0.9. */
  anomaly_score: { warn: 0.7, crit: 0.9, rules: ['llmops-anomaly-score-high'] },
  /** The degradation level (0 normal … 4 emergency): level 3, heavy, pages; its colours are the levels' own. */
  degradation_level: { crit: 3, rules: ['llmops-degradation-level'], integer: true },
} as const satisfies Record<string, Levels>;

export type LeveledSignal = keyof typeof SIGNAL_LEVELS;

/**
 * Rules that compare a signal of the table at a level that is no colour boundary, and why. Any other
 * rule comparison on a signal of the table must be one of its `rules`, at `crit`.
 */
export const OTHER_RULE_LEVELS: Readonly<Record<string, string>> = {
  'llmops-preemptions-sustained': 'fires on persistence (a preemption in every sample of 10 minutes), not on a level',
  'llmops-gpu-idle-allocated': 'memory used above 10 % only tells that a model is loaded on the idle GPU',
  'llmops-ttft-slo-burn-fast': 'the P0 pages deeper in the red: attainment below 85.6 % (a 14.4× burn over 1 h and 5 min)',
};

/** Shares of HTTP answers (5xx, 429, 401/403 of all requests). No rule reads them. */
export const HTTP_SHARE_LEVELS = { warn: 0.01, crit: 0.05 } as const;

/** TTFT SLO of the alert pack and the dashboards (seconds, a bucket boundary of vLLM's and SGLang's histograms). */
export const TTFT_SLO = { seconds: 1, target: 0.99 } as const;

/** Multi-window burn-rate thresholds for a 30-day error budget (Google SRE workbook). */
export const BURN_RATE = {
  fast: { long: '1h', short: '5m', factor: 14.4 },
  slow: { long: '6h', short: '30m', factor: 6 },
} as const;

/** The SLO attainment at which the budget burns `factor` times too fast: 1 − factor × (1 − target). */
export const attainmentAtBurn = (factor: number, target: number = TTFT_SLO.target) => +(1 - factor * (1 - target)).toFixed(6);

/**
 * SLO attainment colours (falling: bad when low): orange below the target (the budget burns faster
 * than it accrues), red below the attainment at which the P1 slow-burn rule fires (94 %).
 */
export const SLO_ATTAINMENT_LEVELS = {
  warn: TTFT_SLO.target,
  crit: attainmentAtBurn(BURN_RATE.slow.factor),
  rules: ['llmops-ttft-slo-burn-slow'],
} as const;
