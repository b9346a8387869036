// Reading a cost query's filter (plain data, see CostFilter) inside the pure cost computation.
import { matcherAccepts } from '../../signals/matchers';
import type { CostFilter, Labels } from './types';

/** Is this GPU in scope? Its own labels, plus `model`/`instance` when it is joined to a serving pod. */
export function keepsGpu(filter: CostFilter, labels: Labels): boolean {
  if (!filter.gpuMatchers.every((m) => matcherAccepts(m, labels[m.label] ?? ''))) return false;
  if (!filter.servingFiltered || labels.model === undefined) return true;
  return labels.instance !== undefined ? filter.keptInstances.includes(labels.instance) : filter.keptTokens.has(labels.model);
}
