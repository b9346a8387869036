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

/** Answers of the inference endpoints per second, with the server's model_name. */
export const sglangAnswers: Part = answers([]);

/** 5xx answers per second, 0 where a server has answered but never failed (5xx series appear with the first). */
export const sglangServerErrors: Part = (c) => `(${answers([SERVER_ERRORS])(c)} or ${sglangAnswers(c)} * 0)`;
