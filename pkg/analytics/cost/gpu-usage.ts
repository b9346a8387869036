// Per-GPU usage over the range: GPU-hours (time between consecutive present samples), idle hours
// (intervals whose mean utilisation is below the threshold), time-weighted utilisation and energy.
// Time is summed in whole milliseconds and divided once: adding 0.00416… h per step drifts (4 GPUs
// over a range came out as 3.9999999999999734).
import { gpuEnergy, type GpuEnergy } from '../energy/energy';
import type { GpuInput } from './types';

export interface GpuUsage {
  hours: number;
  idleHours: number;
  /** Σ utilisation × hours, to average utilisation over several GPUs. */
  utilHours: number;
  energy: GpuEnergy;
}

const MS_PER_HOUR = 3_600_000;

/**
 * `maxGapMs` stops a GPU that vanished for a while (exporter down, node removed) from being billed
 * across the gap; the handler passes a few steps.
 */
export function gpuUsage(gpu: GpuInput, idleThreshold: number, maxGapMs = Infinity): GpuUsage {
  let ms = 0;
  let idleMs = 0;
  let utilMs = 0;
  const { times, utilization } = gpu;
  for (let i = 1; i < times.length; i++) {
    const a = utilization[i - 1];
    const b = utilization[i];
    const dt = times[i] - times[i - 1];
    if (a === null || b === null || !Number.isFinite(a) || !Number.isFinite(b) || dt <= 0 || dt > maxGapMs) continue;
    const mean = (a + b) / 2;
    ms += dt;
    utilMs += mean * dt;
    if (mean < idleThreshold) idleMs += dt;
  }
  return { hours: ms / MS_PER_HOUR, idleHours: idleMs / MS_PER_HOUR, utilHours: utilMs / MS_PER_HOUR, energy: gpuEnergy({ times, energyMj: gpu.energyMj, powerW: gpu.powerW }, maxGapMs) };
}
