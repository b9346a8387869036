import { describe, expect, it } from 'vitest';
import { buildSignal, type Availability } from './build';
import { SIGNAL_BY_ID } from './catalog';
import { FAMILIES, type FamilyId } from './families';

function avail(metrics: string[], labels: Partial<Record<FamilyId, string[]>> = {}): Availability {
  const names = new Set(metrics);
  const families = new Set(FAMILIES.filter((f) => metrics.some((m) => f.marker.test(m))).map((f) => f.id));
  return { families, hasMetric: (m) => names.has(m), familyLabels: (id) => (labels[id] ? new Set(labels[id]) : undefined) };
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
    expect(disk.expr).toContain('node_filesystem_avail_bytes{fstype!~"tmpfs|ramfs|devtmpfs|overlay|squashfs|nsfs|autofs|fuse\\\\..*"}');
    const rx = buildSignal({
      def: SIGNAL_BY_ID.get('host_network_receive_rate')!,
      filters: { hostname: 'gpu-node-1' },
      rateWindow: '2m',
      available: a,
    });
    expect(rx.expr).toBe('sum (rate(node_network_receive_bytes_total{node="gpu-node-1",device!~"lo|veth.*|docker.*|br-.*|cali.*|flannel.*|cni.*|virbr.*|tunl.*|vxlan.*"}[2m]))');
  });

  it('are absent (not wrong) without node_exporter', () => {
    const b = buildSignal({ def: SIGNAL_BY_ID.get('host_memory_used_ratio')!, rateWindow: '1m', available: avail(['DCGM_FI_DEV_GPU_UTIL']) });
    expect(b.expr).toBeUndefined();
  });
});
