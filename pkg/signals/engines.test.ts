// The catalog against what engines really export (issue 12): each case is a shape seen in a real
// /metrics output (test/fixtures/exposition/) that the catalog used to get wrong. The fixtures'
// integration test (test/integration/exposition-fixtures.test.ts) evaluates the same expressions in
// Prometheus and VictoriaMetrics; these pin the PromQL.
import { describe, expect, it } from 'vitest';
import { buildSignal, type Availability } from './build';
import { SIGNAL_BY_ID } from './catalog';
import { FAMILIES, type FamilyId } from './families';
import { inventoryExpr } from './inventory';
import type { Detection } from './detect';

function avail(metrics: string[], labels: Partial<Record<FamilyId, string[]>> = {}): Availability {
  const names = new Set(metrics);
  const families = new Set(FAMILIES.filter((f) => metrics.some((m) => f.marker.test(m))).map((f) => f.id));
  return {
    families,
    hasMetric: (m) => names.has(m),
    familyLabels: (id) => (labels[id] ? new Set(labels[id]) : undefined),
  };
}
const hist = (base: string) => [`${base}_bucket`, `${base}_sum`, `${base}_count`];
const build = (signal: string, a: Availability, more: Partial<Parameters<typeof buildSignal>[0]> = {}) =>
  buildSignal({ def: SIGNAL_BY_ID.get(signal as never)!, rateWindow: '1m', available: a, ...more });

const TRITON = ['nv_inference_request_success', 'nv_inference_request_failure', 'nv_inference_request_duration_us'];

describe('Triton', () => {
  it('sums the failure `reason` away before adding failures to successes', () => {
    const b = build('request_rate', avail(TRITON, { triton: ['model', 'version', 'reason', 'instance'] }));
    expect(b.expr).toContain('+ (sum without (reason) (');
    expect(b.expr).not.toMatch(/\[1m\]\) \+ rate\(nv_inference_request_failure/);
    const e = build('error_ratio', avail(TRITON));
    expect(e.expr).toMatch(/^label_replace\(sum \(sum without \(reason\) \(/);
  });

  it('counts requests at the ensemble or BLS model, not at each step', () => {
    const b = build('request_rate', avail(TRITON), { groupBy: ['model'] });
    expect(b.expr).toContain('nv_inference_request_success{model!~"preprocessing|postprocessing|tensorrt_llm"}');
    expect(b.expr).toContain(
      'unless on (instance) (rate(nv_inference_request_success{model=~"ensemble|tensorrt_llm_bls"}[1m]) > 0)'
    );
    const d: Detection = { ...avail(TRITON), metricNames: new Set(TRITON), at: 0 };
    const inv = inventoryExpr(d, 'serving', ['engine', 'model', 'instance'])!;
    expect(inv).toContain(
      '(last_over_time(nv_inference_request_duration_us{model!~"preprocessing|postprocessing|tensorrt_llm"}[1h]) or (last_over_time(nv_inference_request_duration_us{model="tensorrt_llm"}[1h]) unless on (instance) last_over_time(nv_inference_request_success{model=~"ensemble|tensorrt_llm_bls"}[1h])))'
    );
  });

  it('KV-cache usage: the `fraction` gauge, else used ÷ max blocks (TensorRT-LLM backend before 25.03)', () => {
    const b = build('kv_cache_usage', avail(['nv_trt_llm_kv_cache_block_metrics']), { aggregation: 'max' });
    expect(b.expr).toContain('nv_trt_llm_kv_cache_block_metrics{kv_cache_block_type="fraction"}');
    expect(b.expr).toContain(
      '(nv_trt_llm_kv_cache_block_metrics{kv_cache_block_type="used"} / ignoring (kv_cache_block_type) (nv_trt_llm_kv_cache_block_metrics{kv_cache_block_type="max"} > 0)) unless ignoring (kv_cache_block_type) nv_trt_llm_kv_cache_block_metrics{kv_cache_block_type="fraction"}'
    );
  });

  it('token rates from the TensorRT-LLM backend histograms', () => {
    const a = avail([...hist('nv_llm_input_token_len'), ...hist('nv_llm_output_token_len'), ...TRITON]);
    expect(build('input_tokens_rate', a).expr).toContain('rate(nv_llm_input_token_len_sum[1m])');
    expect(build('output_tokens_rate', a).expr).toContain('rate(nv_llm_output_token_len_sum[1m])');
  });
});

describe('trtllm-serve', () => {
  it('errors are trtllm_request_error_total{http_code} over all finished requests, 0 before the first error', () => {
    const b = build('error_ratio', avail(['trtllm_request_success_total', 'trtllm_request_error_total']));
    expect(b.expr).not.toContain('finished_reason="error"');
    expect(b.expr).toContain(
      'sum ((rate(trtllm_request_error_total[1m]) or rate(trtllm_request_success_total[1m]) * 0)) / (sum ((rate(trtllm_request_success_total[1m]) or rate(trtllm_request_error_total[1m]))) > 0)'
    );
  });

  it('prefix-cache hit ratio from cached ÷ prompt tokens, else the hit-rate gauge', () => {
    const counters = build(
      'prefix_cache_hit_ratio',
      avail(['trtllm_prompt_cached_tokens_total', 'trtllm_prompt_tokens_total', 'trtllm_kv_cache_hit_rate'])
    );
    // The gauge is a fallback, only for targets without the counters (summed with them it would count
    // the same requests twice).
    expect(counters.expr).toContain(
      'sum ((rate(trtllm_prompt_cached_tokens_total[1m])) or ((trtllm_kv_cache_hit_rate) unless on (instance) (rate(trtllm_prompt_tokens_total[1m]))))'
    );
    const gauge = build('prefix_cache_hit_ratio', avail(['trtllm_kv_cache_hit_rate']), { aggregation: 'avg' });
    expect(gauge.expr).toContain('avg (trtllm_kv_cache_hit_rate)');
  });
});

describe('llama.cpp', () => {
  it('ITL is generation seconds per generated token (average only, no request rate)', () => {
    const a = avail(['llamacpp:tokens_predicted_seconds_total', 'llamacpp:tokens_predicted_total']);
    expect(build('itl', a, { aggregation: 'avg' }).expr).toBe(
      'label_replace(sum (rate(llamacpp:tokens_predicted_seconds_total[1m])) / (sum (rate(llamacpp:tokens_predicted_total[1m])) > 0), "engine", "llamacpp", "", "")'
    );
    const rate = build('itl', a, { aggregation: 'rate' });
    expect(rate.expr).toBeUndefined();
    expect(rate.skipped[0]!.reason).toMatch(/^rate needs a request counter/);
  });

  it('says by name that it has no TTFT', () => {
    const b = build('ttft', avail(['llamacpp:prompt_tokens_total']));
    expect(b.skipped).toEqual([
      { family: 'llamacpp', reason: expect.stringMatching(/^time to first token/), absent: true },
    ]);
  });
});

describe('GPUs', () => {
  it('one card reported by DCGM (UUID) and Triton (gpu_uuid) counts once', () => {
    const b = build(
      'gpu_count',
      avail(['DCGM_FI_DEV_GPU_TEMP', 'nv_gpu_utilization'], {
        dcgm: ['gpu', 'UUID', 'Hostname', 'modelName'],
        triton_gpu: ['gpu_uuid', 'instance'],
      })
    );
    expect(b.expr).toContain('max by (Hostname, gpu, UUID) (DCGM_FI_DEV_GPU_TEMP * 0 + 1)');
    expect(b.expr).toContain('"gpu_uuid", "$1", "UUID", "(.*)"');
    expect(b.expr).toContain('max by (hostname, gpu_uuid) (nv_gpu_utilization * 0 + 1)');
    expect(b.expr).toContain(' or on (gpu_uuid_key) ');
    expect(b.expr).toContain('"gpu_uuid_key", "$1", "gpu_uuid", "(.+)"');
  });

  it("DCGM on Kubernetes: the exporter's own pod is no workload", () => {
    const b = build(
      'gpu_utilization',
      avail(['DCGM_FI_DEV_GPU_UTIL'], {
        dcgm: ['gpu', 'UUID', 'Hostname', 'pod', 'namespace', 'exported_pod', 'exported_namespace'],
      }),
      {
        groupBy: ['namespace'],
      }
    );
    expect(b.expr).toContain('"namespace", "", "pod", ".*dcgm-exporter-.*"');
    expect(b.expr).toContain('"pod", "", "pod", ".*dcgm-exporter-.*"');
    expect(b.expr).toContain('"pod", "$1", "exported_pod", "(.+)"');
  });
});

describe('TGI', () => {
  it('error ratio is failures (by err) over requests, never count − success', () => {
    const b = build('error_ratio', avail(['tgi_request_count', 'tgi_request_success', 'tgi_request_failure']));
    expect(b.expr).toBe(
      'label_replace(sum ((rate(tgi_request_failure[1m]) or rate(tgi_request_count[1m]) * 0)) / (sum (rate(tgi_request_count[1m])) > 0), "engine", "tgi", "", "")'
    );
    // Before the first failure TGI has no tgi_request_failure at all: 0, not nothing.
    const none = build('error_ratio', avail(['tgi_request_count', 'tgi_request_success']));
    expect(none.expr).toBe(
      'label_replace(sum (rate(tgi_request_count[1m]) * 0) / (sum (rate(tgi_request_count[1m])) > 0), "engine", "tgi", "", "")'
    );
  });

  it('panels say by name what TGI does not export', () => {
    const b = build('preemption_rate', avail(['tgi_request_count', 'vllm:num_preemptions_total']));
    expect(b.skipped).toEqual([{ family: 'tgi', reason: 'preemptions', absent: true }]);
    // An engine filter that rules TGI out leaves it unmentioned.
    expect(build('preemption_rate', avail(['tgi_request_count']), { filters: { engine: 'vllm' } }).skipped).toEqual([]);
  });
});

describe('hostname of model servers off Kubernetes', () => {
  it('comes from the host part of `instance` when the series have no `node` label', () => {
    const b = build(
      'request_rate',
      avail(['vllm:request_success_total'], { vllm: ['model_name', 'instance', 'job'] }),
      {
        groupBy: ['hostname'],
      }
    );
    expect(b.expr).toContain('sum by (instance) (rate(vllm:request_success_total[1m]))');
    expect(b.expr).toContain('"hostname", "$1$2$3", "instance"');
    const k8s = build(
      'request_rate',
      avail(['vllm:request_success_total'], { vllm: ['model_name', 'instance', 'node'] }),
      {
        groupBy: ['hostname'],
      }
    );
    // Mixed fleets: `node` wins where a series has it, the instance's host part elsewhere.
    expect(k8s.expr).toContain(
      'label_replace(label_replace(sum by (instance, node) (rate(vllm:request_success_total[1m])), "hostname", "$1$2$3", "instance", '
    );
    expect(k8s.expr).toContain('"hostname", "$1", "node", "(.+)")), "engine", "vllm", "", "")');
  });
});

describe('version notes', () => {
  it('name the vLLM and SGLang releases that changed metrics', () => {
    const notes = (id: string) =>
      SIGNAL_BY_ID.get(id as never)!
        .variants.map((v) => v.note ?? '')
        .join(' | ');
    expect(notes('itl')).toMatch(/hidden by default from 0\.12/);
    expect(notes('kv_cache_usage')).toMatch(/deprecated since vLLM 0\.9/);
    const sglang = build('preemption_rate', avail(['sglang:num_retracted_reqs', 'sglang:num_running_reqs']));
    expect(sglang.skipped[0]!.reason).toContain('SGLang before 0.5.7 exports only the gauge sglang:num_retracted_reqs');
  });
});

describe('several series per server (parallel ranks)', () => {
  // As SGLang 0.5.10 exports with DP attention (test/fixtures/exposition/sglang-0.5.10-dp-attention.prom):
  // every scheduler (one per GPU) observes queue time and retractions; gauges per DP rank.
  const sglang = avail([
    'sglang:num_running_reqs',
    'sglang:token_usage',
    'sglang:num_retracted_requests_total',
    ...hist('sglang:queue_time_seconds'),
  ]);
  const ONCE_PER_DP_GROUP = 'max without (tp_rank, pp_rank, moe_ep_rank)';

  it('SGLang: one copy per DP group of what every scheduler of the group reports, then summed', () => {
    expect(build('queue_time', sglang, { aggregation: 'rate' }).expr).toBe(
      `label_replace(sum (${ONCE_PER_DP_GROUP} (rate(sglang:queue_time_seconds_count[1m]))), "engine", "sglang", "", "")`
    );
    expect(build('queue_time', sglang, { aggregation: 'p95', groupBy: ['instance'] }).expr).toContain(
      `sum by (le, instance) (${ONCE_PER_DP_GROUP} (rate(sglang:queue_time_seconds_bucket[1m])))`
    );
    expect(build('preemption_rate', sglang).expr).toContain(
      `sum (${ONCE_PER_DP_GROUP} (rate(sglang:num_retracted_requests_total[1m])))`
    );
  });

  it('SGLang: request gauges read the total over priorities, once per DP group', () => {
    expect(build('requests_running', sglang).expr).toContain(
      `sum (${ONCE_PER_DP_GROUP} (sglang:num_running_reqs{priority=""}))`
    );
    expect(build('kv_cache_usage', sglang).expr).toContain(`max (${ONCE_PER_DP_GROUP} (sglang:token_usage))`);
  });

  it('KV-cache usage is a share per engine core or rank: max or average, never a sum', () => {
    const vllm = avail(['vllm:kv_cache_usage_perc']);
    expect(() => build('kv_cache_usage', vllm, { aggregation: 'sum' })).toThrow(
      /supports aggregation avg, max, min, p50/
    );
    expect(build('kv_cache_usage', vllm, { aggregation: 'avg' }).expr).toContain('avg (vllm:kv_cache_usage_perc)');
  });
});

describe('SGLang: failures and client aborts apart', () => {
  // As SGLang 0.5.1 exports (test/fixtures/exposition/sglang-0.5.1.prom): aborts, no failure counter.
  const v051 = ['sglang:num_requests_total', 'sglang:num_aborted_requests_total', 'sglang:num_running_reqs'];
  const HTTP = 'sglang:http_responses_total';
  const labels = { sglang: ['model_name', 'instance', 'job'] };

  it('before 0.5.7 the error ratio has no SGLang series and says why; client aborts are their own signal', () => {
    const err = build('error_ratio', avail(v051, labels));
    expect(err.expr).toBeUndefined();
    expect(err.skipped).toEqual([
      { family: 'sglang', reason: expect.stringContaining(`no ${HTTP}: HTTP 5xx answers`) },
    ]);
    expect(err.skipped[0]!.reason).toContain('older SGLang exports no failure counter');
    const aborts = build('abort_ratio', avail(v051, labels));
    expect(aborts.expr).toBe(
      'label_replace(sum (((rate(sglang:num_aborted_requests_total[1m]) or rate(sglang:num_requests_total[1m]) * 0)) unless on (instance) sglang:num_running_reqs{engine_type="prefill"}) / (sum ((rate(sglang:num_requests_total[1m])) unless on (instance) sglang:num_running_reqs{engine_type="prefill"}) > 0), "engine", "sglang", "", "")'
    );
  });

  it('from 0.5.7: 5xx ÷ all answers of the inference endpoints, aborts (400) not among them', () => {
    const b = build('error_ratio', avail([...v051, HTTP], labels));
    expect(b.families).toEqual(['sglang']);
    expect(b.expr).toContain(`rate(${HTTP}{endpoint=~"/generate|/encode|`);
    expect(b.expr).toContain('status_code=~"5.."}[1m])');
    expect(b.expr).not.toContain('num_aborted_requests_total');
    // The numerator is 0, not absent, on a server that has answered but never failed.
    expect(b.expr).toMatch(/status_code=~"5\.\."\}\[1m\]\)\) \* on \(instance, job\) .*\) or \(\(rate\(.*\* 0\)\) unless on \(instance\) sglang:num_running_reqs\{engine_type="prefill"\}\) \//);
  });

  it('prefill–decode pairs: what both servers’ tokenizers count (requests, tokens, E2E, answers) is read on the decode server only', () => {
    const a = avail([...v051, HTTP, 'sglang:prompt_tokens_total', 'sglang:generation_tokens_total', ...hist('sglang:e2e_request_latency_seconds'), ...hist('sglang:time_to_first_token_seconds')], labels);
    const PREFILL = 'unless on (instance) sglang:num_running_reqs{engine_type="prefill"}';
    for (const [signal, aggregation] of [['request_rate'], ['input_tokens_rate'], ['output_tokens_rate'], ['e2e_latency', 'p95'], ['e2e_latency', 'avg'], ['error_ratio'], ['abort_ratio']] as const) {
      expect(build(signal, a, aggregation ? { aggregation } : {}).expr, `${signal} ${aggregation ?? ''}`).toContain(PREFILL);
    }
    // Only the decode server observes TTFT: nothing to leave out.
    expect(build('ttft', a).expr).not.toContain('engine_type');
  });

  it('reads the route from exported_endpoint where the scrape adds its own `endpoint` (Prometheus Operator)', () => {
    const b = build('error_ratio', avail([...v051, HTTP], labels));
    expect(b.expr).toContain(
      `(rate(${HTTP}{endpoint=~"/generate|/encode|/classify|/invocations|/vertex_generate|/v1/(chat/completions|completions|embeddings|rerank|score|classify|responses|messages|audio/transcriptions)",status_code=~"5.."}[1m]) or rate(${HTTP}{exported_endpoint=~"/generate|`
    );
  });

  it('HTTP answers carry no model_name: it is joined from the same target, and a model filter applies there', () => {
    const b = build('error_ratio', avail([...v051, HTTP], labels), {
      groupBy: ['model'],
      filters: { model: 'Qwen/Qwen2.5-7B-Instruct' },
    });
    const answers = b.expr!.match(/sglang:http_responses_total\{[^}]*\}/g)!;
    expect(answers.length).toBeGreaterThan(0);
    for (const a of answers) expect(a).not.toContain('model_name');
    expect(b.expr).toContain(
      '* on (instance, job) group_left (model_name) topk by (instance, job) (1, group by (instance, job, model_name) (sglang:num_running_reqs{model_name="Qwen/Qwen2.5-7B-Instruct"} or sglang:num_requests_total{model_name="Qwen/Qwen2.5-7B-Instruct"}))'
    );
    // Other filters (the scrape target) still apply to the answers themselves.
    const one = build('error_ratio', avail([...v051, HTTP], labels), { filters: { instance: 'sglang-0:30000' } });
    expect(one.expr).toContain('sglang:http_responses_total{instance="sglang-0:30000",endpoint=~');
  });

  it('vLLM: errors are finished_reason="error" only, aborts finished_reason="abort"', () => {
    const a = avail(['vllm:request_success_total'], { vllm: ['model_name', 'finished_reason'] });
    expect(build('error_ratio', a).expr).toContain('vllm:request_success_total{finished_reason="error"}');
    expect(build('error_ratio', a).expr).not.toContain('abort');
    expect(build('abort_ratio', a).expr).toContain('vllm:request_success_total{finished_reason="abort"}');
  });

  it('engines that report no aborts are named in the notice', () => {
    const tgi = build('abort_ratio', avail(['tgi_request_count', 'tgi_request_failure']));
    expect(tgi.expr).toBeUndefined();
    expect(tgi.skipped).toEqual([{ family: 'tgi', reason: expect.stringContaining('client aborts'), absent: true }]);
  });
});

describe('OpenTelemetry GenAI clients', () => {
  it('without gen_ai.server.* metrics, latency, requests and errors come from the client operation duration', () => {
    const client = avail([...hist('gen_ai_client_operation_duration_seconds'), ...hist('gen_ai_client_token_usage')]);
    expect(build('e2e_latency', client).expr).toContain('gen_ai_client_operation_duration_seconds_bucket');
    expect(build('request_rate', client).expr).toContain('rate(gen_ai_client_operation_duration_seconds_count[1m])');
    expect(build('error_ratio', client).expr).toContain(
      'rate(gen_ai_client_operation_duration_seconds_count{error_type=~".+"}[1m]) or rate(gen_ai_client_operation_duration_seconds_count[1m]) * 0'
    );
    // With server metrics anywhere, client durations are the same requests seen again: left out.
    const both = avail([
      ...hist('gen_ai_client_operation_duration_seconds'),
      ...hist('gen_ai_server_request_duration_seconds'),
    ]);
    expect(build('request_rate', both).expr).not.toContain('gen_ai_client_operation_duration_seconds');
  });
});
