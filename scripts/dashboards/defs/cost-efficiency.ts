// Self-hosted cost: GPU-hours × price per GPU model, energy, cost per 1M tokens, idle capacity and
// savings opportunities, from the `cost` query (prices come from the datasource settings).
import { dashboard } from '../dashboard';
import type { Dashboard } from '../model';
import { pluginPanel, reuse, stat, table, timeseries } from '../panels';
import { cost, signal } from '../queries';
import { filtersFor, labelVariable } from '../variables';

const modelFilters = filtersFor(['model']);

/**
 * Carbon per 1M tokens from a cost table's carbon_kg and tokens columns (Grafana computes it, so the
 * same number the cost query reports is only divided, never re-estimated). Grafana's calculateField
 * and the stat's field filter match fields by display name (the datasource's "Carbon (CO2e)"), not
 * by field name: with `carbon_kg` the column never appeared and the energy tiles showed "No data".
 */
const carbonPerMillionTokens = [
  {
    id: 'calculateField',
    options: {
      mode: 'binary',
      binary: { left: 'Carbon (CO2e)', operator: '/', right: 'Tokens' },
      alias: 'carbon_per_token',
      replaceFields: false,
    },
  },
  {
    id: 'calculateField',
    options: {
      mode: 'binary',
      binary: { left: 'carbon_per_token', operator: '*', right: '1000000' },
      alias: 'kg CO2e per 1M tokens',
      replaceFields: false,
    },
  },
];

function energyColumns(key: string): unknown[] {
  return [
    ...carbonPerMillionTokens,
    {
      id: 'filterFieldsByName',
      options: {
        include: { names: [key, 'tokens', 'energy_kwh', 'kwh_per_1m_tokens', 'carbon_kg', 'kg CO2e per 1M tokens'] },
      },
    },
  ];
}

export function costEfficiency(): Dashboard {
  return dashboard({
    uid: 'llmops-cost-efficiency',
    title: 'LLM Ops / Cost and efficiency',
    description:
      'GPU-hour and energy cost, cost per 1M tokens by model, idle GPU cost and savings opportunities. Prices are set in the datasource settings.',
    tags: ['cost'],
    time: { from: 'now-24h', to: 'now' },
    refresh: '5m',
    variables: [labelVariable('model', 'Model', 'output_tokens_rate')],
    rows: [
      {
        title: 'Cost',
        panels: [
          pluginPanel(
            'llmops-cost-panel',
            'Cost overview',
            [cost('summary', false, modelFilters), cost('by_model', false, modelFilters), cost('by_gpu_model', false, modelFilters), cost('opportunities', false, modelFilters), cost('over_time', false, modelFilters)],
            {},
            {
              description: 'Total and projected cost, cost per 1M tokens, idle share and what to change to save.',
              h: 14,
            }
          ),
          {
            ...stat('Cost summary', [cost('summary', false, modelFilters)], {
              description: 'Numbers from the cost summary over the selected range, in the configured currency.',
              graph: false,
              // A dozen numbers side by side: at 4 columns wide their names and values overlapped.
              w: 24,
              h: 4,
            }),
            key: 'cost-summary',
          },
        ],
      },
      {
        title: 'Breakdown',
        panels: [
          {
            ...table('Cost per 1M tokens by model', [cost('by_model', false, modelFilters)], {
              w: 12,
              description:
                'GPU-hours attributed to each model × price, divided by its tokens; compared with the API price when one is configured.',
            }),
            key: 'cost-by-model',
          },
          {
            ...table('Cost by GPU model', [cost('by_gpu_model', false, modelFilters)], {
              w: 12,
              description: 'GPU count, hours, utilisation, idle hours and cost per GPU model.',
            }),
            key: 'cost-by-gpu-model',
          },
          timeseries('Cost over time', [cost('over_time', false, modelFilters)], {
            description: 'Cost per interval (GPU, energy and idle share).',
            w: 24,
          }),
          table('Savings opportunities', [cost('opportunities', false, modelFilters)], {
            description:
              'Idle or under-used GPUs, over-provisioned replicas and models cheaper to serve elsewhere, with estimated savings.',
          }),
        ],
      },
      {
        title: 'Energy and carbon',
        panels: [
          reuse(
            stat('Energy per 1M tokens', [cost('summary', false, modelFilters)], {
              description: 'GPU energy (DCGM energy counter, or power × time) per million input + output tokens.',
              fields: '/^(kwh_per_1m_tokens|Energy per 1M tokens)$/',
              unit: 'kwatth',
              decimals: 3,
              graph: false,
              w: 6,
            }),
            'cost-summary'
          ),
          reuse(
            stat('GPU energy', [cost('summary', false, modelFilters)], {
              description: 'GPU energy over the selected range.',
              fields: '/^(energy_kwh|Energy)$/',
              unit: 'kwatth',
              graph: false,
              w: 6,
            }),
            'cost-summary'
          ),
          reuse(
            stat('Carbon', [cost('summary', false, modelFilters)], {
              description:
                'kg CO2e over the range at the grid carbon intensity set in the datasource (jsonData.gridCarbonIntensity, default 400 g/kWh).',
              fields: '/^(carbon_kg|Carbon \\(CO2e\\))$/',
              unit: 'masskg',
              graph: false,
              w: 6,
            }),
            'cost-summary'
          ),
          reuse(
            stat('Carbon per 1M tokens', [cost('summary', false, modelFilters)], {
              description: 'kg CO2e per million tokens (carbon over the range ÷ tokens).',
              fields: '/^kg CO2e per 1M tokens$/',
              unit: 'masskg',
              decimals: 4,
              graph: false,
              w: 6,
              transformations: carbonPerMillionTokens,
            }),
            'cost-summary'
          ),
          reuse(
            table('Energy and carbon by model', [cost('by_model', false, modelFilters)], {
              w: 12,
              description:
                'Energy attributed to each model (by its share of GPU time), per 1M tokens, and the carbon it means.',
              transformations: energyColumns('model'),
            }),
            'cost-by-model'
          ),
          reuse(
            table('Energy and carbon by GPU model', [cost('by_gpu_model', false, modelFilters)], {
              w: 12,
              description: 'Energy, energy per 1M tokens and carbon per GPU model.',
              transformations: energyColumns('gpu_model'),
            }),
            'cost-by-gpu-model'
          ),
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
            { w: 8 }
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
