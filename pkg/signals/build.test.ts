import { describe, expect, it } from 'vitest';
import { buildSignal, type Availability } from './build';
import { SIGNAL_BY_ID, SIGNALS } from './catalog';
import { FAMILIES, type FamilyId } from './families';
import { SIGNAL_IDS } from '../model/ids';

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

describe('signal catalog', () => {
  it('defines every signal id of the query model, with a valid default aggregation', () => {
    expect(SIGNALS.map((s) => s.id).sort()).toEqual([...SIGNAL_IDS].sort());
    for (const s of SIGNALS) expect(s.aggregations).toContain(s.defaultAggregation);
  });
});

describe('PromQL per engine', () => {
  it('vLLM TTFT p95: aggregate on the engine labels, then rename to normalized labels and tag engine', () => {
    const a = avail(hist('vllm:time_to_first_token_seconds'), { vllm: ['model_name', 'engine', 'instance'] });
    const b = buildSignal({ def: SIGNAL_BY_ID.get('ttft')!, rateWindow: '2m', available: a });
    expect(b.aggregation).toBe('p95');
    expect(b.expr).toBe(
      'label_replace(histogram_quantile(0.95, sum by (le) (rate(vllm:time_to_first_token_seconds_bucket[2m]))), "engine", "vllm", "", "")'
    );
    const byModel = buildSignal({
      def: SIGNAL_BY_ID.get('ttft')!,
      groupBy: ['model', 'instance'],
      rateWindow: '2m',
      available: a,
    });
    expect(byModel.expr).toBe(
      'label_replace(label_replace(label_replace(histogram_quantile(0.95, sum by (le, model_name, instance) (rate(vllm:time_to_first_token_seconds_bucket[2m]))), "model", "$1", "model_name", "(.*)"), "model_name", "", "", ""), "engine", "vllm", "", "")'
    );
    expect(byModel.outputLabels).toEqual(['engine', 'model', 'instance']);
    expect(b.families).toEqual(['vllm']);
  });

  it('picks the old vLLM names when only they exist, and prefers the new ones when both do', () => {
    const itl = SIGNAL_BY_ID.get('itl')!;
    const old = buildSignal({
      def: itl,
      rateWindow: '1m',
      available: avail(hist('vllm:time_per_output_token_seconds')),
    });
    expect(old.expr).toContain('vllm:time_per_output_token_seconds_bucket');
    expect(old.expr).not.toContain('inter_token_latency');
    const both = buildSignal({
      def: itl,
      rateWindow: '1m',
      available: avail([...hist('vllm:time_per_output_token_seconds'), ...hist('vllm:inter_token_latency_seconds')]),
    });
    expect(both.expr!.indexOf('inter_token_latency')).toBeLessThan(both.expr!.indexOf('time_per_output_token'));
    expect(both.expr).toContain(' or ');
    const kv = buildSignal({
      def: SIGNAL_BY_ID.get('kv_cache_usage')!,
      rateWindow: '1m',
      available: avail(['vllm:gpu_cache_usage_perc'], { vllm: ['model_name', 'engine'] }),
    });
    expect(kv.expr).toBe('label_replace(max (vllm:gpu_cache_usage_perc), "engine", "vllm", "", "")');
  });

  it('SGLang, TGI, OTel and generic names each map to their own metrics and model labels', () => {
    const metrics = [
      'sglang:num_queue_reqs',
      'tgi_queue_size',
      'llm_requests_waiting',
      ...hist('gen_ai_client_token_usage'),
    ];
    const labels = { sglang: ['model_name'], tgi: ['model_id'], llm: ['model'] };
    const waiting = buildSignal({
      def: SIGNAL_BY_ID.get('requests_waiting')!,
      groupBy: ['model'],
      rateWindow: '1m',
      available: avail(metrics, labels),
    });
    expect(waiting.expr).toContain('sglang:num_queue_reqs');
    expect(waiting.expr).toContain('tgi_queue_size');
    expect(waiting.expr).toContain('llm_requests_waiting');
    expect(waiting.expr).toContain('sum by (model_id) (tgi_queue_size)');
    expect(waiting.expr).toContain('"model", "$1", "model_id", "(.*)"');
    expect(waiting.families.sort()).toEqual(['llm', 'sglang', 'tgi']);

    const tokens = buildSignal({
      def: SIGNAL_BY_ID.get('input_tokens_rate')!,
      rateWindow: '1m',
      available: avail(metrics),
    });
    expect(tokens.expr).toContain('rate(gen_ai_client_token_usage_sum{gen_ai_token_type=~"input|prompt"}[1m])');
    const byModel = buildSignal({
      def: SIGNAL_BY_ID.get('input_tokens_rate')!,
      groupBy: ['model'],
      rateWindow: '1m',
      available: avail(metrics),
    });
    // Two possible spellings (request/response model): normalized before aggregating.
    expect(byModel.expr).toContain('"model", "$1", "gen_ai_request_model", "(.+)"');
    expect(tokens.expr).toContain('"engine", "otel", "", ""');
  });

  it('TGI TTFT: average of queue + prefill time; percentiles say why they are absent', () => {
    const tgi = [...hist('tgi_request_queue_duration'), ...hist('tgi_batch_inference_duration')];
    const p95 = buildSignal({ def: SIGNAL_BY_ID.get('ttft')!, rateWindow: '1m', available: avail(tgi) });
    expect(p95.expr).toBeUndefined();
    expect(p95.skipped).toEqual([
      { family: 'tgi', reason: expect.stringMatching(/^p95 needs a histogram: TGI exports no TTFT histogram/) },
    ]);
    const avg = buildSignal({
      def: SIGNAL_BY_ID.get('ttft')!,
      aggregation: 'avg',
      rateWindow: '1m',
      available: avail(tgi),
    });
    expect(avg.expr).toBe(
      'label_replace(sum (rate(tgi_request_queue_duration_sum[1m]) + rate(tgi_request_queue_duration_count[1m]) * ignoring (method) (rate(tgi_batch_inference_duration_sum{method="prefill"}[1m]) / ignoring (method) (rate(tgi_batch_inference_duration_count{method="prefill"}[1m]) > 0))) / (sum (rate(tgi_request_queue_duration_count[1m])) > 0), "engine", "tgi", "", "")'
    );
    // Only the old duration histogram: nothing to compute it from, and the notice names the metric.
    const none = buildSignal({
      def: SIGNAL_BY_ID.get('ttft')!,
      aggregation: 'avg',
      rateWindow: '1m',
      available: avail(hist('tgi_request_duration')),
    });
    expect(none.expr).toBeUndefined();
    expect(none.skipped[0]!.reason).toContain('no tgi_request_queue_duration_sum');
  });

  it('Triton: ms histogram scaled to seconds in its own quantile group; µs counters only for avg', () => {
    const ttft = buildSignal({
      def: SIGNAL_BY_ID.get('ttft')!,
      aggregation: 'p99',
      groupBy: ['engine'],
      rateWindow: '1m',
      available: avail(
        [
          ...hist('nv_inference_first_response_histogram_ms'),
          'nv_inference_request_success',
          ...hist('vllm:time_to_first_token_seconds'),
        ],
        { triton: ['model'], vllm: ['model_name', 'engine'] }
      ),
    });
    expect(ttft.expr).toBe(
      '(label_replace(histogram_quantile(0.99, sum by (le) (rate(vllm:time_to_first_token_seconds_bucket[1m]))), "engine", "vllm", "", "")) or (label_replace(histogram_quantile(0.99, sum by (le) ((rate(nv_inference_first_response_histogram_ms_bucket{model!~"preprocessing|postprocessing|tensorrt_llm"}[1m]) or (rate(nv_inference_first_response_histogram_ms_bucket{model="tensorrt_llm"}[1m]) unless on (instance) (rate(nv_inference_request_success{model=~"ensemble|tensorrt_llm_bls"}[1m]) > 0))))), "engine", "triton", "", "") * 0.001)'
    );
    const e2e = buildSignal({
      def: SIGNAL_BY_ID.get('e2e_latency')!,
      aggregation: 'avg',
      rateWindow: '1m',
      available: avail(['nv_inference_request_duration_us', 'nv_inference_request_success']),
    });
    expect(e2e.expr).toContain(
      'rate(nv_inference_request_duration_us{model!~"preprocessing|postprocessing|tensorrt_llm"}[1m])'
    );
    expect(e2e.expr).toContain(') * 0.000001)');
    const p95 = buildSignal({
      def: SIGNAL_BY_ID.get('e2e_latency')!,
      rateWindow: '1m',
      available: avail(['nv_inference_request_duration_us', 'nv_inference_request_success']),
    });
    expect(p95.expr).toBeUndefined();
    expect(p95.skipped).toEqual([
      { family: 'triton', reason: 'p95 needs a histogram: average only (cumulative µs counter)' },
    ]);
  });

  it('DCGM: both hostname spellings, exported_pod, GPU units', () => {
    const util = buildSignal({
      def: SIGNAL_BY_ID.get('gpu_utilization')!,
      groupBy: ['hostname', 'gpu'],
      filters: { hostname: 'node-1' },
      rateWindow: '1m',
      available: avail(['DCGM_FI_DEV_GPU_UTIL'], { dcgm: ['Hostname', 'hostname', 'gpu'] }),
    });
    // `Hostname` (released exporters) first, then the renamed `hostname` (exporter HEAD).
    expect(util.expr).toContain('DCGM_FI_DEV_GPU_UTIL{Hostname!="",Hostname="node-1"} * 0.01');
    expect(util.expr).toContain('DCGM_FI_DEV_GPU_UTIL{Hostname="",hostname!="",hostname="node-1"} * 0.01');
    expect(util.expr).toContain('"hostname", "$1", "Hostname", "(.+)"');
    // One GPU exporter: no cross-exporter identity keys (nothing to deduplicate).
    expect(util.expr).toMatch(/^avg by \(hostname, gpu\) \(max by \(hostname, gpu\) \(/);
    expect(util.expr).not.toContain('label_join');
    const energy = buildSignal({
      def: SIGNAL_BY_ID.get('gpu_energy_rate')!,
      rateWindow: '1m',
      available: avail(['DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION']),
    });
    expect(energy.expr).toContain('rate(DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION[1m]) * 0.001');
  });

  it('one GPU exporter, per GPU: few label copies (each costs Prometheus one per series per step)', () => {
    const util = buildSignal({
      def: SIGNAL_BY_ID.get('gpu_utilization')!,
      aggregation: 'avg',
      groupBy: ['hostname', 'gpu', 'gpu_model', 'pod'],
      rateWindow: '1m',
      available: avail(['DCGM_FI_DEV_GPU_UTIL'], { dcgm: ['Hostname', 'hostname', 'gpu', 'UUID', 'pod', 'exported_pod', 'modelName'] }),
    });
    // UUID is grouped on as spelled (never renamed or dropped: the outer aggregation drops it), the exporter's
    // own pod is blanked without touching the namespace nobody grouped on, no identity keys.
    expect(util.expr).toBe(
      'avg by (hostname, gpu, gpu_model, pod) (label_replace(label_replace(max by (hostname, gpu, UUID, pod, modelName) ' +
        '(label_replace(label_replace(DCGM_FI_DEV_GPU_UTIL * 0.01, "hostname", "$1", "Hostname", "(.+)"), "pod", "$1", "exported_pod", "(.+)")), ' +
        '"gpu_model", "$1", "modelName", "(.*)"), "pod", "", "pod", ".*dcgm-exporter-.*"))'
    );
    // Asked for by namespace, the exporter's own namespace is blanked too.
    const byNs = buildSignal({
      def: SIGNAL_BY_ID.get('gpu_utilization')!,
      aggregation: 'avg',
      groupBy: ['namespace'],
      rateWindow: '1m',
      available: avail(['DCGM_FI_DEV_GPU_UTIL'], { dcgm: ['Hostname', 'gpu', 'pod', 'namespace'] }),
    });
    expect(byNs.expr).toContain('"namespace", "", "pod", ".*dcgm-exporter-.*"');
  });

  it('GPU signals count each GPU once when two exporters report it (DCGM first)', () => {
    const count = buildSignal({
      def: SIGNAL_BY_ID.get('gpu_count')!,
      rateWindow: '1m',
      available: avail(['DCGM_FI_DEV_GPU_TEMP', 'gpu_utilization_percent'], {
        dcgm: ['Hostname', 'gpu'],
        gpu: ['hostname', 'gpu'],
      }),
    });
    // DCGM first; a gpu_* series is left out when DCGM has the same UUID or the same (hostname, index).
    expect(count.expr).toMatch(/^sum \(\(label_replace\(.*max by \(Hostname, gpu\) \(DCGM_FI_DEV_GPU_TEMP \* 0 \+ 1\)/);
    expect(count.expr).toContain(') or on (gpu_uuid_key) ((');
    expect(count.expr).toContain('max by (hostname, gpu) (gpu_utilization_percent * 0 + 1)');
    expect(count.expr).toContain(') unless on (gpu_index_key) (');
    expect(count.expr).toContain('"gpu_index_key", "/", "hostname", "gpu"');
    expect(count.expr).toContain('"gpu_uuid_key", "$1", "gpu_uuid", "(.+)"');
  });

  it("Triton GPUs: `gpu` is the UUID and `hostname` the scrape target's node, like its serving series", () => {
    const util = buildSignal({
      def: SIGNAL_BY_ID.get('gpu_utilization')!,
      groupBy: ['hostname', 'gpu'],
      rateWindow: '1m',
      available: avail(['nv_gpu_utilization'], { triton_gpu: ['gpu_uuid', 'node', 'instance'] }),
    });
    // Per target: the host part of `instance`, overridden by `node` where a series has one.
    expect(util.expr).toContain('max by (instance, gpu_uuid, node) (nv_gpu_utilization)');
    expect(util.expr).toContain('"hostname", "$1$2$3", "instance"');
    expect(util.expr).toContain('"hostname", "$1", "node", "(.+)"');
    expect(util.expr).toContain('"gpu", "$1", "gpu_uuid", "(.*)"');
  });

  it('ratios are NaN-safe (divide by > 0) and sum numerator and denominator separately', () => {
    const b = buildSignal({
      def: SIGNAL_BY_ID.get('error_ratio')!,
      groupBy: ['model'],
      rateWindow: '1m',
      available: avail(['vllm:request_success_total'], { vllm: ['model_name'] }),
    });
    expect(b.expr).toBe(
      'label_replace(label_replace(label_replace(sum by (model_name) ((rate(vllm:request_success_total{finished_reason="error"}[1m]) or rate(vllm:request_success_total[1m]) * 0)) / (sum by (model_name) (rate(vllm:request_success_total[1m])) > 0), "model", "$1", "model_name", "(.*)"), "model_name", "", "", ""), "engine", "vllm", "", "")'
    );
  });

  it('filters on engine drop other engines; unknown aggregations and bad label names are rejected', () => {
    const a = avail(['vllm:num_requests_running', 'sglang:num_running_reqs']);
    const only = buildSignal({
      def: SIGNAL_BY_ID.get('requests_running')!,
      filters: { engine: 'sglang' },
      rateWindow: '1m',
      available: a,
    });
    expect(only.expr).not.toContain('vllm:');
    expect(only.families).toEqual(['sglang']);
    expect(() =>
      buildSignal({ def: SIGNAL_BY_ID.get('ttft')!, aggregation: 'sum', rateWindow: '1m', available: a })
    ).toThrow(/supports aggregation/);
    expect(() =>
      buildSignal({ def: SIGNAL_BY_ID.get('ttft')!, groupBy: ['le) or vector(1'], rateWindow: '1m', available: a })
    ).toThrow(/not valid/);
  });

  it("translates a model filter to each engine's own label name, escaped", () => {
    const a = avail(['vllm:num_requests_running', 'sglang:num_running_reqs', 'llm_requests_running'], {
      vllm: ['model_name'],
      sglang: ['model_name'],
      llm: ['model'],
    });
    const b = buildSignal({
      def: SIGNAL_BY_ID.get('requests_running')!,
      filters: { model: 'a"} or vector(1) or {x="' },
      rateWindow: '1m',
      available: a,
    });
    expect(b.expr).toContain('vllm:num_requests_running{model_name="a\\"} or vector(1) or {x=\\""}');
    expect(b.expr).toContain('sglang:num_running_reqs{model_name="a\\"} or vector(1) or {x=\\"",priority=""}');
    expect(b.expr).toContain('llm_requests_running{model="a\\"} or vector(1) or {x=\\""}');
  });
});

describe('fleet values (no group-by) across engines', () => {
  const two = avail(
    [
      ...hist('vllm:time_to_first_token_seconds'),
      ...hist('sglang:time_to_first_token_seconds'),
      'vllm:request_success_total',
      'sglang:num_requests_total',
      'sglang:num_aborted_requests_total',
      'vllm:num_requests_running',
      'sglang:num_running_reqs',
    ],
    { vllm: ['model_name', 'finished_reason'], sglang: ['model_name'] }
  );
  const build = (signal: string, aggregation?: string, groupBy?: string[]) =>
    buildSignal({
      def: SIGNAL_BY_ID.get(signal as never)!,
      aggregation: aggregation as never,
      groupBy,
      rateWindow: '1m',
      available: two,
    });

  it('sums rates into one series without an engine label', () => {
    const b = build('request_rate', 'rate');
    expect(b.outputLabels).toEqual([]);
    expect(b.expr).toMatch(/^sum \(\(label_replace\(sum \(rate\(vllm:request_success_total\[1m\]\)\)/);
    expect(b.expr).toContain('sglang:num_requests_total');
    expect(b.combined).toBe('sum over engines');
  });

  it('divides summed numerators by summed denominators for ratios and averages', () => {
    const aborts = build('abort_ratio', 'ratio');
    expect(aborts.families).toEqual(['vllm', 'sglang']);
    expect(aborts.expr).toMatch(/^sum \(.*\) \/ \(sum \(.*\) > 0\)$/);
    expect(aborts.combined).toContain('numerators');
    const avg = build('requests_running', 'avg');
    expect(avg.expr).toContain('count (vllm:num_requests_running)');
    expect(avg.expr).toContain('count (max without (tp_rank, pp_rank, moe_ep_rank) (sglang:num_running_reqs{priority=""}))');
  });

  it('takes the highest engine quantile (buckets differ), and keeps engines apart when grouped', () => {
    const p95 = build('ttft', 'p95');
    expect(p95.expr).toMatch(/^max \(\(label_replace\(histogram_quantile\(0\.95/);
    expect(p95.combined).toContain('highest engine p95');
    const byModel = build('ttft', 'p95', ['model']);
    expect(byModel.outputLabels).toEqual(['engine', 'model']);
    expect(byModel.expr).not.toMatch(/^max /);
    expect(byModel.combined).toBeUndefined();
  });
});
