// Scenario files (YAML or JSON): a list of faults with a window and a target. Times are ISO timestamps
// or offsets from the anchor (backfill: the end of the history; live: the moment the simulator starts),
// e.g. `start: -2d4h`, `duration: 45m`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Fleet, InstanceSpec } from '../fleet/types';
import { parseDuration, parseTime } from '../util/duration';
import { FAULT_KINDS, KINDS, type Direction, type FaultKind } from './kinds';

export interface FaultTarget {
  /** Every serving instance of the fleet (fleet-wide faults such as a traffic surge). */
  fleet?: boolean;
  instance?: string;
  model?: string;
  hostname?: string;
  gpu?: number | string;
}

export interface FaultSpec {
  id?: string;
  kind: FaultKind;
  start: string | number;
  end?: string | number;
  duration?: string;
  target: FaultTarget;
  params?: Record<string, number | string>;
  /** The fault grows linearly from nothing to full strength over this duration (e.g. `60m`); default: at once. */
  ramp?: string;
}

export interface Scenario {
  name: string;
  description?: string;
  faults: FaultSpec[];
}

export interface GpuRef {
  host: number;
  gpu: number;
}

export interface ResolvedFault {
  id: string;
  kind: FaultKind;
  startMs: number;
  endMs: number;
  /** Indices into fleet.instances affected. */
  instances: number[];
  /** GPUs affected (host index into fleet.hosts, GPU index on it). */
  gpus: GpuRef[];
  /** Hosts affected (memory pressure). */
  hosts: number[];
  params: Record<string, number | string>;
  signals: Record<string, Direction>;
  /** Milliseconds over which the fault ramps up to full strength (0 = at once). */
  rampMs: number;
}

export const HEALTHY: Scenario = { name: 'healthy', faults: [] };

export const SCENARIO_DIR = path.resolve(__dirname, '..', '..', 'scenarios');

/** Reads a scenario: a path, or the name of a shipped one (`demo`, `healthy`). */
export function loadScenario(nameOrPath: string): Scenario {
  let file = nameOrPath;
  if (!/[./\\]/.test(nameOrPath)) file = path.join(SCENARIO_DIR, `${nameOrPath}.yaml`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`scenario "${nameOrPath}": cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new Error(`scenario ${file}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(e as Error).message}`);
  }
  return parseScenario(raw, file);
}

/** Validates the shape of a scenario object; errors name the fault and field. */
export function parseScenario(raw: unknown, source = 'scenario'): Scenario {
  if (!raw || typeof raw !== 'object') throw new Error(`${source}: expected an object with "faults"`);
  const r = raw as Record<string, unknown>;
  const faults = r.faults ?? [];
  if (!Array.isArray(faults)) throw new Error(`${source}: "faults" must be a list`);
  const out: FaultSpec[] = faults.map((f, i) => {
    const where = `${source}: faults[${i}]`;
    if (!f || typeof f !== 'object') throw new Error(`${where}: must be an object`);
    const fo = f as Record<string, unknown>;
    if (!FAULT_KINDS.includes(fo.kind as FaultKind)) {
      throw new Error(`${where}: kind "${String(fo.kind)}" is unknown (one of ${FAULT_KINDS.join(', ')})`);
    }
    if (fo.start === undefined) throw new Error(`${where}: needs "start"`);
    if (fo.end === undefined && fo.duration === undefined) throw new Error(`${where}: needs "end" or "duration"`);
    if (!fo.target || typeof fo.target !== 'object') throw new Error(`${where}: needs "target" (instance, model, fleet: true, or hostname + gpu)`);
    return {
      id: fo.id === undefined ? undefined : String(fo.id),
      kind: fo.kind as FaultKind,
      start: fo.start as string | number,
      end: fo.end as string | number | undefined,
      duration: fo.duration === undefined ? undefined : String(fo.duration),
      target: fo.target as FaultTarget,
      params: (fo.params ?? {}) as Record<string, number | string>,
      ramp: fo.ramp === undefined ? undefined : String(fo.ramp),
    };
  });
  return { name: String(r.name ?? source), description: r.description === undefined ? undefined : String(r.description), faults: out };
}

function instancesFor(fleet: Fleet, t: FaultTarget, where: string): number[] {
  if (t.fleet) return fleet.instances.map((_, i) => i);
  if (t.instance !== undefined) {
    const i = fleet.instances.findIndex((x) => x.name === t.instance);
    if (i < 0) throw new Error(`${where}: target instance "${t.instance}" is not in fleet ${fleet.name} (${fleet.instances.map((x) => x.name).join(', ')})`);
    return [i];
  }
  if (t.model !== undefined) {
    const idx = fleet.instances.flatMap((x, i) => (x.model === t.model ? [i] : []));
    if (!idx.length) throw new Error(`${where}: no instance serves model "${t.model}" in fleet ${fleet.name}`);
    return idx;
  }
  return [];
}

function gpuRefsOf(fleet: Fleet, inst: InstanceSpec): GpuRef[] {
  const host = fleet.hosts.findIndex((h) => h.name === inst.host);
  return inst.gpus.map((gpu) => ({ host, gpu }));
}

/** Turns specs into absolute windows and concrete fleet indices; rejects overlaps of the same target only if asked. */
export function resolveScenario(scenario: Scenario, fleet: Fleet, anchorMs: number): ResolvedFault[] {
  return scenario.faults.map((f, n) => {
    const id = f.id ?? `${f.kind}-${n + 1}`;
    const where = `scenario ${scenario.name}: fault ${id}`;
    const info = KINDS[f.kind];
    const startMs = parseTime(f.start, anchorMs, `${where} start`);
    const endMs = f.end !== undefined ? parseTime(f.end, anchorMs, `${where} end`) : startMs + parseDuration(f.duration!, `${where} duration`);
    if (!(endMs > startMs)) throw new Error(`${where}: end must be after start`);
    const rampMs = f.ramp === undefined ? 0 : parseDuration(f.ramp, `${where} ramp`);
    if (rampMs > endMs - startMs) throw new Error(`${where}: ramp (${f.ramp}) is longer than the fault`);
    let instances = instancesFor(fleet, f.target, where);
    let gpus: GpuRef[] = [];
    if (info.targets === 'gpu') {
      if (f.target.hostname !== undefined) {
        const host = fleet.hosts.findIndex((h) => h.name === f.target.hostname);
        if (host < 0) throw new Error(`${where}: target hostname "${f.target.hostname}" is not in fleet ${fleet.name}`);
        const gpu = Number(f.target.gpu ?? 0);
        if (!Number.isInteger(gpu) || gpu < 0 || gpu >= fleet.hosts[host].gpuCount) {
          throw new Error(`${where}: target gpu "${f.target.gpu}" is not a GPU index of ${f.target.hostname}`);
        }
        gpus = [{ host, gpu }];
        instances = fleet.instances.flatMap((x, i) => (x.host === f.target.hostname && x.gpus.includes(gpu) ? [i] : []));
      } else if (instances.length) {
        // An XID hits one GPU; throttling hits the whole instance (its GPUs share a chassis).
        gpus = instances.flatMap((i) => gpuRefsOf(fleet, fleet.instances[i]));
        if (f.kind === 'xid_error') gpus = gpus.slice(0, 1);
      } else {
        throw new Error(`${where}: ${f.kind} needs target hostname + gpu, or an instance`);
      }
    } else {
      if (!instances.length) throw new Error(`${where}: ${f.kind} needs target instance or model`);
      gpus = instances.flatMap((i) => gpuRefsOf(fleet, fleet.instances[i]));
    }
    const hosts = [...new Set(gpus.map((g) => g.host))];
    const params = { ...info.defaults, ...(f.params ?? {}) };
    if (f.kind === 'bad_deploy' && !params.version) params.version = `${fleet.instances[instances[0]].model}-rc2`;
    return { id, kind: f.kind, startMs, endMs, instances, gpus, hosts, params, signals: { ...info.signals }, rampMs };
  });
}
