// Fault scripting added for the incident suite: outages and restarts (series stop, `up` 0, counters
// restart), error bursts, fleet-wide targets, ramps, and backfills stored a whole number of weeks later.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeBackfill } from '../backfill';
import { smallFleet } from '../fleet/fleets';
import { buildRegistry } from '../metrics/build';
import { createContext, initialState, step } from '../model/step';
import { faultStrength } from './effects';
import { resolveScenario, type Scenario } from './scenario';

const fleet = smallFleet();
const ANCHOR = Date.parse('2026-11-25T14:00:00Z');
const K0 = ANCHOR / 15_000;

function ctxFor(faults: Scenario['faults'], scrapeHealth = false) {
  const ctx = createContext(fleet, resolveScenario({ name: 't', faults }, fleet, ANCHOR), 7);
  ctx.scrapeHealth = scrapeHealth;
  return ctx;
}

describe('instance_down and restart', () => {
  it('stops every series of the instance, sets up to 0, moves its traffic to the replica and restarts counters from 0', () => {
    const ctx = ctxFor([{ kind: 'instance_down', start: '5m', duration: '10m', target: { instance: 'vllm-llama-8b-2' } }], true);
    const healthy = ctxFor([], true);
    const reg = buildRegistry(ctx);
    const i = fleet.instances.findIndex((x) => x.name === 'vllm-llama-8b-2');
    const peer = fleet.instances.findIndex((x) => x.name === 'vllm-llama-8b-0');
    const own = reg.keys.flatMap((k, n) => (k.includes('pod="vllm-llama-8b-2"') && !k.startsWith('up{') && !k.startsWith('DCGM') ? [n] : []));
    const up = reg.keys.findIndex((k) => k.startsWith('up{') && k.includes('pod="vllm-llama-8b-2"'));
    const success = reg.keys.findIndex((k) => k.startsWith('vllm:request_success_total{') && k.includes('pod="vllm-llama-8b-2"') && k.includes('"stop"'));
    expect(own.length).toBeGreaterThan(50);
    let s = initialState(ctx, K0 - 40);
    let h = initialState(healthy, K0 - 40);
    let before = 0;
    for (let j = 0; j < 40 + 4 * 20; j++) {
      s = step(s, ctx);
      h = step(h, healthy);
      reg.fill(s);
      const minute = (j - 40) / 4;
      if (minute === 4) before = reg.values[success];
      if (minute >= 6 && minute < 14) {
        expect(own.every((n) => reg.active[n] === 0)).toBe(true);
        expect(reg.values[up]).toBe(0);
        expect(s.instances[peer].obs.arrivals).toBeGreaterThan(1.6 * h.instances[peer].obs.arrivals);
      }
      if (minute >= 16) {
        expect(own.every((n) => reg.active[n] === 1)).toBe(true);
        expect(reg.values[up]).toBe(1);
        expect(reg.values[success]).toBeLessThan(before);
      }
    }
  });

  it('a restart is an outage too, only shorter; it declares no signals', () => {
    const ctx = ctxFor([{ kind: 'restart', start: '1m', duration: '30s', target: { instance: 'sglang-qwen-7b-0' } }]);
    expect(ctx.plan.faults[0].signals).toEqual({});
  });
});

describe('error_burst', () => {
  it('fails the given share of requests and leaves latency alone', () => {
    const ctx = ctxFor([{ kind: 'error_burst', start: '0s', duration: '10m', target: { instance: 'tgi-mistral-7b-0' }, params: { errorRatio: 0.3 } }]);
    const healthy = ctxFor([]);
    const i = fleet.instances.findIndex((x) => x.name === 'tgi-mistral-7b-0');
    let a = initialState(ctx, K0 - 40);
    let b = initialState(healthy, K0 - 40);
    for (let j = 0; j < 60; j++) {
      a = step(a, ctx);
      b = step(b, healthy);
    }
    expect(a.instances[i].obs.errorRatio).toBeGreaterThan(0.29);
    expect(a.instances[i].obs.dists.e2e.mean).toBeCloseTo(b.instances[i].obs.dists.e2e.mean, 6);
  });
});

describe('targets and ramps', () => {
  it('fleet: true targets every instance', () => {
    const ctx = ctxFor([{ kind: 'traffic_surge', start: '0s', duration: '10m', target: { fleet: true } }]);
    expect(ctx.plan.faults[0].instances).toEqual(fleet.instances.map((_, i) => i));
  });

  it('a ramp grows linearly to full strength, and rejects ramps longer than the fault', () => {
    const [f] = resolveScenario({ name: 'r', faults: [{ kind: 'memory_pressure', start: '0s', duration: '70m', ramp: '60m', target: { instance: 'vllm-llama-8b-0' } }] }, fleet, ANCHOR);
    expect(f.rampMs).toBe(3_600_000);
    expect(faultStrength(f, ANCHOR + 15 * 60_000)).toBeCloseTo(0.25);
    expect(faultStrength(f, ANCHOR + 65 * 60_000)).toBe(1);
    expect(() => resolveScenario({ name: 'r', faults: [{ kind: 'memory_pressure', start: '0s', duration: '10m', ramp: '1h', target: { instance: 'vllm-llama-8b-0' } }] }, fleet, ANCHOR)).toThrow(/ramp/);
  });

  it('a ramped memory leak fills the GPU gradually', () => {
    const ctx = ctxFor([{ kind: 'memory_pressure', start: '0s', duration: '70m', ramp: '60m', target: { instance: 'vllm-llama-8b-0' } }]);
    const g = ctx.topo.instanceGpus[fleet.instances.findIndex((x) => x.name === 'vllm-llama-8b-0')][0];
    let s = initialState(ctx, K0 - 40);
    const used: number[] = [];
    for (let j = 0; j < 40 + 4 * 65; j++) {
      s = step(s, ctx);
      if ((j - 40) % 60 === 0 && j >= 40) used.push(s.gpus[g].fbUsedMiB);
    }
    for (let n = 1; n < used.length; n++) expect(used[n], `${used}`).toBeGreaterThan(used[n - 1]);
  });
});

describe('backfill stored later', () => {
  it('gives the same values at timestamps shifted by whole weeks, with the ground truth shifted too', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'llmops-shift-'));
    try {
      const base = { fleet: 'small', seed: 3, duration: '5m', end: '2026-11-25T14:00:00Z', sensitive: 0, scenario: { name: 's', faults: [{ kind: 'error_burst' as const, start: '-2m', duration: '1m', target: { instance: 'vllm-llama-8b-0' } }] } };
      const week = 7 * 86_400_000;
      const a = await writeBackfill({ ...base, out: path.join(dir, 'a.om') });
      const b = await writeBackfill({ ...base, out: path.join(dir, 'b.om'), shiftMs: week });
      const lines = (f: string) => readFileSync(f, 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
      const la = lines(a.file);
      const lb = lines(b.file);
      expect(lb).toHaveLength(la.length);
      const shifted = la.map((l) => l.replace(/ (\d+)$/, (_, t: string) => ` ${Number(t) + week / 1000}`));
      expect(lb).toEqual(shifted);
      expect(b.groundTruth.faults[0].startMs - a.groundTruth.faults[0].startMs).toBe(week);
      expect(b.groundTruth.endMs - a.groundTruth.endMs).toBe(week);
      await expect(writeBackfill({ ...base, out: path.join(dir, 'c.om'), shiftMs: 1000 })).rejects.toThrow(/whole number of steps/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
