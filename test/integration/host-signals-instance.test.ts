// Host signals when node_exporter series carry only `instance` (a plain scrape, no relabeling), through
// the built executable against a real Prometheus: with node_uname_info the hosts are named by its
// `nodename`, without it by the host part of `instance`. Either way each host's series carry the
// hostname its GPUs have, the values are those of the raw per-target series, the hostname filter
// keeps one host, and a memory-pressure fault shows on the right host (so names are not mixed up).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallFleet, type BackfillResult } from '../../simulator/src';
import type { HostSpec } from '../../simulator/src/fleet/types';
import { buildSignal } from '../../pkg/signals/build';
import { SIGNALS } from '../../pkg/signals/catalog';
import { hostFromInstance, INSTANCE_HOST_REGEX } from '../../pkg/signals/hostname';
import { quoteLabelValue } from '../../pkg/signals/escape';
import { promDuration, rateWindow } from '../../pkg/queries/promql/range';
import type { QueryJsonFrame } from '../host';
import { startSimulatedBackend, type SimulatedBackend } from '../support/simulated-backend';

const FAULT_HOST = 'gpu-node-l4-1';
const STYLES = ['uname', 'instance'] as const satisfies ReadonlyArray<HostSpec['nodeExporterLabels']>;

const envs = new Map<(typeof STYLES)[number], SimulatedBackend>();

beforeAll(async () => {
  for (const style of STYLES) {
    const fleet = smallFleet();
    fleet.hosts = fleet.hosts.map((h) => ({ ...h, nodeExporterLabels: style }));
    envs.set(
      style,
      await startSimulatedBackend({
        fleet,
        scenario: {
          name: `hosts-${style}`,
          faults: [
            {
              id: 'mem',
              kind: 'memory_pressure',
              start: '-70m',
              duration: '30m',
              target: { instance: 'otel-gemma-9b-0' },
            },
          ],
        },
        duration: '2h',
        seed: 5,
      })
    );
  }
}, 300_000);

afterAll(async () => {
  for (const env of envs.values()) await env.stop();
});

interface HostSeries {
  hostname: string;
  times: number[];
  raw: Array<number | null>;
}

async function signal(
  env: SimulatedBackend,
  model: Record<string, unknown>,
  bf: BackfillResult = env.backfill
): Promise<HostSeries[]> {
  const json = await env.plugin.queryJson(
    [
      {
        refId: 'A',
        queryType: 'signal',
        model,
        from: bf.groundTruth.startMs,
        to: bf.groundTruth.endMs,
        intervalMs: 60_000,
        maxDataPoints: 1000,
      },
    ],
    { settings: env.settings }
  );
  const r = json.results.A!;
  expect(r.error, `${JSON.stringify(model)}: ${r.error}`).toBeUndefined();
  return (r.frames ?? [])
    .filter((f: QueryJsonFrame) => f.schema.fields.length === 2)
    .map((f) => ({
      hostname: f.schema.fields[1]!.labels?.hostname ?? '',
      times: f.data.values[0] as number[],
      raw: f.data.values[1] as Array<number | null>,
    }));
}

/** Prometheus' own per-target values for the same expression, keyed by the host part of `instance`. */
async function perTarget(
  env: SimulatedBackend,
  expr: string,
  times: number[]
): Promise<Map<string, Map<number, number>>> {
  const res = await fetch(`${env.prom.url}/api/v1/query_range`, {
    method: 'POST',
    body: new URLSearchParams({
      query: expr,
      start: String(times[0]! / 1000),
      end: String(times.at(-1)! / 1000),
      step: '60',
    }),
  });
  const body = (await res.json()) as {
    data: { result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> };
  };
  return new Map(
    body.data.result.map((s) => [
      hostFromInstance(s.metric.instance!),
      new Map(s.values.map(([t, v]) => [Math.round(t * 1000), Number(v)])),
    ])
  );
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe.each(STYLES)('host signals from node_exporter with only instance (%s)', (style) => {
  it('are labelled with the hostname their GPUs carry, with the per-target values', async () => {
    const env = envs.get(style)!;
    const hosts = [...new Set(env.backfill.groundTruth.gpus.map((g) => g.hostname))].sort();
    expect(hosts).toHaveLength(3);
    const gpuHosts = (await signal(env, { signal: 'gpu_utilization', aggregation: 'avg', groupBy: ['hostname'] }))
      .map((s) => s.hostname)
      .sort();
    expect(gpuHosts).toEqual(hosts);

    const cpu = await signal(env, { signal: 'host_cpu_utilization', aggregation: 'avg', groupBy: ['hostname'] });
    expect(cpu.map((s) => s.hostname).sort()).toEqual(hosts);
    // The plugin's rate window for a 60 s step over 15 s scrapes (Grafana's $__rate_interval rule).
    const w = promDuration(rateWindow(60_000, 15_000));
    const raw = await perTarget(
      env,
      `avg by (instance) (1 - rate(node_cpu_seconds_total{mode="idle"}[${w}]))`,
      cpu[0]!.times
    );
    for (const s of cpu) {
      const want = raw.get(s.hostname)!;
      expect(want, s.hostname).toBeDefined();
      let compared = 0;
      s.times.forEach((t, i) => {
        const v = s.raw[i];
        if (v === null || v === undefined || !want.has(t)) return;
        expect(v, `${s.hostname} at ${t}`).toBeCloseTo(want.get(t)!, 9);
        compared++;
      });
      expect(compared, s.hostname).toBeGreaterThan(90);
    }
    for (const id of ['host_memory_used_ratio', 'host_disk_used_ratio', 'host_network_receive_rate']) {
      const series = await signal(env, { signal: id, groupBy: ['hostname'] });
      expect(series.map((s) => s.hostname).sort(), id).toEqual(hosts);
    }
  });

  it('filter by hostname, with and without grouping by it', async () => {
    const env = envs.get(style)!;
    const grouped = await signal(env, {
      signal: 'host_network_receive_rate',
      aggregation: 'sum',
      groupBy: ['hostname'],
      filters: { hostname: [FAULT_HOST, 'no-such-host'] },
    });
    expect(grouped.map((s) => s.hostname)).toEqual([FAULT_HOST]);
    const fleetLevel = await signal(env, {
      signal: 'host_network_receive_rate',
      aggregation: 'sum',
      filters: { hostname: FAULT_HOST },
    });
    expect(fleetLevel).toHaveLength(1);
    const a = grouped[0]!.raw.filter((v): v is number => v !== null);
    const b = fleetLevel[0]!.raw.filter((v): v is number => v !== null);
    expect(a.length).toBeGreaterThan(90);
    expect(b).toEqual(a);
    const none = await signal(env, {
      signal: 'host_network_receive_rate',
      filters: { hostname: 'x"} or vector(1) #' },
    });
    expect(none).toEqual([]);
  });

  it('show a memory-pressure fault on the host that has it', async () => {
    const env = envs.get(style)!;
    const f = env.backfill.groundTruth.faults.find((x) => x.id === 'mem')!;
    expect(f.target.hostnames).toEqual([FAULT_HOST]);
    const series = await signal(env, { signal: 'host_memory_used_ratio', aggregation: 'max', groupBy: ['hostname'] });
    expect(series).toHaveLength(3);
    for (const s of series) {
      const values = (a: number, b: number) =>
        s.times.flatMap((t, i) => (t >= a && t < b && s.raw[i] !== null ? [s.raw[i]!] : []));
      const during = mean(values(f.startMs + 5 * 60_000, f.endMs));
      const before = mean(values(env.backfill.groundTruth.startMs, f.startMs));
      if (s.hostname === FAULT_HOST) expect(during - before, s.hostname).toBeGreaterThan(0.2);
      else expect(Math.abs(during - before), s.hostname).toBeLessThan(0.05);
    }
  });
});

describe('the instance fallback regex in Prometheus (RE2)', () => {
  it('gives the same host part as the unit-tested one', async () => {
    const env = envs.get('instance')!;
    for (const instance of ['gpu-node-3:9100', 'gpu-node-3', '[fe80::1]:9100', '[::1]', 'fe80::1', '10.0.0.7:9100']) {
      const expr = `label_replace(label_replace(vector(1), "instance", ${quoteLabelValue(instance)}, "", ""), "hostname", "$1$2$3", "instance", ${quoteLabelValue(INSTANCE_HOST_REGEX)})`;
      const res = await fetch(`${env.prom.url}/api/v1/query`, {
        method: 'POST',
        body: new URLSearchParams({ query: expr }),
      });
      const body = (await res.json()) as {
        status: string;
        data: { result: Array<{ metric: Record<string, string> }> };
      };
      expect(body.status, instance).toBe('success');
      expect(body.data.result[0]!.metric.hostname, instance).toBe(hostFromInstance(instance));
    }
  });
});

describe('derived-hostname PromQL against the real parser', () => {
  it('every host signal × aggregation × grouping × filter is valid PromQL, in both naming modes', async () => {
    const env = envs.get('uname')!;
    // The node_exporter metrics the simulated hosts really export (node_uname_info is toggled below).
    const names = (await (await fetch(`${env.prom.url}/api/v1/label/__name__/values`)).json()) as { data: string[] };
    const nodeMetrics = new Set(names.data.filter((m) => m.startsWith('node_') && m !== 'node_uname_info'));
    expect([...nodeMetrics]).toContain('node_cpu_seconds_total');
    let checked = 0;
    for (const uname of [true, false]) {
      const available = {
        families: new Set(['node'] as const),
        hasMetric: (m: string) => nodeMetrics.has(m) || (uname && m === 'node_uname_info'),
        familyLabels: () => new Set(['instance', 'job', 'cpu', 'mode', 'device', 'fstype', 'mountpoint']),
      };
      for (const def of SIGNALS.filter((d) => d.domain === 'host')) {
        for (const aggregation of def.aggregations) {
          for (const groupBy of [['hostname'], ['hostname', 'instance'], []]) {
            for (const hostname of [undefined, 'gpu-node-l4-1', '/gpu-node-.*/', ['a', 'b'], 'x"} or vector(1) #\\']) {
              const b = buildSignal({
                def,
                aggregation,
                groupBy,
                filters: hostname === undefined ? {} : { hostname },
                rateWindow: '1m',
                available,
              });
              const res = await fetch(`${env.prom.url}/api/v1/query`, {
                method: 'POST',
                body: new URLSearchParams({ query: b.expr!, time: String(env.backfill.groundTruth.endMs / 1000) }),
              });
              const body = (await res.json()) as { status: string; error?: string };
              expect({ expr: b.expr, status: body.status, error: body.error }).toEqual({
                expr: b.expr,
                status: 'success',
                error: undefined,
              });
              checked++;
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
  });
});
