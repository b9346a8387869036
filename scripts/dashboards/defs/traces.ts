// Jaeger traces through our datasource: recent, slow and failed requests of a service, and the
// operations that take longest. Rows link to the trace view (the `trace` query).
import { dashboard } from '../dashboard';
import type { Dashboard } from '../model';
import { table, timeseries } from '../panels';
import { signal, traces } from '../queries';
import { customVariable, filtersFor, labelVariable, serviceVariable } from '../variables';

const filters = filtersFor(['model']);

export function tracesDashboard(): Dashboard {
  return dashboard({
    uid: 'llmops-traces',
    title: 'LLM Ops / Traces',
    description: 'Jaeger search for LLM requests: recent, slow and failed traces and the slowest operations.',
    tags: ['traces'],
    variables: [
      serviceVariable(),
      customVariable('min_duration', 'Slower than', ['100ms', '250ms', '500ms', '1s', '2s', '5s', '10s', '30s'], '1s'),
      labelVariable('model', 'Model', 'request_rate'),
    ],
    rows: [
      {
        title: 'Latency context',
        panels: [
          timeseries(
            'End-to-end latency p99 by model',
            [signal('e2e_latency', 'p99', { groupBy: ['model'], filters, legendFormat: '{{model}}' })],
            {
              unit: 's',
              w: 24,
              h: 6,
              description: 'Pick a spike, then look at the slow traces below for the same window.',
            }
          ),
        ],
      },
      {
        title: 'Traces',
        panels: [
          table(
            'Slow traces (≥ ${min_duration})',
            [traces({ service: '${service}', minDuration: '${min_duration}', limit: 50 })],
            {
              w: 12,
              h: 10,
              description: 'Traces of ${service} slower than ${min_duration}, slowest first.',
              transformations: [{ id: 'sortBy', options: { sort: [{ field: 'Duration', desc: true }] } }],
            }
          ),
          table('Failed traces', [traces({ service: '${service}', tags: { error: 'true' }, limit: 50 })], {
            w: 12,
            h: 10,
            description: 'Traces with a span tagged error=true.',
          }),
          table('Recent traces', [traces({ service: '${service}', limit: 100 })], {
            w: 24,
            h: 10,
            description: 'The last 100 traces of ${service} in the range, from Jaeger.',
          }),
        ],
      },
      {
        title: 'Slowest operations',
        panels: [
          table('Slowest operations', [traces({ service: '${service}', limit: 500 })], {
            description: 'Root operations of the last 500 traces, grouped: count, mean and max duration.',
            transformations: [
              {
                id: 'groupBy',
                options: {
                  fields: {
                    'Root operation': { aggregations: [], operation: 'groupby' },
                    Duration: { aggregations: ['count', 'mean', 'max'], operation: 'aggregate' },
                  },
                },
              },
              { id: 'sortBy', options: { sort: [{ field: 'Duration (max)', desc: true }] } },
            ],
          }),
        ],
      },
    ],
  });
}
