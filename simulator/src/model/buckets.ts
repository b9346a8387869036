// Histogram bucket boundaries as the real exporters define them, and which distributions each flavour
// observes into which histogram.
import type { Flavour } from '../fleet/types';

/** vllm/v1/metrics/loggers.py */
export const VLLM_TTFT = [
  0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0,
  640.0, 2560.0,
];
export const VLLM_ITL = [
  0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0,
];
export const VLLM_REQUEST = [
  0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0,
  7680.0,
];

/** vllm/v1/metrics/loggers.py: tokens per engine step (fixed since the cudagraph-size buckets were dropped). */
export const VLLM_ITERATION_TOKENS = [1, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384];
/** build_1_2_5_buckets(max_model_len) for the simulated max_model_len of 8192. */
export const VLLM_REQUEST_TOKENS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000];

/** sglang/srt/metrics/collector.py */
export const SGLANG_TTFT = [0.1, 0.2, 0.4, 0.6, 0.8, 1, 2, 4, 6, 8, 10, 20, 40, 60, 80, 100, 200, 400];
export const SGLANG_ITL = [
  0.002, 0.004, 0.006, 0.008, 0.01, 0.015, 0.02, 0.025, 0.03, 0.035, 0.04, 0.06, 0.08, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 2, 4,
  6, 8,
];
export const SGLANG_E2E = [
  0.1, 0.2, 0.4, 0.6, 0.8, 1, 2, 4, 6, 8, 10, 20, 40, 60, 80, 100, 200, 400, 600, 1200, 1800, 2400,
];
export const SGLANG_QUEUE = [
  0.0, 0.1, 0.2, 0.5, 1, 2, 3, 4, 5, 10, 15, 20, 30, 40, 50, 60, 70, 80, 90, 100, 200, 300, 400, 500, 600, 700, 800,
  900, 1000, 1200, 1400, 1600, 1800, 2000, 2500, 3000,
];

/**
 * TGI router (router/src/server.rs): 35 duration buckets, `value *= 1.5` from 0.0001, in f64 exactly as
 * computed there (the exporter prints the shortest round-trip form, e.g. 0.00015000000000000001).
 */
export const TGI_DURATION = (() => {
  const out: number[] = [];
  let value = 0.0001;
  for (let k = 0; k < 35; k++) out.push((value *= 1.5));
  return out;
})();
/** 100 linear buckets of max_input_tokens / 100 and max_total_tokens / 100 (launched with 4096 / 8192). */
export const TGI_INPUT_LENGTH = Array.from({ length: 100 }, (_, k) => (4096 / 100) * (k + 1));
export const TGI_GENERATED = Array.from({ length: 100 }, (_, k) => (8192 / 100) * (k + 1));

/** OTel GenAI semconv advisory buckets. */
export const OTEL_DURATION = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
export const OTEL_TTFT = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0];
export const OTEL_TPOT = [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5];
export const OTEL_TOKENS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

/** Hand-rolled app metrics: a team's own choice for multi-second LLM calls. */
export const GENERIC_LATENCY = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120];

/**
 * Triton's opt-in `nv_inference_first_response_histogram_ms`: each model may set its own buckets
 * (model_metrics.histogram_options); these are an LLM-sized choice. Kept in seconds here, because the
 * step model observes seconds; the exposition prints them (and the sum) in milliseconds.
 */
export const TRITON_FIRST_RESPONSE = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** Distributions the model produces each step. */
export type ObsId =
  | 'ttft'
  | 'itl'
  | 'tpot'
  | 'e2e'
  | 'e2e_error'
  | 'content_filter'
  | 'queue'
  | 'prefill'
  | 'decode'
  | 'inference'
  | 'iteration_tokens'
  | 'input_len'
  | 'output_len'
  | 'time_per_token_incl_prefill';

export interface HistSpec {
  key: string;
  obs: ObsId;
  bounds: readonly number[];
}

export const HIST_SPECS: Record<Flavour, HistSpec[]> = {
  vllm: [
    { key: 'ttft', obs: 'ttft', bounds: VLLM_TTFT },
    { key: 'itl', obs: 'itl', bounds: VLLM_ITL },
    { key: 'tpot', obs: 'tpot', bounds: VLLM_ITL },
    { key: 'e2e', obs: 'e2e', bounds: VLLM_REQUEST },
    { key: 'queue', obs: 'queue', bounds: VLLM_REQUEST },
    { key: 'prefill', obs: 'prefill', bounds: VLLM_REQUEST },
    { key: 'decode', obs: 'decode', bounds: VLLM_REQUEST },
    { key: 'inference', obs: 'inference', bounds: VLLM_REQUEST },
    { key: 'prompt_tokens', obs: 'input_len', bounds: VLLM_REQUEST_TOKENS },
    { key: 'generation_tokens', obs: 'output_len', bounds: VLLM_REQUEST_TOKENS },
    { key: 'iteration_tokens', obs: 'iteration_tokens', bounds: VLLM_ITERATION_TOKENS },
  ],
  vllm_legacy: [
    { key: 'ttft', obs: 'ttft', bounds: VLLM_TTFT },
    { key: 'tpot_token', obs: 'itl', bounds: VLLM_ITL },
    { key: 'e2e', obs: 'e2e', bounds: VLLM_REQUEST },
    { key: 'queue', obs: 'queue', bounds: VLLM_REQUEST },
  ],
  sglang: [
    { key: 'ttft', obs: 'ttft', bounds: SGLANG_TTFT },
    { key: 'itl', obs: 'itl', bounds: SGLANG_ITL },
    { key: 'e2e', obs: 'e2e', bounds: SGLANG_E2E },
    { key: 'queue', obs: 'queue', bounds: SGLANG_QUEUE },
  ],
  tgi: [
    { key: 'duration', obs: 'e2e', bounds: TGI_DURATION },
    { key: 'queue', obs: 'queue', bounds: TGI_DURATION },
    { key: 'mean_tpt', obs: 'time_per_token_incl_prefill', bounds: TGI_DURATION },
    { key: 'inference', obs: 'inference', bounds: TGI_DURATION },
    { key: 'input_length', obs: 'input_len', bounds: TGI_INPUT_LENGTH },
    { key: 'generated_tokens', obs: 'output_len', bounds: TGI_GENERATED },
  ],
  otel: [
    { key: 'duration', obs: 'e2e', bounds: OTEL_DURATION },
    { key: 'duration_error', obs: 'e2e_error', bounds: OTEL_DURATION },
    { key: 'duration_content_filter', obs: 'content_filter', bounds: OTEL_DURATION },
    { key: 'ttft', obs: 'ttft', bounds: OTEL_TTFT },
    { key: 'tpot', obs: 'tpot', bounds: OTEL_TPOT },
    { key: 'tokens_input', obs: 'input_len', bounds: OTEL_TOKENS },
    { key: 'tokens_output', obs: 'output_len', bounds: OTEL_TOKENS },
  ],
  generic: [{ key: 'latency', obs: 'e2e', bounds: GENERIC_LATENCY }],
  // Triton's cumulative µs counters are sums of these distributions, so they are accumulated like
  // histograms; only `first_response` is exposed as one. Bucketless specs cost nothing per step.
  triton: [
    { key: 'first_response', obs: 'ttft', bounds: TRITON_FIRST_RESPONSE },
    { key: 'request', obs: 'e2e', bounds: [] },
    { key: 'request_error', obs: 'e2e_error', bounds: [] },
    { key: 'queue', obs: 'queue', bounds: [] },
    { key: 'prefill', obs: 'prefill', bounds: [] },
    { key: 'decode', obs: 'decode', bounds: [] },
  ],
  // llama.cpp has no histograms: the sums give `prompt_seconds_total` and `tokens_predicted_seconds_total`.
  llamacpp: [
    { key: 'prompt', obs: 'prefill', bounds: [] },
    { key: 'predicted', obs: 'decode', bounds: [] },
  ],
};

export function histIndex(flavour: Flavour, key: string): number {
  const i = HIST_SPECS[flavour].findIndex((s) => s.key === key);
  if (i < 0) throw new Error(`no histogram ${key} for ${flavour}`);
  return i;
}
