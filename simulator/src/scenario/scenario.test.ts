import { describe, expect, it } from 'vitest';
import { defaultFleet, smallFleet } from '../fleet/fleets';
import { parseDuration, parseTime } from '../util/duration';
import { FAULT_KINDS } from './kinds';
import { loadScenario, parseScenario, resolveScenario } from './scenario';

describe('durations and times', () => {
  it('parses offsets and ISO times', () => {
    expect(parseDuration('1d2h30m15s')).toBe(((24 + 2) * 3600 + 30 * 60 + 15) * 1000);
    expect(parseDuration('-6d')).toBe(-6 * 86_400_000);
    expect(parseTime('-2h', 10_000_000)).toBe(10_000_000 - 7_200_000);
    expect(parseTime('2026-11-25T00:00:00Z', 0)).toBe(Date.parse('2026-11-25T00:00:00Z'));
    expect(() => parseDuration('ten minutes')).toThrow(/not a duration/);
  });
});

describe('scenarios', () => {
  it.each(['demo', 'live-demo'])('%s has a fault of every kind, none overlapping, and resolves on both fleets', (name) => {
    const demo = loadScenario(name);
    // The demo's incidents; error bursts, outages, hung engines and restarts are scripted by the incident suite (bench/incidents.bench.ts).
    const suiteOnly = ['error_burst', 'instance_down', 'engine_stall', 'restart'];
    expect(new Set(demo.faults.map((f) => f.kind))).toEqual(new Set(FAULT_KINDS.filter((k) => !suiteOnly.includes(k))));
    for (const fleet of [defaultFleet(), smallFleet()]) {
      const faults = resolveScenario(demo, fleet, Date.parse('2026-11-25T00:00:00Z')).sort((a, b) => a.startMs - b.startMs);
      for (let i = 1; i < faults.length; i++) expect(faults[i].startMs).toBeGreaterThanOrEqual(faults[i - 1].endMs);
      if (name === 'demo') expect(faults[0].startMs).toBeGreaterThan(Date.parse('2026-11-18T00:00:00Z'));
      else expect(faults[0].startMs).toBeGreaterThan(Date.parse('2026-11-25T00:00:00Z'));
    }
    expect(loadScenario('healthy').faults).toEqual([]);
  });

  it('rejects bad scenarios with messages naming the problem', () => {
    expect(() => parseScenario({ faults: [{ kind: 'meteor', start: '0s', duration: '1m', target: {} }] })).toThrow(/kind "meteor" is unknown/);
    expect(() => parseScenario({ faults: [{ kind: 'bad_deploy', start: '0s', target: { instance: 'x' } }] })).toThrow(/needs "end" or "duration"/);
    const fleet = smallFleet();
    expect(() =>
      resolveScenario(parseScenario({ faults: [{ kind: 'bad_deploy', start: '0s', duration: '1m', target: { instance: 'nope' } }] }), fleet, 0)
    ).toThrow(/target instance "nope" is not in fleet small/);
    expect(() =>
      resolveScenario(parseScenario({ faults: [{ kind: 'xid_error', start: '0s', duration: '1m', target: { hostname: 'gpu-node-l4-1', gpu: 9 } }] }), fleet, 0)
    ).toThrow(/not a GPU index/);
    expect(() => loadScenario('/nonexistent/s.yaml')).toThrow(/cannot read/);
  });

  it('resolves a GPU target to the instance using it', () => {
    const fleet = defaultFleet();
    const [f] = resolveScenario(
      parseScenario({ faults: [{ kind: 'xid_error', start: '0s', duration: '10m', target: { hostname: 'gpu-node-h100-2', gpu: 5 } }] }),
      fleet,
      0
    );
    expect(f.instances.map((i) => fleet.instances[i].name)).toEqual(['sglang-qwen-32b-0']);
    expect(f.params.errCode).toBe(79);
  });
});
