import { describe, expect, it } from 'vitest';
import { enginesFleet, loadFleet } from '../fleet/fleets';
import { gpuUuid } from '../fleet/labels';
import { createContext, initialState, run } from '../model/step';
import { resolveScenario, type FaultSpec } from '../scenario/scenario';
import { buildRegistry } from './build';
import { renderExposition } from './format';

const ANCHOR = Date.parse('2026-11-25T14:00:00Z');

/** Expositions after `steps` and after `steps + more` steps from the same start (counters must not fall). */
function expositions(steps: number, more = 0, faults: FaultSpec[] = []): string[] {
  const fleet = enginesFleet();
  const ctx = createContext(fleet, resolveScenario({ name: 't', faults }, fleet, ANCHOR), 5);
  const reg = buildRegistry(ctx);
  const s1 = run(initialState(ctx, ANCHOR / 15000), ctx, steps);
  reg.fill(s1);
  const first = renderExposition(reg);
  if (!more) return [first];
  reg.fill(run(s1, ctx, more));
  return [first, renderExposition(reg)];
}

const lines = (text: string, re: RegExp) => text.split('\n').filter((l) => re.test(l));
const value = (line: string) => Number(line.slice(line.lastIndexOf(' ') + 1));
/** The one sample of `metric` whose labels contain every `must` fragment. */
function sample(text: string, metric: string, ...must: string[]): number {
  const found = lines(text, new RegExp(`^${metric.replace(/[:]/g, '\\$&')}\\{`)).filter((l) =>
    must.every((m) => l.includes(m))
  );
  expect(found, `${metric} ${must.join(' ')}`).toHaveLength(1);
  return value(found[0]!);
}
const typeOf = (text: string, family: string) => lines(text, new RegExp(`^# TYPE ${family} `))[0]?.split(' ')[3];

describe('Triton (TensorRT-LLM backend) exposition', () => {
  const [text, later] = expositions(240, 40);
  const POD = 'pod="triton-llama-8b-0"';

  it('per-model counters without _total, labelled model and version, on the Triton metrics port', () => {
    for (const c of [
      'nv_inference_request_success',
      'nv_inference_request_failure',
      'nv_inference_count',
      'nv_inference_exec_count',
      'nv_inference_request_duration_us',
      'nv_inference_queue_duration_us',
      'nv_inference_compute_input_duration_us',
      'nv_inference_compute_infer_duration_us',
      'nv_inference_compute_output_duration_us',
    ]) {
      expect(typeOf(text, c), c).toBe('counter');
      expect(
        lines(
          text,
          new RegExp(
            // Failures carry Triton's `reason` label (24.x+) after model and version.
            `^${c}\\{job="triton",instance="triton-llama-8b-0:8002",namespace="llm-serving",pod="triton-llama-8b-0",node="gpu-node-h100-1",model="llama-3\\.1-8b-instruct",version="1"${c === 'nv_inference_request_failure' ? ',reason="BACKEND"' : ''}\\} `
          )
        ),
        c
      ).toHaveLength(1);
    }
    expect(lines(text, /^nv_inference_\w+_total/)).toEqual([]);
    expect(typeOf(text, 'nv_inference_pending_request_count')).toBe('gauge');
  });

  it('cumulative µs counters give request and queue times of the right order', () => {
    const ok = sample(text, 'nv_inference_request_success', POD);
    const failed = sample(text, 'nv_inference_request_failure', POD);
    expect(ok).toBeGreaterThan(1000);
    expect(failed / (ok + failed)).toBeLessThan(0.05);
    const e2eSeconds = sample(text, 'nv_inference_request_duration_us', POD) / 1e6 / ok;
    expect(e2eSeconds).toBeGreaterThan(0.5);
    expect(e2eSeconds).toBeLessThan(30);
    const queueSeconds = sample(text, 'nv_inference_queue_duration_us', POD) / 1e6 / (ok + failed);
    expect(queueSeconds).toBeGreaterThanOrEqual(0);
    expect(queueSeconds).toBeLessThan(e2eSeconds);
    // Engine time is most of the request; input/output handling a sliver.
    expect(sample(text, 'nv_inference_compute_infer_duration_us', POD)).toBeGreaterThan(
      sample(text, 'nv_inference_compute_input_duration_us', POD) * 100
    );
  });

  it('the first-response histogram is in milliseconds: le in ms, cumulative, +Inf = count = successes', () => {
    expect(typeOf(text, 'nv_inference_first_response_histogram_ms')).toBe('histogram');
    const buckets = lines(text, /^nv_inference_first_response_histogram_ms_bucket\{/).filter((l) => l.includes(POD));
    const les = buckets.map((l) => /le="([^"]+)"/.exec(l)![1]);
    expect(les).toEqual([
      '10',
      '25',
      '50',
      '100',
      '250',
      '500',
      '1000',
      '2500',
      '5000',
      '10000',
      '30000',
      '60000',
      '+Inf',
    ]);
    const counts = buckets.map(value);
    for (let j = 1; j < counts.length; j++) expect(counts[j]).toBeGreaterThanOrEqual(counts[j - 1]!);
    const count = sample(text, 'nv_inference_first_response_histogram_ms_count', POD);
    expect(counts.at(-1)).toBe(count);
    expect(count).toBe(sample(text, 'nv_inference_request_success', POD));
    const meanMs = sample(text, 'nv_inference_first_response_histogram_ms_sum', POD) / count;
    expect(meanMs).toBeGreaterThan(5);
    expect(meanMs).toBeLessThan(5000);
  });

  it('TRT-LLM gauge families: every documented type label, consistent KV blocks and request counts', () => {
    for (const [family, key, values] of [
      ['nv_trt_llm_request_metrics', 'request_type', ['active', 'max', 'scheduled', 'context', 'waiting']],
      [
        'nv_trt_llm_kv_cache_block_metrics',
        'kv_cache_block_type',
        ['max', 'free', 'used', 'tokens_per', 'reused', 'fraction'],
      ],
      ['nv_trt_llm_runtime_memory_metrics', 'memory_type', ['cpu', 'gpu', 'pinned']],
      [
        'nv_trt_llm_inflight_batcher_metrics',
        'inflight_batcher_specific_metric',
        ['total_context_tokens', 'generation_requests', 'micro_batch_id', 'paused_requests'],
      ],
    ] as const) {
      expect(typeOf(text, family)).toBe('gauge');
      for (const v of values)
        expect(
          lines(text, new RegExp(`^${family}\\{.*model="llama-3\\.1-\\d+b-instruct",version="1",${key}="${v}"\\}`)),
          `${family} ${v}`
        ).toHaveLength(2);
    }
    const kv = (t: string) => sample(text, 'nv_trt_llm_kv_cache_block_metrics', POD, `kv_cache_block_type="${t}"`);
    expect(kv('used') + kv('free')).toBe(kv('max'));
    expect(kv('fraction')).toBeCloseTo(kv('used') / kv('max'), 5);
    expect(kv('fraction')).toBeGreaterThan(0);
    expect(kv('fraction')).toBeLessThanOrEqual(1);
    const req = (t: string) => sample(text, 'nv_trt_llm_request_metrics', POD, `request_type="${t}"`);
    expect(req('scheduled')).toBeGreaterThan(0);
    expect(req('scheduled')).toBeLessThanOrEqual(req('max'));
    expect(req('context')).toBeLessThanOrEqual(req('active'));
  });

  it('GPU gauges for the GPUs the server sees, labelled only by the same UUID DCGM reports', () => {
    const util = lines(text, /^nv_gpu_utilization\{/);
    expect(util.map((l) => /gpu_uuid="([^"]+)"/.exec(l)![1]).sort()).toEqual(
      [0, 1, 2].map((g) => gpuUuid('gpu-node-h100-1', g)).sort()
    );
    for (const l of util) {
      expect(value(l)).toBeGreaterThanOrEqual(0);
      expect(value(l)).toBeLessThanOrEqual(1);
      const uuid = /gpu_uuid="([^"]+)"/.exec(l)![1]!;
      expect(lines(text, new RegExp(`^DCGM_FI_DEV_GPU_UTIL\\{.*UUID="${uuid}"`))).toHaveLength(1);
    }
    const uuid = `gpu_uuid="${gpuUuid('gpu-node-h100-1', 0)}"`;
    expect(sample(text, 'nv_gpu_memory_used_bytes', uuid)).toBeLessThan(
      sample(text, 'nv_gpu_memory_total_bytes', uuid)
    );
    expect(sample(text, 'nv_gpu_power_usage', uuid)).toBeLessThanOrEqual(sample(text, 'nv_gpu_power_limit', uuid));
    expect(typeOf(text, 'nv_energy_consumption')).toBe('counter');
    // Energy grows by about power × time between the two expositions (40 steps of 15 s).
    const joules = sample(later, 'nv_energy_consumption', uuid) - sample(text, 'nv_energy_consumption', uuid);
    expect(joules / 600).toBeGreaterThan(50);
    expect(joules / 600).toBeLessThan(700);
  });

  it('counters never decrease between scrapes', () => {
    for (const c of [
      'nv_inference_request_success',
      'nv_inference_request_duration_us',
      'nv_inference_queue_duration_us',
      'nv_inference_first_response_histogram_ms_count',
    ]) {
      expect(sample(later, c, POD), c).toBeGreaterThanOrEqual(sample(text, c, POD));
    }
  });

  it('a bad deploy shows up as a new model version with its own name', () => {
    const [t] = expositions(20, 0, [
      {
        kind: 'bad_deploy',
        start: '-1h',
        duration: '2h',
        target: { instance: 'triton-llama-8b-0' },
        params: { version: 'llama-3.1-8b-instruct-v2' },
      },
    ]);
    expect(
      lines(
        t,
        /^nv_inference_request_success\{.*pod="triton-llama-8b-0".*model="llama-3\.1-8b-instruct-v2",version="2"\}/
      )
    ).toHaveLength(1);
    expect(
      lines(t, /^nv_inference_request_success\{.*pod="triton-llama-8b-0".*model="llama-3\.1-8b-instruct",/)
    ).toHaveLength(0);
  });
});

describe('llama.cpp server exposition', () => {
  const [text, later] = expositions(240, 40);
  const QWEN = 'pod="llamacpp-qwen-7b-0"';
  const PHI = 'pod="llamacpp-phi-3-mini-0"';

  it('the documented llamacpp: counters and gauges, no labels of their own (model comes from the pod)', () => {
    const types: Record<string, string> = {
      'llamacpp:prompt_tokens_total': 'counter',
      'llamacpp:prompt_seconds_total': 'counter',
      'llamacpp:tokens_predicted_total': 'counter',
      'llamacpp:tokens_predicted_seconds_total': 'counter',
      'llamacpp:n_decode_total': 'counter',
      'llamacpp:n_busy_slots_per_decode': 'gauge',
      'llamacpp:prompt_tokens_seconds': 'gauge',
      'llamacpp:predicted_tokens_seconds': 'gauge',
      'llamacpp:requests_processing': 'gauge',
      'llamacpp:requests_deferred': 'gauge',
    };
    for (const [name, type] of Object.entries(types)) {
      expect(typeOf(text, name), name).toBe(type);
      expect(
        lines(
          text,
          new RegExp(
            `^${name}\\{job="llama-cpp",instance="llamacpp-phi-3-mini-0:8080",namespace="llm-serving",pod="llamacpp-phi-3-mini-0",node="gpu-node-l4-1",model="phi-3-mini-4k-instruct"\\} `
          )
        ),
        name
      ).toHaveLength(1);
    }
    expect(lines(text, /^llamacpp:\w+_bucket/)).toEqual([]);
  });

  it('the older build still exports the KV-cache gauges that newer llama.cpp removed; the newer one does not', () => {
    const ratio = sample(text, 'llamacpp:kv_cache_usage_ratio', QWEN);
    expect(ratio).toBeGreaterThan(0);
    expect(ratio).toBeLessThanOrEqual(1);
    expect(sample(text, 'llamacpp:kv_cache_tokens', QWEN)).toBe(Math.round(ratio * 8 * 4096));
    expect(lines(text, /^llamacpp:kv_cache_\w+\{.*llamacpp-phi-3-mini-0/)).toEqual([]);
  });

  it('slots bound the batch; throughputs and seconds counters are of the right order', () => {
    for (const pod of [QWEN, PHI]) {
      const processing = sample(text, 'llamacpp:requests_processing', pod);
      expect(processing).toBeGreaterThan(0);
      expect(processing).toBeLessThanOrEqual(8);
      expect(sample(text, 'llamacpp:requests_deferred', pod)).toBeGreaterThanOrEqual(0);
      const genRate = sample(text, 'llamacpp:predicted_tokens_seconds', pod);
      expect(genRate).toBeGreaterThan(5);
      expect(genRate).toBeLessThan(200);
      expect(sample(text, 'llamacpp:prompt_tokens_seconds', pod)).toBeGreaterThan(genRate);
      // Seconds spent generating, per generated token: about one inter-token latency.
      const perToken =
        sample(text, 'llamacpp:tokens_predicted_seconds_total', pod) /
        sample(text, 'llamacpp:tokens_predicted_total', pod);
      expect(perToken).toBeGreaterThan(0.005);
      expect(perToken).toBeLessThan(0.2);
      for (const c of [
        'llamacpp:prompt_tokens_total',
        'llamacpp:prompt_seconds_total',
        'llamacpp:tokens_predicted_total',
        'llamacpp:tokens_predicted_seconds_total',
        'llamacpp:n_decode_total',
      ]) {
        expect(sample(later, c, pod), c).toBeGreaterThan(sample(text, c, pod));
      }
    }
  });
});

describe('engines fleet', () => {
  it('loads by name and adds only Triton and llama.cpp serving instances', () => {
    const fleet = loadFleet('engines');
    expect(fleet.instances.map((i) => i.flavour)).toEqual(['triton', 'triton', 'llamacpp', 'llamacpp']);
    const text = expositions(4)[0]!;
    expect(lines(text, /^(vllm|sglang):|^tgi_|^llm_requests/)).toEqual([]);
  });
});
