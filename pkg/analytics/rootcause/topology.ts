// Label topology: model → instance → GPU → host. A series is placed on the most specific entity its
// labels name; two series are related when they agree on every entity label both carry, so a
// fleet-wide series relates to everything and GPU 0 of host a never relates to GPU 0 of host b.
import type { Labels } from './types';

/** Entity labels from the most general (model) to the most specific (GPU on a host). */
export const ENTITY_LABELS = ['model', 'instance', 'pod', 'hostname', 'gpu', 'gpu_model'] as const;

export type EntityLevel = 'fleet' | 'model' | 'instance' | 'host' | 'gpu';

/** How deep in the topology the labels point: GPU (on a host) is the most upstream physical cause. */
export function entityLevel(labels: Labels): EntityLevel {
  if (labels.gpu !== undefined) return 'gpu';
  if (labels.hostname !== undefined) return 'host';
  if (labels.instance !== undefined || labels.pod !== undefined) return 'instance';
  if (labels.model !== undefined) return 'model';
  return 'fleet';
}

/** Upstream rank: hardware causes come before serving-level ones when evidence ties. */
export function levelRank(level: EntityLevel): number {
  return { gpu: 4, host: 3, instance: 2, model: 1, fleet: 0 }[level];
}

/** Labels that identify an entity; gpu_model only describes one, so it never separates series. */
const IDENTITY_LABELS = ['model', 'instance', 'pod', 'hostname', 'gpu'] as const;

/** True when the two label sets are the same (same keys, same values). */
export function sameLabels(a: Labels, b: Labels): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** True when the two label sets agree on every identity label both carry. */
export function related(a: Labels, b: Labels): boolean {
  for (const k of IDENTITY_LABELS) {
    if (a[k] !== undefined && b[k] !== undefined && a[k] !== b[k]) return false;
  }
  return true;
}

/**
 * True when b is evidence about a's entity or a topological neighbour of it: related, and either
 * sharing an identity label value (the instance and its GPUs after the pod join, a model and its
 * instances) or one of them fleet-wide. A GPU that names only its host is no neighbour of an instance
 * on another machine, so evidence is never stitched across machines.
 */
export function neighbours(a: Labels, b: Labels): boolean {
  if (!related(a, b)) return false;
  const ids = (l: Labels) => IDENTITY_LABELS.filter((k) => l[k] !== undefined);
  const ia = ids(a);
  const ib = ids(b);
  if (ia.length === 0 || ib.length === 0) return true;
  return ia.some((k) => b[k] !== undefined && b[k] === a[k]);
}

/** Labels shown for an entity: topology plus deploy version and trace service/operation. */
const DISPLAY_LABELS = [...ENTITY_LABELS, 'version', 'service', 'operation'];

/** Only the display labels, for evidence and linking. */
export function entityLabels(labels: Labels): Labels {
  const out: Labels = {};
  for (const k of DISPLAY_LABELS) if (labels[k] !== undefined) out[k] = labels[k];
  return out;
}

/** Union of entity labels of several related series (the first series wins on conflicts). */
export function mergeEntity(...sets: Labels[]): Labels {
  const out: Labels = {};
  for (const s of sets) for (const [k, v] of Object.entries(entityLabels(s))) if (out[k] === undefined) out[k] = v;
  return out;
}

/** `model=a instance=b gpu=0 hostname=h` in topology order; "fleet" when there are no labels. */
export function formatEntity(labels: Labels): string {
  const parts = DISPLAY_LABELS.filter((k) => labels[k] !== undefined && labels[k] !== '')
    .map((k) => `${k}=${labels[k]}`);
  return parts.length ? parts.join(' ') : 'fleet';
}
