// Which candidate series a root-cause query fetches. Fetching every series of the fleet costs Prometheus
// work in proportion to the fleet (a 100-instance fleet: ~20 queries, ~18 s on Prometheus 2.x), while
// the analysis only needs the incident's entity and its topological neighbours: the replicas serving the
// same model (peers, for peer evidence and cross-entity floors), their GPUs (joined by pod) and their
// scrape health. So the incident is found first on the target, then candidates are fetched with label
// matchers for that neighbourhood. A fleet-wide incident (no model, instance or pod named) gets
// per-model serving aggregates and per-GPU-model aggregates. An incident we cannot place on a model (a
// GPU or host target, or no model found for the instance) falls back to the whole fleet, as does a
// neighbourhood too large for a selector.
import type { Labels, SignalSeries } from '../../analytics/rootcause/types';
import { GPU_GROUP, SERVING_GROUP } from './candidates';
import type { SignalRequest } from './fetch-signal';

/** Most label values put into one matcher; beyond that the selector costs more than it saves. */
export const MAX_SCOPE_VALUES = 300;

export type CandidateScope =
  /** Every series of every candidate signal (today's behaviour without an incident entity). */
  | { kind: 'fleet' }
  /** Per-model serving aggregates and per-GPU-model aggregates: the incident is fleet-wide. */
  | { kind: 'aggregate' }
  /** The incident names a model, an instance or a pod: serving candidates of its models, their GPUs. */
  | { kind: 'entity'; entity: Labels };

const SERVING_IDENTITY = ['model', 'instance', 'pod'] as const;
const GPU_IDENTITY = ['hostname', 'gpu'] as const;

/** The scope for an incident found on a series with these labels (undefined: no incident found). */
export function scopeFor(incidentLabels: Labels | undefined): CandidateScope {
  if (!incidentLabels) return { kind: 'fleet' };
  // A GPU or host incident: the serving side it affects is not named by its labels.
  if (GPU_IDENTITY.some((k) => incidentLabels[k] !== undefined)) return { kind: 'fleet' };
  const entity: Labels = {};
  for (const k of SERVING_IDENTITY) if (incidentLabels[k] !== undefined && incidentLabels[k] !== '') entity[k] = incidentLabels[k];
  return Object.keys(entity).length ? { kind: 'entity', entity } : { kind: 'aggregate' };
}

/** Distinct non-empty values of a label over the series. */
export function labelValues(series: SignalSeries[], label: string): string[] {
  const out = new Set<string>();
  for (const s of series) {
    const v = s.labels[label];
    if (v) out.add(v);
  }
  return [...out].sort();
}

/**
 * Pods whose GPUs belong to the given serving series: their `pod` labels and the host part of their
 * `instance` (host:port), the two ways joinGpusToServing matches a GPU to an instance.
 */
export function podsOf(serving: SignalSeries[]): string[] {
  const out = new Set<string>();
  for (const s of serving) {
    if (s.labels.pod) out.add(s.labels.pod);
    if (s.labels.instance) out.add(s.labels.instance.replace(/:\d+$/, ''));
  }
  return [...out].sort();
}

/** A candidate request narrowed to the scope: serving ones by model, GPU ones by pod, aggregates by model / GPU model. */
export function scopedRequest(c: SignalRequest, scope: CandidateScope, values: { models?: string[]; pods?: string[] }): SignalRequest | undefined {
  const isGpu = c.groupBy === GPU_GROUP;
  const isServing = c.groupBy === SERVING_GROUP;
  switch (scope.kind) {
    case 'fleet':
      return c;
    case 'aggregate':
      if (isServing) return { ...c, groupBy: ['model'] };
      if (isGpu) return { ...c, groupBy: ['gpu_model'] };
      return c;
    case 'entity':
      if (isServing) return values.models?.length ? { ...c, filters: { ...c.filters, model: values.models } } : c;
      if (isGpu) {
        // No pod to join on: the GPUs of these instances cannot be named, so none is fetched.
        if (!values.pods?.length) return undefined;
        return { ...c, filters: { ...c.filters, pod: values.pods } };
      }
      return c;
  }
}

/** True when the values fit one selector (else the fleet-wide fetch is used). */
export function fitsSelector(values: string[]): boolean {
  return values.length > 0 && values.length <= MAX_SCOPE_VALUES;
}
