// One serving instance (replica) and the machine under it: its traffic, latency and scheduler, then
// the GPUs and host it runs on (serving series carry the node as `hostname`, like DCGM's GPUs).
import { dashboard } from '../dashboard';
import type { Dashboard } from '../model';
import { stat, timeseries } from '../panels';
import { signal } from '../queries';
import { heatmapRow, latencyRow, phasesRow } from '../sections';
import { filtersFor, labelVariable, scopeVariables } from '../variables';
import { INSTANCE_UID, MODEL_UID } from './model-detail';

const filters = filtersFor(['model', 'instance', 'job', 'namespace']);
const byInstance = { groupBy: ['instance'], filters, legendFormat: '{{instance}}' };
const scope = { filters, by: 'instance' as const, key: 'instance' };
/** The instance's machine: `hostname` of its serving series, the label GPU and host signals share. */
const hostFilters = filtersFor(['hostname']);
const perGpu = { groupBy: ['hostname', 'gpu'], filters: hostFilters, legendFormat: '{{hostname}} GPU {{gpu}}' };
const perHost = { groupBy: ['hostname'], filters: hostFilters, legendFormat: '{{hostname}}' };

export function instanceDetail(): Dashboard {
  return dashboard({
    uid: INSTANCE_UID,
    title: 'LLM Ops / Instance',
    description:
      'One serving replica: its traffic, latency and scheduler, and the GPUs and host it runs on. Pick the host of the instance (the Host variable) to see its GPUs.',
    tags: ['serving', 'instance'],
    links: [
      { title: 'Model detail', uid: MODEL_UID, tooltip: 'All instances of the model' },
      { title: 'GPU fleet', uid: 'llmops-gpu-fleet', tooltip: 'Every GPU and host' },
      { title: 'Traces', uid: 'llmops-traces', tooltip: 'Slow and failed requests' },
    ],
    variables: [
      labelVariable('model', 'Model', 'request_rate'),
      labelVariable('instance', 'Instance', 'request_rate'),
      labelVariable('hostname', 'Host', 'request_rate'),
      ...scopeVariables('request_rate'),
    ],
    rows: [
      {
        title: 'At a glance',
        panels: [
          stat('Requests/s', [signal('request_rate', 'rate', { filters })]),
          stat('Error ratio', [signal('error_ratio', 'ratio', { filters })], { decimals: 2 }),
          stat('TTFT p95', [signal('ttft', 'p95', { filters })]),
          stat('E2E p95', [signal('e2e_latency', 'p95', { filters })]),
          stat('KV cache (max)', [signal('kv_cache_usage', 'max', { filters })], { min: 0, max: 1 }),
          stat('Degradation level', [signal('degradation_level', 'max', { filters })], {
            description: 'Worst level of the selected instances.',
          }),
        ],
      },
      latencyRow(scope),
      phasesRow(scope),
      {
        title: 'Scheduler',
        panels: [
          timeseries(
            'Running and waiting requests',
            [
              signal('requests_running', 'sum', { ...byInstance, legendFormat: '{{instance}} running' }),
              signal('requests_waiting', 'sum', { ...byInstance, legendFormat: '{{instance}} waiting' }),
            ],
            { w: 8 }
          ),
          timeseries('KV cache usage', [signal('kv_cache_usage', 'max', byInstance)], { min: 0, max: 1, w: 8 }),
          timeseries('Preemptions/s', [signal('preemption_rate', 'rate', byInstance)], { w: 8 }),
        ],
      },
      heatmapRow(scope),
      {
        title: 'GPUs and host',
        panels: [
          timeseries('GPU utilisation', [signal('gpu_utilization', 'avg', perGpu)], { min: 0, max: 1, w: 8 }),
          timeseries('HBM used', [signal('gpu_memory_used_ratio', 'max', perGpu)], { min: 0, max: 1, w: 8 }),
          timeseries('GPU temperature', [signal('gpu_temperature', 'max', perGpu)], { w: 8 }),
          timeseries('Host CPU utilisation', [signal('host_cpu_utilization', 'avg', perHost)], {
            min: 0,
            max: 1,
            w: 8,
          }),
          timeseries('Host memory used', [signal('host_memory_used_ratio', 'max', perHost)], { min: 0, max: 1, w: 8 }),
          timeseries('Host disk used', [signal('host_disk_used_ratio', 'max', perHost)], { min: 0, max: 1, w: 8 }),
        ],
      },
    ],
  });
}
