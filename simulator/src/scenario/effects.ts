// What the active faults do at one moment, as multipliers and switches the model step applies.
import type { Fleet } from '../fleet/types';
import type { Topology } from '../fleet/topology';
import type { ResolvedFault } from './scenario';

export interface InstanceEffects {
  demandMul: number;
  /** Arrivals at least this multiple of the instance's capacity (surges and overloads queue at any hour). */
  demandFloor: number;
  inputMul: number;
  kvCapMul: number;
  itlMul: number;
  errorAdd: number;
  /** Extra GPU busy fraction from a co-located job (0–1). */
  gpuLoadAdd: number;
  /** Index into the instance's model-name variants (bad deploy → new name). */
  variant: number;
  prefixHitMul: number;
  slowSpan?: { span: string; extraSeconds: number };
  /** The process is gone (instance_down, restart): no series, idle GPUs, counters start again at 0. */
  down: boolean;
  /** The engine hangs with its process up (engine_stall): GPU busy fraction while it spins. */
  stalled?: { gpuBusy: number };
}

export interface GpuEffects {
  /** Index into the GPU's XID variants; 0 = no XID. */
  xid: number;
  coolingMul: number;
  /** Extra inlet temperature (°C) from failed fans or a hot aisle. */
  ambientAddC: number;
  powerCapFraction: number;
  /** Forced framebuffer-used fraction (memory pressure), 0 = none. */
  fbFraction: number;
  /** How far (0–1) the framebuffer has moved from the engine's own share towards `fbFraction` (ramps). */
  fbMix: number;
  dead: boolean;
}

export interface HostEffects {
  memAvailableFraction: number;
  /** How far (0–1) available memory has moved towards `memAvailableFraction` (ramps). */
  memMix: number;
}

export interface Effects {
  instances: InstanceEffects[];
  gpus: GpuEffects[];
  hosts: HostEffects[];
}

/** Label variants that faults introduce: model names per instance, XID codes per GPU. */
export interface FaultPlan {
  faults: ResolvedFault[];
  /** instanceVariants[i][0] is the normal model name. */
  instanceVariants: string[][];
  /** gpuXid[g][0] is "no XID" ({code: 0}). */
  gpuXid: { code: number; msg: string }[][];
  /** The model each instance serves (replicas share traffic when one is down). */
  instanceModels: string[];
}

export function planFaults(fleet: Fleet, topo: Topology, faults: ResolvedFault[]): FaultPlan {
  const instanceVariants = fleet.instances.map((i) => [i.model]);
  const gpuXid = topo.gpus.map(() => [{ code: 0, msg: 'No Error' }]);
  for (const f of faults) {
    if (f.kind === 'bad_deploy') {
      for (const i of f.instances) {
        const v = String(f.params.version);
        if (!instanceVariants[i].includes(v)) instanceVariants[i].push(v);
      }
    }
    if (f.kind === 'xid_error') {
      for (const g of f.gpus) {
        const flat = topo.hostOffset[g.host] + g.gpu;
        const code = Number(f.params.errCode);
        if (!gpuXid[flat].some((x) => x.code === code)) gpuXid[flat].push({ code, msg: String(f.params.errMsg) });
      }
    }
  }
  return { faults, instanceVariants, gpuXid, instanceModels: fleet.instances.map((i) => i.model) };
}

function baseInstance(): InstanceEffects {
  return { demandMul: 1, demandFloor: 0, inputMul: 1, kvCapMul: 1, itlMul: 1, errorAdd: 0, gpuLoadAdd: 0, variant: 0, prefixHitMul: 1, down: false };
}

/** Strength 0–1 of a fault at `tMs`: 1 at once, or growing linearly over its ramp. */
export function faultStrength(f: Pick<ResolvedFault, 'startMs' | 'rampMs'>, tMs: number): number {
  return f.rampMs > 0 ? Math.min(1, Math.max(0, (tMs - f.startMs) / f.rampMs)) : 1;
}

export function effectsAt(plan: FaultPlan, topo: Topology, tMs: number): Effects {
  const instances = plan.instanceVariants.map(baseInstance);
  const gpus: GpuEffects[] = topo.gpus.map(() => ({ xid: 0, coolingMul: 1, ambientAddC: 0, powerCapFraction: 1, fbFraction: 0, fbMix: 0, dead: false }));
  const hosts: HostEffects[] = topo.hostOffset.map(() => ({ memAvailableFraction: 0, memMix: 0 }));
  for (const f of plan.faults) {
    if (tMs < f.startMs || tMs >= f.endMs) continue;
    // Every parameter is scaled by the strength: multipliers from 1, additions from 0.
    const r = faultStrength(f, tMs);
    const p: Record<string, number | string> = {};
    for (const [k, v] of Object.entries(f.params)) p[k] = typeof v === 'number' ? scaleParam(f.kind, k, v, r) : v;
    const flatGpus = f.gpus.map((g) => topo.hostOffset[g.host] + g.gpu);
    switch (f.kind) {
      case 'gpu_overload':
        for (const i of f.instances) {
          instances[i].demandMul *= Number(p.multiplier);
          instances[i].demandFloor = Math.max(instances[i].demandFloor, Number(p.capacityFloor));
          instances[i].gpuLoadAdd = Math.max(instances[i].gpuLoadAdd, 0.85);
          instances[i].itlMul *= 1.35;
        }
        break;
      case 'kv_cache_saturation':
        for (const i of f.instances) {
          instances[i].inputMul *= Number(p.promptMultiplier);
          instances[i].demandMul *= Number(p.demandMultiplier);
          instances[i].demandFloor = Math.max(instances[i].demandFloor, Number(p.capacityFloor));
          instances[i].prefixHitMul *= 0.25;
        }
        break;
      case 'gpu_underutilization':
        for (const i of f.instances) instances[i].demandMul *= Number(p.multiplier);
        break;
      case 'traffic_surge':
        for (const i of f.instances) {
          instances[i].demandMul *= Number(p.multiplier);
          instances[i].demandFloor = Math.max(instances[i].demandFloor, Number(p.capacityFloor));
        }
        break;
      case 'slow_span':
        for (const i of f.instances) instances[i].slowSpan = { span: String(p.span), extraSeconds: Number(p.extraSeconds) };
        break;
      case 'bad_deploy':
        for (const i of f.instances) {
          instances[i].variant = plan.instanceVariants[i].indexOf(String(p.version));
          instances[i].errorAdd += Number(p.errorRatio);
        }
        break;
      case 'memory_pressure':
        for (const i of f.instances) instances[i].kvCapMul *= Number(p.kvCapacityFactor);
        for (const g of flatGpus) {
          gpus[g].fbFraction = Number(f.params.gpuMemoryFraction);
          gpus[g].fbMix = r;
        }
        for (const h of f.hosts) {
          hosts[h].memAvailableFraction = Number(f.params.hostAvailableFraction);
          hosts[h].memMix = r;
        }
        break;
      case 'error_burst':
        for (const i of f.instances) instances[i].errorAdd += Number(p.errorRatio);
        break;
      case 'instance_down':
      case 'restart':
        for (const i of f.instances) instances[i].down = true;
        break;
      case 'engine_stall':
        for (const i of f.instances) instances[i].stalled = { gpuBusy: Number(p.gpuBusy) };
        break;
      case 'xid_error':
        for (const g of flatGpus) {
          gpus[g].xid = plan.gpuXid[g].findIndex((x) => x.code === Number(p.errCode));
          gpus[g].dead = true;
        }
        for (const i of f.instances) instances[i].errorAdd += 0.92;
        break;
      case 'thermal_throttling':
        for (const g of flatGpus) {
          gpus[g].coolingMul *= Number(p.coolingFactor);
          gpus[g].ambientAddC += Number(p.ambientRiseC);
        }
        break;
      case 'power_throttling':
        for (const g of flatGpus) gpus[g].powerCapFraction = Math.min(gpus[g].powerCapFraction, Number(p.capFraction));
        break;
    }
  }
  shiftTrafficFromDownInstances(plan, instances);
  return { instances, gpus, hosts };
}

/** Parameters that are additions (0 = no effect) rather than multipliers (1 = no effect). */
const ADDITIVE = new Set(['errorRatio', 'ambientRiseC', 'extraSeconds', 'capacityFloor']);

function scaleParam(kind: string, key: string, v: number, r: number): number {
  if (r >= 1) return v;
  if (ADDITIVE.has(key)) return v * r;
  // A power cap is a fraction of TDP: 1 = no cap.
  if (kind === 'power_throttling' || key.endsWith('Multiplier') || key.endsWith('Factor') || key === 'multiplier' || key === 'capFraction') return 1 + (v - 1) * r;
  return v;
}

/** A load balancer sends a stopped instance's traffic to the live replicas of the same model. */
function shiftTrafficFromDownInstances(plan: FaultPlan, instances: InstanceEffects[]): void {
  const models = plan.instanceModels;
  if (!instances.some((e) => e.down)) return;
  for (const model of new Set(models)) {
    const members = models.flatMap((m, i) => (m === model ? [i] : []));
    const up = members.filter((i) => !instances[i].down);
    if (up.length === 0 || up.length === members.length) continue;
    for (const i of up) instances[i].demandMul *= members.length / up.length;
  }
}
