// Shapes of the signal catalog.
import type { Aggregation, SignalId } from '../model/ids';
import type { Domain, FamilyId } from './families';
import type { Matcher } from './matchers';

/** What a variant's expression builders get: safe selectors (with the query's filters) and the rate window. */
export interface PartContext {
  /**
   * `metric{filters…, extra…}`: the only way a part names a metric (so availability can be checked).
   * `unfiltered`: labels the metric lacks, whose filters the part applies through a join instead.
   */
  sel(metric: string, extra?: Matcher[], unfiltered?: readonly string[]): string;
  /** Rate window, e.g. `1m`. */
  w: string;
}

export type Part = (c: PartContext) => string;

/** One way to compute a signal from one family's metrics (one engine, one metric-name generation). */
export interface Variant {
  family: FamilyId;
  /** A Prometheus histogram: base name (without _bucket/_sum/_count) and a factor to the signal's unit. */
  hist?: {
    metric: string;
    scale?: number;
    extra?: Matcher[];
    /** Per-series rate of one of its series (`_bucket`, `_sum`, `_count`), when plain `rate()` would double count. */
    rate?: (series: string) => Part;
  };
  /** Per-series value (a gauge, or a counter rate). */
  series?: Part;
  /** Numerator and denominator summed separately for `ratio` (and for `avg` of histogram-like counters). */
  num?: Part;
  den?: Part;
  /** Caveat shown in the catalog (e.g. "includes prefill time"), and in the notice when the variant is left out. */
  note?: string;
  /** `num`/`den` count tokens, not requests: `den` is no request rate (histogram aggregation `rate`). */
  perToken?: boolean;
  /** Used only while the server has no series of this metric at all (e.g. an error counter not created yet). */
  onlyWithout?: string;
  /** Used only when none of these families is present (e.g. a gateway's client timings when the engines report their own). */
  onlyWithoutFamilies?: readonly string[];
  /**
   * Used only for scrape targets (`instance`) where no earlier variant of the family has series (a
   * precomputed gauge next to its counters, client metrics next to server metrics).
   */
  fallback?: boolean;
}

export type SignalKind = 'histogram' | 'counter' | 'gauge' | 'ratio';

export interface SignalDef {
  id: SignalId;
  title: string;
  description: string;
  kind: SignalKind;
  domain: Domain;
  /** Grafana unit id. */
  unit: string;
  aggregations: Aggregation[];
  defaultAggregation: Aggregation;
  /** Preferred first: when two variants give the same series (old and new name), the first wins. */
  variants: Variant[];
  /** Why a family has no variant, for the notice "<engine> does not export …" (default: the signal's title). */
  absent?: Partial<Record<FamilyId, string>>;
  /**
   * Computed in the backend from other signals (no PromQL of its own; `variants` is empty). The
   * signal query hands it to the matching computation, e.g. pkg/queries/degradation.
   */
  computed?: 'degradation';
}
