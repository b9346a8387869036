// Self-hosted cost: GPU-hours × price per GPU model, energy, cost per 1M tokens, idle capacity and
// savings opportunities, from the `cost` query (prices come from the datasource settings).
import { dashboard } from '../dashboard';
import type { Dashboard } from '../model';
import { pluginPanel, stat, table, timeseries } from '../panels';
import { cost, signal } from '../queries';
import { datasourceVariable, filtersFor, labelVariable } from '../variables';

const modelFilters = filtersFor({ model: 'model' });

export function costEfficiency(): Dashboard {
  return dashboard({
    uid: 'llmops-cost-efficiency',
    title: 'LLM Ops / Cost and efficiency',
    description:
      'GPU-hour and energy cost, cost per 1M tokens by model, idle GPU cost and savings opportunities. Prices are set in the datasource settings.',
    tags: ['cost'],
    time: { from: 'now-24h', to: 'now' },
    refresh: '5m',
    variables: [
      datasourceVariable(),
      labelVariable('model', 'model', { label: 'Model', signal: 'output_tokens_rate' }),
    ],
    rows: [
      {
        title: 'Cost',
        panels: [
          pluginPanel(
            'llmops-cost-panel',
            'Cost overview',
            [cost('summary'), cost('by_model'), cost('by_gpu_model'), cost('opportunities'), cost('over_time')],
            {},
            {
              description: 'Total and projected cost, cost per 1M tokens, idle share and what to change to save.',
              h: 14,
            }
          ),
          stat('Cost summary', [cost('summary')], {
            description: 'Numbers from the cost summary over the selected range, in the configured currency.',
            graph: false,
            h: 5,
          }),
        ],
      },
      {
        title: 'Breakdown',
        panels: [
          table('Cost per 1M tokens by model', [cost('by_model')], {
            w: 12,
            description:
              'GPU-hours attributed to each model × price, divided by its tokens; compared with the API price when one is configured.',
          }),
          table('Cost by GPU model', [cost('by_gpu_model')], {
            w: 12,
            description: 'GPU count, hours, utilisation, idle hours and cost per GPU model.',
          }),
          timeseries('Cost over time', [cost('over_time')], {
            description: 'Cost per interval (GPU, energy and idle share).',
            w: 24,
          }),
          table('Savings opportunities', [cost('opportunities')], {
            description:
              'Idle or under-used GPUs, over-provisioned replicas and models cheaper to serve elsewhere, with estimated savings.',
          }),
        ],
      },
      {
        title: 'Efficiency',
        panels: [
          timeseries(
            'Tokens/s by model',
            [
              signal('output_tokens_rate', 'rate', {
                groupBy: ['model'],
                filters: modelFilters,
                legendFormat: '{{model}} output',
              }),
              signal('input_tokens_rate', 'rate', {
                groupBy: ['model'],
                filters: modelFilters,
                legendFormat: '{{model}} input',
              }),
            ],
            { unit: 'short', w: 8 }
          ),
          timeseries(
            'GPU utilisation by GPU model',
            [signal('gpu_utilization', 'avg', { groupBy: ['gpu_model'], legendFormat: '{{gpu_model}}' })],
            {
              unit: 'percentunit',
              min: 0,
              max: 1,
              w: 8,
              description: 'Low utilisation on allocated GPUs is paid-for idle capacity.',
            }
          ),
          timeseries(
            'Energy use by host',
            [signal('gpu_energy_rate', 'rate', { groupBy: ['hostname'], legendFormat: '{{hostname}}' })],
            {
              unit: 'watt',
              w: 8,
              description: 'GPU energy (DCGM total energy counter rate); × electricity price = energy cost.',
            }
          ),
        ],
      },
    ],
  });
}
