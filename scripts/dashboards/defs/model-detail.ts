// One model (or a few): the drill-down from the serving overview. Fleet tiles for the model, latency
// quantiles and heatmaps, where request time goes, request sizes and finish reasons, engine steps, and
// its instances, each linking to the instance dashboard.
import { dashboard } from '../dashboard';
import type { Dashboard, Query } from '../model';
import { labelTableTransformations, overrideByName, stat, table, timeseries } from '../panels';
import { signal } from '../queries';
import { engineRow, heatmapRow, latencyRow, phasesRow, requestsRow } from '../sections';
import { signalThreshold } from '../signal-thresholds';
import { filtersFor, labelVariable, scopeVariables } from '../variables';

export const MODEL_UID = 'llmops-model';
export const INSTANCE_UID = 'llmops-instance';

const filters = filtersFor(['model', 'engine', 'job', 'namespace']);
const byInstance = { groupBy: ['instance'], filters };
const byInstanceAndHost = { groupBy: ['instance', 'hostname'], filters };
const scope = { filters, by: 'instance' as const, key: 'model' };

/** Opens an instance's dashboard (its GPUs through the host), keeping time range and data source. */
export const instanceLink = {
  title: 'Open instance ${__value.text}',
  // The host (the serving series' `node`) narrows the instance dashboard's GPU and host panels.
  url: `/d/${INSTANCE_UID}?\${__url_time_range}&var-instance=\${__value.raw}&var-hostname=\${__data.fields.hostname}&\${model:queryparam}&\${datasource:queryparam}`,
};

export function modelDetail(): Dashboard {
  // One column each in the 'Instances' table, headed by its legendFormat.
  const instanceQueries: Query[] = [
    signal('request_rate', 'rate', { ...byInstanceAndHost, instant: true, legendFormat: 'Req/s' }),
    signal('ttft', 'p95', { ...byInstanceAndHost, instant: true, legendFormat: 'TTFT p95' }),
    signal('e2e_latency', 'p95', { ...byInstanceAndHost, instant: true, legendFormat: 'E2E p95' }),
    signal('kv_cache_usage', 'max', { ...byInstanceAndHost, instant: true, legendFormat: 'KV cache max' }),
  ];
  return dashboard({
    uid: MODEL_UID,
    title: 'LLM Ops / Model',
    description:
      'One model across its instances: latency quantiles and heatmaps, queue/prefill/decode split, request sizes, finish reasons, engine steps, and per-instance rate and latency.',
    tags: ['serving', 'model'],
    links: [
      { title: 'Serving overview', uid: 'llmops-serving-overview', tooltip: 'All models' },
      { title: 'Instance detail', uid: INSTANCE_UID, tooltip: 'One replica and its GPUs' },
    ],
    variables: [
      labelVariable('model', 'Model', 'request_rate'),
      labelVariable('engine', 'Engine', 'request_rate'),
      ...scopeVariables('request_rate'),
    ],
    rows: [
      {
        title: 'At a glance',
        panels: [
          stat('Requests/s', [signal('request_rate', 'rate', { filters })]),
          stat('Error ratio', [signal('error_ratio', 'ratio', { filters })], { decimals: 2 }),
          stat('TTFT p95', [signal('ttft', 'p95', { filters })]),
          stat('TPOT p95', [signal('tpot', 'p95', { filters })]),
          stat('E2E p95', [signal('e2e_latency', 'p95', { filters })]),
          stat('Degradation level', [signal('degradation_level', 'max', { filters })], {
            description: 'Worst level of the selected models.',
          }),
        ],
      },
      latencyRow(scope),
      heatmapRow(scope, false),
      phasesRow(scope),
      {
        title: 'Instances',
        panels: [
          timeseries('Requests/s by instance', [
            signal('request_rate', 'rate', { ...byInstance, legendFormat: '{{instance}}' }),
          ]),
          timeseries('TTFT p95 by instance', [signal('ttft', 'p95', { ...byInstance, legendFormat: '{{instance}}' })]),
          timeseries('E2E p95 by instance', [
            signal('e2e_latency', 'p95', { ...byInstance, legendFormat: '{{instance}}' }),
          ]),
          timeseries(
            'KV cache usage by instance',
            [signal('kv_cache_usage', 'max', { ...byInstance, legendFormat: '{{instance}}' })],
            {
              min: 0,
              max: 1,
            }
          ),
          table(
            'Instances',
            instanceQueries,
            {
              description:
                'One row per instance at the end of the range. Click an instance to open its dashboard (with its GPUs).',
              transformations: labelTableTransformations(instanceQueries, ['instance', 'hostname', 'engine']),
              overrides: [
                overrideByName('instance', { links: [instanceLink] }),
                overrideByName('Req/s', { unit: 'reqps' }),
                overrideByName('TTFT p95', { unit: 's' }),
                overrideByName('E2E p95', { unit: 's' }),
                overrideByName('KV cache max', {
                  unit: 'percentunit',
                  'custom.cellOptions': { type: 'color-text' },
                  // Coloured by the thresholds, not by the column's palette colour.
                  color: { mode: 'thresholds' },
                  thresholds: signalThreshold('kv_cache_usage')!.steps,
                }),
              ],
            }
          ),
        ],
      },
      requestsRow(scope, false),
      engineRow(scope, false),
    ],
  });
}
