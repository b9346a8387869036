// Normalized labels in PromQL: label_replace chains that copy each family's own label spelling
// (model_name, Hostname, exported_pod …) into the normalized name, and filter matchers translated the
// other way (normalized label → the family's source labels, with correct precedence).
import type { FilterValue } from '../model/query';
import { quoteLabelValue } from './escape';
import type { Family } from './families';
import { filterToMatcher, matcherAccepts, type Matcher } from './matchers';

/**
 * Effective source order for a normalized label: the listed sources (other than the label itself) in
 * priority order, then the label itself. label_replace is applied lowest-priority first, so the result
 * is "first non-empty source wins, else the native label".
 */
export function effectiveSources(fam: Family, label: string): string[] {
  // Own keys only: a label named like an Object property (`constructor`, `__proto__`) has no sources.
  const listed = Object.hasOwn(fam.sources, label) ? ((fam.sources as Record<string, string[]>)[label] ?? []) : [];
  return [...listed.filter((s) => s !== label), label];
}

function labelReplace(expr: string, dst: string, replacement: string, src: string, regex: string): string {
  return `label_replace(${expr}, ${quoteLabelValue(dst)}, ${quoteLabelValue(replacement)}, ${quoteLabelValue(src)}, ${quoteLabelValue(regex)})`;
}

/** Wraps an instant-vector expression so its series carry the family's normalized labels. */
export function normalizeExpr(expr: string, fam: Family, presentLabels?: Set<string>): string {
  let e = expr;
  const present = (l: string) => !presentLabels || presentLabels.has(l);
  for (const [dst, src] of Object.entries(fam.preserve ?? {})) {
    if (present(src)) e = labelReplace(e, dst, '$1', src, '(.+)');
  }
  for (const label of Object.keys(fam.sources)) {
    const order = effectiveSources(fam, label);
    // Lowest priority first; the native label is the fallback, so it needs no copy.
    for (let i = order.length - 2; i >= 0; i--) {
      const src = order[i]!;
      if (present(src)) e = labelReplace(e, label, '$1', src, '(.+)');
    }
  }
  for (const [k, v] of Object.entries(fam.constants)) e = labelReplace(e, k, v, '', '');
  return e;
}

/**
 * Filters → alternative matcher sets for one family (their union is exactly the series whose
 * normalized labels pass every filter). Returns undefined when a constant label (engine/exporter)
 * rules the family out.
 */
export function filterAlternatives(
  fam: Family,
  filters: Record<string, FilterValue>,
  presentLabels: Set<string> | undefined,
  maxAlternatives = 16
): Matcher[][] | undefined {
  let alternatives: Matcher[][] = [[]];
  for (const [label, value] of Object.entries(filters)) {
    const m = filterToMatcher(label, value);
    if (Object.hasOwn(fam.constants, label)) {
      if (!matcherAccepts(m, fam.constants[label]!)) return undefined;
      continue;
    }
    const sources = effectiveSources(fam, label).filter((s) => !presentLabels || presentLabels.has(s));
    const options = sourceAlternatives(m, sources.length ? sources : [label]);
    const next: Matcher[][] = [];
    for (const a of alternatives) for (const o of options) next.push([...a, ...o]);
    if (next.length > maxAlternatives) {
      throw new Error(
        `filters need more than ${maxAlternatives} selector combinations for ${fam.title}: use fewer filters on multi-spelling labels`
      );
    }
    alternatives = next;
  }
  return alternatives;
}

/** "first non-empty of sources[0..n] matches m" as a union of plain matcher sets. */
function sourceAlternatives(m: Matcher, sources: string[]): Matcher[][] {
  if (sources.length === 1) return [[{ ...m, label: sources[0]! }]];
  const out: Matcher[][] = [];
  const empties: Matcher[] = [];
  for (const s of sources) {
    out.push([...empties, { label: s, op: '!=', value: '' }, { ...m, label: s }]);
    empties.push({ label: s, op: '=', value: '' });
  }
  if (matcherAccepts(m, '')) out.push(empties);
  return out;
}
