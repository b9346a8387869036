// The ground truth: which faults were injected where and when, which signals should move, and which
// sensitive values were planted in which trace attributes. Analytics tests score against this.
import { GPU_TYPES } from './fleet/catalog';
import { gpuUuid, instanceLabel, JOBS, serviceName } from './fleet/labels';
import type { Fleet } from './fleet/types';
import { KINDS, type Direction, type FaultKind } from './scenario/kinds';
import type { ResolvedFault } from './scenario/scenario';

export interface GroundTruthGpu {
  hostname: string;
  gpu: string;
  UUID: string;
  modelName: string;
}

export interface GroundTruthFault {
  id: string;
  kind: FaultKind;
  description: string;
  start: string;
  end: string;
  startMs: number;
  endMs: number;
  /** Whether the window overlaps the simulated range. */
  inRange: boolean;
  target: {
    models: string[];
    /** Values of the `instance` label of the affected serving series. */
    instances: string[];
    pods: string[];
    namespace: string;
    hostnames: string[];
    gpus: GroundTruthGpu[];
    /** Convenience singletons when the target is one of each. */
    model?: string;
    instance?: string;
    pod?: string;
    hostname?: string;
    gpu?: string;
  };
  signals: string[];
  directions: Record<string, Direction>;
  params: Record<string, number | string>;
  /** Milliseconds over which the fault grew to full strength (0 = at once). */
  rampMs: number;
}

export type SensitiveKind = 'email' | 'phone' | 'credit_card' | 'api_key' | 'ip_address';

export interface SensitiveInjection {
  kind: SensitiveKind;
  value: string;
  traceId: string;
  spanId: string;
  spanName: string;
  service: string;
  attribute: string;
  timeMs: number;
}

export interface GroundTruth {
  seed: number;
  fleet: string;
  scenario: string;
  stepSeconds: number;
  start: string;
  end: string;
  startMs: number;
  endMs: number;
  faults: GroundTruthFault[];
  sensitive: SensitiveInjection[];
  instances: {
    name: string;
    flavour: string;
    model: string;
    job: string;
    instance: string;
    pod: string;
    namespace: string;
    hostname: string;
    gpus: string[];
    service: string;
  }[];
  gpus: (GroundTruthGpu & { pod?: string })[];
}

export function describeFaults(fleet: Fleet, faults: ResolvedFault[], startMs: number, endMs: number): GroundTruthFault[] {
  return faults.map((f) => {
    const insts = f.instances.map((i) => fleet.instances[i]);
    const gpus: GroundTruthGpu[] = f.gpus.map((g) => {
      const h = fleet.hosts[g.host];
      return { hostname: h.name, gpu: String(g.gpu), UUID: gpuUuid(h.name, g.gpu), modelName: GPU_TYPES[h.gpuType].modelName };
    });
    const models = [...new Set(insts.map((i) => i.model))];
    const hostnames = [...new Set([...gpus.map((g) => g.hostname), ...insts.map((i) => i.host)])];
    const target: GroundTruthFault['target'] = {
      models,
      instances: insts.map(instanceLabel),
      pods: insts.map((i) => i.name),
      namespace: insts[0]?.namespace ?? '',
      hostnames,
      gpus,
    };
    if (models.length === 1) target.model = models[0];
    if (insts.length === 1) {
      target.instance = instanceLabel(insts[0]);
      target.pod = insts[0].name;
    }
    if (hostnames.length === 1) target.hostname = hostnames[0];
    if (gpus.length === 1) target.gpu = gpus[0].gpu;
    return {
      id: f.id,
      kind: f.kind,
      description: KINDS[f.kind].description,
      start: new Date(f.startMs).toISOString(),
      end: new Date(f.endMs).toISOString(),
      startMs: f.startMs,
      endMs: f.endMs,
      inRange: f.endMs > startMs && f.startMs < endMs,
      target,
      signals: Object.keys(f.signals),
      directions: f.signals,
      params: f.params,
      rampMs: f.rampMs,
    };
  });
}

export function describeFleet(fleet: Fleet): Pick<GroundTruth, 'instances' | 'gpus'> {
  return {
    instances: fleet.instances.map((i) => ({
      name: i.name,
      flavour: i.flavour,
      model: i.model,
      job: JOBS[i.flavour],
      instance: instanceLabel(i),
      pod: i.name,
      namespace: i.namespace,
      hostname: i.host,
      gpus: i.gpus.map(String),
      service: serviceName(i),
    })),
    gpus: fleet.hosts.flatMap((h) =>
      Array.from({ length: h.gpuCount }, (_, g) => {
        const user = fleet.instances.find((i) => i.host === h.name && i.gpus.includes(g));
        return {
          hostname: h.name,
          gpu: String(g),
          UUID: gpuUuid(h.name, g),
          modelName: GPU_TYPES[h.gpuType].modelName,
          ...(user ? { pod: user.name } : {}),
        };
      })
    ),
  };
}
