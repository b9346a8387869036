// Host signals (node_exporter) through the built executable against a real Prometheus holding the
// simulator's history: every simulated host has CPU, memory, disk and network series, their
// `hostname` is the one its GPUs carry (so the GPU fleet dashboard shows them side by side), values
// are in range, and host memory follows a scripted memory-pressure fault on that host.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackfillResult } from '../../simulator/src';
import type { PluginHandle, QueryJsonFrame } from '../host';
import { startSimulatedBackend, type SimulatedBackend } from '../support/simulated-backend';

const HOST_SIGNALS: Array<[string, string, number, number]> = [
  // signal, aggregation, lowest and highest plausible value
  ['host_cpu_utilization', 'avg', 0, 1],
  ['host_memory_used_ratio', 'max', 0, 1],
  ['host_disk_used_ratio', 'max', 0, 1],
  ['host_network_receive_rate', 'sum', 1, 1e11],
  ['host_network_transmit_rate', 'sum', 1, 1e11],
];

let env: SimulatedBackend;
let plugin: PluginHandle;
let bf: BackfillResult;
let settings: SimulatedBackend['settings'];

beforeAll(async () => {
  env = await startSimulatedBackend({
    scenario: {
      name: 'hosts',
      faults: [
        { id: 'mem', kind: 'memory_pressure', start: '-90m', duration: '30m', target: { instance: 'otel-gemma-9b-0' } },
      ],
    },
    duration: '3h',
    seed: 11,
  });
  ({ plugin, settings, backfill: bf } = env);
}, 300_000);

afterAll(() => env?.stop());

async function perHost(signal: string, aggregation: string, from: number, to: number) {
  const json = await plugin.queryJson(
    [
      {
        refId: 'A',
        queryType: 'signal',
        model: { signal, aggregation, groupBy: ['hostname'] },
        from,
        to,
        intervalMs: 60_000,
        maxDataPoints: 1000,
      },
    ],
    { settings }
  );
  const r = json.results.A!;
  expect(r.error, `${signal}: ${r.error}`).toBeUndefined();
  return (r.frames ?? [])
    .filter((f: QueryJsonFrame) => f.schema.fields.length === 2)
    .map((f) => ({
      hostname: f.schema.fields[1]!.labels?.hostname ?? '',
      unit: f.schema.fields[1]!.config?.unit,
      times: f.data.values[0] as number[],
      values: (f.data.values[1] as Array<number | null>).filter((v): v is number => v !== null),
      raw: f.data.values[1] as Array<number | null>,
    }));
}

describe('host signals (node_exporter, built executable, real Prometheus)', () => {
  it('return series for every simulated host, named like its GPUs, with values in range', async () => {
    const { startMs, endMs } = bf.groundTruth;
    const hosts = [...new Set(bf.groundTruth.gpus.map((g) => g.hostname))].sort();
    expect(hosts.length).toBe(3);
    const gpuHosts = (await perHost('gpu_utilization', 'avg', startMs, endMs)).map((s) => s.hostname).sort();
    expect(gpuHosts).toEqual(hosts);
    for (const [signal, aggregation, lo, hi] of HOST_SIGNALS) {
      const series = await perHost(signal, aggregation, startMs, endMs);
      expect(series.map((s) => s.hostname).sort(), signal).toEqual(hosts);
      for (const s of series) {
        expect(s.values.length, `${signal} ${s.hostname}`).toBeGreaterThan(150);
        expect(Math.min(...s.values), `${signal} ${s.hostname}`).toBeGreaterThanOrEqual(lo);
        expect(Math.max(...s.values), `${signal} ${s.hostname}`).toBeLessThanOrEqual(hi);
      }
      expect(series[0]!.unit).toBe(signal.includes('network') ? 'Bps' : 'percentunit');
    }
  });

  it('host memory follows a memory-pressure fault on that host only', async () => {
    const f = bf.groundTruth.faults.find((x) => x.id === 'mem')!;
    const host = f.target.hostnames[0]!;
    expect(host).toBe('gpu-node-l4-1');
    const series = await perHost('host_memory_used_ratio', 'max', bf.groundTruth.startMs, bf.groundTruth.endMs);
    const inside = (s: (typeof series)[number], a: number, b: number) =>
      s.times.flatMap((t, i) => (t >= a && t < b && s.raw[i] !== null ? [s.raw[i]!] : []));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    for (const s of series) {
      const during = mean(inside(s, f.startMs + 5 * 60_000, f.endMs));
      const before = mean(inside(s, bf.groundTruth.startMs, f.startMs));
      console.log(`${s.hostname}: memory used ${before.toFixed(3)} before, ${during.toFixed(3)} during the fault`);
      if (s.hostname === host) {
        expect(during).toBeGreaterThan(0.9);
        expect(during - before).toBeGreaterThan(0.2);
      } else {
        expect(Math.abs(during - before)).toBeLessThan(0.05);
      }
    }
  });
});
