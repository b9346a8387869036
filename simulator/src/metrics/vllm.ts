// vLLM: current V1 names (`kv_cache_usage_perc`, `inter_token_latency_seconds`, `prefix_cache_*`, labels
// model_name + engine) and the older names (`gpu_cache_usage_perc`, `time_per_output_token_seconds`,
// `gpu_prefix_cache_*`, label model_name only). Plus prometheus-fastapi-instrumentator's http_requests_total.
import { HIST_SPECS } from '../model/buckets';
import { FINISH_REASONS } from '../model/state';
import type { SimContext } from '../model/state';
import { SeriesGroup } from './group';
import { writeHist, type Labels, type Registry } from './registry';

function histHelp(key: string): string {
  const help: Record<string, string> = {
    ttft: 'Histogram of time to first token in seconds.',
    itl: 'Histogram of inter-token latency in seconds.',
    tpot: 'Histogram of time_per_output_token_seconds per request.',
    tpot_token: 'Histogram of time per output token in seconds.',
    e2e: 'Histogram of e2e request latency in seconds.',
    queue: 'Histogram of time spent in WAITING phase for request.',
    prefill: 'Histogram of time spent in PREFILL phase for request.',
    decode: 'Histogram of time spent in DECODE phase for request.',
    inference: 'Histogram of time spent in RUNNING phase for request.',
    prompt_tokens: 'Number of prefill tokens processed.',
    generation_tokens: 'Number of generation tokens processed.',
    iteration_tokens: 'Histogram of number of tokens per engine_step.',
  };
  return help[key] ?? key;
}

const HIST_NAMES: Record<string, string> = {
  ttft: 'vllm:time_to_first_token_seconds',
  itl: 'vllm:inter_token_latency_seconds',
  tpot: 'vllm:request_time_per_output_token_seconds',
  tpot_token: 'vllm:time_per_output_token_seconds',
  e2e: 'vllm:e2e_request_latency_seconds',
  queue: 'vllm:request_queue_time_seconds',
  prefill: 'vllm:request_prefill_time_seconds',
  decode: 'vllm:request_decode_time_seconds',
  inference: 'vllm:request_inference_time_seconds',
  prompt_tokens: 'vllm:request_prompt_tokens',
  generation_tokens: 'vllm:request_generation_tokens',
  iteration_tokens: 'vllm:iteration_tokens_total',
};

/**
 * Speculative decoding (current vLLM only): drafts cover most output tokens and a steady share of the
 * drafted tokens is accepted, different per instance (draft model and workload decide it).
 */
const DRAFTED_PER_OUTPUT_TOKEN = 0.75;
const acceptance = (i: number) => 0.55 + 0.08 * (i % 4);

export function registerVllm(reg: Registry, ctx: SimContext, i: number, base: Labels): void {
  const inst = ctx.fleet.instances[i];
  const legacy = inst.flavour === 'vllm_legacy';
  const specs = HIST_SPECS[inst.flavour];
  const groups = ctx.plan.instanceVariants[i].map((modelName) => {
    const g = new SeriesGroup(reg, [...base, ['model_name', modelName], ...(legacy ? [] : ([['engine', '0']] as const))]);
    const h = {
      g,
      running: g.gauge('vllm:num_requests_running', 'Number of requests in model execution batches.'),
      waiting: g.gauge('vllm:num_requests_waiting', 'Number of requests waiting to be processed.'),
      byReason: legacy
        ? []
        : [
            g.gauge('vllm:num_requests_waiting_by_reason', 'Number of requests waiting, by reason.', [['reason', 'capacity']]),
            g.gauge('vllm:num_requests_waiting_by_reason', 'Number of requests waiting, by reason.', [['reason', 'deferred']]),
          ],
      kv: legacy
        ? g.gauge('vllm:gpu_cache_usage_perc', 'GPU KV-cache usage. 1 means 100 percent usage.')
        : g.gauge('vllm:kv_cache_usage_perc', 'KV-cache usage. 1 means 100 percent usage.'),
      prompt: g.counter('vllm:prompt_tokens_total', 'Number of prefill tokens processed.'),
      gen: g.counter('vllm:generation_tokens_total', 'Number of generation tokens processed.'),
      preempt: g.counter('vllm:num_preemptions_total', 'Cumulative number of preemption from the engine.'),
      pq: legacy
        ? g.counter('vllm:gpu_prefix_cache_queries_total', 'GPU prefix cache queries, in terms of number of queried blocks.')
        : g.counter('vllm:prefix_cache_queries_total', 'Prefix cache queries, in terms of number of queried tokens.'),
      ph: legacy
        ? g.counter('vllm:gpu_prefix_cache_hits_total', 'GPU prefix cache hits, in terms of number of cached blocks.')
        : g.counter('vllm:prefix_cache_hits_total', 'Prefix cache hits, in terms of number of cached tokens.'),
      success: FINISH_REASONS.map((r) =>
        g.counter('vllm:request_success_total', 'Count of successfully processed requests.', [['finished_reason', r]])
      ),
      hists: specs.map((s) => g.hist(HIST_NAMES[s.key], histHelp(s.key), s.bounds)),
      draft: legacy ? -1 : g.counter('vllm:spec_decode_num_draft_tokens_total', 'Number of draft tokens.'),
      accepted: legacy ? -1 : g.counter('vllm:spec_decode_num_accepted_tokens_total', 'Number of accepted tokens.'),
      info: legacy
        ? -1
        : g.gauge('vllm:cache_config_info', 'Information of the LLMEngine CacheConfig', [
            ['block_size', '16'],
            ['cache_dtype', 'auto'],
            ['enable_prefix_caching', 'True'],
            ['gpu_memory_utilization', '0.9'],
            ['num_gpu_blocks', String(Math.round(inst.perf.kvCapacityTokens / 16))],
          ]),
    };
    return h;
  });
  // http_requests_total has no model label: one set per instance, whatever model version runs.
  const http = new SeriesGroup(reg, base);
  const hh = (handler: string, method: string, status: string) =>
    http.counter('http_requests_total', 'Total number of requests by method, status and handler.', [
      ['handler', handler],
      ['method', method],
      ['status', status],
    ]);
  const h2 = hh('/v1/chat/completions', 'POST', '2xx');
  const h4 = hh('/v1/chat/completions', 'POST', '4xx');
  const h5 = hh('/v1/chat/completions', 'POST', '5xx');
  const hm = hh('/metrics', 'GET', '2xx');
  const hhealth = hh('/health', 'GET', '2xx');

  reg.writer((s, v, act) => {
    const st = s.instances[i];
    const o = st.obs;
    groups.forEach((h, vi) => {
      const on = st.variant === vi;
      h.g.toggle(act, on);
      if (!on) return;
      const a = st.variants[vi];
      v[h.running] = o.running;
      v[h.waiting] = o.waiting;
      if (h.byReason.length) {
        v[h.byReason[0]] = o.waiting;
        v[h.byReason[1]] = 0;
      }
      v[h.kv] = o.kvUsage;
      v[h.prompt] = Math.floor(a.promptTokens);
      v[h.gen] = Math.floor(a.generationTokens);
      v[h.preempt] = Math.floor(a.preemptions);
      // The old names counted blocks of 16 tokens; the new ones count tokens.
      v[h.pq] = Math.floor(legacy ? a.prefixQueries / 16 : a.prefixQueries);
      v[h.ph] = Math.floor(legacy ? a.prefixHits / 16 : a.prefixHits);
      FINISH_REASONS.forEach((r, j) => (v[h.success[j]] = Math.floor(a.finished[r])));
      h.hists.forEach((hh2, j) => writeHist(hh2, a.hist[j], v));
      if (h.info >= 0) v[h.info] = 1;
      if (h.draft >= 0) {
        const drafted = a.generationTokens * DRAFTED_PER_OUTPUT_TOKEN;
        v[h.draft] = Math.floor(drafted);
        v[h.accepted] = Math.floor(drafted * acceptance(i));
      }
    });
    let c2 = 0;
    let c4 = 0;
    let c5 = 0;
    for (const a of st.variants) {
      c2 += a.http2xx;
      c4 += a.http4xx;
      c5 += a.http5xx;
    }
    v[h2] = Math.floor(c2);
    v[h4] = Math.floor(c4);
    v[h5] = Math.floor(c5);
    v[hm] = Math.floor(st.probes / 2);
    v[hhealth] = Math.floor(st.probes / 2);
  });
}
