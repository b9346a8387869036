// Per-model serving health on any engine: traffic, latency quantiles, SLO attainment, scheduler
// and KV-cache pressure. Modelled on vLLM's generated overview, but engine-agnostic via signals.
import { dashboard } from '../dashboard';
import type { Dashboard, Query } from '../model';
import { labelTableTransformations, overrideByName, stat, table, timeseries } from '../panels';
import { promql, signal } from '../queries';
import { engineRow, heatmapRow, latencyRow, phasesRow, requestsRow } from '../sections';
import { signalThreshold, sloSteps } from '../signal-thresholds';
import { sloAttainmentExpr, type SloExprOptions, type SloFamily } from '../slo';
import { customVariable, filtersFor, labelVariable, scopeVariables } from '../variables';
import { MODEL_UID } from './model-detail';

const filters = filtersFor(['model', 'instance', 'engine', 'job', 'namespace']);
const byModel = { groupBy: ['model'], filters };
const byInstance = { groupBy: ['model', 'instance'], filters };
const promMatchers =
  'model_name=~"${model:regex}", instance=~"${instance:regex}", job=~"${job:regex}", namespace=~"${namespace:regex}"';
const scope = { filters, by: 'model' as const, key: 'overview' };
const colors = (id: string, aggregation?: string) => signalThreshold(id as never, aggregation)!;
/** Opens the model's own dashboard, keeping the time range and data source. */
export const modelLink = (value = '${__value.raw}') => ({
  title: 'Open model ${__value.text}',
  url: `/d/${MODEL_UID}?\${__url_time_range}&var-model=${value}&\${datasource:queryparam}`,
});

/**
 * Attainment for display: bucket and count rates are computed apart, so a window edge can put the
 * ratio a hair above 1; a share of requests never is.
 */
const attainment = (family: SloFamily, o: SloExprOptions) => `clamp_max(${sloAttainmentExpr(family, o)}, 1)`;

function sloTile(title: string, family: 'ttft' | 'tpot', variable: string) {
  return stat(
    title,
    [
      promql(
        attainment(family, { slo: `\${${variable}}`, window: '$__rate_interval', matchers: promMatchers }),
        '{{model_name}}'
      ),
    ],
    {
      unit: 'percentunit',
      decimals: 2,
      colors: sloSteps(family),
      reducer: 'mean',
      description: `Share of requests within the \${${variable}} s SLO over the range, per model (must be a histogram bucket boundary; from the ${family === 'ttft' ? 'TTFT' : 'inter-token latency'} histograms of vLLM, SGLang and trtllm-serve).`,
    }
  );
}

export function llmServingOverview(): Dashboard {
  // One column each in the 'Models' table, headed by its legendFormat.
  const modelQueries: Query[] = [
    signal('request_rate', 'rate', { ...byModel, instant: true, legendFormat: 'Req/s' }),
    signal('output_tokens_rate', 'rate', { ...byModel, instant: true, legendFormat: 'Output tok/s' }),
    signal('ttft', 'p95', { ...byModel, instant: true, legendFormat: 'TTFT p95' }),
    signal('tpot', 'p95', { ...byModel, instant: true, legendFormat: 'TPOT p95' }),
    signal('error_ratio', 'ratio', { ...byModel, instant: true, legendFormat: 'Error ratio' }),
    signal('kv_cache_usage', 'max', { ...byModel, instant: true, legendFormat: 'KV cache max' }),
    signal('preemption_rate', 'rate', { ...byModel, instant: true, legendFormat: 'Preemptions/s' }),
  ];
  return dashboard({
    uid: 'llmops-serving-overview',
    title: 'LLM Ops / Serving overview',
    description:
      'Fleet and per-model LLM serving health on any engine: traffic, latency, SLO attainment, scheduler and KV cache; open a model for its own dashboard.',
    tags: ['serving'],
    links: [{ title: 'Model detail', uid: MODEL_UID, tooltip: 'One model: latency split, sizes, instances' }],
    variables: [
      labelVariable('model', 'Model', 'request_rate'),
      labelVariable('instance', 'Instance', 'request_rate'),
      labelVariable('engine', 'Engine', 'request_rate'),
      ...scopeVariables('request_rate'),
      customVariable('ttft_slo', 'TTFT SLO (s)', ['0.1', '0.25', '0.5', '0.75', '1', '2.5', '5', '10'], '1'),
      customVariable(
        'tpot_slo',
        'TPOT SLO (s)',
        ['0.01', '0.025', '0.05', '0.075', '0.1', '0.15', '0.2', '0.5'],
        '0.1'
      ),
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
          stat('Output tokens/s', [signal('output_tokens_rate', 'rate', { filters })]),
          sloTile('TTFT SLO attainment', 'ttft', 'ttft_slo'),
          sloTile('TPOT SLO attainment', 'tpot', 'tpot_slo'),
          stat('KV cache (max)', [signal('kv_cache_usage', 'max', { filters })], {
            min: 0,
            max: 1,
            description: 'Highest KV-cache usage of any instance.',
          }),
          stat('Preemptions/s', [signal('preemption_rate', 'rate', { filters })], {
            decimals: 2,
            description: 'Requests evicted from the KV cache and recomputed.',
          }),
          stat('Running', [signal('requests_running', 'sum', { filters })]),
          stat('Waiting', [signal('requests_waiting', 'sum', { filters })]),
          stat('TTFT p99', [signal('ttft', 'p99', { filters })]),
          stat('Queue time p95', [signal('queue_time', 'p95', { filters })]),
          stat('Input tokens/s', [signal('input_tokens_rate', 'rate', { filters })]),
          stat('Prefix cache hits', [signal('prefix_cache_hit_ratio', 'ratio', { filters })]),
          stat('Targets down', [signal('targets_down', 'sum', { instant: true })], {
            graph: false,
            // `up == 0` has no series while every target is up: 0, not "No data", on a healthy fleet.
            noValue: '0',
            description: 'Scrape targets Prometheus cannot reach (`up == 0`).',
          }),
          stat('Degradation level', [signal('degradation_level', 'max', { filters })], {
            description: 'Worst level of any model, from latency, errors, saturation and GPU health.',
          }),
        ],
      },
      latencyRow(scope),
      {
        title: 'Traffic and tokens',
        panels: [
          timeseries('Requests/s by model', [
            signal('request_rate', 'rate', { ...byModel, legendFormat: '{{model}}' }),
          ]),
          // Half width each: failures beside client aborts, which have no thresholds (information, not alarm).
          timeseries('Error ratio by model', [signal('error_ratio', 'ratio', { ...byModel, legendFormat: '{{model}}' })], {
            w: 6,
          }),
          timeseries(
            'Client aborts by model',
            [signal('abort_ratio', 'ratio', { ...byModel, legendFormat: '{{model}}' })],
            { w: 6, min: 0 }
          ),
          timeseries('Tokens/s by model', [
            signal('input_tokens_rate', 'rate', { ...byModel, legendFormat: '{{model}} input' }),
            signal('output_tokens_rate', 'rate', { ...byModel, legendFormat: '{{model}} output' }),
          ]),
          timeseries(
            'Prefix cache hit ratio',
            [signal('prefix_cache_hit_ratio', 'ratio', { ...byModel, legendFormat: '{{model}}' })],
            { min: 0, max: 1 }
          ),
        ],
      },
      phasesRow(scope),
      {
        title: 'Scheduler and KV cache',
        panels: [
          timeseries(
            'Running and waiting requests',
            [
              signal('requests_running', 'sum', { ...byModel, legendFormat: '{{model}} running' }),
              signal('requests_waiting', 'sum', { ...byModel, legendFormat: '{{model}} waiting' }),
            ],
            { w: 8 }
          ),
          timeseries(
            'KV cache usage',
            [signal('kv_cache_usage', 'max', { ...byInstance, legendFormat: '{{model}} {{instance}}' })],
            {
              min: 0,
              max: 1,
              w: 8,
            }
          ),
          timeseries(
            'Preemptions/s',
            [signal('preemption_rate', 'rate', { ...byInstance, legendFormat: '{{model}} {{instance}}' })],
            {
              w: 8,
            }
          ),
        ],
      },
      {
        title: 'SLO attainment',
        panels: [
          timeseries(
            'TTFT SLO attainment (≤ ${ttft_slo} s)',
            [
              promql(
                attainment('ttft', { slo: '${ttft_slo}', window: '$__rate_interval', matchers: promMatchers }),
                '{{model_name}}'
              ),
            ],
            {
              unit: 'percentunit',
              max: 1,
              colors: sloSteps('ttft'),
              description:
                'Share of requests whose TTFT fell within the SLO, per model (TTFT histograms of vLLM, SGLang, trtllm-serve).',
            }
          ),
          timeseries(
            'TPOT SLO attainment (≤ ${tpot_slo} s)',
            [
              promql(
                attainment('tpot', { slo: '${tpot_slo}', window: '$__rate_interval', matchers: promMatchers }),
                '{{model_name}}'
              ),
            ],
            {
              unit: 'percentunit',
              max: 1,
              colors: sloSteps('tpot'),
              description:
                'Share of output tokens whose inter-token latency fell within the SLO, per model (ITL histograms of vLLM, SGLang, trtllm-serve).',
            }
          ),
        ],
      },
      heatmapRow(scope),
      requestsRow(scope),
      engineRow(scope),
      {
        title: 'Per-model summary',
        panels: [
          table(
            'Models',
            modelQueries,
            {
              description:
                'One row per model (and engine) at the end of the range. Click a model to open its dashboard.',
              // Header and six models without a scrollbar.
              h: 9,
              transformations: labelTableTransformations(modelQueries, ['model', 'engine']),
              overrides: [
                overrideByName('model', { links: [modelLink()] }),
                overrideByName('Req/s', { unit: 'reqps' }),
                overrideByName('Output tok/s', { unit: 'suffix: tok/s' }),
                overrideByName('TTFT p95', { unit: 's' }),
                overrideByName('TPOT p95', { unit: 's' }),
                overrideByName('Error ratio', {
                  unit: 'percentunit',
                  'custom.cellOptions': { type: 'color-text' },
                  // Coloured by the thresholds, not by the column's palette colour.
                  color: { mode: 'thresholds' },
                  thresholds: colors('error_ratio').steps,
                }),
                overrideByName('KV cache max', {
                  unit: 'percentunit',
                  'custom.cellOptions': { type: 'color-text' },
                  // Coloured by the thresholds, not by the column's palette colour.
                  color: { mode: 'thresholds' },
                  thresholds: colors('kv_cache_usage').steps,
                }),
                overrideByName('Preemptions/s', {
                  'custom.cellOptions': { type: 'color-text' },
                  // Coloured by the thresholds, not by the column's palette colour.
                  color: { mode: 'thresholds' },
                  thresholds: colors('preemption_rate').steps,
                }),
              ],
            }
          ),
        ],
      },
    ],
  });
}
