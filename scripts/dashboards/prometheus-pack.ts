// The Prometheus/Alertmanager pack (prometheus/rules/llmops.rules.yml): recording rules on the engines'
// own metric names, then the alerts of alerts.ts in raw PromQL. Generated, like the Grafana pack.
import type { AlertGroup, AlertRule, PrometheusAlert } from './alert-model';
import {
  SGLANG_HTTP_RESPONSES,
  SGLANG_INFERENCE_ENDPOINTS,
  SGLANG_QUEUED_REQUESTS,
  SGLANG_ROUTE_LABELS,
  sglangModelOfTarget,
  SGLANG_PREFILL_SCHEDULERS,
} from '../../pkg/signals/sglang';
import { TARGET_JOBS } from './alert-thresholds';

export const PROM_TARGETS = { up: `up{job=~"${TARGET_JOBS}"}` };

/** Where the Prometheus pack's runbook links point: the repository when package.json names one. */
export function prometheusRunbookUrl(uid: string, repository: string | undefined): string {
  const base = repository ? `${repository.replace(/\.git$/, '').replace(/\/$/, '')}/blob/HEAD/docs/runbooks.md` : 'docs/runbooks.md';
  return `${base}#${uid}`;
}

/**
 * NVIDIA NIM's names carry no prefix (request_success_total, num_requests_waiting …): read them only on
 * targets that also export NIM's KV-cache gauge, so another application's metric of the same name in a
 * shared Prometheus is not counted.
 */
const nim = (series: string) => `(${series} and on (instance) gpu_cache_usage_perc)`;
/** NIM's finished requests: successes plus failures (0 until the first failure). */
const NIM_FINISHED = '(rate(request_success_total[5m]) + (rate(request_failure_total[5m]) or rate(request_success_total[5m]) * 0))';

const ENGINES_TTFT = ['vllm:time_to_first_token_seconds', 'sglang:time_to_first_token_seconds', 'trtllm_time_to_first_token_seconds'];
/** The same histograms with NIM's unprefixed one (only on NIM targets). */
const TTFT_HISTOGRAMS = [...ENGINES_TTFT, 'time_to_first_token_seconds'];
/** Unprefixed names (NIM's) are read on NIM targets only. */
const nimGated = (metric: string) => !metric.includes(':') && !metric.startsWith('trtllm_');

/** Share of requests whose first token took longer than 1 s (a bucket boundary of all three engines). */
function ttftMiss(window: string): string {
  const sum = (suffix: string, extra: string) =>
    TTFT_HISTOGRAMS.map((m) => {
      const r = `rate(${m}_${suffix}${extra}[${window}])`;
      return `sum by (model_name) (${nimGated(m) ? nim(r) : r})`;
    }).join('\n    or ');
  return `1 - (\n  (\n    ${sum('bucket', '{le=~"1(\\\\.0)?"}')}\n  )\n  /\n  (\n    (\n    ${sum('count', '')}\n    ) > 0\n  )\n)`;
}

function quantile(metrics: string[], q: number): string {
  const part = (m: string) => (nimGated(m) ? nim(`rate(${m}_bucket[5m])`) : `rate(${m}_bucket[5m])`);
  return `histogram_quantile(${q}, sum by (model_name, le) (\n     ${metrics.map(part).join('\n  or ')}\n))`;
}

const RECORDING: Array<{ record: string; expr: string; comment?: string }> = [
  ...['5m', '30m', '1h', '6h'].map((w, i) => ({
    record: `llmops:ttft_slo_miss_ratio:rate${w}`,
    expr: ttftMiss(w),
    comment:
      i === 0
        ? 'TTFT SLO: share of requests whose first token took over 1 s (le "1" or "1.0" depending on the Prometheus version).'
        : undefined,
  })),
  {
    record: 'llmops:ttft_p95:rate5m',
    expr: quantile(TTFT_HISTOGRAMS, 0.95),
    comment: 'TTFT p95 per model, the input of the z-score anomaly alert.',
  },
  {
    record: 'llmops:e2e_p95:rate5m',
    expr: quantile(['vllm:e2e_request_latency_seconds', 'sglang:e2e_request_latency_seconds', 'trtllm_e2e_request_latency_seconds', 'e2e_request_latency_seconds'], 0.95),
  },
  {
    record: 'llmops:queue_time_p95:rate5m',
    expr: quantile(['vllm:request_queue_time_seconds', 'sglang:queue_time_seconds', 'trtllm_request_queue_time_seconds'], 0.95),
  },
  {
    record: 'llmops:requests_finished:rate5m',
    expr: `sum by (model_name) (rate(vllm:request_success_total[5m]))\nor sum by (model_name) (rate(sglang:num_requests_total[5m]) unless on (instance) ${SGLANG_PREFILL_SCHEDULERS})\nor sum by (model_name) (rate(trtllm_request_success_total[5m]))\nor sum by (model_name) (${nim(NIM_FINISHED)})`,
    comment:
      'Finished requests per second per model: the traffic guard of the error-ratio alert. SGLang prefill–decode pairs: both servers finish each request, counted on the decode server.',
  },
  {
    record: 'llmops:sglang_inference_answers:rate5m',
    comment:
      "SGLang ≥ 0.5.7: HTTP answers of the inference endpoints per model and status code (the model joined from the target's own metrics). Client aborts (sglang:num_aborted_requests_total) are no failures.",
    expr: `sum by (model_name, status_code) (\n  (\n    ${SGLANG_ROUTE_LABELS.map((l) => `rate(${SGLANG_HTTP_RESPONSES}{${l}=~"${SGLANG_INFERENCE_ENDPOINTS}"}[5m])`).join('\n    or ')}\n  )\n  * on (instance, job) group_left (model_name)\n  ${sglangModelOfTarget('sglang:num_running_reqs', 'sglang:num_requests_total')}\n  unless on (instance) ${SGLANG_PREFILL_SCHEDULERS}\n)`,
  },
  {
    record: 'llmops:request_error_ratio:rate5m',
    comment:
      'Failed / finished requests per model; 0 (not absent) when a model had no failures. vLLM: requests turned away at admission (queue limit, HTTP 503; vLLM 0.34) count as failed and as requests. SGLang before 0.5.7 reports no failures: absent. NVIDIA NIM: request_failure_total over it plus request_success_total.',
    expr: `(
  (
    (
         sum by (model_name) (rate(vllm:request_success_total{finished_reason="error"}[5m]))
      or sum by (model_name) (rate(vllm:request_success_total[5m])) * 0
    )
    + (sum by (model_name) (rate(vllm:admission_rejections_total[5m])) or sum by (model_name) (rate(vllm:request_success_total[5m])) * 0)
  )
  / (
    (
      sum by (model_name) (rate(vllm:request_success_total[5m]))
      + (sum by (model_name) (rate(vllm:admission_rejections_total[5m])) or sum by (model_name) (rate(vllm:request_success_total[5m])) * 0)
    ) > 0
  )
)
or
(
  (
       sum by (model_name) (llmops:sglang_inference_answers:rate5m{status_code=~"5.."})
    or sum by (model_name) (llmops:sglang_inference_answers:rate5m) * 0
  )
  / (sum by (model_name) (llmops:sglang_inference_answers:rate5m) > 0)
)
or
(
  (
       sum by (model_name) (rate(trtllm_request_success_total{finished_reason="error"}[5m]))
    or sum by (model_name) (rate(trtllm_request_success_total[5m])) * 0
  )
  / (sum by (model_name) (rate(trtllm_request_success_total[5m])) > 0)
)
or
(
  (
       sum by (model_name) (${nim('rate(request_failure_total[5m])')})
    or sum by (model_name) (${nim('rate(request_success_total[5m])')}) * 0
  )
  / (sum by (model_name) (${nim(NIM_FINISHED)}) > 0)
)`,
  },
  {
    record: 'llmops:kv_cache_usage:max',
    comment: 'KV-cache usage 0–1 per instance, whichever generation of names the engine exports.',
    expr: 'max by (model_name, instance) (\n     vllm:kv_cache_usage_perc\n  or vllm:gpu_cache_usage_perc\n  or sglang:token_usage\n  or trtllm_kv_cache_utilization\n  or gpu_cache_usage_perc\n)',
  },
  { record: 'llmops:preemptions:rate5m', expr: 'sum by (model_name, instance) (rate(vllm:num_preemptions_total[5m]))' },
  {
    record: 'llmops:requests_waiting:sum',
    comment:
      'Queued requests per model. SGLang: each DP rank once (its TP ranks and pipeline stages hold the same queue) and the total over priorities (priority="").',
    expr: `sum by (model_name) (\n     vllm:num_requests_waiting\n  or ${SGLANG_QUEUED_REQUESTS}\n  or trtllm_num_requests_waiting\n  or ${nim('num_requests_waiting')}\n)`,
  },
];

function alertOf(rule: AlertRule): PrometheusAlert | undefined {
  return 'alert' in rule.prometheus ? rule.prometheus : undefined;
}

/** The pack as YAML-ready data (comments are added by the caller's header). */
export function renderPrometheusPack(groups: AlertGroup[], repository: string | undefined): Record<string, unknown> {
  return {
    groups: [
      {
        name: 'llmops-recording',
        interval: '30s',
        rules: RECORDING.map((r) => ({ record: r.record, expr: r.expr })),
      },
      ...groups.map((g) => ({
        name: `${g.name}-alerts`,
        rules: g.rules.flatMap((rule) => {
          const a = alertOf(rule);
          if (!a) return [];
          return [
            {
              alert: a.alert,
              expr: a.expr,
              ...(rule.for !== '0s' ? { for: rule.for } : {}),
              labels: { severity: rule.severity, team: 'llm-serving' },
              annotations: {
                summary: a.summary,
                description: a.description,
                runbook_url: prometheusRunbookUrl(rule.uid, repository),
              },
            },
          ];
        }),
      })),
    ],
  };
}

/** Rules only the Grafana pack has, with the reason (the README and the parity test list them). */
export function grafanaOnly(groups: AlertGroup[]): Array<{ uid: string; why: string }> {
  return groups.flatMap((g) => g.rules).flatMap((r) => ('none' in r.prometheus ? [{ uid: r.uid, why: r.prometheus.none }] : []));
}
