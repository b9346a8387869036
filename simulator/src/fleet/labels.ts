// The identifying labels of every simulated target, shared by metrics, traces and the ground truth so
// that a serving instance joins to its GPUs (pod/namespace, node ↔ Hostname) and to its host.
import { hexId, strHash } from '../util/random';
import type { Flavour, InstanceSpec } from './types';

export const PORTS: Record<Flavour, number> = {
  vllm: 8000,
  vllm_legacy: 8000,
  sglang: 30000,
  tgi: 8080,
  otel: 0,
  generic: 9000,
  // Triton serves /metrics on its own port (8002); llama-server on its HTTP port.
  triton: 8002,
  llamacpp: 8080,
};

/** Prometheus `job` per flavour (what a scrape config or the OTel collector would set). */
export const JOBS: Record<Flavour, string> = {
  vllm: 'vllm',
  vllm_legacy: 'vllm',
  sglang: 'sglang',
  tgi: 'tgi',
  otel: 'gemma-inference',
  generic: 'llm-app',
  triton: 'triton',
  llamacpp: 'llama-cpp',
};

/**
 * The `instance` label: host:port of the scrape target; for OTel metrics it is `service.instance.id`
 * (the pod name), as the collector's Prometheus translation sets it.
 */
export function instanceLabel(i: InstanceSpec): string {
  return i.flavour === 'otel' ? i.name : `${i.name}:${PORTS[i.flavour]}`;
}

/** Trace service name per instance: `vllm-<model>`, `sglang-<model>` … (one per engine and model). */
export function serviceName(i: InstanceSpec): string {
  const engine = i.flavour === 'vllm_legacy' ? 'vllm' : i.flavour === 'generic' ? 'llm-app' : i.flavour === 'otel' ? 'gemma-inference' : i.flavour;
  return i.flavour === 'otel' ? engine : `${engine}-${i.model}`;
}

export function gpuUuid(host: string, gpu: number): string {
  const h = hexId(16, strHash(host), gpu);
  return `GPU-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export function pciBusId(gpu: number): string {
  const buses = ['18', '2A', '3A', '5D', '9A', 'AB', 'BA', 'DB'];
  return `00000000:${buses[gpu % buses.length]}:00.0`;
}

export const NODE_EXPORTER_PORT = 9100;
export const DCGM_PORT = 9400;
export const GATEWAY = { job: 'llm-gateway', instance: 'llm-gateway-0:8080', pod: 'llm-gateway-0', namespace: 'llm-gateway', service: 'llm-gateway' };
