// Metric families: one per engine (or exporter). A family says how its labels map onto the normalized
// labels, which constant `engine`/`exporter` value its series get, and how to recognise it.
import type { NormalizedLabel } from '../model/ids';

export type FamilyId =
  | 'vllm'
  | 'sglang'
  | 'tgi'
  | 'triton'
  | 'trtllm'
  | 'llamacpp'
  | 'nim'
  | 'ray_vllm'
  | 'otel'
  | 'llm'
  | 'dcgm'
  | 'gpu'
  | 'triton_gpu'
  | 'http'
  | 'scrape'
  | 'node';

export type Domain = 'serving' | 'gpu' | 'http' | 'scrape' | 'host';

export interface Family {
  id: FamilyId;
  domain: Domain;
  /** Constant labels every series of this family gets (normalized `engine` for serving, `exporter` for GPUs). */
  constants: Record<string, string>;
  /**
   * Normalized label → source labels in priority order (first non-empty wins). Labels not listed map to
   * themselves (instance, job, pod, namespace …).
   */
  sources: Partial<Record<NormalizedLabel, string[]>>;
  /** Labels to copy before the constants overwrite them (vLLM's own `engine` = data-parallel index). */
  preserve?: Record<string, string>;
  /**
   * Pods that are the exporter itself, not a workload (a regex on the normalized `pod`): Prometheus
   * gives an idle GPU's empty `pod` the scrape target's own pod, so those series get no pod/namespace.
   */
  selfPod?: string;
  /** Metric-name regex that marks the family as present. */
  marker: RegExp;
  title: string;
  /** How notices name it ("TGI does not export …"). */
  short: string;
}

/** vLLM's labels, the same whether it exports them itself or through Ray Serve. */
const VLLM_LABELS: Pick<Family, 'domain' | 'constants' | 'preserve' | 'sources'> = {
  domain: 'serving',
  constants: { engine: 'vllm' },
  preserve: { engine_index: 'engine' },
  sources: { model: ['model_name'], hostname: ['node'] },
};

export const FAMILIES: Family[] = [
  {
    id: 'vllm',
    short: 'vLLM',
    title: 'vLLM',
    ...VLLM_LABELS,
    marker: /^vllm:/,
  },
  {
    id: 'sglang',
    short: 'SGLang',
    domain: 'serving',
    title: 'SGLang',
    constants: { engine: 'sglang' },
    sources: { model: ['model_name'], hostname: ['node'] },
    marker: /^sglang:/,
  },
  {
    id: 'tgi',
    short: 'TGI',
    domain: 'serving',
    title: 'Text Generation Inference',
    constants: { engine: 'tgi' },
    sources: { model: ['model_id', 'model_name', 'model'], hostname: ['node'] },
    marker: /^tgi_/,
  },
  {
    id: 'triton',
    short: 'Triton',
    domain: 'serving',
    title: 'Triton Inference Server',
    constants: { engine: 'triton' },
    sources: { model: ['model'], hostname: ['node'] },
    marker: /^nv_(inference|trt_llm)_/,
  },
  {
    id: 'trtllm',
    short: 'trtllm-serve',
    domain: 'serving',
    title: 'TensorRT-LLM (trtllm-serve)',
    constants: { engine: 'trtllm' },
    sources: { model: ['model_name', 'model'], hostname: ['node'] },
    marker: /^trtllm_/,
  },
  {
    id: 'llamacpp',
    short: 'llama.cpp',
    domain: 'serving',
    title: 'llama.cpp server',
    constants: { engine: 'llamacpp' },
    sources: { model: ['model', 'model_name'], hostname: ['node'] },
    marker: /^llamacpp:/,
  },
  {
    // vLLM under Ray Serve LLM (log_engine_metrics): vLLM's own metrics re-exported through Ray's metrics
    // system (vllm/v1/metrics/ray_wrappers.py): `:` becomes `_` and Ray's exporter prefixes `ray_`, with
    // Ray's ReplicaId, WorkerId, NodeAddress … labels. The same engine as vLLM.
    id: 'ray_vllm',
    short: 'vLLM (Ray Serve)',
    title: 'vLLM under Ray Serve LLM',
    ...VLLM_LABELS,
    marker: /^ray_vllm_/,
  },
  {
    // NVIDIA NIM for LLMs (/v1/metrics): vLLM's early metric names without the `vllm:` prefix, plus
    // `num_request_max` and `request_failure_total`. Recognised by names no other engine uses unprefixed.
    id: 'nim',
    short: 'NIM',
    domain: 'serving',
    title: 'NVIDIA NIM for LLMs',
    constants: { engine: 'nim' },
    sources: { model: ['model_name', 'model'], hostname: ['node'] },
    marker: /^(num_request_max|gpu_cache_usage_perc|time_to_first_token_seconds_(bucket|count|sum))$/,
  },
  {
    id: 'otel',
    short: 'OTel GenAI',
    domain: 'serving',
    title: 'OpenTelemetry GenAI',
    constants: { engine: 'otel' },
    sources: { model: ['gen_ai_request_model', 'gen_ai_response_model'], hostname: ['node'] },
    marker: /^gen_ai_/,
  },
  {
    id: 'llm',
    short: 'Generic llm_* metrics',
    domain: 'serving',
    title: 'Generic llm_* metrics',
    constants: { engine: 'generic' },
    sources: { model: ['model', 'model_name'], hostname: ['node'] },
    marker: /^llm_/,
  },
  {
    id: 'dcgm',
    short: 'DCGM exporter',
    domain: 'gpu',
    title: 'NVIDIA DCGM exporter',
    constants: { exporter: 'dcgm' },
    sources: {
      gpu: ['gpu'],
      gpu_uuid: ['UUID'],
      gpu_model: ['modelName', 'model_name'],
      // Under Kubernetes `Hostname` is the exporter's pod name (dcgm-exporter#78): a `node` label the
      // scrape adds names the machine better.
      hostname: ['hostname', 'node', 'Hostname'],
      pod: ['exported_pod', 'pod'],
      namespace: ['exported_namespace', 'namespace'],
    },
    selfPod: '.*dcgm-exporter-.*',
    marker: /^DCGM_FI_/,
  },
  {
    id: 'gpu',
    short: 'Generic gpu_* metrics',
    domain: 'gpu',
    title: 'Generic gpu_* metrics (OpenLIT, custom exporters)',
    constants: { exporter: 'generic' },
    sources: {
      gpu: ['gpu', 'gpu_index'],
      gpu_uuid: ['uuid', 'UUID'],
      gpu_model: ['gpu_model', 'gpu_name', 'modelName'],
      hostname: ['hostname', 'Hostname', 'host_name'],
    },
    // Not NIM's KV-cache gauge (gpu_cache_usage_perc), which says nothing about a GPU exporter. Spelled
    // without a lookahead: markers become PromQL (RE2) name matchers too.
    marker: /^gpu_([^c]|c[^a]|ca[^c])/,
  },
  {
    // Triton's GPU gauges carry only `gpu_uuid`; they come from the same scrape target as its serving
    // metrics, so the host is the `node` label the serving families read too. The UUID is what DCGM
    // calls `UUID`: the same card reported by both counts once.
    id: 'triton_gpu',
    short: "Triton's GPU metrics",
    domain: 'gpu',
    title: 'Triton GPU metrics',
    constants: { exporter: 'triton' },
    sources: { gpu: ['gpu_uuid'], hostname: ['node'] },
    marker: /^nv_(gpu_|energy_)/,
  },
  {
    id: 'http',
    short: 'HTTP server metrics',
    domain: 'http',
    title: 'HTTP server metrics',
    constants: {},
    sources: {},
    marker: /^(http_requests_total|llm_gateway_requests_total)$/,
  },
  {
    id: 'scrape',
    short: 'Scrape',
    domain: 'scrape',
    title: 'Scrape targets',
    constants: {},
    sources: {},
    marker: /^up$/,
  },
  {
    // node_exporter has no host label of its own: Kubernetes scrape configs add `node` (or `nodename`
    // via node_uname_info joins); plain setups add `hostname` with relabeling. DCGM's spelling is the
    // one the GPU signals use, so hosts line up with their GPUs. Series with none of these get a
    // hostname from node_uname_info or from `instance` (hostname.ts).
    id: 'node',
    short: 'node_exporter',
    domain: 'host',
    title: 'Prometheus node_exporter',
    constants: {},
    sources: { hostname: ['hostname', 'Hostname', 'nodename', 'node'] },
    marker: /^node_(cpu_seconds_total|memory_MemAvailable_bytes|filesystem_avail_bytes|network_receive_bytes_total)$/,
  },
];

export const FAMILY_BY_ID = new Map(FAMILIES.map((f) => [f.id, f]));

export function family(id: FamilyId): Family {
  return FAMILY_BY_ID.get(id)!;
}
