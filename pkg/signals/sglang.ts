// SGLang's failures, told apart from client aborts. `sglang:num_aborted_requests_total` (SGLang ≥ 0.4.7)
// counts TokenizerManager.abort_request calls: clients that disconnect, /abort_request, pause_generation —
// not server failures. The only failure count over all requests is the API server's HTTP middleware
// (--enable-metrics, SGLang ≥ 0.5.7): `sglang:http_responses_total{endpoint, status_code, method}`. A
// disconnected client's request answers 400 there, queue-full and internal aborts 503/500. It has no
// model_name: a server serves one model, read from the server's own engine metrics on the same target.
import type { Matcher } from './matchers';
import type { Part } from './types';

export const SGLANG_HTTP_RESPONSES = 'sglang:http_responses_total';
/** Routes that run the model (http_server.py), not health checks, /metrics scrapes or admin calls. */
export const SGLANG_INFERENCE_ENDPOINTS =
  '/generate|/encode|/classify|/invocations|/vertex_generate|/v1/(chat/completions|completions|embeddings|rerank|score|classify|responses|messages|audio/transcriptions)';
/**
 * The route's label: `endpoint`, or `exported_endpoint` where the scrape attaches an `endpoint` target
 * label of its own (Prometheus Operator ServiceMonitors name the port so; honor_labels: false renames).
 */
export const SGLANG_ROUTE_LABELS = ['endpoint', 'exported_endpoint'] as const;
const SERVER_ERRORS: Matcher = { label: 'status_code', op: '=~', value: '5..' };
/** The family's spellings of the model label: filtered on the engine metrics, joined onto the answers. */
const MODEL_LABELS = ['model_name', 'model'];

/** One model name per scrape target (topk: a target restarted with another model never matches twice). */
export const sglangModelOfTarget = (running: string, requests: string) =>
  `topk by (instance, job) (1, group by (instance, job, model_name) (${running} or ${requests}))`;
const modelOfTarget: Part = (c) =>
  sglangModelOfTarget(c.sel('sglang:num_running_reqs'), c.sel('sglang:num_requests_total'));

const answers =
  (extra: Matcher[]): Part =>
  (c) => {
    const byRoute = SGLANG_ROUTE_LABELS.map((label) => {
      const route: Matcher = { label, op: '=~', value: SGLANG_INFERENCE_ENDPOINTS };
      return `rate(${c.sel(SGLANG_HTTP_RESPONSES, [route, ...extra], MODEL_LABELS)}[${c.w}])`;
    });
    return `((${byRoute.join(' or ')}) * on (instance, job) group_left (model_name) ${modelOfTarget(c)})`;
  };

/** Answers of the inference endpoints per second, with the server's model_name (a PD pair's once: below). */
export const sglangAnswers: Part = (c) => countedOnceAcrossPdPair(answers([]))(c);

/** 5xx answers per second, 0 where a server has answered but never failed (5xx series appear with the first). */
export const sglangServerErrors: Part = (c) => countedOnceAcrossPdPair((d) => `(${answers([SERVER_ERRORS])(d)} or ${answers([])(d)} * 0)`)(c);

// Ranks. SGLang runs one scheduler per GPU (tp_rank, pp_rank, moe_ep_rank labels; dp_rank with data
// parallelism), and every scheduler takes the same scheduling decisions as the others of its DP group:
// they all hold the same requests. The gauges (running, queued, token_usage) come from one scheduler per
// DP group (attn_tp_rank 0), yet from every TP rank with --enable-metrics-for-all-schedulers and from every
// pipeline stage; the queue-time histogram and the retraction counter from every scheduler (an 8-GPU TP
// server counts each request 8 times). DP ranks (dp_rank) are separate schedulers with their own requests
// and KV cache: they add up. So one series per DP group first (the same number on each of its ranks), then
// the usual aggregation. (metrics_collector.py / scheduler_metrics_mixin.py, SGLang 0.4.10–0.5.23.)
const SAME_REQUESTS_RANKS = 'tp_rank, pp_rank, moe_ep_rank';
/** One series per DP group (or per server without data parallelism) out of its schedulers' copies. */
export const oneSchedulerPerDpGroup = (inner: string) => `max without (${SAME_REQUESTS_RANKS}) (${inner})`;
/**
 * Priority scheduling adds per-priority series (`priority="<n>"`) beside the total (`priority=""`);
 * the empty matcher also matches servers that have no priority label at all.
 */
const TOTAL_OVER_PRIORITIES: Matcher = { label: 'priority', op: '=', value: '' };
/** The same, as raw PromQL for the Prometheus pack: the queue of each DP group once. */
export const SGLANG_QUEUED_REQUESTS = oneSchedulerPerDpGroup('sglang:num_queue_reqs{priority=""}');

/** A scheduler gauge, once per DP group; counts of requests are the total over priorities. */
export const sglangSchedulerGauge =
  (metric: string, opts: { requests?: boolean } = {}): Part =>
  (c) =>
    oneSchedulerPerDpGroup(c.sel(metric, opts.requests ? [TOTAL_OVER_PRIORITIES] : []));

/** Per-series rate of a scheduler counter or histogram series, once per DP group. */
export const sglangSchedulerRate =
  (series: string): Part =>
  (c) =>
    oneSchedulerPerDpGroup(`rate(${c.sel(series)}[${c.w}])`);

/**
 * Prefill–decode disaggregation: the router sends every request to a prefill and a decode server, and both
 * tokenizers finish it (TokenizerManager.observe_one_finished_request: requests, prompt and generated tokens,
 * the end-to-end histogram; the HTTP middleware answers both calls). Only the decode server observes TTFT
 * and ITL. A request is counted once: scrape targets whose schedulers say engine_type="prefill" are left
 * out (servers without disaggregation say "unified"; SGLang ≥ 0.5, tokenizer_manager.py).
 */
export const SGLANG_PREFILL_SERVER: Matcher = { label: 'engine_type', op: '=', value: 'prefill' };
/** The same as raw PromQL for the Prometheus pack: a series per prefill server's scheduler. */
export const SGLANG_PREFILL_SCHEDULERS = `sglang:num_running_reqs{${SGLANG_PREFILL_SERVER.label}="${SGLANG_PREFILL_SERVER.value}"}`;
export const countedOnceAcrossPdPair =
  (part: Part): Part =>
  (c) =>
    `(${part(c)}) unless on (instance) ${c.sel('sglang:num_running_reqs', [SGLANG_PREFILL_SERVER])}`;
/** A tokenizer counter's rate, once per request across a prefill–decode pair. */
export const sglangTokenizerRate = (series: string, extra?: Matcher[]): Part =>
  countedOnceAcrossPdPair((c) => `rate(${c.sel(series, extra)}[${c.w}])`);
