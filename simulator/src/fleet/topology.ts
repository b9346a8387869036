// Flat indices over the fleet's GPUs, and who uses which GPU.
import type { Fleet } from './types';

export interface GpuSlot {
  host: number;
  gpu: number;
  /** Index of the instance using this GPU, or -1 for an unallocated (idle) GPU. */
  instance: number;
}

export interface Topology {
  gpus: GpuSlot[];
  /** First flat GPU index of each host. */
  hostOffset: number[];
  /** Flat GPU indices of each instance. */
  instanceGpus: number[][];
  /** Host index of each instance. */
  instanceHost: number[];
}

export function topology(fleet: Fleet): Topology {
  const gpus: GpuSlot[] = [];
  const hostOffset: number[] = [];
  fleet.hosts.forEach((h, hi) => {
    hostOffset.push(gpus.length);
    for (let g = 0; g < h.gpuCount; g++) gpus.push({ host: hi, gpu: g, instance: -1 });
  });
  const instanceHost = fleet.instances.map((i) => fleet.hosts.findIndex((h) => h.name === i.host));
  const instanceGpus = fleet.instances.map((inst, ii) =>
    inst.gpus.map((g) => {
      const flat = hostOffset[instanceHost[ii]] + g;
      gpus[flat].instance = ii;
      return flat;
    })
  );
  return { gpus, hostOffset, instanceGpus, instanceHost };
}
