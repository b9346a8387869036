// GPU fleet health from DCGM exporter, per host and GPU, with the serving workload next to it, plus
// the hosts' CPU, memory, disk and network. GPU signals normalize Hostname/hostname, pod labels etc.
import { dashboard } from '../dashboard';
import type { Dashboard, Query } from '../model';
import { labelTableTransformations, overrideByName, stat, table, timeseries } from '../panels';
import { promql, signal } from '../queries';
import { filtersFor, labelVariable, scopeVariables } from '../variables';
import { modelLink } from './llm-serving-overview';
import { INSTANCE_UID } from './model-detail';

const filters = filtersFor(['hostname', 'gpu', 'job', 'namespace']);
const perGpu = { groupBy: ['hostname', 'gpu'], filters, legendFormat: '{{hostname}} GPU {{gpu}}' };
const hostFilters = filtersFor(['hostname']);
const perHost = { groupBy: ['hostname'], filters: hostFilters, legendFormat: '{{hostname}}' };
/** Columns of the GPU ↔ serving table: the GPU and the pod/model DCGM attributes it to. */
const GPU_SERVING_LABELS = ['hostname', 'gpu', 'gpu_model', 'namespace', 'pod', 'model'];

/**
 * DCGM series that have no signal of their own, as raw PromQL. Released dcgm-exporter labels the
 * host `Hostname`, HEAD renames it `hostname`: match either so both generations show up.
 */
function dcgm(metric: string, scale = ''): string {
  const sel = (hostLabel: string) => `${metric}{${hostLabel}=~"\${hostname:regex}", gpu=~"\${gpu:regex}"}`;
  return `max by (Hostname, hostname, gpu) (${sel('Hostname')} or ${sel('hostname')})${scale}`;
}

export function gpuFleet(): Dashboard {
  const gpuServingQueries: Query[] = [
    signal('gpu_utilization', 'avg', { groupBy: GPU_SERVING_LABELS, filters, instant: true, legendFormat: 'Utilisation' }),
  ];
  return dashboard({
    uid: 'llmops-gpu-fleet',
    title: 'LLM Ops / GPU fleet',
    description:
      'DCGM GPU health per host and GPU (utilisation, memory, thermals, power, XID, PCIe) joined to the serving workload, plus host resources.',
    tags: ['gpu'],
    links: [{ title: 'Instance detail', uid: INSTANCE_UID, tooltip: 'A serving replica and the host it runs on' }],
    variables: [
      labelVariable('hostname', 'Host', 'gpu_utilization'),
      labelVariable('gpu', 'GPU', 'gpu_utilization'),
      ...scopeVariables('gpu_utilization'),
    ],
    rows: [
      {
        title: 'Fleet at a glance',
        panels: [
          stat('GPUs', [signal('gpu_count', 'sum', { filters })], { graph: false }),
          stat('Average utilisation', [signal('gpu_utilization', 'avg', { filters })], {
            unit: 'percentunit',
            min: 0,
            max: 1,
          }),
          stat('Hottest GPU', [signal('gpu_temperature', 'max', { filters })]),
          stat('Power draw', [signal('gpu_power', 'sum', { filters })]),
          stat('HBM used (max)', [signal('gpu_memory_used_ratio', 'max', { filters })], { min: 0, max: 1 }),
          stat('XID errors', [signal('gpu_xid_errors', 'max', { filters })], {
            graph: false,
            description: 'Highest XID code reported by any GPU in the range (0 = none).',
            reducer: 'max',
          }),
        ],
      },
      {
        title: 'Utilisation',
        panels: [
          timeseries('GPU utilisation', [signal('gpu_utilization', 'avg', perGpu)], {
            unit: 'percentunit',
            min: 0,
            max: 1,
          }),
          timeseries(
            'Graphics engine active',
            [promql(dcgm('DCGM_FI_PROF_GR_ENGINE_ACTIVE'), '{{Hostname}}{{hostname}} GPU {{gpu}}')],
            {
              unit: 'percentunit',
              min: 0,
              max: 1,
              description:
                'Share of time any kernel ran (DCGM_FI_PROF_GR_ENGINE_ACTIVE): the busy signal used for idle-cost alerts.',
            }
          ),
          timeseries('Tensor core active', [signal('gpu_tensor_active', 'avg', perGpu)], {
            unit: 'percentunit',
            min: 0,
            max: 1,
          }),
          timeseries('DRAM (HBM bandwidth) active', [signal('gpu_dram_active', 'avg', perGpu)], {
            unit: 'percentunit',
            min: 0,
            max: 1,
            description:
              'Decode is memory-bandwidth bound: high DRAM activity with low tensor activity is normal for LLM decode.',
          }),
        ],
      },
      {
        title: 'Memory',
        panels: [
          timeseries('HBM used', [signal('gpu_memory_used_ratio', 'max', perGpu)], { min: 0, max: 1 }),
          timeseries(
            'HBM used and free',
            [
              signal('gpu_fb_used_bytes', 'max', { ...perGpu, legendFormat: '{{hostname}} GPU {{gpu}} used' }),
              promql(dcgm('DCGM_FI_DEV_FB_FREE', ' * 1048576'), '{{Hostname}}{{hostname}} GPU {{gpu}} free'),
            ],
            {
              unit: 'bytes',
              stack: false,
              description:
                'Framebuffer memory used (signal gpu_fb_used_bytes) and free (DCGM_FI_DEV_FB_FREE, MiB × 1048576) per GPU.',
            }
          ),
        ],
      },
      {
        title: 'Thermals, power and clocks',
        panels: [
          timeseries('Temperature', [signal('gpu_temperature', 'max', perGpu)]),
          timeseries('Power', [signal('gpu_power', 'avg', perGpu)]),
          timeseries('Energy use', [signal('gpu_energy_rate', 'rate', perHost)], {
            unit: 'watt',
            description: 'Rate of DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION per host (joules per second = watts).',
          }),
          timeseries(
            'Clocks',
            [
              signal('gpu_sm_clock', 'avg', { ...perGpu, legendFormat: '{{hostname}} GPU {{gpu}} SM' }),
              promql(dcgm('DCGM_FI_DEV_MEM_CLOCK', ' * 1000000'), '{{Hostname}}{{hostname}} GPU {{gpu}} memory'),
            ],
            {
              unit: 'hertz',
              description:
                'SM clock (signal gpu_sm_clock) and memory clock (DCGM_FI_DEV_MEM_CLOCK): a falling SM clock under load means power or thermal throttling.',
            }
          ),
        ],
      },
      {
        title: 'Errors',
        panels: [
          timeseries('XID errors', [signal('gpu_xid_errors', 'max', perGpu)], { bars: true }),
          timeseries('PCIe replays/s', [signal('gpu_pcie_replay_rate', 'rate', perGpu)], {
            unit: 'short',
            description: 'PCIe link retries; a steady rate points at a bad riser, slot or cable.',
          }),
        ],
      },
      {
        title: 'GPUs and the workloads on them',
        panels: [
          table(
            'GPU ↔ serving',
            gpuServingQueries,
            {
              description:
                'Each GPU with the pod/model DCGM attributes it to (when dcgm-exporter runs in Kubernetes mode). Click a model to open its dashboard.',
              unit: 'percentunit',
              // One row per GPU (labelsToFields alone left one frame per GPU: a table showing the first).
              transformations: labelTableTransformations(gpuServingQueries, GPU_SERVING_LABELS),
              overrides: [
                overrideByName('model', { links: [modelLink()] }),
                // The GPU index is a label, not a percentage.
                overrideByName('gpu', { unit: 'none' }),
              ],
            }
          ),
        ],
      },
      {
        title: 'Hosts',
        collapsed: true,
        panels: [
          timeseries('CPU utilisation', [signal('host_cpu_utilization', 'avg', perHost)], {
            unit: 'percentunit',
            min: 0,
            max: 1,
            w: 8,
          }),
          timeseries('Memory used', [signal('host_memory_used_ratio', 'max', perHost)], { min: 0, max: 1, w: 8 }),
          timeseries('Disk used', [signal('host_disk_used_ratio', 'max', perHost)], { min: 0, max: 1, w: 8 }),
          timeseries(
            'Network',
            [
              signal('host_network_receive_rate', 'sum', { ...perHost, legendFormat: '{{hostname}} receive' }),
              signal('host_network_transmit_rate', 'sum', { ...perHost, legendFormat: '{{hostname}} transmit' }),
            ],
            { w: 24 }
          ),
        ],
      },
    ],
  });
}
