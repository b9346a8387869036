// NVIDIA Triton Inference Server with the TensorRT-LLM backend. Triton core exports per-model counters
// labelled `model` and `version` (no `_total`: prometheus-cpp prints counters as named), latencies as
// cumulative microsecond counters, the opt-in first-response histogram in milliseconds, and per-GPU
// gauges labelled `gpu_uuid` for the GPUs the server sees. The TRT-LLM backend adds gauge families
// whose second label says which quantity a series is (request_type, kv_cache_block_type …).
import { GPU_TYPES } from '../fleet/catalog';
import { gpuUuid } from '../fleet/labels';
import { histIndex, TRITON_FIRST_RESPONSE } from '../model/buckets';
import type { SimContext } from '../model/state';
import { perVariant } from './engines';
import { SeriesGroup } from './group';
import { writeHist, type Labels, type Registry } from './registry';

/** TRT-LLM's default `tokens_per_block` for the paged KV cache. */
const TOKENS_PER_BLOCK = 64;
const US = 1e6;
const MS = 1e3;
/** The histogram's `le` values in milliseconds (rounded: 0.025 × 1000 is not exactly 25 in floating point). */
const FIRST_RESPONSE_LE_MS = TRITON_FIRST_RESPONSE.map((b) => Math.round(b * MS * 1000) / 1000);

const REQUEST_TYPES = ['active', 'max', 'scheduled', 'context', 'waiting'] as const;
const KV_BLOCK_TYPES = ['max', 'free', 'used', 'tokens_per', 'reused', 'fraction'] as const;
const MEMORY_TYPES = ['cpu', 'gpu', 'pinned'] as const;
const BATCHER_METRICS = ['total_context_tokens', 'generation_requests', 'micro_batch_id', 'paused_requests'] as const;

export function registerTriton(reg: Registry, ctx: SimContext, i: number, base: Labels): void {
  registerTritonModel(reg, ctx, i, base);
  registerTritonGpus(reg, ctx, i, base);
}

function registerTritonModel(reg: Registry, ctx: SimContext, i: number, base: Labels): void {
  const perf = ctx.fleet.instances[i].perf;
  const hi = (k: string) => histIndex('triton', k);
  const maxBlocks = Math.round(perf.kvCapacityTokens / TOKENS_PER_BLOCK);
  perVariant(
    reg,
    ctx,
    i,
    (model) => {
      // A bad deploy is a new model version in Triton's repository; the model name stays the label.
      const g = new SeriesGroup(reg, [
        ...base,
        ['model', model],
        ['version', String(ctx.plan.instanceVariants[i].indexOf(model) + 1)],
      ]);
      const typed = (name: string, help: string, key: string, values: readonly string[]) =>
        values.map((v) => g.gauge(name, help, [[key, v]]));
      return {
        g,
        success: g.counter('nv_inference_request_success', 'Number of successful inference requests, all batch sizes'),
        // Triton ≥ 24.x labels failures by reason (OTHER, BACKEND, CANCELED, REJECTED).
        failure: g.counter('nv_inference_request_failure', 'Number of failed inference requests, all batch sizes', [
          ['reason', 'BACKEND'],
        ]),
        count: g.counter('nv_inference_count', 'Number of inferences performed (does not include cached requests)'),
        exec: g.counter(
          'nv_inference_exec_count',
          'Number of model executions performed (does not include cached requests)'
        ),
        requestUs: g.counter(
          'nv_inference_request_duration_us',
          'Cumulative inference request duration in microseconds (includes cached requests)'
        ),
        queueUs: g.counter(
          'nv_inference_queue_duration_us',
          'Cumulative inference queuing duration in microseconds (includes cached requests)'
        ),
        inputUs: g.counter(
          'nv_inference_compute_input_duration_us',
          'Cumulative compute input duration in microseconds (does not include cached requests)'
        ),
        inferUs: g.counter(
          'nv_inference_compute_infer_duration_us',
          'Cumulative compute inference duration in microseconds (does not include cached requests)'
        ),
        outputUs: g.counter(
          'nv_inference_compute_output_duration_us',
          'Cumulative inference compute output duration in microseconds (does not include cached requests)'
        ),
        pending: g.gauge(
          'nv_inference_pending_request_count',
          'Instantaneous number of pending requests awaiting execution per-model.'
        ),
        // prometheus-cpp prints bounds like Go (`le="100"`), and the le values are milliseconds.
        firstResponse: g.hist(
          'nv_inference_first_response_histogram_ms',
          'Duration from request to first response in milliseconds',
          FIRST_RESPONSE_LE_MS,
          [],
          'go'
        ),
        requests: typed('nv_trt_llm_request_metrics', 'TRT LLM request metrics', 'request_type', REQUEST_TYPES),
        kv: typed(
          'nv_trt_llm_kv_cache_block_metrics',
          'TRT LLM KV cache block metrics',
          'kv_cache_block_type',
          KV_BLOCK_TYPES
        ),
        memory: typed(
          'nv_trt_llm_runtime_memory_metrics',
          'TRT LLM runtime memory metrics',
          'memory_type',
          MEMORY_TYPES
        ),
        batcher: typed(
          'nv_trt_llm_inflight_batcher_metrics',
          'TRT LLM inflight batcher metrics',
          'inflight_batcher_specific_metric',
          BATCHER_METRICS
        ),
      };
    },
    (h, vi, s, v) => {
      const st = s.instances[i];
      const o = st.obs;
      const a = st.variants[vi];
      const f = a.finished;
      const ok = Math.floor(f.stop + f.length);
      const failed = Math.floor(f.error);
      v[h.success] = ok;
      v[h.failure] = failed;
      // Each LLM request is one inference and, for a decoupled TRT-LLM model, one execution.
      v[h.count] = ok + failed;
      v[h.exec] = ok + failed;
      const req = a.hist[hi('request')];
      const err = a.hist[hi('request_error')];
      const prefill = a.hist[hi('prefill')];
      const decode = a.hist[hi('decode')];
      v[h.requestUs] = Math.floor((req.sum + err.sum) * US);
      v[h.queueUs] = Math.floor(a.hist[hi('queue')].sum * US);
      // Tokenisation and detokenisation are small next to the engine's prefill and decode.
      v[h.inputUs] = Math.floor(req.count * 0.0004 * US);
      v[h.inferUs] = Math.floor((prefill.sum + decode.sum) * US);
      v[h.outputUs] = Math.floor(req.count * 0.0002 * US);
      // The TRT-LLM backend takes requests at once and queues them itself: Triton's own queue stays empty.
      v[h.pending] = 0;
      const fr = a.hist[hi('first_response')];
      writeHist(h.firstResponse, fr, v);
      v[h.firstResponse.sum] = fr.sum * MS;

      const context = Math.min(
        o.running,
        Math.round(o.running * prefillShare(o.dists.prefill.mean, o.dists.decode.mean))
      );
      const req5 = [o.running, perf.maxSeqs, o.running, context, o.waiting];
      h.requests.forEach((idx, j) => (v[idx] = req5[j]));
      const used = Math.round(o.kvUsage * maxBlocks);
      const kv6 = [
        maxBlocks,
        maxBlocks - used,
        used,
        TOKENS_PER_BLOCK,
        Math.round(o.prefixHits / TOKENS_PER_BLOCK),
        used / maxBlocks,
      ];
      h.kv.forEach((idx, j) => (v[idx] = kv6[j]));
      // Engine activations and workspace: fixed after start-up.
      const mem3 = [2.1e9, 3.4e9 + perf.maxSeqs * 6e6, 1.07e9];
      h.memory.forEach((idx, j) => (v[idx] = Math.round(mem3[j])));
      const batch4 = [Math.round(context * o.inputLen), o.running - context, 0, 0];
      h.batcher.forEach((idx, j) => (v[idx] = batch4[j]));
    }
  );
}

/** Share of a request's service time spent in the context (prefill) phase. */
function prefillShare(prefill: number, decode: number): number {
  return prefill + decode > 0 ? prefill / (prefill + decode) : 0;
}

/** The GPUs Triton sees (CUDA_VISIBLE_DEVICES = the instance's GPUs), labelled only by UUID. */
function registerTritonGpus(reg: Registry, ctx: SimContext, i: number, base: Labels): void {
  const inst = ctx.fleet.instances[i];
  const type = GPU_TYPES[ctx.fleet.hosts[ctx.topo.instanceHost[i]].gpuType];
  const gpus = inst.gpus.map((gpu, n) => {
    const g = new SeriesGroup(reg, [...base, ['gpu_uuid', gpuUuid(inst.host, gpu)]]);
    return {
      flat: ctx.topo.instanceGpus[i][n],
      util: g.gauge('nv_gpu_utilization', 'GPU utilization rate [0.0 - 1.0)'),
      total: g.gauge('nv_gpu_memory_total_bytes', 'GPU total memory, in bytes'),
      used: g.gauge('nv_gpu_memory_used_bytes', 'GPU used memory, in bytes'),
      power: g.gauge('nv_gpu_power_usage', 'GPU power usage in watts'),
      limit: g.gauge('nv_gpu_power_limit', 'GPU power management limit in watts'),
      energy: g.counter('nv_energy_consumption', 'GPU energy consumption in joules since the Triton Server started'),
    };
  });
  reg.writer((s, v) => {
    for (const g of gpus) {
      const gs = s.gpus[g.flat];
      v[g.util] = gs.utilPercent / 100;
      v[g.total] = type.memoryMiB * 1048576;
      v[g.used] = gs.fbUsedMiB * 1048576;
      v[g.power] = gs.powerWatts;
      v[g.limit] = type.tdpWatts;
      // The GPU's energy counter is since driver load; only its rate matters to a query.
      v[g.energy] = gs.energyMilliJoules / 1000;
    }
  });
}
