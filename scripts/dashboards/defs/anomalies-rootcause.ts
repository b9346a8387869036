// Anomaly bands on the signals that move first in LLM incidents, the current anomaly scores, the
// degradation level, and the root-cause panel that ranks likely causes of a TTFT regression.
import { dashboard } from '../dashboard';
import type { Dashboard, SignalQuery } from '../model';
import { overrideByName, pluginPanel, stat, table, timeseries } from '../panels';
import { anomaly, rootcause, signal } from '../queries';
import { ANOMALY_STEPS } from '../signal-thresholds';
import { ANOMALY_SCORE } from '../thresholds';
import { filtersFor, labelVariable, scopeVariables } from '../variables';

const filters = filtersFor(['model', 'instance', 'job', 'namespace']);
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
    variables: [
      labelVariable('model', 'Model', 'request_rate'),
      labelVariable('instance', 'Instance', 'request_rate'),
      ...scopeVariables('request_rate'),
    ],
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
            description: 'Worst level of the selected models.',
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
              // Under the degradation level, beside the root cause (flowed onto a line of its own, it left
              // three quarters of the dashboard's width empty).
              below: true,
              description: `Current anomaly score per series (0–1); alerts fire above ${ANOMALY_SCORE.alert}.`,
              colors: ANOMALY_STEPS,
              // One row per series named by its legend ("TTFT p95 <model>"): labelsToFields dropped that name,
              // which left rows of three signals that could not be told apart.
              transformations: [
                { id: 'reduce', options: { reducers: ['lastNotNull'], mode: 'seriesToRows', includeTimeField: false } },
                { id: 'organize', options: { renameByName: { Field: 'Series', 'Last *': 'Score' } } },
                { id: 'sortBy', options: { sort: [{ field: 'Score', desc: true }] } },
              ],
              overrides: [overrideByName('Score', { 'custom.cellOptions': { type: 'color-text' } })],
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
            min: 0,
            max: 4,
            w: 24,
          }),
        ],
      },
    ],
  });
}
