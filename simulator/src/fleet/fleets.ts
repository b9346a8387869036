// The built-in fleets. `default`: 16 serving instances over 4 hosts × 8 GPUs (H100, A100, L4) with the
// original engine flavours, both DCGM hostname spellings and both pod-label styles, plus idle GPUs (idle
// cost). `small`: 7 instances over 3 hosts × 4 GPUs with the same variety, for fast tests. `engines`: the
// engines the others leave out (Triton with TensorRT-LLM, llama.cpp), kept apart so adding them changes
// no existing fleet's numbers.
import { readFileSync } from 'node:fs';
import { modelPerf } from './catalog';
import type { Fleet, Flavour, HostSpec, InstanceSpec } from './types';
import { FLAVOURS } from './types';
import { GPU_TYPES } from './catalog';

const NS = 'llm-serving';
const NODE_EXPORTER_LABELS: Array<HostSpec['nodeExporterLabels']> = ['node', 'uname', 'instance'];

function host(
  name: string,
  gpuType: HostSpec['gpuType'],
  gpuCount: number,
  hostnameLabel: HostSpec['hostnameLabel'],
  podLabelStyle: HostSpec['podLabelStyle']
): HostSpec {
  const big = gpuType !== 'L4';
  return {
    name,
    gpuType,
    gpuCount,
    hostnameLabel,
    podLabelStyle,
    cpuCount: 8,
    memoryBytes: (big ? 1024 : 256) * 1024 ** 3,
    driverVersion: '550.90.07',
  };
}

function inst(name: string, flavour: Flavour, model: string, hostName: string, gpus: number[], peakScale = 1): InstanceSpec {
  const perf = modelPerf(model);
  perf.peakRps *= peakScale;
  return { name, flavour, model, host: hostName, gpus, namespace: NS, perf };
}

export function defaultFleet(): Fleet {
  return {
    name: 'default',
    hosts: [
      host('gpu-node-h100-1', 'H100', 8, 'Hostname', 'pod'),
      host('gpu-node-h100-2', 'H100', 8, 'hostname', 'exported_pod'),
      host('gpu-node-a100-1', 'A100', 8, 'Hostname', 'exported_pod'),
      host('gpu-node-l4-1', 'L4', 8, 'hostname', 'pod'),
    ],
    instances: [
      inst('vllm-llama-70b-0', 'vllm', 'llama-3.1-70b-instruct', 'gpu-node-h100-1', [0, 1, 2, 3]),
      inst('vllm-llama-70b-1', 'vllm', 'llama-3.1-70b-instruct', 'gpu-node-h100-1', [4, 5, 6, 7]),
      inst('vllm-llama-70b-2', 'vllm_legacy', 'llama-3.1-70b-instruct', 'gpu-node-h100-2', [0, 1, 2, 3]),
      inst('sglang-qwen-32b-0', 'sglang', 'qwen2.5-32b-instruct', 'gpu-node-h100-2', [4, 5]),
      inst('sglang-qwen-32b-1', 'sglang', 'qwen2.5-32b-instruct', 'gpu-node-h100-2', [6, 7]),
      inst('vllm-llama-8b-0', 'vllm', 'llama-3.1-8b-instruct', 'gpu-node-a100-1', [0]),
      inst('vllm-llama-8b-1', 'vllm', 'llama-3.1-8b-instruct', 'gpu-node-a100-1', [1]),
      inst('vllm-llama-8b-2', 'vllm_legacy', 'llama-3.1-8b-instruct', 'gpu-node-a100-1', [2]),
      inst('tgi-mistral-7b-0', 'tgi', 'mistral-7b-instruct-v0.3', 'gpu-node-a100-1', [3]),
      inst('tgi-mistral-7b-1', 'tgi', 'mistral-7b-instruct-v0.3', 'gpu-node-a100-1', [4]),
      inst('vllm-mixtral-0', 'vllm', 'mixtral-8x7b-instruct', 'gpu-node-a100-1', [5, 6]),
      // gpu-node-a100-1 GPU 7 is allocated to nothing: an idle GPU that still costs money.
      inst('otel-gemma-9b-0', 'otel', 'gemma-2-9b-it', 'gpu-node-l4-1', [0, 1]),
      inst('otel-gemma-9b-1', 'otel', 'gemma-2-9b-it', 'gpu-node-l4-1', [2, 3]),
      inst('generic-phi-3-mini-0', 'generic', 'phi-3-mini-4k-instruct', 'gpu-node-l4-1', [4]),
      inst('generic-phi-3-mini-1', 'generic', 'phi-3-mini-4k-instruct', 'gpu-node-l4-1', [5]),
      inst('sglang-qwen-7b-0', 'sglang', 'qwen2.5-7b-instruct', 'gpu-node-l4-1', [6]),
      // gpu-node-l4-1 GPU 7 idle as well.
    ],
  };
}

export function smallFleet(): Fleet {
  return {
    name: 'small',
    hosts: [
      host('gpu-node-h100-1', 'H100', 4, 'Hostname', 'pod'),
      host('gpu-node-a100-1', 'A100', 4, 'Hostname', 'exported_pod'),
      host('gpu-node-l4-1', 'L4', 4, 'hostname', 'pod'),
    ],
    instances: [
      inst('vllm-llama-70b-0', 'vllm', 'llama-3.1-70b-instruct', 'gpu-node-h100-1', [0, 1, 2, 3]),
      inst('vllm-llama-8b-0', 'vllm', 'llama-3.1-8b-instruct', 'gpu-node-a100-1', [0]),
      inst('vllm-llama-8b-2', 'vllm_legacy', 'llama-3.1-8b-instruct', 'gpu-node-a100-1', [1]),
      inst('tgi-mistral-7b-0', 'tgi', 'mistral-7b-instruct-v0.3', 'gpu-node-a100-1', [2]),
      inst('sglang-qwen-7b-0', 'sglang', 'qwen2.5-7b-instruct', 'gpu-node-l4-1', [0]),
      inst('otel-gemma-9b-0', 'otel', 'gemma-2-9b-it', 'gpu-node-l4-1', [1, 2]),
      inst('generic-phi-3-mini-0', 'generic', 'phi-3-mini-4k-instruct', 'gpu-node-l4-1', [3]),
    ],
  };
}

/** llama-server runs `--parallel` slots that share one fixed context: few sequences, small KV cache. */
function llamaServer(name: string, model: string, hostName: string, gpus: number[], peakScale: number): InstanceSpec {
  const i = inst(name, 'llamacpp', model, hostName, gpus, peakScale);
  i.perf.maxSeqs = 8;
  i.perf.kvCapacityTokens = 8 * 4096;
  return i;
}

export function enginesFleet(): Fleet {
  return {
    name: 'engines',
    hosts: [
      host('gpu-node-h100-1', 'H100', 4, 'Hostname', 'pod'),
      host('gpu-node-l4-1', 'L4', 4, 'hostname', 'exported_pod'),
    ],
    instances: [
      inst('triton-llama-8b-0', 'triton', 'llama-3.1-8b-instruct', 'gpu-node-h100-1', [0]),
      inst('triton-llama-70b-0', 'triton', 'llama-3.1-70b-instruct', 'gpu-node-h100-1', [1, 2]),
      // gpu-node-h100-1 GPU 3 and gpu-node-l4-1 GPUs 2–3 are idle.
      llamaServer('llamacpp-qwen-7b-0', 'qwen2.5-7b-instruct', 'gpu-node-l4-1', [0], 0.25),
      llamaServer('llamacpp-phi-3-mini-0', 'phi-3-mini-4k-instruct', 'gpu-node-l4-1', [1], 0.35),
    ],
  };
}

/** Checks placement: hosts exist, GPU indices in range and not shared, flavours known, names unique. */
export function validateFleet(fleet: Fleet): Fleet {
  const hosts = new Map(fleet.hosts.map((h) => [h.name, h]));
  const used = new Set<string>();
  const names = new Set<string>();
  for (const h of fleet.hosts) {
    if (!GPU_TYPES[h.gpuType]) throw new Error(`fleet ${fleet.name}: host ${h.name} has unknown gpuType "${h.gpuType}"`);
    if (h.nodeExporterLabels !== undefined && !NODE_EXPORTER_LABELS.includes(h.nodeExporterLabels)) {
      throw new Error(
        `fleet ${fleet.name}: host ${h.name} has nodeExporterLabels "${h.nodeExporterLabels}"; use ${NODE_EXPORTER_LABELS.join(', ')}`
      );
    }
  }
  for (const i of fleet.instances) {
    if (names.has(i.name)) throw new Error(`fleet ${fleet.name}: instance name "${i.name}" is used twice`);
    names.add(i.name);
    if (!FLAVOURS.includes(i.flavour)) throw new Error(`fleet ${fleet.name}: instance ${i.name} has unknown flavour "${i.flavour}"`);
    const h = hosts.get(i.host);
    if (!h) throw new Error(`fleet ${fleet.name}: instance ${i.name} is on unknown host "${i.host}"`);
    if (i.gpus.length === 0) throw new Error(`fleet ${fleet.name}: instance ${i.name} has no GPUs`);
    for (const g of i.gpus) {
      if (!Number.isInteger(g) || g < 0 || g >= h.gpuCount) {
        throw new Error(`fleet ${fleet.name}: instance ${i.name} uses GPU ${g}, host ${h.name} has ${h.gpuCount}`);
      }
      const key = `${h.name}/${g}`;
      if (used.has(key)) throw new Error(`fleet ${fleet.name}: GPU ${key} is given to two instances`);
      used.add(key);
    }
  }
  return fleet;
}

/** `small`, `default`, `engines`, or a path to a JSON fleet file (same shape as `Fleet`, `perf` optional per instance). */
export function loadFleet(nameOrPath: string): Fleet {
  if (nameOrPath === 'default') return validateFleet(defaultFleet());
  if (nameOrPath === 'small') return validateFleet(smallFleet());
  if (nameOrPath === 'engines') return validateFleet(enginesFleet());
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(nameOrPath, 'utf8'));
  } catch (e) {
    throw new Error(`--fleet: expected "small", "default", "engines" or a readable JSON fleet file, got "${nameOrPath}" (${(e as Error).message})`);
  }
  const f = raw as Fleet;
  if (!f || !Array.isArray(f.hosts) || !Array.isArray(f.instances)) {
    throw new Error(`fleet file ${nameOrPath}: needs "hosts" and "instances" arrays`);
  }
  const fleet: Fleet = {
    name: f.name ?? nameOrPath,
    hosts: f.hosts.map((h) => ({ ...host(h.name, h.gpuType, h.gpuCount, h.hostnameLabel ?? 'Hostname', h.podLabelStyle ?? 'pod'), ...h })),
    instances: f.instances.map((i) => ({ ...i, namespace: i.namespace ?? NS, perf: { ...modelPerf(i.model), ...(i.perf ?? {}) } })),
  };
  return validateFleet(fleet);
}
