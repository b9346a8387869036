// Fetches the candidate cause series for a root-cause query, narrowed to the incident's neighbourhood
// (scope.ts): serving signals of the incident's models first, then the GPUs of those instances by pod.
import type { DataContext } from '../../datasource/data-context';
import type { Labels, SignalSeries } from '../../analytics/rootcause/types';
import type { Availability } from '../../signals/build';
import type { QueryRange } from '../promql/range';
import { FLEET_MODEL_TRAFFIC } from '../../analytics/rootcause/hypotheses';
import { CANDIDATE_SIGNALS, GPU_GROUP, SERVING_GROUP } from './candidates';
import { fetchSignal, mapLimit, type SignalRequest } from './fetch-signal';
import { fitsSelector, labelValues, podsOf, scopedRequest, scopeFor, type CandidateScope } from './scope';

/** Candidate fetches in flight per query; the upstream's bulk lane bounds them further. */
const IN_FLIGHT = 6;

export interface FetchedCandidates {
  series: SignalSeries[];
  /** What was fetched, for meta.custom: `fleet`, `aggregate`, or the models and pod count of the neighbourhood. */
  scope: { kind: CandidateScope['kind']; models?: string[]; pods?: number; reason?: string };
}

export async function fetchCandidates(
  data: DataContext,
  available: Availability,
  range: QueryRange,
  incidentLabels: Labels | undefined,
  abort?: AbortSignal,
  candidates: SignalRequest[] = CANDIDATE_SIGNALS
): Promise<FetchedCandidates> {
  const fetchAll = (reqs: SignalRequest[]) => mapLimit(reqs, IN_FLIGHT, (c) => fetchSignal(data, available, c, range, abort));
  const fleet = async (reason?: string): Promise<FetchedCandidates> => ({
    series: (await fetchAll(candidates)).flatMap((f) => f.series),
    scope: { kind: 'fleet', ...(reason ? { reason } : {}) },
  });
  const scope = scopeFor(incidentLabels);
  if (scope.kind === 'fleet') return fleet();
  if (scope.kind === 'aggregate') {
    const reqs = candidates.map((c) => scopedRequest(c, scope, {})!);
    return { series: (await fetchAll(reqs)).flatMap((f) => f.series), scope: { kind: 'aggregate' } };
  }

  // The incident's models: every model its instances served in the range (a rollout that renames the
  // model leaves the old name on the same instances: bad-deploy evidence compares the two), read off
  // cheap, filtered request-rate series of the entity, then of its instances.
  const lookup = (filters: SignalRequest['filters']) =>
    fetchSignal(data, available, { signal: 'request_rate', aggregation: 'rate', groupBy: SERVING_GROUP, filters }, range, abort).then((f) => f.series);
  // The incident's own entity names it (to learn its model when only the instance or pod is known).
  let served = await lookup({ ...scope.entity });
  if (scope.entity.instance === undefined) {
    const instances = labelValues(served, 'instance');
    if (!fitsSelector(instances)) return fleet(instances.length ? 'too many instances' : 'no instance found for the incident');
    served = await lookup({ instance: instances });
  }
  const models = labelValues(served, 'model');
  if (!fitsSelector(models)) return fleet(models.length ? 'too many models' : 'no model found for the incident');

  const serving = candidates.filter((c) => c.groupBy === SERVING_GROUP);
  const gpu = candidates.filter((c) => c.groupBy === GPU_GROUP);
  const other = candidates.filter((c) => c.groupBy !== SERVING_GROUP && c.groupBy !== GPU_GROUP);
  const servingSeries = (await fetchAll(serving.map((c) => scopedRequest(c, scope, { models })!))).flatMap((f) => f.series);
  const pods = podsOf(servingSeries);
  let gpuSeries: SignalSeries[] = [];
  let reason: string | undefined;
  if (gpu.length && fitsSelector(pods)) {
    // The first GPU signal tells whether the GPUs carry the pods at all; if none does, the GPUs cannot be
    // placed on instances and are fetched fleet-wide, as before.
    const first = await fetchSignal(data, available, scopedRequest(gpu[0], scope, { pods })!, range, abort);
    if (first.series.length) {
      gpuSeries = [...first.series, ...(await fetchAll(gpu.slice(1).map((c) => scopedRequest(c, scope, { pods })!))).flatMap((f) => f.series)];
    } else {
      reason = 'no GPU series carries these pods';
      gpuSeries = (await fetchAll(gpu)).flatMap((f) => f.series);
    }
  } else if (gpu.length) {
    reason = pods.length ? 'too many pods for one selector' : 'no pod for these instances';
    gpuSeries = (await fetchAll(gpu)).flatMap((f) => f.series);
  }
  const otherSeries = (await fetchAll(other)).flatMap((f) => f.series);
  const traffic = await fleetModelTraffic(data, available, range, candidates, abort);
  // Candidate order as listed (the analysis breaks ties by position); the fleet context last.
  const order = new Map(candidates.map((c, i) => [c.signal, i]));
  const rank = (s: SignalSeries) => order.get(s.signal as never) ?? candidates.length;
  const series = [...servingSeries, ...gpuSeries, ...otherSeries, ...traffic].sort((a, b) => rank(a) - rank(b));
  return { series, scope: { kind: 'entity', models, pods: pods.length, ...(reason ? { reason } : {}) } };
}

/**
 * Requests per second per model over the whole fleet (one series per model, cheap): the neighbourhood
 * alone cannot tell a surge on one model from one on every model, and a fleet-wide surge is upstream of
 * the incident model's saturated GPUs.
 */
async function fleetModelTraffic(data: DataContext, available: Availability, range: QueryRange, candidates: SignalRequest[], abort?: AbortSignal): Promise<SignalSeries[]> {
  const rate = candidates.find((c) => c.signal === 'request_rate');
  if (!rate) return [];
  const fetched = await fetchSignal(data, available, { ...rate, groupBy: ['model'], filters: undefined }, range, abort);
  return fetched.series.filter((s) => s.labels.model).map((s) => ({ ...s, signal: FLEET_MODEL_TRAFFIC }));
}
