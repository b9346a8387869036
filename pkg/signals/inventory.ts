// What is out there: serving instances (engine, model, instance) and GPUs (hostname, gpu, gpu_model)
// as one PromQL expression each, using one representative metric per detected family.
import { SIGNALS } from './catalog';
import type { Detection } from './detect';
import { FAMILIES, type Domain, type FamilyId } from './families';
import { renderSelector } from './matchers';
import { orAll } from './build';
import { gpuUnion, withGpuKeys } from './gpu-identity';
import { normalizeExpr } from './normalize';
import { tritonInventory } from './triton';
import type { PartContext } from './types';

/** Metric names the catalog reads for a family, in catalog order (histograms via _count). */
export function familyMetrics(id: FamilyId): string[] {
  const names: string[] = [];
  const rec: PartContext = { sel: (m) => (names.push(m), m), w: '1m' };
  for (const s of SIGNALS) {
    for (const v of s.variants) {
      if (v.family !== id) continue;
      if (v.hist) names.push(`${v.hist.metric}_count`);
      for (const p of [v.series, v.num, v.den]) p?.(rec);
    }
  }
  return [...new Set(names)];
}

/** `group by (labels) (…)` over every detected family of a domain, or undefined when none is present. */
export function inventoryExpr(d: Detection, domain: Domain, labels: string[], lookback = '1h'): string | undefined {
  const parts: string[] = [];
  for (const fam of FAMILIES) {
    if (fam.domain !== domain || !d.families.has(fam.id)) continue;
    const metric = familyMetrics(fam.id).find((m) => d.hasMetric(m));
    if (!metric) continue;
    // Triton lists the models clients call, not each step of an ensemble.
    const series =
      fam.id === 'triton'
        ? tritonInventory(metric, lookback, renderSelector)
        : `last_over_time(${renderSelector(metric, [])}[${lookback}])`;
    const normalized = normalizeExpr(series, fam, d.familyLabels(fam.id));
    parts.push(domain === 'gpu' ? withGpuKeys(normalized, fam.id) : normalized);
  }
  if (!parts.length) return undefined;
  // GPUs reported by two exporters count once (first family wins), like the GPU signals.
  return `group by (${labels.join(', ')}) (${domain === 'gpu' ? gpuUnion(parts) : orAll(parts)})`;
}
