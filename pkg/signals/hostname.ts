// Host and serving signals line up with GPUs by `hostname`, but node_exporter and model servers off
// Kubernetes have no such label unless the user relabels. When a host family's series carry no spelling of it, the name is derived per scrape target:
//  - from node_exporter's own node_uname_info{instance, nodename} (the kernel hostname, which is also
//    what DCGM reports as Hostname), joined on `instance`;
//  - without that metric (and always for model servers, whose targets are other ports), from the host
//    part of `instance` (`gpu-node-3:9100` → `gpu-node-3`,
//    `[fe80::1]:9100` → `fe80::1`).
// Both happen after a first aggregation per target, so the join or relabel touches one series per
// target rather than every raw series (node_cpu_seconds_total has cores × modes of them per host).
import type { FilterValue } from '../model/query';
import type { Availability } from './build';
import { escapeRegex, quoteLabelValue } from './escape';
import type { Family } from './families';
import { filterToMatcher, renderSelector, type Matcher } from './matchers';
import { effectiveSources } from './normalize';

export const UNAME_METRIC = 'node_uname_info';

/** Where a derived hostname comes from. */
export type HostNaming = 'uname' | 'instance';

/**
 * The host part of `instance`, as one anchored RE2 regex with one capture group per form (exactly one
 * of them is non-empty, so the replacement is `$1$2$3`): `[v6]` or `[v6]:port`, `host` or `host:port`,
 * else the whole value (a bare IPv6 address has colons but no port to strip).
 */
export const INSTANCE_HOST_REGEX = '\\[(.+)\\](?::[0-9]+)?|([^:]+)(?::[0-9]+)?|(.+)';
const INSTANCE_HOST_REPLACEMENT = '$1$2$3';

/**
 * How a family's series get `hostname` when their own labels cannot give it, or undefined when they
 * can (or when the family is not about hosts). Unknown labels (detection could not list them) keep
 * the label path, which considers every spelling.
 */
export function derivedHostNaming(fam: Family, available: Availability): HostNaming | undefined {
  const present = available.familyLabels(fam.id);
  if (!present) return undefined;
  // A model server's target is not node_exporter's (other port): only its own host part names it. Its
  // `node` label (Kubernetes) still wins where a series has one (hostSpellings), so mixed fleets work.
  if (servesFromTarget(fam)) return 'instance';
  if (fam.domain !== 'host' || effectiveSources(fam, 'hostname').some((s) => present.has(s))) return undefined;
  return available.hasMetric(UNAME_METRIC) ? 'uname' : 'instance';
}

/** Model servers, and Triton's GPU gauges (same target as its serving series). */
function servesFromTarget(fam: Family): boolean {
  return fam.domain === 'serving' || fam.id === 'triton_gpu';
}

/** Hostname spellings present on a serving family: they override the name derived from `instance`. */
export function hostSpellings(fam: Family, available: Availability): string[] {
  const present = available.familyLabels(fam.id);
  if (!present || !servesFromTarget(fam)) return [];
  return effectiveSources(fam, 'hostname').filter((s) => present.has(s));
}

/** What one query needs to give a family's series a derived hostname. */
export interface HostDerivation {
  /** Extra matchers for every selector of the family (the hostname filter, translated to `instance`). */
  matchers: Matcher[];
  /** Keeps only the raw series of matching hosts (a hostname filter without a per-target stage). */
  restrict?: (raw: string) => string;
  /**
   * Wraps an aggregate that still has `instance` so its series carry `hostname` (and pass the hostname
   * filter); undefined when the query does not group by hostname.
   */
  resolve?: (perTarget: string) => string;
  /** Labels the per-target stage keeps for `resolve` (hostname spellings that override `instance`). */
  keep?: string[];
}

/**
 * The derivation for one query: needed when it groups by or filters on `hostname`; undefined otherwise
 * (then the family's expressions stay exactly as they are).
 */
export function hostDerivation(
  naming: HostNaming,
  groupsByHost: boolean,
  filter: FilterValue | undefined,
  spellings: string[] = []
): HostDerivation | undefined {
  if (!groupsByHost && filter === undefined) return undefined;
  // A filter cannot follow "label else instance" per series: it reads the labels alone.
  if (spellings.length && filter !== undefined) return undefined;
  const m = filter === undefined ? undefined : filterToMatcher('hostname', filter);
  if (naming === 'uname') {
    // (uname naming is only for host families, which have no spellings: see derivedHostNaming)
    const uname = renderSelector(UNAME_METRIC, m ? [{ ...m, label: 'nodename' }] : []);
    if (!groupsByHost) {
      // Filter only: a set operation on the raw series keeps the aggregation exactly as without hosts.
      return { matchers: [], restrict: (raw) => `(${raw}) and on (instance) ${uname}` };
    }
    // `group` makes the right side exactly 1 per (instance, nodename), so the product keeps the left
    // value, and the same exporter scraped by two jobs is not a many-to-many match. A filtered
    // node_uname_info is both the name source and the filter: other hosts' targets find no partner.
    const names = `group by (instance, nodename) (${uname})`;
    return {
      matchers: [],
      resolve: (e) =>
        `label_replace(${e} * on (instance) group_left (nodename) ${names}, "hostname", "$1", "nodename", "(.*)")`,
    };
  }
  return {
    matchers: m ? [instanceMatcher(m)] : [],
    resolve: groupsByHost
      ? (e) =>
          // Lowest priority first: the instance's host part, then each label spelling that is set.
          [...spellings]
            .reverse()
            .reduce(
              (acc, src) => `label_replace(${acc}, "hostname", "$1", ${quoteLabelValue(src)}, "(.+)")`,
              `label_replace(${e}, "hostname", ${quoteLabelValue(INSTANCE_HOST_REPLACEMENT)}, "instance", ${quoteLabelValue(INSTANCE_HOST_REGEX)})`
            )
      : undefined,
    keep: spellings,
  };
}

/**
 * A hostname matcher as an `instance` matcher: the host (bare or in IPv6 brackets) with an optional
 * port. Exact for names and addresses; a regex that could itself match the `:port` part may also
 * accept a target whose host part it would not match on its own.
 */
export function instanceMatcher(m: Matcher): Matcher {
  const host = m.op === '=' || m.op === '!=' ? escapeRegex(m.value) : `(?:${m.value})`;
  const value = `(?:\\[${host}\\]|${host})(?::[0-9]+)?`;
  const op = m.op === '=' || m.op === '=~' ? '=~' : '!~';
  return { label: 'instance', op, value };
}

/** The hostname the instance fallback gives a target (mirrors INSTANCE_HOST_REGEX, for tests and UIs). */
export function hostFromInstance(instance: string): string {
  const match = new RegExp(`^(?:${INSTANCE_HOST_REGEX})$`).exec(instance);
  return match ? (match[1] ?? '') + (match[2] ?? '') + (match[3] ?? '') : instance;
}
