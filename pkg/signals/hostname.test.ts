import { describe, expect, it } from 'vitest';
import type { Availability } from './build';
import { family, type FamilyId } from './families';
import { derivedHostNaming, hostFromInstance, instanceMatcher } from './hostname';
import { filterToMatcher, matcherAccepts } from './matchers';

function avail(metrics: string[], labels: Partial<Record<FamilyId, string[]>>): Availability {
  return {
    families: new Set(Object.keys(labels) as FamilyId[]),
    hasMetric: (m) => metrics.includes(m),
    familyLabels: (id) => (labels[id] ? new Set(labels[id]) : undefined),
  };
}

describe('derived hostnames', () => {
  it('come from node_uname_info, else instance, only for host families without a hostname spelling', () => {
    const node = family('node');
    const bare = { node: ['instance', 'job', 'cpu', 'mode'] };
    expect(derivedHostNaming(node, avail(['node_uname_info'], bare))).toBe('uname');
    expect(derivedHostNaming(node, avail([], bare))).toBe('instance');
    for (const spelling of ['hostname', 'Hostname', 'nodename', 'node']) {
      const labelled = { node: ['instance', spelling] };
      expect(derivedHostNaming(node, avail(['node_uname_info'], labelled)), spelling).toBeUndefined();
    }
    // Labels unknown: the label path considers every spelling, as before.
    expect(derivedHostNaming(node, avail(['node_uname_info'], {}))).toBeUndefined();
    expect(derivedHostNaming(family('dcgm'), avail(['node_uname_info'], { dcgm: ['instance'] }))).toBeUndefined();
  });

  it('strip the port from instance and keep IPv6 addresses whole', () => {
    const cases: Array<[string, string]> = [
      ['gpu-node-3:9100', 'gpu-node-3'],
      ['gpu-node-3.lab.example:9100', 'gpu-node-3.lab.example'],
      ['gpu-node-3', 'gpu-node-3'],
      ['10.0.0.7:9100', '10.0.0.7'],
      ['[fe80::1]:9100', 'fe80::1'],
      ['[::1]', '::1'],
      ['fe80::1', 'fe80::1'],
      ['', ''],
    ];
    for (const [instance, host] of cases) expect(hostFromInstance(instance), instance).toBe(host);
  });

  it('filter on instance exactly as the derived hostname would be filtered', () => {
    const instances = ['gpu-node-3:9100', 'gpu-node-30:9100', 'gpu-node-3', '[fe80::1]:9100', '10.0.0.7:9100', 'a.b:1'];
    const filters = ['gpu-node-3', 'fe80::1', '10.0.0.7', 'a.b', '/gpu-node-[0-9]/', '/gpu.*/', ['gpu-node-30', 'a.b']];
    for (const f of filters) {
      for (const op of ['=', '!='] as const) {
        const m = filterToMatcher('hostname', f);
        const hostMatcher = op === '=' ? m : { ...m, op: m.op === '=' ? ('!=' as const) : ('!~' as const) };
        const onInstance = instanceMatcher(hostMatcher);
        for (const instance of instances) {
          expect(matcherAccepts(onInstance, instance), `${JSON.stringify(f)} ${op} ${instance}`).toBe(
            matcherAccepts(hostMatcher, hostFromInstance(instance))
          );
        }
      }
    }
  });
});
