// Signal → one PromQL expression covering every engine present. Speed matters as much as correctness:
// label_replace on raw series costs Prometheus a label-set copy per series per step, so each family is
// aggregated first on its own label spelling and only the (few) aggregated series are renamed to the
// normalized labels and tagged with `engine`. Families are then combined with `or`; `engine` keeps their
// label sets apart, and summing histograms or rates across engines would be wrong anyway.
// GPU signals are deduplicated per GPU before aggregating, so a GPU reported by two exporters (DCGM and
// Triton's or an app's own NVML gauges) counts once, DCGM first: a GPU is its UUID where the exporter
// gives one (DCGM `UUID`, Triton `gpu_uuid`), else its (hostname, gpu index). Host signals whose series
// have no hostname label get one per scrape target (pkg/signals/hostname.ts).
import type { Aggregation } from '../model/ids';
import type { FilterValue } from '../model/query';
import { assertLabelName, quoteLabelValue, UnsafeInputError } from './escape';
import { FAMILIES, family, type Family, type FamilyId } from './families';
import { derivedHostNaming, hostDerivation, hostSpellings, type HostDerivation } from './hostname';
import { gpuUnion, withGpuKeys } from './gpu-identity';
import { renderSelector, type Matcher } from './matchers';
import { effectiveSources, filterAlternatives } from './normalize';
import type { Part, PartContext, SignalDef, Variant } from './types';

/** What detection knows about the Prometheus server. */
export interface Availability {
  /** Families with at least one metric present (others are left out silently). */
  families: ReadonlySet<FamilyId>;
  hasMetric(name: string): boolean;
  /** Label names seen on a family's series; undefined = unknown (then every spelling is considered). */
  familyLabels(id: FamilyId): Set<string> | undefined;
}

export interface BuildRequest {
  def: SignalDef;
  aggregation?: Aggregation;
  groupBy?: string[];
  filters?: Record<string, FilterValue>;
  /** Rate window as a PromQL duration, e.g. `1m`. */
  rateWindow: string;
  available: Availability;
  /**
   * Per-bucket rates `sum by (le)` of a histogram signal (for heatmaps) instead of an aggregation. One
   * engine only (the first in catalog order): engines bucket differently, so their `le` do not line up.
   */
  buckets?: boolean;
  /**
   * false: GPU signals keep the general form (cross-exporter identity keys, renamed and dropped source
   * spellings) even with one exporter. Only for tests and benches that check both forms answer alike.
   */
  leanSingleExporter?: boolean;
}

export interface BuiltSignal {
  /** Undefined when no engine present can compute the signal. */
  expr: string | undefined;
  aggregation: Aggregation;
  /** Labels the output series carry. */
  outputLabels: string[];
  families: FamilyId[];
  /**
   * Variants left out and why (for notices and the catalog); `absent` = the family (present on the
   * server) has no way at all to compute the signal.
   */
  skipped: Array<{ family: FamilyId; reason: string; absent?: boolean }>;
  /** How several engines' values became one fleet value (set only when they were combined). */
  combined?: string;
}

const QUANTILE: Partial<Record<Aggregation, number>> = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 };
/** Labels a GPU is known by, whatever exporter reports it (see gpu-identity.ts). */
const GPU_IDENTITY = ['hostname', 'gpu', 'gpu_uuid'];

/** The expressions one variant contributes for the chosen aggregation (already filtered and checked). */
interface Contribution {
  variant: Variant;
  /** Main value (series, bucket rates, or numerator). */
  main: string[];
  /** Denominator (ratio / avg), when the aggregation needs one. */
  den?: string[];
  scale: number;
}

export function buildSignal(req: BuildRequest): BuiltSignal {
  const { def } = req;
  const aggregation = req.aggregation ?? def.defaultAggregation;
  if (!def.aggregations.includes(aggregation)) {
    throw new UnsafeInputError(
      `signal "${def.id}" supports aggregation ${def.aggregations.join(', ')}; "${aggregation}" is not one of them`
    );
  }
  const groupBy = unique((req.groupBy ?? []).map((l) => assertLabelName(l, 'group-by label')));
  const filters = req.filters ?? {};
  for (const l of Object.keys(filters)) assertLabelName(l, 'filter label');
  // Families are told apart by their constant labels (`engine`) until the fleet stage (see fleetValue).
  const familyLabels = unique([...(def.domain === 'serving' ? ['engine'] : []), ...groupBy]);
  const skipped: BuiltSignal['skipped'] = [];
  if (req.buckets && (def.kind !== 'histogram' || groupBy.length > 0)) {
    throw new UnsafeInputError(
      def.kind !== 'histogram'
        ? `format "heatmap" needs a histogram signal; "${def.id}" is a ${def.kind}`
        : 'format "heatmap" takes no group-by (one heatmap per query): filter instead'
    );
  }
  const q = QUANTILE[aggregation];
  const mode = req.buckets ? 'bucket' : modeOf(def, aggregation);

  // 1. Each present variant's expressions for this aggregation, grouped by family (catalog order).
  const byFamily = new Map<FamilyId, Contribution[]>();
  const derivations = new Map<FamilyId, HostDerivation>();
  for (const variant of def.variants) {
    const fam = family(variant.family);
    if (!req.available.families.has(fam.id)) continue;
    const present = req.available.familyLabels(fam.id);
    // Hosts whose series have no hostname label: the name (and its filter) comes from elsewhere.
    const naming = derivedHostNaming(fam, req.available);
    const host =
      naming &&
      hostDerivation(naming, groupBy.includes('hostname'), filters.hostname, hostSpellings(fam, req.available));
    const famFilters = host ? withoutKey(filters, 'hostname') : filters;
    const alternatives = filterAlternatives(fam, famFilters, present)?.map((a) => [...a, ...(host?.matchers ?? [])]);
    if (!alternatives) continue; // ruled out by an engine/exporter filter
    if (variant.onlyWithout && req.available.hasMetric(variant.onlyWithout)) continue;
    if (variant.onlyWithoutFamilies?.some((f) => req.available.families.has(f as never))) continue;
    const parts = partsFor(variant, mode, aggregation);
    const because = (reason: string) => (variant.note ? `${reason}: ${variant.note}` : reason);
    if (typeof parts === 'string') {
      skipped.push({ family: fam.id, reason: because(parts) });
      continue;
    }
    if (host) derivations.set(fam.id, host);
    const missing = metricsOf([parts.main, parts.den]).filter((m) => !req.available.hasMetric(m));
    if (missing.length) {
      skipped.push({ family: fam.id, reason: because(`no ${missing.join(', ')}`) });
      continue;
    }
    const list = byFamily.get(fam.id) ?? [];
    // A fallback only speaks for scrape targets the family's earlier variants have nothing for.
    const earlier = variant.fallback ? list.flatMap((c) => c.den ?? c.main) : [];
    const onlyElsewhere = (e: string) => (earlier.length ? `(${e}) unless on (instance) (${orAll(earlier)})` : e);
    const render = (p: Part) => alternatives.map((alt) => onlyElsewhere(p(context(alt, req.rateWindow))));
    list.push({
      variant,
      main: render(parts.main),
      den: parts.den ? render(parts.den) : undefined,
      scale: parts.scale,
    });
    byFamily.set(fam.id, list);
  }

  skipped.push(...absentFamilies(req, filters));

  // 2. Per family: aggregate on the family's own labels, then rename and tag.
  const familyExprs: Array<{ main: string; den?: string; parts?: FleetParts }> = [];
  for (const [id, contributions] of byFamily) {
    const fam = family(id);
    const present = req.available.familyLabels(id);
    // A derived hostname is resolved per scrape target: aggregate by `instance` first, name, then regroup.
    const { resolve, restrict = (e: string) => e, keep: hostLabels = [] } = derivations.get(id) ?? {};
    // An exporter's own pod is told apart by its name: keep `pod` while namespace is asked for.
    const selfPod = def.domain === 'gpu' && fam.selfPod && groupBy.some((l) => l === 'pod' || l === 'namespace');
    const identity = GPU_IDENTITY.filter(
      (l) => l !== 'gpu_uuid' || !present || sourcesOf(fam, l).some((x) => present.has(x))
    );
    const keep = def.domain === 'gpu' ? unique([...identity, ...(selfPod ? ['pod'] : []), ...groupBy]) : groupBy;
    // One GPU family and no per-target naming: nothing is deduplicated across exporters and the fleet
    // aggregation below keeps only `groupBy`, so identity labels are grouped on as the exporter spells
    // them and source spellings are not dropped. Each label_replace costs Prometheus a label-set copy per
    // series per step, and per-GPU series do not shrink by aggregating: this halves a per-GPU query.
    const lean = def.domain === 'gpu' && byFamily.size === 1 && !resolve && req.leanSingleExporter !== false;
    const plan = groupPlan(
      fam,
      (resolve ? perTargetLabels(keep, hostLabels) : keep).filter((l) => !(l in fam.constants)),
      present,
      lean ? { groupOnly: new Set(keep.filter((l) => !groupBy.includes(l) && !(selfPod && l === 'pod'))), dropSources: false } : {}
    );
    const tags = Object.entries(fam.constants).filter(([k]) => familyLabels.includes(k));
    // With a per-target stage, the source spellings were already renamed inside `agg`.
    const finish = (e: string) =>
      tags.reduce((acc, [k, v]) => labelReplace(acc, k, v, '', ''), resolve ? e : plan.post(e));
    const by = (extra: string[] = []) => byClause([...extra, ...plan.labels]);
    const union = (exprs: string[]) => plan.pre(restrict(orAll(exprs)));
    /** `op by (…) (param, inner)`, or per target, named, then `op` again per requested labels. */
    const agg = (op: string, inner: string, opts: { extra?: string[]; param?: number } = {}) => {
      const param = opts.param === undefined ? '' : `${opts.param}, `;
      const first = `${op}${by(opts.extra)} (${param}${inner})`;
      if (!resolve) return first;
      return `${op}${byClause([...(opts.extra ?? []), ...groupBy])} (${param}${resolve(plan.post(first))})`;
    };
    const main = contributions.flatMap((c) => c.main);
    const den = contributions.flatMap((c) => c.den ?? []);
    const scale = contributions[0]!.scale;

    if (def.domain === 'gpu') {
      // Per-GPU values first; the fleet-level aggregation happens after the union across families.
      // A derived hostname (Triton's GPUs off Kubernetes) is named per target before the union.
      const named = (e: string) => (resolve ? resolve(plan.post(e)) : e);
      const keyed = (e: string) => (lean ? e : withGpuKeys(e, fam.id));
      // Blanking `namespace` is a no-op when it was not grouped on (the series have none).
      const perGpu = (e: string) =>
        keyed(selfPod ? withoutSelfPod(finish(named(e)), fam.selfPod!, keep.includes('namespace')) : finish(named(e)));
      if (mode === 'ratio')
        familyExprs.push({ main: perGpu(`sum${by()} (${union(main)})`), den: perGpu(`sum${by()} (${union(den)})`) });
      else familyExprs.push({ main: perGpu(`max${by()} (${union(main)})`) });
      continue;
    }
    const scaled = (x: string) => (scale === 1 ? finish(x) : `${finish(x)} * ${scale}`);
    let e: string;
    let parts: FleetParts;
    if (req.buckets) {
      if (scale !== 1) {
        skipped.push({ family: id, reason: `heatmap: buckets are not in the signal's unit (× ${scale})` });
        continue;
      }
      familyExprs.push({ main: finish(agg('sum', union(main), { extra: ['le'] })) });
      continue;
    }
    if (mode === 'bucket') {
      e = `histogram_quantile(${q}, ${agg('sum', union(main), { extra: ['le'] })})`;
      parts = { kind: 'max' };
    } else if (mode === 'ratio' || mode === 'avg') {
      const num = agg('sum', union(main));
      const sumDen = agg('sum', union(den));
      e = `${num} / (${sumDen} > 0)`;
      parts = { kind: 'quotient', num: scaled(num), den: finish(sumDen) };
    } else if (q !== undefined) {
      e = agg('quantile', union(main), { param: q });
      parts = { kind: 'max' };
    } else if (aggregation === 'avg') {
      e = agg('avg', union(main));
      parts = { kind: 'quotient', num: scaled(agg('sum', union(main))), den: finish(agg('count', union(main))) };
    } else {
      e = agg(seriesOp(aggregation), union(main));
      parts = { kind: mode === 'count' ? 'sum' : (seriesOp(aggregation) as 'sum' | 'max' | 'min') };
    }
    familyExprs.push({ main: scaled(e), parts });
  }
  let families = [...byFamily.keys()];
  if (req.buckets) {
    const [first, ...others] = familyExprs;
    // The families that produced an expression, in order (a skipped one has no entry).
    const used = families.filter((f) => !skipped.some((s) => s.family === f && s.reason.startsWith('heatmap:')));
    for (const f of used.slice(1))
      skipped.push({ family: f, reason: 'heatmap: one engine at a time (filter by engine)' });
    families = used.slice(0, 1);
    return {
      expr: first?.main,
      aggregation,
      outputLabels: ['le', ...(def.domain === 'serving' ? ['engine'] : [])],
      families,
      skipped: dedupeSkipped(skipped, new Set(families)),
      ...(others.length ? { combined: `${used[0]} only (engines' buckets differ)` } : {}),
    };
  }
  // No group-by asks for one fleet value: several serving engines are combined into one series.
  const fleet = def.domain !== 'gpu' && groupBy.length === 0 && familyExprs.length > 1;
  const outputLabels = fleet ? [] : familyLabels;
  let expr: string | undefined;
  let combined: string | undefined;
  if (fleet) {
    ({ expr, combined } = fleetValue(
      familyExprs.map((f) => ({ value: f.main, parts: f.parts! })),
      aggregation
    ));
  } else if (familyExprs.length) {
    if (def.domain === 'gpu') {
      const g = byClause(groupBy);
      const all = gpuUnion(familyExprs.map((f) => f.main));
      if (mode === 'ratio') expr = `sum${g} (${all}) / (sum${g} (${gpuUnion(familyExprs.map((f) => f.den!))}) > 0)`;
      else if (q !== undefined) expr = `quantile${g} (${q}, ${all})`;
      else expr = `${seriesOp(aggregation)}${g} (${all})`;
    } else {
      expr = orAll(familyExprs.map((f) => f.main));
    }
  }
  return {
    expr,
    aggregation,
    outputLabels,
    families,
    skipped: dedupeSkipped(skipped, new Set(families)),
    ...(combined ? { combined } : {}),
  };
}

/** How one family's value combines with the other families' into a fleet value. */
type FleetParts = { kind: 'sum' | 'max' | 'min' } | { kind: 'quotient'; num: string; den: string };

/**
 * One fleet series from several engines' series (each tagged with its own `engine`):
 * - rates, counts and sums add up;
 * - ratios and averages are Σ numerators ÷ Σ denominators (request- or token-weighted, as within an engine);
 * - quantiles are the highest engine's quantile. Engines bucket their histograms differently (vLLM's
 *   TTFT from 1 ms, SGLang's from 100 ms), so summing buckets by `le` would mix cumulative counts of
 *   different boundaries. The fleet's q-quantile is a mixture's and never exceeds the largest
 *   per-engine q-quantile, so the maximum is a tight, honest upper bound (exact for one engine).
 */
function fleetValue(
  fams: Array<{ value: string; parts: FleetParts }>,
  aggregation: Aggregation
): { expr: string; combined: string } {
  const kinds = new Set(fams.map((f) => f.parts.kind));
  if (kinds.size !== 1) throw new Error(`families combine differently (${[...kinds].join(', ')})`);
  const kind = fams[0]!.parts.kind;
  if (kind === 'quotient') {
    const q = fams.map((f) => f.parts as { num: string; den: string });
    return {
      expr: `sum (${orAll(q.map((x) => x.num))}) / (sum (${orAll(q.map((x) => x.den))}) > 0)`,
      combined: "sum of all engines' numerators ÷ sum of their denominators",
    };
  }
  const values = orAll(fams.map((f) => f.value));
  if (kind === 'max' && QUANTILE[aggregation] !== undefined) {
    return {
      expr: `max (${values})`,
      combined: `highest engine ${aggregation} (engines' histogram buckets differ; the fleet ${aggregation} is never above it)`,
    };
  }
  return { expr: `${kind} (${values})`, combined: `${kind} over engines` };
}

type Mode = 'bucket' | 'avg' | 'count' | 'ratio' | 'series';

function modeOf(def: SignalDef, aggregation: Aggregation): Mode {
  if (def.kind === 'histogram') {
    if (QUANTILE[aggregation] !== undefined) return 'bucket';
    return aggregation === 'rate' ? 'count' : 'avg';
  }
  if (aggregation === 'ratio') return 'ratio';
  return 'series';
}

/** The parts a variant needs for a mode, or why it cannot take part. */
function partsFor(
  v: Variant,
  mode: Mode,
  aggregation: Aggregation
): { main: Part; den?: Part; scale: number } | string {
  const h = v.hist;
  const rateOf = (suffix: string): Part =>
    h!.rate ? h!.rate(`${h!.metric}${suffix}`) : (c) => `rate(${c.sel(`${h!.metric}${suffix}`, h!.extra)}[${c.w}])`;
  switch (mode) {
    case 'bucket':
      if (!h) return `${aggregation} needs a histogram`;
      return { main: rateOf('_bucket'), scale: h.scale ?? 1 };
    case 'avg':
      if (h) return { main: rateOf('_sum'), den: rateOf('_count'), scale: h.scale ?? 1 };
      if (v.num && v.den) return { main: v.num, den: v.den, scale: 1 };
      return 'avg needs a histogram or sum/count counters';
    case 'count':
      if (h) return { main: rateOf('_count'), scale: 1 };
      if (v.den && !v.perToken) return { main: v.den, scale: 1 };
      return 'rate needs a request counter';
    case 'ratio': {
      const s = v.series;
      if (v.num && v.den) return { main: v.num, den: v.den, scale: 1 };
      // A gauge that is already a ratio: averaged (numerator = value, denominator = 1 per series).
      if (s) return { main: s, den: (c) => `${s(c)} * 0 + 1`, scale: 1 };
      return 'ratio needs a numerator and a denominator';
    }
    case 'series': {
      // Counters like "5xx per second" reuse the ratio numerator as their per-series value.
      const s = v.series ?? v.num;
      if (!s) return `${aggregation} needs a per-series value`;
      return { main: s, scale: 1 };
    }
  }
}

/**
 * How to aggregate a family by normalized labels: a label with one present spelling is aggregated
 * under that spelling and renamed afterwards (cheap); a label with several spellings is normalized
 * before aggregating (series with different spellings must merge into one group).
 */
function groupPlan(
  fam: Family,
  labels: string[],
  present: Set<string> | undefined,
  opts: {
    /** Labels only grouped on (a later aggregation drops them): kept under their source spelling. */
    groupOnly?: ReadonlySet<string>;
    /** false: leave source spellings on the series (a later aggregation drops them). */
    dropSources?: boolean;
  } = {}
) {
  const aggLabels: string[] = [];
  const pre: Array<[string, string]> = []; // [dst, src] label_replace before aggregation, in order
  const renames: Array<[string, string]> = []; // [dst, src] after aggregation
  for (const label of labels) {
    const sources = sourcesOf(fam, label).filter((s) => !present || present.has(s));
    if (sources.length <= 1) {
      const src = sources[0] ?? label;
      aggLabels.push(src);
      if (src !== label && !opts.groupOnly?.has(label)) renames.push([label, src]);
    } else {
      // Lowest priority first; the native label (last) needs no copy.
      for (let i = sources.length - 1; i >= 0; i--) if (sources[i] !== label) pre.push([label, sources[i]!]);
      aggLabels.push(label);
    }
  }
  const uniqueAgg = unique(aggLabels);
  const keepSources = new Set(labels);
  return {
    labels: uniqueAgg,
    pre: (e: string) => pre.reduce((acc, [dst, src]) => labelReplace(acc, dst, '$1', src, '(.+)'), e),
    post: (e: string) => {
      let out = e;
      for (const [dst, src] of renames) out = labelReplace(out, dst, '$1', src, '(.*)');
      // Drop the source spelling unless it was asked for too.
      if (opts.dropSources !== false)
        for (const [, src] of renames) if (!keepSources.has(src)) out = labelReplace(out, src, '', '', '');
      return out;
    },
  };
}

/** Effective source spellings of a normalized label for a family, including preserved labels. */
function sourcesOf(fam: Family, label: string): string[] {
  const preserved = Object.entries(fam.preserve ?? {}).find(([dst]) => dst === label);
  if (preserved) return [preserved[1], label];
  // A label the family overwrites with a constant is not a source for anything else.
  return effectiveSources(fam, label);
}

/** Series whose normalized `pod` is the exporter's own lose pod and namespace (idle GPU, no workload). */
function withoutSelfPod(expr: string, selfPod: string, hasNamespace = true): string {
  const e = hasNamespace ? labelReplace(expr, 'namespace', '', 'pod', selfPod) : expr;
  return labelReplace(e, 'pod', '', 'pod', selfPod);
}

/** Families on the server, of the signal's domain, with no variant at all: "<engine> does not export …". */
function absentFamilies(req: BuildRequest, filters: Record<string, FilterValue>): BuiltSignal['skipped'] {
  const { def, available } = req;
  const out: BuiltSignal['skipped'] = [];
  for (const fam of FAMILIES) {
    if (fam.domain !== def.domain || !available.families.has(fam.id) || def.variants.length === 0) continue;
    if (def.variants.some((v) => v.family === fam.id)) continue;
    if (!filterAlternatives(fam, filters, available.familyLabels(fam.id))) continue; // filtered out anyway
    out.push({ family: fam.id, reason: def.absent?.[fam.id] ?? def.title.toLowerCase(), absent: true });
  }
  return out;
}

function labelReplace(expr: string, dst: string, replacement: string, src: string, regex: string): string {
  return `label_replace(${expr}, ${quoteLabelValue(dst)}, ${quoteLabelValue(replacement)}, ${quoteLabelValue(src)}, ${quoteLabelValue(regex)})`;
}

function byClause(labels: string[]): string {
  return labels.length ? ` by (${labels.join(', ')})` : '';
}

/** `a or b …`; with `on`, later operands only add series whose `on` labels are new (first family wins). */
export function orAll(exprs: string[], on?: string[]): string {
  const op = on ? ` or on (${on.join(', ')}) ` : ' or ';
  return exprs.length === 1 ? exprs[0]! : exprs.map((e) => `(${e})`).join(op);
}

function seriesOp(aggregation: Aggregation): string {
  return aggregation === 'rate' || aggregation === 'sum' ? 'sum' : aggregation;
}

function metricsOf(parts: Array<Part | undefined>): string[] {
  const used = new Set<string>();
  const rec: PartContext = { sel: (m) => (used.add(m), m), w: '1m' };
  for (const p of parts) p?.(rec);
  return [...used];
}

function context(alt: Matcher[], w: string): PartContext {
  return {
    sel: (metric, extra, unfiltered = []) =>
      renderSelector(metric, [...alt.filter((m) => !unfiltered.includes(m.label)), ...(extra ?? [])]),
    w,
  };
}

/** Labels of the per-target stage: `hostname` is not there yet, `instance` names the target. */
function perTargetLabels(labels: string[], hostLabels: string[]): string[] {
  return unique([...labels.map((l) => (l === 'hostname' ? 'instance' : l)), 'instance', ...hostLabels]);
}

function withoutKey<T>(record: Record<string, T>, key: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

/** A family counts as skipped only if none of its variants was used. */
function dedupeSkipped(skipped: BuiltSignal['skipped'], used: Set<FamilyId>): BuiltSignal['skipped'] {
  const seen = new Map<FamilyId, string[]>();
  const absent = new Set(skipped.filter((s) => s.absent).map((s) => s.family));
  for (const s of skipped) if (!used.has(s.family)) seen.set(s.family, [...(seen.get(s.family) ?? []), s.reason]);
  return [...seen.entries()].map(([family, reasons]) => ({
    family,
    reason: unique(reasons).join('; '),
    ...(absent.has(family) ? { absent: true } : {}),
  }));
}
