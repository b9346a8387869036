// Anomaly bands on the signals that move first in LLM incidents, the current anomaly scores, the
// degradation level, and the root-cause panel that ranks likely causes of a TTFT regression.
import { dashboard } from '../dashboard';
import type { Dashboard, SignalQuery } from '../model';
import { pluginPanel, stat, steps, table, timeseries } from '../panels';
import { anomaly, rootcause, signal } from '../queries';
import { ANOMALY_SCORE, DEGRADATION } from '../thresholds';
import { filtersFor, labelVariable } from '../variables';

const filters = filtersFor(['model', 'instance']);
const byModel = { groupBy: ['model'], filters, legendFormat: '{{model}}' };

const watched: Array<{ title: string; source: SignalQuery; unit: string }> = [
  { title: 'TTFT p95', source: signal('ttft', 'p95', byModel), unit: 's' },
  { title: 'Error ratio', source: signal('error_ratio', 'ratio', byModel), unit: 'percentunit' },
  { title: 'Request rate', source: signal('request_rate', 'rate', byModel), unit: 'reqps' },
  { title: 'Waiting requests', source: signal('requests_waiting', 'sum', byModel), unit: 'short' },
  {
    title: 'KV cache usage',
    source: signal('kv_cache_usage', 'max', {
      groupBy: ['model', 'instance'],
      filters,
      legendFormat: '{{model}} {{instance}}',
    }),
    unit: 'percentunit',
  },
  {
    title: 'GPU utilisation',
    source: signal('gpu_utilization', 'avg', { groupBy: ['hostname'], legendFormat: '{{hostname}}' }),
    unit: 'percentunit',
  },
];

export function anomaliesRootcause(): Dashboard {
  return dashboard({
    uid: 'llmops-anomalies-rootcause',
    title: 'LLM Ops / Anomalies and root cause',
    description:
      'Expected bands and anomaly scores on key serving and GPU signals, the degradation level, and ranked root-cause hypotheses.',
    tags: ['anomaly', 'rootcause'],
    time: { from: 'now-6h', to: 'now' },
    variables: [labelVariable('model', 'Model', 'request_rate'), labelVariable('instance', 'Instance', 'request_rate')],
    rows: [
      {
        title: 'Root cause',
        panels: [
          pluginPanel(
            'llmops-rootcause-panel',
            'Why is TTFT up?',
            [rootcause(signal('ttft', 'p95', { groupBy: ['model'], filters }))],
            {},
            {
              description:
                'Ranked hypotheses for the latest TTFT anomaly in the range: cause, confidence, evidence and the recommended action.',
              w: 18,
            }
          ),
          stat('Degradation level', [signal('degradation_level', 'max', { filters })], {
            thresholds: steps(['green', null], ['yellow', 1], ['orange', 2], ['red', DEGRADATION.alert]),
            description: '0 healthy, 1 minor, 2 degraded, 3 users affected, 4 outage.',
            w: 6,
            h: 6,
          }),
          table(
            'Anomaly score now',
            watched
              .slice(0, 3)
              .map((s) => anomaly({ ...s.source, legendFormat: `${s.title} {{model}}` }, undefined, true)),
            {
              w: 6,
              h: 6,
              description: `Current anomaly score per series (0–1); alerts fire above ${ANOMALY_SCORE.alert}.`,
              thresholds: steps(['green', null], ['orange', 0.7], ['red', ANOMALY_SCORE.alert]),
              transformations: [
                { id: 'labelsToFields', options: { mode: 'columns' } },
                { id: 'merge', options: {} },
              ],
            }
          ),
        ],
      },
      {
        title: 'Expected bands',
        panels: [
          ...watched.map((s) =>
            timeseries(`${s.title}: actual vs expected`, [anomaly(s.source)], {
              unit: s.unit,
              description:
                'Value, expected value and band from the anomaly detector (sensitivity 0.8); points outside the band are anomalies.',
            })
          ),
          timeseries('Degradation level by model', [signal('degradation_level', 'max', byModel)], {
            unit: 'short',
            min: 0,
            max: 4,
            thresholds: steps(['green', null], ['red', DEGRADATION.alert]),
            showThresholds: true,
            w: 24,
          }),
        ],
      },
    ],
  });
}
