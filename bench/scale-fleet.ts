// The scale bench's fleet: `models` × `replicas` serving instances, each on its own host with
// `gpusPerInstance` GPUs (default 10 × 100 × 8 = 1,000 instances, 8,000 GPUs). Engines and GPU types cycle
// per model; both DCGM hostname spellings and pod-label styles occur, as in the shipped fleets.
import type { Fleet, Flavour, GpuTypeId, HostSpec, InstanceSpec } from '../simulator/src/fleet/types';
import { modelPerf } from '../simulator/src/fleet/catalog';

const MODELS: Array<{ name: string; perfOf: string; flavour: Flavour; gpu: GpuTypeId }> = [
  { name: 'llama-3.1-70b-instruct', perfOf: 'llama-3.1-70b-instruct', flavour: 'vllm', gpu: 'H100' },
  { name: 'qwen2.5-32b-instruct', perfOf: 'qwen2.5-32b-instruct', flavour: 'sglang', gpu: 'H100' },
  { name: 'llama-3.1-8b-instruct', perfOf: 'llama-3.1-8b-instruct', flavour: 'vllm_legacy', gpu: 'A100' },
  { name: 'mistral-7b-instruct-v0.3', perfOf: 'mistral-7b-instruct-v0.3', flavour: 'tgi', gpu: 'A100' },
  { name: 'mixtral-8x7b-instruct', perfOf: 'mixtral-8x7b-instruct', flavour: 'vllm', gpu: 'H100' },
  { name: 'gemma-2-9b-it', perfOf: 'gemma-2-9b-it', flavour: 'vllm', gpu: 'L4' },
  { name: 'phi-3-mini-4k-instruct', perfOf: 'phi-3-mini-4k-instruct', flavour: 'sglang', gpu: 'L4' },
  { name: 'qwen2.5-7b-instruct', perfOf: 'qwen2.5-7b-instruct', flavour: 'vllm', gpu: 'L4' },
  { name: 'llama-3.1-8b-instruct-ft', perfOf: 'llama-3.1-8b-instruct', flavour: 'vllm', gpu: 'A100' },
  { name: 'qwen2.5-7b-instruct-ft', perfOf: 'qwen2.5-7b-instruct', flavour: 'tgi', gpu: 'L4' },
];

export interface ScaleFleetSize {
  models: number;
  replicas: number;
  gpusPerInstance: number;
}

export const FULL_SCALE: ScaleFleetSize = { models: 10, replicas: 100, gpusPerInstance: 8 };

export function scaleFleet(size: ScaleFleetSize): Fleet {
  if (size.models < 1 || size.models > MODELS.length) throw new Error(`models must be 1–${MODELS.length}`);
  const hosts: HostSpec[] = [];
  const instances: InstanceSpec[] = [];
  for (let m = 0; m < size.models; m++) {
    const model = MODELS[m]!;
    const slug = model.name.replace(/[^a-z0-9]+/g, '-').slice(0, 24);
    for (let r = 0; r < size.replicas; r++) {
      const host = `gpu-node-${slug}-${r}`;
      const n = hosts.length;
      hosts.push({
        name: host,
        gpuType: model.gpu,
        gpuCount: size.gpusPerInstance,
        hostnameLabel: n % 2 ? 'hostname' : 'Hostname',
        podLabelStyle: n % 3 ? 'pod' : 'exported_pod',
        cpuCount: 64,
        memoryBytes: 1024 ** 4,
        driverVersion: '550.90.07',
      });
      instances.push({
        name: `${model.flavour.replace('_', '-')}-${slug}-${r}`,
        flavour: model.flavour,
        model: model.name,
        host,
        gpus: Array.from({ length: size.gpusPerInstance }, (_, g) => g),
        namespace: 'llm-serving',
        perf: modelPerf(model.perfOf),
      });
    }
  }
  return { name: `scale-${size.models}x${size.replicas}x${size.gpusPerInstance}`, hosts, instances };
}
