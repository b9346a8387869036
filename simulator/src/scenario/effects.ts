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
  dead: boolean;
}

export interface HostEffects {
  memAvailableFraction: number;
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
  return { faults, instanceVariants, gpuXid };
}

function baseInstance(): InstanceEffects {
  return { demandMul: 1, demandFloor: 0, inputMul: 1, kvCapMul: 1, itlMul: 1, errorAdd: 0, gpuLoadAdd: 0, variant: 0, prefixHitMul: 1 };
}

export function effectsAt(plan: FaultPlan, topo: Topology, tMs: number): Effects {
  const instances = plan.instanceVariants.map(baseInstance);
  const gpus: GpuEffects[] = topo.gpus.map(() => ({ xid: 0, coolingMul: 1, ambientAddC: 0, powerCapFraction: 1, fbFraction: 0, dead: false }));
  const hosts: HostEffects[] = topo.hostOffset.map(() => ({ memAvailableFraction: 0 }));
  for (const f of plan.faults) {
    if (tMs < f.startMs || tMs >= f.endMs) continue;
    const p = f.params;
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
        for (const g of flatGpus) gpus[g].fbFraction = Number(p.gpuMemoryFraction);
        for (const h of f.hosts) hosts[h].memAvailableFraction = Number(p.hostAvailableFraction);
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
  return { instances, gpus, hosts };
}
