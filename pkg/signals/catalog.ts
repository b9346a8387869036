// The signal catalog: every signal id → how to compute it from each engine's metrics, newest metric
// names first (renames from docs/llm-metrics.md §1). Adding an engine = adding variants here.
import { DEGRADATION_VOCABULARY } from '../model/degradation-levels';
import type { Aggregation, SignalId } from '../model/ids';
import type { FamilyId } from './families';
import type { Matcher } from './matchers';
import { countedOnceAcrossPdPair, sglangAnswers, sglangSchedulerGauge, sglangSchedulerRate, sglangServerErrors, sglangTokenizerRate } from './sglang';
import { tritonFailures, tritonFinished, tritonTopLevelRate } from './triton';
import type { Part, SignalDef, Variant } from './types';

const PCT: Aggregation[] = ['p50', 'p90', 'p95', 'p99'];
const LATENCY_AGGS: Aggregation[] = [...PCT, 'avg', 'rate'];
const COUNTER_AGGS: Aggregation[] = ['rate', 'sum', 'avg', 'max', 'min', ...PCT];
const GAUGE_AGGS: Aggregation[] = ['avg', 'max', 'min', 'sum', ...PCT];

const eq = (label: string, value: string): Matcher => ({ label, op: '=', value });
const re = (label: string, value: string): Matcher => ({ label, op: '=~', value });
const ne = (label: string, value: string): Matcher => ({ label, op: '!=', value });
const nre = (label: string, value: string): Matcher => ({ label, op: '!~', value });

/** Pseudo and container filesystems say nothing about a host's disks. */
const REAL_FS = [nre('fstype', 'tmpfs|ramfs|devtmpfs|overlay|squashfs|nsfs|autofs|fuse\\..*')];
/** Loopback and virtual (container, bridge, overlay) interfaces would double-count traffic. */
const REAL_NIC = [nre('device', 'lo|veth.*|docker.*|br-.*|cali.*|flannel.*|cni.*|virbr.*|tunl.*|vxlan.*')];
const HOST_RATIO_AGGS: Aggregation[] = ['avg', 'max', 'min', 'ratio', ...PCT];

const rate =
  (metric: string, extra?: Matcher[]): Part =>
  (c) =>
    `rate(${c.sel(metric, extra)}[${c.w}])`;
const gauge =
  (metric: string, extra?: Matcher[]): Part =>
  (c) =>
    c.sel(metric, extra);
/** A part summed over labels that split one quantity (SGLang ≥ 0.5.2x: `cache_source`, `is_streaming`); a no-op where absent. */
const summedWithout =
  (labels: string[], part: Part): Part =>
  (c) =>
    `sum without (${labels.join(', ')}) (${part(c)})`;
const plus =
  (a: Part, b: Part): Part =>
  (c) =>
    `${a(c)} + ${b(c)}`;
const scaled =
  (part: Part, factor: number): Part =>
  (c) =>
    `${part(c)} * ${factor}`;

const hist = (family: FamilyId, metric: string, scale?: number, note?: string): Variant => ({
  family,
  hist: { metric, scale },
  note,
});
const series = (family: FamilyId, part: Part, note?: string): Variant => ({ family, series: part, note });
/** A precomputed gauge, read only where the family's counters are missing. */
const fallbackGauge = (family: FamilyId, metric: string, note: string): Variant => ({
  family,
  series: gauge(metric),
  note,
  fallback: true,
});
const ratio = (family: FamilyId, num: Part, den: Part, perSeries?: Part): Variant => ({
  family,
  num,
  den,
  series: perSeries,
});
/**
 * num / den, with a per-series value that divides only where the denominator is positive (no NaN/±Inf).
 * The numerator is one operand even when it is a sum (`(a + b) / …`, not `a + b / …`).
 */
const guardedRatio = (family: FamilyId, num: Part, den: Part): Variant =>
  ratio(family, num, den, (c) => `(${num(c)}) / (${den(c)} > 0)`);

// Triton counts finished requests as success + failure (triton.ts: once per client request, not per
// ensemble step), and durations as cumulative µs counters.
const tritonAverageUs = (metric: string, perRequest: (m: string) => Part): Variant => ({
  family: 'triton',
  num: scaled(perRequest(metric), 1e-6),
  den: perRequest('nv_inference_request_success'),
  note: 'average only (cumulative µs counter)',
});
/** A counter's rate, or 0 per series of `fallback` while the counter has no series yet (created on first use). */
const rateOrZero =
  (metric: string, fallback: string, extra?: Matcher[]): Part =>
  (c) =>
    `(${rate(metric, extra)(c)} or ${rate(fallback)(c)} * 0)`;
// Apps instrumented as GenAI clients (no server-side semconv metrics) still time each call. Where servers
// report gen_ai.server.* the clients' calls are the same requests seen again (a gateway in front of the
// engines), and so are they where an engine reports its own metrics: client durations are read only when
// no server of any kind reports.
const OTEL_CLIENT_DURATION = 'gen_ai_client_operation_duration_seconds';
const OTEL_SERVER_COUNT = 'gen_ai_server_request_duration_seconds_count';
const OTEL_CLIENT_NOTE = 'client-side operation duration (no gen_ai.server.* metrics)';
/** Serving engines whose own request metrics make a gateway's client timings double counts. */
const ENGINE_FAMILIES = ['vllm', 'ray_vllm', 'sglang', 'tgi', 'triton', 'trtllm', 'llamacpp', 'nim', 'llm'] as const;
/** NIM counts successful and failed requests apart (same labels): finished = both, failures 0 until the first. */
const nimFinished: Part = (c) => `${rate('request_success_total')(c)} + ${rateOrZero('request_failure_total', 'request_success_total')(c)}`;
/**
 * Error counters that appear with the first error (labelled by error kind): while the server has none,
 * the error ratio is 0 over the requests counted.
 */
const noErrorsYet = (family: FamilyId, requests: string, errors: string): Variant => ({
  family,
  num: (c) => `${rate(requests)(c)} * 0`,
  den: rate(requests),
  note: `no ${errors} yet (it appears with the first error)`,
  onlyWithout: errors,
});
/** TRT-LLM backend KV blocks before Triton 25.03: no `fraction`, so used ÷ max (only where no fraction). */
const trtLlmBlocks = (type: string) => gauge('nv_trt_llm_kv_cache_block_metrics', [eq('kv_cache_block_type', type)]);
const tritonKvFromBlocks: Part = (c) =>
  `(${trtLlmBlocks('used')(c)} / ignoring (kv_cache_block_type) (${trtLlmBlocks('max')(c)} > 0)) unless ignoring (kv_cache_block_type) ${trtLlmBlocks('fraction')(c)}`;
// TGI has no TTFT histogram; its own dashboard reads time to first token from queue and prefill time.
// Average TTFT = average queue time + average prefill batch duration, as a per-request num/den.
const tgiPrefillAvg: Part = (c) =>
  `(${rate('tgi_batch_inference_duration_sum', [eq('method', 'prefill')])(c)} / ignoring (method) (${rate('tgi_batch_inference_duration_count', [eq('method', 'prefill')])(c)} > 0))`;
const tgiTtftSum: Part = (c) =>
  `${rate('tgi_request_queue_duration_sum')(c)} + ${rate('tgi_request_queue_duration_count')(c)} * ignoring (method) ${tgiPrefillAvg(c)}`;

function latency(
  id: SignalId,
  title: string,
  description: string,
  variants: Variant[],
  absent?: SignalDef['absent']
): SignalDef {
  return {
    absent,
    id,
    title,
    description,
    kind: 'histogram',
    domain: 'serving',
    unit: 's',
    aggregations: LATENCY_AGGS,
    defaultAggregation: 'p95',
    variants,
  };
}

/** A histogram of token counts per request or per engine step. */
function tokenDistribution(
  id: SignalId,
  title: string,
  description: string,
  variants: Variant[],
  absent?: SignalDef['absent']
): SignalDef {
  return { ...latency(id, title, description, variants, absent), unit: 'suffix: tokens', defaultAggregation: 'p50' };
}

function ratioSignal(
  id: SignalId,
  title: string,
  description: string,
  domain: SignalDef['domain'],
  aggregations: Aggregation[],
  defaultAggregation: Aggregation,
  variants: Variant[],
  absent?: SignalDef['absent']
): SignalDef {
  return {
    absent,
    id,
    title,
    description,
    kind: 'ratio',
    domain,
    unit: 'percentunit',
    aggregations,
    defaultAggregation,
    variants,
  };
}

function counter(
  id: SignalId,
  title: string,
  description: string,
  unit: string,
  domain: SignalDef['domain'],
  variants: Variant[],
  extraAggs: Aggregation[] = []
): SignalDef {
  return {
    id,
    title,
    description,
    kind: 'counter',
    domain,
    unit,
    aggregations: [...COUNTER_AGGS, ...extraAggs],
    defaultAggregation: 'rate',
    variants,
  };
}

function gaugeSignal(
  id: SignalId,
  title: string,
  description: string,
  unit: string,
  domain: SignalDef['domain'],
  variants: Variant[],
  def: Aggregation = 'avg'
): SignalDef {
  return {
    id,
    title,
    description,
    kind: 'gauge',
    domain,
    unit,
    aggregations: GAUGE_AGGS,
    defaultAggregation: def,
    variants,
  };
}

/**
 * A share (0–1) that each engine core or rank reports of its own pool (vLLM's data-parallel engines,
 * SGLang's DP ranks): a server's or a fleet's value is their max or average, never their sum.
 */
function usageGauge(...args: Parameters<typeof gaugeSignal>): SignalDef {
  return { ...gaugeSignal(...args), aggregations: GAUGE_AGGS.filter((a) => a !== 'sum') };
}

// HTTP front ends: prometheus-fastapi-instrumentator groups codes as 2xx/5xx in `status`; others use `code`.
// LLM gateways (llm_gateway_requests_total) count exact codes in `code`.
const httpVariants = (matcher: (label: string) => Matcher[]): Variant[] => [
  ratio('http', rate('http_requests_total', matcher('status')), rate('http_requests_total', [re('status', '.+')])),
  ratio('http', rate('http_requests_total', matcher('code')), rate('http_requests_total', [re('code', '.+')])),
  ratio('http', rate('llm_gateway_requests_total', matcher('code')), rate('llm_gateway_requests_total')),
];

export const SIGNALS: SignalDef[] = [
  latency(
    'ttft',
    'Time to first token',
    'Seconds from request arrival to the first output token.',
    [
      hist('vllm', 'vllm:time_to_first_token_seconds'),
      hist('sglang', 'sglang:time_to_first_token_seconds'),
      hist('trtllm', 'trtllm_time_to_first_token_seconds'),
      hist('nim', 'time_to_first_token_seconds'),
      {
        family: 'triton',
        hist: {
          metric: 'nv_inference_first_response_histogram_ms',
          scale: 0.001,
          // The ensemble and its tensorrt_llm step both observe each request: count it once.
          rate: tritonTopLevelRate,
        },
        note: 'time to the first response chunk (decoupled models)',
      },
      {
        family: 'tgi',
        num: tgiTtftSum,
        den: rate('tgi_request_queue_duration_count'),
        note: 'TGI exports no TTFT histogram: average only, queue + prefill time (as in its own dashboard)',
      },
      hist('otel', 'gen_ai_server_time_to_first_token_seconds'),
      hist('llm', 'llm_time_to_first_token_seconds'),
    ],
    { llamacpp: 'time to first token (no per-request timings, only prompt and generation totals)' }
  ),
  latency('itl', 'Inter-token latency', 'Seconds between consecutive output tokens, observed per token (per-request averages: tpot).', [
    hist('vllm', 'vllm:inter_token_latency_seconds'),
    hist(
      'vllm',
      'vllm:time_per_output_token_seconds',
      1,
      'old name: deprecated in vLLM 0.11 (→ vllm:inter_token_latency_seconds), hidden by default from 0.12'
    ),
    hist('sglang', 'sglang:inter_token_latency_seconds'),
    hist('sglang', 'sglang:time_per_output_token_seconds', 1, 'older SGLang name'),
    hist('trtllm', 'trtllm_time_per_output_token_seconds', 1, 'per-request time per output token: TensorRT-LLM has no per-token histogram'),
    hist('nim', 'time_per_output_token_seconds', 1, 'observed per output token (vLLM’s early name)'),
    hist('tgi', 'tgi_request_mean_time_per_token_duration', 1, 'per-request mean, includes prefill'),
    {
      family: 'llamacpp',
      num: rate('llamacpp:tokens_predicted_seconds_total'),
      den: rate('llamacpp:tokens_predicted_total'),
      perToken: true,
      note: 'average only: generation seconds per generated token (llama.cpp has no per-token histogram)',
    },
    hist('otel', 'gen_ai_server_time_per_output_token_seconds'),
    hist('llm', 'llm_inter_token_latency_seconds'),
    hist('llm', 'llm_time_per_output_token_seconds'),
  ]),
  latency('e2e_latency', 'End-to-end latency', 'Seconds from request arrival to the last token.', [
    hist('vllm', 'vllm:e2e_request_latency_seconds'),
    // Observed by both servers of a prefill–decode pair: the decode server's (sglang.ts).
    { family: 'sglang', hist: { metric: 'sglang:e2e_request_latency_seconds', rate: sglangTokenizerRate } },
    hist('trtllm', 'trtllm_e2e_request_latency_seconds'),
    hist('nim', 'e2e_request_latency_seconds'),
    hist('tgi', 'tgi_request_duration'),
    tritonAverageUs('nv_inference_request_duration_us', tritonTopLevelRate),
    hist('otel', 'gen_ai_server_request_duration_seconds'),
    { ...hist('otel', OTEL_CLIENT_DURATION, 1, OTEL_CLIENT_NOTE), onlyWithout: OTEL_SERVER_COUNT, onlyWithoutFamilies: ENGINE_FAMILIES },
    hist('llm', 'llm_e2e_request_latency_seconds'),
    hist('llm', 'llm_request_duration_seconds'),
    hist('llm', 'llm_request_latency_seconds'),
  ]),
  latency('queue_time', 'Queue time', 'Seconds a request waits before it is scheduled.', [
    hist('vllm', 'vllm:request_queue_time_seconds'),
    // Observed by every scheduler of a DP group (each TP rank): once per group (sglang.ts).
    { family: 'sglang', hist: { metric: 'sglang:queue_time_seconds', rate: sglangSchedulerRate } },
    hist('trtllm', 'trtllm_request_queue_time_seconds'),
    hist('tgi', 'tgi_request_queue_duration'),
    tritonAverageUs('nv_inference_queue_duration_us', (m) => rate(m)),
    hist('llm', 'llm_request_queue_time_seconds'),
    hist('llm', 'llm_queue_time_seconds'),
  ]),
  latency(
    'tpot',
    'Time per output token',
    'Per request: (end-to-end − TTFT) ÷ (output tokens − 1), the decode speed one user sees.',
    [
      hist('vllm', 'vllm:request_time_per_output_token_seconds'),
      // SGLang ≥ 0.5.22, observed by the tokenizer when a request finishes (not on prefill-only servers).
      {
        family: 'sglang',
        hist: { metric: 'sglang:request_time_per_output_token_seconds', rate: sglangTokenizerRate },
        note: 'SGLang before 0.5.22 has only the per-token inter_token_latency_seconds',
      },
      // TensorRT-LLM observes (last token − first token) ÷ (output tokens − 1) once per request.
      hist('trtllm', 'trtllm_time_per_output_token_seconds'),
      hist('tgi', 'tgi_request_mean_time_per_token_duration', 1, 'per-request mean, includes prefill'),
      hist('otel', 'gen_ai_server_time_per_output_token_seconds'),
      hist('llm', 'llm_request_time_per_output_token_seconds'),
    ],
    {
      llamacpp: 'per-request time per output token (no per-request timings)',
    }
  ),
  latency(
    'prefill_time',
    'Prefill time',
    'Seconds a request spends in prefill (its prompt through the model).',
    [hist('vllm', 'vllm:request_prefill_time_seconds')],
    {
      sglang: 'prefill time per request (no per-phase histograms)',
      tgi: 'prefill time per request (only batch-level tgi_batch_inference_duration{method="prefill"})',
      trtllm: 'prefill time per request',
    }
  ),
  latency(
    'decode_time',
    'Decode time',
    'Seconds a request spends generating after its first token.',
    [hist('vllm', 'vllm:request_decode_time_seconds')],
    {
      sglang: 'decode time per request (no per-phase histograms)',
      tgi: 'decode time per request (only batch-level tgi_batch_inference_duration{method="decode"})',
      trtllm: 'decode time per request',
    }
  ),
  latency(
    'inference_time',
    'Inference time',
    'Seconds a request spends running (prefill + decode), i.e. end-to-end minus queue time.',
    [hist('vllm', 'vllm:request_inference_time_seconds'), hist('tgi', 'tgi_request_inference_duration')],
    { sglang: 'inference time per request (no per-phase histograms)', trtllm: 'inference time per request' }
  ),
  tokenDistribution(
    'prompt_length',
    'Prompt length',
    'Prompt tokens per request.',
    [
      hist('vllm', 'vllm:request_prompt_tokens'),
      hist('sglang', 'sglang:prompt_tokens_histogram', 1, 'opt-in (--collect-tokens-histogram)'),
      hist('tgi', 'tgi_request_input_length'),
      hist('nim', 'request_prompt_tokens'),
      { family: 'otel', hist: { metric: 'gen_ai_client_token_usage', extra: [re('gen_ai_token_type', 'input|prompt')] } },
    ],
    { trtllm: 'prompt length per request (only token totals)', llamacpp: 'prompt length per request (only token totals)' }
  ),
  tokenDistribution(
    'output_length',
    'Output length',
    'Generated tokens per request.',
    [
      hist('vllm', 'vllm:request_generation_tokens'),
      hist('sglang', 'sglang:generation_tokens_histogram', 1, 'opt-in (--collect-tokens-histogram)'),
      hist('tgi', 'tgi_request_generated_tokens'),
      hist('nim', 'request_generation_tokens'),
      {
        family: 'otel',
        hist: { metric: 'gen_ai_client_token_usage', extra: [re('gen_ai_token_type', 'output|completion')] },
      },
    ],
    { trtllm: 'output length per request (only token totals)', llamacpp: 'output length per request (only token totals)' }
  ),
  tokenDistribution(
    'iteration_tokens',
    'Tokens per engine step',
    'Tokens (prefill + decode) each engine step processed; aggregation "rate" gives engine steps per second.',
    [hist('vllm', 'vllm:iteration_tokens_total')],
    {
      sglang: 'tokens per engine step',
      tgi: 'tokens per engine step (tgi_batch_next_size counts requests, not tokens)',
      trtllm: 'tokens per engine step',
      llamacpp: 'tokens per engine step',
    }
  ),
  counter('request_rate', 'Request rate', 'Finished requests per second.', 'reqps', 'serving', [
    series('vllm', rate('vllm:request_success_total')),
    series('sglang', sglangTokenizerRate('sglang:num_requests_total')),
    series('trtllm', rate('trtllm_request_success_total')),
    series('tgi', rate('tgi_request_count')),
    series('nim', nimFinished, 'successful plus failed requests'),
    series('triton', tritonFinished, 'requests counted at the ensemble/BLS model, not again per step'),
    series('otel', rate('gen_ai_server_request_duration_seconds_count')),
    { ...series('otel', rate(`${OTEL_CLIENT_DURATION}_count`), OTEL_CLIENT_NOTE), onlyWithout: OTEL_SERVER_COUNT, onlyWithoutFamilies: ENGINE_FAMILIES },
    series('llm', rate('llm_requests_total')),
    series('llm', rate('llm_request_success_total')),
  ]),
  ratioSignal(
    'error_ratio',
    'Error ratio',
    'Share of finished requests that failed (0–1).',
    'serving',
    ['ratio', 'rate'],
    'ratio',
    [
      // Newer vLLM turns requests away at admission when a queue limit is set (HTTP 503): they never
      // finish, and vllm:admission_rejections_total (model_name, reason; no engine label) counts them.
      // They are failures the client saw: added to errors and to requests (`or` unions the label sets).
      ratio(
        'vllm',
        (c) =>
          `${rateOrZero('vllm:request_success_total', 'vllm:request_success_total', [eq('finished_reason', 'error')])(c)} or ${rate('vllm:admission_rejections_total')(c)}`,
        (c) => `${rate('vllm:request_success_total')(c)} or ${rate('vllm:admission_rejections_total')(c)}`
      ),
      // finished_reason="error" exists from vLLM 0.11; before, errors are not counted (0).
      {
        ...ratio(
          'vllm',
          rateOrZero('vllm:request_success_total', 'vllm:request_success_total', [eq('finished_reason', 'error')]),
          rate('vllm:request_success_total')
        ),
        fallback: true,
      },
      // Not sglang:num_aborted_requests_total: those are client aborts (abort_ratio), not failures.
      {
        ...ratio('sglang', sglangServerErrors, sglangAnswers),
        note: 'HTTP 5xx answers of the inference endpoints (SGLang ≥ 0.5.7; a stream that fails after its 200 header is not counted); older SGLang exports no failure counter, only client aborts (Client aborts)',
      },
      // Errors are HTTP answers (trtllm_request_error_total{http_code}); finished requests are both
      // counters, whose label sets differ (finished_reason vs http_code), so `or` unions them for the sum.
      ratio(
        'trtllm',
        rateOrZero('trtllm_request_error_total', 'trtllm_request_success_total'),
        (c) => `(${rate('trtllm_request_success_total')(c)} or ${rate('trtllm_request_error_total')(c)})`
      ),
      noErrorsYet('trtllm', 'trtllm_request_success_total', 'trtllm_request_error_total'),
      // Failures by kind (`err`); request_count − request_success went negative across window edges.
      ratio('tgi', rateOrZero('tgi_request_failure', 'tgi_request_count'), rate('tgi_request_count')),
      noErrorsYet('tgi', 'tgi_request_count', 'tgi_request_failure'),
      ratio('nim', rateOrZero('request_failure_total', 'request_success_total'), nimFinished),
      ratio('triton', tritonFailures, (c) => `(${tritonFinished(c)})`),
      ratio(
        'otel',
        rateOrZero('gen_ai_server_request_duration_seconds_count', 'gen_ai_server_request_duration_seconds_count', [
          re('error_type', '.+'),
        ]),
        rate('gen_ai_server_request_duration_seconds_count')
      ),
      {
        ...ratio(
          'otel',
          rateOrZero(`${OTEL_CLIENT_DURATION}_count`, `${OTEL_CLIENT_DURATION}_count`, [re('error_type', '.+')]),
          rate(`${OTEL_CLIENT_DURATION}_count`)
        ),
        note: OTEL_CLIENT_NOTE,
        onlyWithout: OTEL_SERVER_COUNT,
        onlyWithoutFamilies: ENGINE_FAMILIES,
      },
      ratio('llm', rate('llm_request_errors_total'), rate('llm_requests_total')),
      ratio('llm', rate('llm_requests_total', [re('status', 'error|5..')]), rate('llm_requests_total')),
    ]
  ),
  ratioSignal(
    'abort_ratio',
    'Client aborts',
    'Share of finished requests the client cancelled (disconnected, timed out, or aborted through the API) (0–1): information about clients, not a server failure.',
    'serving',
    ['ratio', 'rate'],
    'ratio',
    [
      ratio(
        'vllm',
        rateOrZero('vllm:request_success_total', 'vllm:request_success_total', [eq('finished_reason', 'abort')]),
        rate('vllm:request_success_total')
      ),
      // Counted where the client or an operator aborts (TokenizerManager.abort_request), SGLang ≥ 0.4.7;
      // the counter appears with the first abort.
      {
        ...ratio(
          'sglang',
          countedOnceAcrossPdPair(rateOrZero('sglang:num_aborted_requests_total', 'sglang:num_requests_total')),
          sglangTokenizerRate('sglang:num_requests_total')
        ),
        note: 'aborts ÷ processed requests; counted from SGLang 0.4.7, from the first abort on',
      },
      ratio(
        'nim',
        rateOrZero('request_finish_total', 'request_finish_total', [eq('finished_reason', 'abort')]),
        rate('request_finish_total')
      ),
    ],
    { tgi: 'client aborts (tgi_request_failure counts failures by kind: validation, overloaded, template, incomplete)' }
  ),
  counter('input_tokens_rate', 'Input tokens', 'Prompt tokens processed per second.', 'suffix: tok/s', 'serving', [
    series('vllm', rate('vllm:prompt_tokens_total')),
    series('sglang', sglangTokenizerRate('sglang:prompt_tokens_total')),
    series('trtllm', rate('trtllm_prompt_tokens_total')),
    series('nim', rate('prompt_tokens_total')),
    series('tgi', rate('tgi_request_input_length_sum')),
    series('triton', rate('nv_llm_input_token_len_sum'), 'TensorRT-LLM backend histogram (tensorrt_llm model)'),
    // llama.cpp counts prompt tokens computed; newer builds count the ones reused from the cache apart.
    series('llamacpp', plus(rate('llamacpp:prompt_tokens_total'), rate('llamacpp:prompt_tokens_cached_total')), 'computed plus reused from the cache'),
    { ...series('llamacpp', rate('llamacpp:prompt_tokens_total'), 'tokens computed (builds without the cached-token counter)'), fallback: true },
    series('otel', rate('gen_ai_client_token_usage_sum', [re('gen_ai_token_type', 'input|prompt')])),
    series('llm', rate('llm_input_tokens_total')),
    series('llm', rate('llm_prompt_tokens_total')),
    series('llm', rate('llm_tokens_processed_total', [re('type', 'input|prompt')])),
  ]),
  counter('output_tokens_rate', 'Output tokens', 'Generated tokens per second.', 'suffix: tok/s', 'serving', [
    series('vllm', rate('vllm:generation_tokens_total')),
    series('sglang', sglangTokenizerRate('sglang:generation_tokens_total')),
    series('trtllm', rate('trtllm_generation_tokens_total')),
    series('nim', rate('generation_tokens_total')),
    series('tgi', rate('tgi_request_generated_tokens_sum')),
    series('triton', rate('nv_llm_output_token_len_sum'), 'TensorRT-LLM backend histogram (tensorrt_llm model)'),
    series('llamacpp', rate('llamacpp:tokens_predicted_total')),
    series('otel', rate('gen_ai_client_token_usage_sum', [re('gen_ai_token_type', 'output|completion')])),
    series('llm', rate('llm_output_tokens_total')),
    series('llm', rate('llm_generation_tokens_total')),
    series('llm', rate('llm_tokens_processed_total', [re('type', 'output|completion')])),
  ]),
  gaugeSignal(
    'requests_running',
    'Running requests',
    'Requests in the running batch.',
    'short',
    'serving',
    [
      series('vllm', gauge('vllm:num_requests_running')),
      series('sglang', sglangSchedulerGauge('sglang:num_running_reqs', { requests: true })),
      series('trtllm', gauge('trtllm_num_active_requests'), 'requests in the batch'),
      series('trtllm', gauge('trtllm_num_requests_running')),
      series('nim', gauge('num_requests_running')),
      series('tgi', gauge('tgi_batch_current_size')),
      series('triton', gauge('nv_trt_llm_request_metrics', [eq('request_type', 'scheduled')])),
      series('llamacpp', gauge('llamacpp:requests_processing')),
      series('llm', gauge('llm_requests_running')),
      series('llm', gauge('llm_active_requests'), 'requests in flight (running + waiting)'),
    ],
    'sum'
  ),
  gaugeSignal(
    'requests_waiting',
    'Waiting requests',
    'Requests queued, not yet scheduled.',
    'short',
    'serving',
    [
      series('vllm', gauge('vllm:num_requests_waiting')),
      series('sglang', sglangSchedulerGauge('sglang:num_queue_reqs', { requests: true })),
      series('trtllm', gauge('trtllm_server_queue_length')),
      series('trtllm', gauge('trtllm_num_requests_waiting')),
      series('nim', gauge('num_requests_waiting')),
      series('tgi', gauge('tgi_queue_size')),
      series('triton', gauge('nv_trt_llm_request_metrics', [eq('request_type', 'waiting')])),
      series('triton', gauge('nv_inference_pending_request_count')),
      series('llamacpp', gauge('llamacpp:requests_deferred')),
      series('llm', gauge('llm_requests_waiting')),
    ],
    'sum'
  ),
  usageGauge(
    'kv_cache_usage',
    'KV-cache usage',
    'Share of the KV cache in use (0–1), per engine core or data-parallel rank: max or average over them, never a sum.',
    'percentunit',
    'serving',
    [
      series('vllm', gauge('vllm:kv_cache_usage_perc')),
      series(
        'vllm',
        gauge('vllm:gpu_cache_usage_perc'),
        'old name: deprecated since vLLM 0.9 (→ vllm:kv_cache_usage_perc)'
      ),
      series('sglang', sglangSchedulerGauge('sglang:token_usage')),
      series('trtllm', gauge('trtllm_kv_cache_utilization')),
      series('nim', gauge('gpu_cache_usage_perc')),
      // TGI's v3 router sizes its KV cache at warm-up (tgi_batch_max_total_tokens, tokens) and reports
      // the tokens the running batch reserves in it: their share is the cache in use.
      series(
        'tgi',
        (c) => `${c.sel('tgi_batch_current_max_tokens')} / (${c.sel('tgi_batch_max_total_tokens')} > 0)`,
        'tokens the running batch reserves ÷ the KV-cache token budget set at warm-up (TGI v3 router)'
      ),
      series('triton', trtLlmBlocks('fraction')),
      series('triton', tritonKvFromBlocks, 'used ÷ max blocks (TensorRT-LLM backend before Triton 25.03)'),
      series('llamacpp', gauge('llamacpp:kv_cache_usage_ratio'), 'removed in newer llama.cpp'),
      series('llm', gauge('llm_kv_cache_usage_ratio')),
      series('llm', gauge('llm_kv_cache_usage_perc')),
    ],
    'max'
  ),
  counter('preemption_rate', 'Preemptions', 'Requests preempted (KV-cache pressure) per second.', 'short', 'serving', [
    series('vllm', rate('vllm:num_preemptions_total')),
    series(
      'sglang',
      sglangSchedulerRate('sglang:num_retracted_requests_total'),
      'SGLang before 0.5.7 exports only the gauge sglang:num_retracted_reqs (requests retracted now), no counter'
    ),
    series('llm', rate('llm_preemptions_total')),
  ]),
  ratioSignal(
    'prefix_cache_hit_ratio',
    'Prefix-cache hit ratio',
    'Share of prompt tokens served from the prefix cache (0–1).',
    'serving',
    ['ratio', 'avg', 'max', 'min'],
    'ratio',
    [
      // With a KV connector (LMCache, CPU offloading, P/D transfer: vLLM ≥ 0.11.1) the tokens the local cache
      // missed are queried again outside it: cached = local hits + external hits, over the tokens queried
      // locally. The ×0 term keeps this variant to servers that report external hits; the others keep
      // the local ratio below.
      guardedRatio(
        'vllm',
        plus(rate('vllm:prefix_cache_hits_total'), rate('vllm:external_prefix_cache_hits_total')),
        plus(rate('vllm:prefix_cache_queries_total'), scaled(rate('vllm:external_prefix_cache_hits_total'), 0))
      ),
      { ...guardedRatio('vllm', rate('vllm:prefix_cache_hits_total'), rate('vllm:prefix_cache_queries_total')), fallback: true },
      guardedRatio('vllm', rate('vllm:gpu_prefix_cache_hits_total'), rate('vllm:gpu_prefix_cache_queries_total')),
      fallbackGauge('vllm', 'vllm:gpu_prefix_cache_hit_rate', 'vLLM V0 gauge'),
      // Newer SGLang splits cached tokens by `cache_source` (device, host, storage; or one `total`, never both
      // for a request) and prompt tokens by `is_streaming`: a per-series ratio needs both summed first.
      guardedRatio(
        'sglang',
        summedWithout(['cache_source'], rate('sglang:cached_tokens_total')),
        summedWithout(['is_streaming'], rate('sglang:prompt_tokens_total'))
      ),
      fallbackGauge('sglang', 'sglang:cache_hit_rate', 'precomputed gauge'),
      guardedRatio('trtllm', rate('trtllm_prompt_cached_tokens_total'), rate('trtllm_prompt_tokens_total')),
      fallbackGauge('trtllm', 'trtllm_kv_cache_hit_rate', 'KV-block hit rate gauge'),
      guardedRatio(
        'llamacpp',
        rate('llamacpp:prompt_tokens_cached_total'),
        plus(rate('llamacpp:prompt_tokens_total'), rate('llamacpp:prompt_tokens_cached_total'))
      ),
      guardedRatio('llm', rate('llm_prefix_cache_hits_total'), rate('llm_prefix_cache_queries_total')),
    ]
  ),

  ratioSignal(
    'spec_decode_acceptance',
    'Speculative decoding acceptance',
    'Share of draft tokens the target model accepted (0–1); only with speculative decoding enabled.',
    'serving',
    ['ratio', 'avg', 'max', 'min'],
    'ratio',
    [
      guardedRatio(
        'vllm',
        rate('vllm:spec_decode_num_accepted_tokens_total'),
        rate('vllm:spec_decode_num_draft_tokens_total')
      ),
      fallbackGauge('sglang', 'sglang:spec_accept_rate', 'precomputed gauge'),
      guardedRatio('llamacpp', rate('llamacpp:spec_decode_num_accepted_tokens_total'), rate('llamacpp:spec_decode_num_draft_tokens_total')),
    ]
  ),

  // GPUs
  gaugeSignal('gpu_utilization', 'GPU utilization', 'Share of time a kernel was running (0–1).', 'percentunit', 'gpu', [
    series('dcgm', scaled(gauge('DCGM_FI_DEV_GPU_UTIL'), 0.01)),
    series('triton_gpu', gauge('nv_gpu_utilization')),
    series('gpu', gauge('gpu_utilization_ratio')),
    series('gpu', scaled(gauge('gpu_utilization_percent'), 0.01)),
    series('gpu', scaled(gauge('gpu_utilization'), 0.01), 'OpenLIT (percent)'),
  ]),
  ratioSignal(
    'gpu_memory_used_ratio',
    'GPU memory used',
    'Share of GPU framebuffer memory in use (0–1).',
    'gpu',
    ['avg', 'max', 'min', 'ratio', ...PCT],
    'avg',
    [
      ratio(
        'dcgm',
        gauge('DCGM_FI_DEV_FB_USED'),
        (c) => `(${c.sel('DCGM_FI_DEV_FB_USED')} + ${c.sel('DCGM_FI_DEV_FB_FREE')})`,
        (c) =>
          `${c.sel('DCGM_FI_DEV_FB_USED')} / (${c.sel('DCGM_FI_DEV_FB_USED')} + ${c.sel('DCGM_FI_DEV_FB_FREE')} > 0)`
      ),
      guardedRatio('triton_gpu', gauge('nv_gpu_memory_used_bytes'), gauge('nv_gpu_memory_total_bytes')),
      guardedRatio('gpu', gauge('gpu_memory_used_bytes'), gauge('gpu_memory_total_bytes')),
      guardedRatio('gpu', gauge('gpu_memory_used'), gauge('gpu_memory_total')),
    ]
  ),
  gaugeSignal('gpu_fb_used_bytes', 'GPU memory used (bytes)', 'Framebuffer memory in use.', 'bytes', 'gpu', [
    series('dcgm', scaled(gauge('DCGM_FI_DEV_FB_USED'), 1048576)),
    series('triton_gpu', gauge('nv_gpu_memory_used_bytes')),
    series('gpu', gauge('gpu_memory_used_bytes')),
  ]),
  gaugeSignal(
    'gpu_temperature',
    'GPU temperature',
    'GPU die temperature.',
    'celsius',
    'gpu',
    [
      series('dcgm', gauge('DCGM_FI_DEV_GPU_TEMP')),
      series('gpu', gauge('gpu_temperature_celsius')),
      series('gpu', gauge('gpu_temperature'), 'OpenLIT'),
    ],
    'max'
  ),
  gaugeSignal(
    'gpu_power',
    'GPU power',
    'Power draw.',
    'watt',
    'gpu',
    [
      series('dcgm', gauge('DCGM_FI_DEV_POWER_USAGE')),
      series('triton_gpu', gauge('nv_gpu_power_usage')),
      series('gpu', gauge('gpu_power_watts')),
      series('gpu', gauge('gpu_power_usage_watts')),
      series('gpu', gauge('gpu_power_draw'), 'OpenLIT'),
    ],
    'sum'
  ),
  counter(
    'gpu_energy_rate',
    'GPU energy use',
    'Energy used per second (average power from the energy counter).',
    'watt',
    'gpu',
    [
      series('dcgm', scaled(rate('DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION'), 0.001), 'mJ counter'),
      series('triton_gpu', rate('nv_energy_consumption')),
      series('gpu', rate('gpu_energy_joules_total')),
    ]
  ),
  gaugeSignal(
    'gpu_xid_errors',
    'GPU XID errors',
    'Last XID error code reported per GPU (0 = none); err_code/err_msg labels name it.',
    'none',
    'gpu',
    [series('dcgm', gauge('DCGM_FI_DEV_XID_ERRORS')), series('gpu', gauge('gpu_xid_errors'))],
    'max'
  ),
  gaugeSignal(
    'gpu_tensor_active',
    'Tensor-core activity',
    'Share of cycles the tensor pipes were active (0–1).',
    'percentunit',
    'gpu',
    [series('dcgm', gauge('DCGM_FI_PROF_PIPE_TENSOR_ACTIVE')), series('gpu', gauge('gpu_tensor_active_ratio'))]
  ),
  gaugeSignal(
    'gpu_dram_active',
    'Memory-bandwidth activity',
    'Share of cycles the device memory interface was active (0–1).',
    'percentunit',
    'gpu',
    [series('dcgm', gauge('DCGM_FI_PROF_DRAM_ACTIVE')), series('gpu', gauge('gpu_dram_active_ratio'))]
  ),
  gaugeSignal('gpu_sm_clock', 'SM clock', 'Streaming-multiprocessor clock (drops when throttling).', 'hertz', 'gpu', [
    series('dcgm', scaled(gauge('DCGM_FI_DEV_SM_CLOCK'), 1e6)),
    series('gpu', gauge('gpu_sm_clock_hertz')),
  ]),
  counter('gpu_pcie_replay_rate', 'PCIe replays', 'PCIe link retries per second (link health).', 'short', 'gpu', [
    series('dcgm', rate('DCGM_FI_DEV_PCIE_REPLAY_COUNTER')),
  ]),
  gaugeSignal(
    'gpu_count',
    'GPUs',
    'Number of GPUs reporting.',
    'short',
    'gpu',
    [
      series('dcgm', (c) => `${c.sel('DCGM_FI_DEV_GPU_TEMP')} * 0 + 1`),
      series('triton_gpu', (c) => `${c.sel('nv_gpu_utilization')} * 0 + 1`),
      series('gpu', (c) => `${c.sel('gpu_utilization')} * 0 + 1`),
      series('gpu', (c) => `${c.sel('gpu_utilization_ratio')} * 0 + 1`),
      series('gpu', (c) => `${c.sel('gpu_utilization_percent')} * 0 + 1`),
    ],
    'sum'
  ),

  // HTTP front end and scrape health
  counter('http_request_rate', 'HTTP requests', 'HTTP requests per second at the API server.', 'reqps', 'http', [
    series('http', rate('http_requests_total')),
    series('http', rate('llm_gateway_requests_total')),
  ]),
  counter(
    'http_error_rate',
    'HTTP 5xx',
    'HTTP 5xx answers per second; aggregation "ratio" gives their share of all requests.',
    'reqps',
    'http',
    httpVariants((l) => [re(l, '5..')]),
    ['ratio']
  ),
  counter(
    'http_rate_limited_rate',
    'HTTP 429',
    'Rate-limited (429) answers per second; "ratio" gives their share.',
    'reqps',
    'http',
    httpVariants((l) => [eq(l, '429')]),
    ['ratio']
  ),
  counter(
    'http_auth_error_rate',
    'HTTP 401/403',
    'Authentication/authorization failures per second; "ratio" gives their share.',
    'reqps',
    'http',
    httpVariants((l) => [re(l, '401|403')]),
    ['ratio']
  ),
  gaugeSignal(
    'up',
    'Targets up',
    'Scrape success (1 up, 0 down).',
    'none',
    'scrape',
    [series('scrape', gauge('up'))],
    'min'
  ),
  gaugeSignal(
    'targets_down',
    'Targets down',
    'Scrape targets that are down.',
    'short',
    'scrape',
    [series('scrape', (c) => `(${c.sel('up')} == bool 0)`)],
    'sum'
  ),
  gaugeSignal(
    'targets_missing',
    'Targets missing',
    'Scrape targets seen in the last hour that no longer report at all (gone from service discovery or the scrape config): 1 per missing target.',
    'short',
    'scrape',
    // `up` disappears, not 0, when a target leaves discovery: compare the last hour with now.
    [series('scrape', (c) => `(max_over_time(${c.sel('up')}[1h]) * 0 + 1) unless on (job, instance) ${c.sel('up')}`)],
    'max'
  ),

  // Hosts (node_exporter), per `hostname` like the GPUs they carry
  ratioSignal(
    'host_cpu_utilization',
    'Host CPU utilization',
    'Share of CPU time not idle (0–1); avg over a host = all its CPUs.',
    'host',
    HOST_RATIO_AGGS,
    'avg',
    [
      ratio(
        'node',
        rate('node_cpu_seconds_total', [ne('mode', 'idle')]),
        rate('node_cpu_seconds_total'),
        (c) => `1 - ${rate('node_cpu_seconds_total', [eq('mode', 'idle')])(c)}`
      ),
    ]
  ),
  ratioSignal(
    'host_memory_used_ratio',
    'Host memory used',
    'Share of RAM not available to new processes (1 − MemAvailable / MemTotal).',
    'host',
    HOST_RATIO_AGGS,
    'max',
    [
      ratio(
        'node',
        (c) => `(${c.sel('node_memory_MemTotal_bytes')} - ${c.sel('node_memory_MemAvailable_bytes')})`,
        gauge('node_memory_MemTotal_bytes'),
        (c) => `1 - ${c.sel('node_memory_MemAvailable_bytes')} / (${c.sel('node_memory_MemTotal_bytes')} > 0)`
      ),
    ]
  ),
  ratioSignal(
    'host_disk_used_ratio',
    'Host disk used',
    'Share of filesystem space not available (per filesystem; max over a host = the fullest).',
    'host',
    HOST_RATIO_AGGS,
    'max',
    [
      ratio(
        'node',
        (c) => `(${c.sel('node_filesystem_size_bytes', REAL_FS)} - ${c.sel('node_filesystem_avail_bytes', REAL_FS)})`,
        gauge('node_filesystem_size_bytes', REAL_FS),
        (c) =>
          `1 - ${c.sel('node_filesystem_avail_bytes', REAL_FS)} / (${c.sel('node_filesystem_size_bytes', REAL_FS)} > 0)`
      ),
    ]
  ),
  counter(
    'host_network_receive_rate',
    'Host network receive',
    'Bytes received per second on physical interfaces.',
    'Bps',
    'host',
    [series('node', rate('node_network_receive_bytes_total', REAL_NIC))]
  ),
  counter(
    'host_network_transmit_rate',
    'Host network transmit',
    'Bytes sent per second on physical interfaces.',
    'Bps',
    'host',
    [series('node', rate('node_network_transmit_bytes_total', REAL_NIC))]
  ),

  // Computed in the backend (pkg/queries/degradation) from the serving and GPU signals above
  {
    id: 'degradation_level',
    title: 'Degradation level',
    description:
      `${DEGRADATION_VOCABULARY}: the worst of error ratio, TTFT/E2E against SLOs, queue pressure, KV cache, preemptions, GPU utilisation and memory (thresholds in jsonData.degradationThresholds).`,
    kind: 'gauge',
    domain: 'serving',
    unit: 'none',
    aggregations: ['max', 'avg', 'min'],
    defaultAggregation: 'max',
    variants: [],
    computed: 'degradation',
  },
];

/** vLLM's metric name as Ray Serve LLM exports it: `vllm:num_requests_running` → `ray_vllm_num_requests_running`. */
export function rayVllmName(metric: string): string {
  return metric.startsWith('vllm:') ? `ray_vllm_${metric.slice('vllm:'.length)}` : metric;
}
const viaRayNames = (part: Part | undefined): Part | undefined =>
  part && ((c) => part({ w: c.w, sel: (metric, extra, unfiltered) => c.sel(rayVllmName(metric), extra, unfiltered) }));
/** A vLLM variant read from Ray's re-export of the same metrics (every metric is named through `sel`). */
function viaRay(v: Variant): Variant {
  const hist = v.hist && { ...v.hist, metric: rayVllmName(v.hist.metric), ...(v.hist.rate ? { rate: (series: string) => viaRayNames(v.hist!.rate!(series))! } : {}) };
  return {
    ...v,
    family: 'ray_vllm',
    ...(hist ? { hist } : {}),
    ...(v.series ? { series: viaRayNames(v.series) } : {}),
    ...(v.num ? { num: viaRayNames(v.num) } : {}),
    ...(v.den ? { den: viaRayNames(v.den) } : {}),
    ...(v.onlyWithout ? { onlyWithout: rayVllmName(v.onlyWithout) } : {}),
  };
}
for (const s of SIGNALS) s.variants.push(...s.variants.filter((v) => v.family === 'vllm').map(viaRay));

export const SIGNAL_BY_ID = new Map<SignalId, SignalDef>(SIGNALS.map((s) => [s.id, s]));
