// SLO attainment as PromQL on our datasource: the share of requests whose latency fell in the
// histogram bucket `le = SLO`. Written per engine family with `or` so vLLM, SGLang and trtllm-serve
// (all labelled `model_name`) share one expression. The SLO must equal a bucket boundary; `(\.0)?`
// accepts both `1` and `1.0` spellings of `le` (Prometheus 3 normalizes them to floats).

const FAMILIES = {
  ttft: [
    'vllm:time_to_first_token_seconds',
    'sglang:time_to_first_token_seconds',
    'trtllm_time_to_first_token_seconds',
  ],
  // ITL is the per-token latency every engine generation exposes; `time_per_output_token` is the
  // vLLM ≤ 0.12 name of the same histogram.
  tpot: [
    'vllm:inter_token_latency_seconds',
    'vllm:time_per_output_token_seconds',
    'sglang:inter_token_latency_seconds',
    'trtllm_time_per_output_token_seconds',
  ],
} as const;

export type SloFamily = keyof typeof FAMILIES;

export interface SloExprOptions {
  /** Bucket boundary: a number, or a template variable reference such as `${ttft_slo}`. */
  slo: string;
  window: string;
  /** Extra label matchers, e.g. `model_name=~"${model:regex}"`. */
  matchers?: string;
}

function union(family: SloFamily, suffix: string, matchers: string, window: string): string {
  return FAMILIES[family].map((m) => `sum by (model_name) (rate(${m}_${suffix}{${matchers}}[${window}]))`).join(' or ');
}

/** Attainment ratio 0–1 per model_name; no series when a model had no requests. */
export function sloAttainmentExpr(family: SloFamily, o: SloExprOptions): string {
  const extra = o.matchers ? `, ${o.matchers}` : '';
  const good = union(family, 'bucket', `le=~\`${o.slo}(\\.0)?\`${extra}`, o.window);
  const all = union(family, 'count', o.matchers ?? '', o.window);
  return `(${good}) / ((${all}) > 0)`;
}

/** Error-budget burn rate: (1 − attainment) / (1 − target). 1 = budget spent exactly on time. */
export function burnRateExpr(family: SloFamily, o: SloExprOptions & { target: number }): string {
  const budget = +(1 - o.target).toFixed(6);
  return `(1 - (${sloAttainmentExpr(family, o)})) / ${budget}`;
}
