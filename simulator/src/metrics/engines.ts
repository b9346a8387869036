// SGLang, TGI, OTel GenAI (after the collector's Prometheus translation) and hand-rolled `llm_*` metrics.
import { HIST_SPECS, histIndex } from '../model/buckets';
import type { SimContext } from '../model/state';
import { SeriesGroup } from './group';
import { writeHist, type Labels, type Registry } from './registry';

/** Registers one series set per model-name variant and a writer that shows only the active one. */
export function perVariant<H extends { g: SeriesGroup }>(
  reg: Registry,
  ctx: SimContext,
  i: number,
  make: (modelName: string) => H,
  write: (h: H, vi: number, ...rest: Parameters<Parameters<Registry['writer']>[0]>) => void
): void {
  const groups = ctx.plan.instanceVariants[i].map(make);
  reg.writer((s, v, act) => {
    const st = s.instances[i];
    groups.forEach((h, vi) => {
      const on = st.variant === vi;
      h.g.toggle(act, on);
      if (on) write(h, vi, s, v, act);
    });
  });
}

export function registerSglang(reg: Registry, ctx: SimContext, i: number, base: Labels): void {
  const perf = ctx.fleet.instances[i].perf;
  const specs = HIST_SPECS.sglang;
  const names: Record<string, [string, string]> = {
    ttft: ['sglang:time_to_first_token_seconds', 'Histogram of time to first token in seconds.'],
    itl: ['sglang:inter_token_latency_seconds', 'Histogram of inter-token latency in seconds.'],
    e2e: ['sglang:e2e_request_latency_seconds', 'Histogram of End-to-end request latency in seconds'],
    queue: ['sglang:queue_time_seconds', 'Histogram of queueing time in seconds.'],
  };
  perVariant(
    reg,
    ctx,
    i,
    (model) => {
      const g = new SeriesGroup(reg, [...base, ['model_name', model]]);
      return {
        g,
        running: g.gauge('sglang:num_running_reqs', 'The number of running requests.'),
        queue: g.gauge('sglang:num_queue_reqs', 'The number of requests in the waiting queue.'),
        used: g.gauge('sglang:num_used_tokens', 'The number of used tokens.'),
        usage: g.gauge('sglang:token_usage', 'The token usage.'),
        hit: g.gauge('sglang:cache_hit_rate', 'The prefix cache hit rate.'),
        thr: g.gauge('sglang:gen_throughput', 'The generation throughput (token/s).'),
        retracted: g.gauge('sglang:num_retracted_reqs', 'The number of retracted requests.'),
        prompt: g.counter('sglang:prompt_tokens_total', 'Number of prefill tokens processed.'),
        gen: g.counter('sglang:generation_tokens_total', 'Number of generation tokens processed.'),
        cached: g.counter('sglang:cached_tokens_total', 'Number of cached prompt tokens.'),
        reqs: g.counter('sglang:num_requests_total', 'Number of requests processed.'),
        aborted: g.counter('sglang:num_aborted_requests_total', 'Number of requests aborted.'),
        hists: specs.map((s) => g.hist(names[s.key][0], names[s.key][1], s.bounds)),
      };
    },
    (h, vi, s, v) => {
      const st = s.instances[i];
      const o = st.obs;
      const a = st.variants[vi];
      v[h.running] = o.running;
      v[h.queue] = o.waiting;
      v[h.used] = Math.round(o.kvUsage * perf.kvCapacityTokens);
      v[h.usage] = o.kvUsage;
      v[h.hit] = o.prefixQueries > 0 ? o.prefixHits / o.prefixQueries : 0;
      v[h.thr] = o.outputTokens / ctx.stepSec;
      v[h.retracted] = Math.round(o.preemptions);
      v[h.prompt] = Math.floor(a.promptTokens);
      v[h.gen] = Math.floor(a.generationTokens);
      v[h.cached] = Math.floor(a.prefixHits);
      const f = a.finished;
      v[h.reqs] = Math.floor(f.stop + f.length + f.abort + f.error);
      // Client aborts only (TokenizerManager.abort_request); failures are the HTTP 5xx below.
      v[h.aborted] = Math.floor(f.abort);
      h.hists.forEach((hh, j) => writeHist(hh, a.hist[j], v));
    }
  );
  registerSglangHttp(reg, i, base);
}

/**
 * The API server's HTTP middleware (SGLang ≥ 0.5.7 with --enable-metrics): one set per process, no
 * model_name, so across model-name variants. A disconnected client's request answers 400, a failure 500.
 */
function registerSglangHttp(reg: Registry, i: number, base: Labels): void {
  const g = new SeriesGroup(reg, base);
  const route: Labels = [
    ['endpoint', '/v1/chat/completions'],
    ['method', 'POST'],
  ];
  const help = 'Total number of HTTP responses by endpoint and status code';
  const answered = (code: string) => g.counter('sglang:http_responses_total', help, [...route, ['status_code', code]]);
  const ok = answered('200');
  const disconnected = answered('400');
  const failed = answered('500');
  const requests = g.counter('sglang:http_requests_total', 'Total number of HTTP requests by endpoint and method', route);
  reg.writer((s, v) => {
    let [done, aborted, errors] = [0, 0, 0];
    for (const a of s.instances[i].variants) {
      done += a.finished.stop + a.finished.length;
      aborted += a.finished.abort;
      errors += a.finished.error;
    }
    v[ok] = Math.floor(done);
    v[disconnected] = Math.floor(aborted);
    v[failed] = Math.floor(errors);
    v[requests] = v[ok]! + v[disconnected]! + v[failed]!;
  });
}

export function registerTgi(reg: Registry, ctx: SimContext, i: number, base: Labels): void {
  const inst = ctx.fleet.instances[i];
  const specs = HIST_SPECS.tgi;
  const names: Record<string, [string, string]> = {
    duration: ['tgi_request_duration', 'Request duration'],
    queue: ['tgi_request_queue_duration', 'Request queue duration'],
    mean_tpt: ['tgi_request_mean_time_per_token_duration', 'Mean time per token per request'],
    inference: ['tgi_request_inference_duration', 'Request inference duration'],
    input_length: ['tgi_request_input_length', 'Input token length per request'],
    generated_tokens: ['tgi_request_generated_tokens', 'Generated tokens per request'],
  };
  perVariant(
    reg,
    ctx,
    i,
    (model) => {
      // TGI itself has no model label; `model_id` comes from the pod's label via relabelling.
      const g = new SeriesGroup(reg, [...base, ['model_id', model]]);
      return {
        g,
        queue: g.gauge('tgi_queue_size', 'Current queue size'),
        batch: g.gauge('tgi_batch_current_size', 'Current batch size'),
        maxTok: g.gauge('tgi_batch_current_max_tokens', 'Maximum tokens for the current batch'),
        // Set once at warm-up (backends/v3/src/lib.rs): the KV-cache budget in tokens.
        budget: g.gauge('tgi_batch_max_total_tokens', 'Maximum total tokens in a batch'),
        count: g.counter('tgi_request_count', 'Total number of requests'),
        success: g.counter('tgi_request_success', 'Number of successful requests'),
        // TGI labels failures by kind (validation, generation, overloaded …); the simulator's are generation errors.
        failure: g.counter('tgi_request_failure', 'Number of failed requests', [['err', 'generation']]),
        hists: specs.map((s) => g.hist(names[s.key][0], names[s.key][1], s.bounds, [], 'go')),
      };
    },
    (h, vi, s, v) => {
      const st = s.instances[i];
      const o = st.obs;
      const a = st.variants[vi];
      v[h.queue] = o.waiting;
      v[h.batch] = o.running;
      // Tokens the running batch reserves in the cache (TGI allocates blocks per request's max tokens).
      v[h.maxTok] = Math.round(o.kvUsage * inst.perf.kvCapacityTokens);
      v[h.budget] = inst.perf.kvCapacityTokens;
      const f = a.finished;
      v[h.count] = Math.floor(f.stop + f.length + f.abort + f.error);
      v[h.success] = Math.floor(f.stop + f.length);
      v[h.failure] = Math.floor(f.error);
      h.hists.forEach((hh, j) => writeHist(hh, a.hist[j], v));
    }
  );
}

export function registerOtel(reg: Registry, ctx: SimContext, i: number, base: Labels): void {
  const inst = ctx.fleet.instances[i];
  // One instance reports the current `gen_ai_provider_name`, the other the deprecated `gen_ai_system`.
  const nth = ctx.fleet.instances.slice(0, i).filter((x) => x.flavour === 'otel').length;
  const providerKey = nth % 2 === 0 ? 'gen_ai_provider_name' : 'gen_ai_system';
  const hi = (k: string) => histIndex('otel', k);
  const bounds = (k: string) => HIST_SPECS.otel[hi(k)].bounds;
  const server: Labels = [
    ['server_address', `${inst.name}.${inst.namespace}.svc`],
    ['server_port', '8000'],
  ];
  const target = new SeriesGroup(reg, base);
  const info = target.gauge('target_info', 'Target metadata', [
    ['k8s_namespace_name', inst.namespace],
    ['k8s_pod_name', inst.name],
    ['k8s_node_name', inst.host],
    ['service_name', base.find(([k]) => k === 'job')?.[1] ?? ''],
    ['telemetry_sdk_language', 'python'],
  ]);
  reg.writer((_s, v) => {
    v[info] = 1;
  });
  perVariant(
    reg,
    ctx,
    i,
    (model) => {
      const attrs: Labels = [
        ['gen_ai_operation_name', 'chat'],
        [providerKey, 'vllm'],
        ['gen_ai_request_model', model],
        ['gen_ai_response_model', model],
      ];
      const g = new SeriesGroup(reg, [...base, ...attrs]);
      return {
        g,
        dur: g.hist('gen_ai_server_request_duration_seconds', 'Generative AI server request duration such as time-to-last byte or last output token.', bounds('duration'), [], 'go'),
        durErr: g.hist('gen_ai_server_request_duration_seconds', 'Generative AI server request duration such as time-to-last byte or last output token.', bounds('duration_error'), [['error_type', '500']], 'go'),
        // A content-filter refusal is a failed operation whose `error.type` names the filter (semconv).
        durFiltered: g.hist('gen_ai_server_request_duration_seconds', 'Generative AI server request duration such as time-to-last byte or last output token.', bounds('duration_content_filter'), [['error_type', 'content_filter']], 'go'),
        ttft: g.hist('gen_ai_server_time_to_first_token_seconds', 'Time to generate first token for successful responses.', bounds('ttft'), [], 'go'),
        tpot: g.hist('gen_ai_server_time_per_output_token_seconds', 'Time per output token generated after the first token for successful responses.', bounds('tpot'), [], 'go'),
        // Client-side attributes: the server the client called (semconv: server.address, server.port).
        tokIn: g.hist('gen_ai_client_token_usage', 'Measures number of input and output tokens used.', bounds('tokens_input'), [...server, ['gen_ai_token_type', 'input']], 'go'),
        tokOut: g.hist('gen_ai_client_token_usage', 'Measures number of input and output tokens used.', bounds('tokens_output'), [...server, ['gen_ai_token_type', 'output']], 'go'),
      };
    },
    (h, vi, s, v) => {
      const a = s.instances[i].variants[vi];
      writeHist(h.dur, a.hist[hi('duration')], v);
      writeHist(h.durErr, a.hist[hi('duration_error')], v);
      writeHist(h.durFiltered, a.hist[hi('duration_content_filter')], v);
      writeHist(h.ttft, a.hist[hi('ttft')], v);
      writeHist(h.tpot, a.hist[hi('tpot')], v);
      writeHist(h.tokIn, a.hist[hi('tokens_input')], v);
      writeHist(h.tokOut, a.hist[hi('tokens_output')], v);
    }
  );
}

export function registerGeneric(reg: Registry, ctx: SimContext, i: number, base: Labels): void {
  const inst = ctx.fleet.instances[i];
  const endpoint: [string, string] = ['endpoint', '/v1/chat/completions'];
  perVariant(
    reg,
    ctx,
    i,
    (model) => {
      const g = new SeriesGroup(reg, base);
      const m: [string, string] = ['model', model];
      return {
        g,
        ok: g.counter('llm_requests_total', 'Total LLM requests.', [m, endpoint, ['status', 'success']]),
        err: g.counter('llm_requests_total', 'Total LLM requests.', [m, endpoint, ['status', 'error']]),
        lat: g.hist('llm_request_latency_seconds', 'LLM request latency in seconds.', HIST_SPECS.generic[0].bounds, [m, endpoint]),
        tin: g.counter('llm_tokens_processed_total', 'Tokens processed.', [m, ['type', 'input']]),
        tout: g.counter('llm_tokens_processed_total', 'Tokens processed.', [m, ['type', 'output']]),
        activeReq: g.gauge('llm_active_requests', 'Requests in flight.', [m]),
      };
    },
    (h, vi, s, v) => {
      const st = s.instances[i];
      const a = st.variants[vi];
      const f = a.finished;
      v[h.ok] = Math.floor(f.stop + f.length);
      v[h.err] = Math.floor(f.error + f.abort);
      writeHist(h.lat, a.hist[0], v);
      v[h.tin] = Math.floor(a.promptTokens);
      v[h.tout] = Math.floor(a.generationTokens);
      v[h.activeReq] = st.obs.running + st.obs.waiting;
    }
  );
  // The app also exports its own GPU gauges (NVML), labelled by GPU index and host.
  const gpuGroups = inst.gpus.map((gpu, n) => {
    const g = new SeriesGroup(reg, [...base, ['gpu', String(gpu)], ['hostname', inst.host]]);
    return {
      flat: ctx.topo.instanceGpus[i][n],
      util: g.gauge('gpu_utilization_percent', 'GPU utilization in percent.'),
      mem: g.gauge('gpu_memory_used_bytes', 'GPU memory used in bytes.'),
      temp: g.gauge('gpu_temperature_celsius', 'GPU temperature in degrees Celsius.'),
      power: g.gauge('gpu_power_usage_watts', 'GPU power draw in watts.'),
    };
  });
  reg.writer((s, v) => {
    for (const g of gpuGroups) {
      const gs = s.gpus[g.flat];
      v[g.util] = gs.utilPercent;
      v[g.mem] = gs.fbUsedMiB * 1048576;
      v[g.temp] = Math.round(gs.tempC);
      v[g.power] = gs.powerWatts;
    }
  });
}
