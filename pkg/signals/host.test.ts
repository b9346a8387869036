import { describe, expect, it } from 'vitest';
import { buildSignal, type Availability } from './build';
import { SIGNAL_BY_ID } from './catalog';
import { FAMILIES, type FamilyId } from './families';

function avail(metrics: string[], labels: Partial<Record<FamilyId, string[]>> = {}): Availability {
  const names = new Set(metrics);
  const families = new Set(FAMILIES.filter((f) => metrics.some((m) => f.marker.test(m))).map((f) => f.id));
  return {
    families,
    hasMetric: (m) => names.has(m),
    familyLabels: (id) => (labels[id] ? new Set(labels[id]) : undefined),
  };
}

const NODE = [
  'node_cpu_seconds_total',
  'node_memory_MemAvailable_bytes',
  'node_memory_MemTotal_bytes',
  'node_filesystem_avail_bytes',
  'node_filesystem_size_bytes',
  'node_network_receive_bytes_total',
  'node_network_transmit_bytes_total',
];

describe('host signals (node_exporter)', () => {
  it('aggregate per host under the node label and name it hostname, like the GPUs', () => {
    const b = buildSignal({
      def: SIGNAL_BY_ID.get('host_cpu_utilization')!,
      groupBy: ['hostname'],
      rateWindow: '1m',
      available: avail(NODE, { node: ['__name__', 'instance', 'job', 'node', 'cpu', 'mode'] }),
    });
    expect(b.families).toEqual(['node']);
    expect(b.outputLabels).toEqual(['hostname']);
    expect(b.expr).toBe(
      'label_replace(label_replace(avg by (node) (1 - rate(node_cpu_seconds_total{mode="idle"}[1m])), "hostname", "$1", "node", "(.*)"), "node", "", "", "")'
    );
  });

  it('leave pseudo filesystems and virtual interfaces out, and filter by hostname on the source label', () => {
    const a = avail(NODE, { node: ['instance', 'node', 'device', 'fstype', 'mountpoint'] });
    const disk = buildSignal({ def: SIGNAL_BY_ID.get('host_disk_used_ratio')!, rateWindow: '1m', available: a });
    expect(disk.expr).toContain(
      'node_filesystem_avail_bytes{fstype!~"tmpfs|ramfs|devtmpfs|overlay|squashfs|nsfs|autofs|fuse\\\\..*"}'
    );
    const rx = buildSignal({
      def: SIGNAL_BY_ID.get('host_network_receive_rate')!,
      filters: { hostname: 'gpu-node-1' },
      rateWindow: '2m',
      available: a,
    });
    expect(rx.expr).toBe(
      'sum (rate(node_network_receive_bytes_total{node="gpu-node-1",device!~"lo|veth.*|docker.*|br-.*|cali.*|flannel.*|cni.*|virbr.*|tunl.*|vxlan.*"}[2m]))'
    );
  });

  it('are absent (not wrong) without node_exporter', () => {
    const b = buildSignal({
      def: SIGNAL_BY_ID.get('host_memory_used_ratio')!,
      rateWindow: '1m',
      available: avail(['DCGM_FI_DEV_GPU_UTIL']),
    });
    expect(b.expr).toBeUndefined();
  });
});

describe('host signals get a hostname when node_exporter series carry only instance', () => {
  const cpu = SIGNAL_BY_ID.get('host_cpu_utilization')!;
  const rx = SIGNAL_BY_ID.get('host_network_receive_rate')!;
  const UNAME = [...NODE, 'node_uname_info'];
  const ONLY_INSTANCE = { node: ['__name__', 'instance', 'job', 'cpu', 'mode', 'device'] };
  const NIC = 'device!~"lo|veth.*|docker.*|br-.*|cali.*|flannel.*|cni.*|virbr.*|tunl.*|vxlan.*"';

  it('keep a hostname label the series already have, even when node_uname_info exists', () => {
    const b = buildSignal({
      def: cpu,
      groupBy: ['hostname'],
      rateWindow: '1m',
      available: avail(UNAME, { node: ['instance', 'job', 'hostname', 'cpu', 'mode'] }),
    });
    expect(b.expr).toBe('avg by (hostname) (1 - rate(node_cpu_seconds_total{mode="idle"}[1m]))');
  });

  it('join node_uname_info nodename per target when it exists', () => {
    const b = buildSignal({
      def: cpu,
      groupBy: ['hostname'],
      rateWindow: '1m',
      available: avail(UNAME, ONLY_INSTANCE),
    });
    expect(b.outputLabels).toEqual(['hostname']);
    expect(b.expr).toBe(
      'avg by (hostname) (label_replace(avg by (instance) (1 - rate(node_cpu_seconds_total{mode="idle"}[1m])) * on (instance) group_left (nodename) group by (instance, nodename) (node_uname_info), "hostname", "$1", "nodename", "(.*)"))'
    );
    // A ratio sums numerator and denominator per target, then per host (exact, not an average of ratios).
    const ratio = buildSignal({
      def: cpu,
      aggregation: 'ratio',
      groupBy: ['hostname', 'instance'],
      filters: { hostname: 'gpu-node-3' },
      rateWindow: '1m',
      available: avail(UNAME, ONLY_INSTANCE),
    });
    const perHost = (e: string) =>
      `sum by (hostname, instance) (label_replace(sum by (instance) (${e}) * on (instance) group_left (nodename) group by (instance, nodename) (node_uname_info{nodename="gpu-node-3"}), "hostname", "$1", "nodename", "(.*)"))`;
    expect(ratio.expr).toBe(
      `${perHost('rate(node_cpu_seconds_total{mode!="idle"}[1m])')} / (${perHost('rate(node_cpu_seconds_total[1m])')} > 0)`
    );
  });

  it('fall back to the host part of instance without node_uname_info', () => {
    const b = buildSignal({ def: cpu, groupBy: ['hostname'], rateWindow: '1m', available: avail(NODE, ONLY_INSTANCE) });
    expect(b.expr).toBe(
      'avg by (hostname) (label_replace(avg by (instance) (1 - rate(node_cpu_seconds_total{mode="idle"}[1m])), "hostname", "$1$2$3", "instance", "\\\\[(.+)\\\\](?::[0-9]+)?|([^:]+)(?::[0-9]+)?|(.+)"))'
    );
  });

  it('filter by hostname without grouping: a set operation on node_uname_info, or a matcher on instance', () => {
    const viaUname = buildSignal({
      def: rx,
      filters: { hostname: 'gpu-node-3' },
      rateWindow: '1m',
      available: avail(UNAME, ONLY_INSTANCE),
    });
    expect(viaUname.expr).toBe(
      `sum ((rate(node_network_receive_bytes_total{${NIC}}[1m])) and on (instance) node_uname_info{nodename="gpu-node-3"})`
    );
    const viaInstance = buildSignal({
      def: rx,
      filters: { hostname: 'gpu-node-3.lab' },
      rateWindow: '1m',
      available: avail(NODE, ONLY_INSTANCE),
    });
    expect(viaInstance.expr).toBe(
      `sum (rate(node_network_receive_bytes_total{instance=~"(?:\\\\[gpu-node-3\\\\.lab\\\\]|gpu-node-3\\\\.lab)(?::[0-9]+)?",${NIC}}[1m]))`
    );
  });

  it('cannot be broken out of by a hostname filter value', () => {
    const evil = 'x"} or vector(1) #\\';
    for (const metrics of [UNAME, NODE]) {
      for (const groupBy of [['hostname'], []]) {
        const b = buildSignal({
          def: rx,
          groupBy,
          filters: { hostname: evil },
          rateWindow: '1m',
          available: avail(metrics, ONLY_INSTANCE),
        });
        // With every string literal removed, the injected PromQL must be gone (it stayed inside one).
        const code = b.expr!.replace(/"(?:[^"\\]|\\.)*"/g, '""');
        expect(code).not.toContain('vector');
        expect(code.split('{').length).toBe(code.split('}').length);
      }
    }
  });
});
