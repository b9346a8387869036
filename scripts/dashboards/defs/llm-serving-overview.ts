// Per-model serving health on any engine: traffic, latency quantiles, SLO attainment, scheduler
// and KV-cache pressure. Modelled on vLLM's generated overview, but engine-agnostic via signals.
import { dashboard } from '../dashboard';
import type { Dashboard } from '../model';
import { overrideByName, stat, steps, table, timeseries } from '../panels';
import { promql, signal } from '../queries';
import { sloAttainmentExpr } from '../slo';
import { ERROR_RATIO, KV_CACHE, PREEMPTIONS, SLO_ATTAINMENT, TTFT_P99_MAX_SECONDS } from '../thresholds';
import { customVariable, filtersFor, labelVariable } from '../variables';

const filters = filtersFor(['model', 'instance', 'engine']);
const byModel = { groupBy: ['model'], filters };
const byInstance = { groupBy: ['model', 'instance'], filters };
const promMatchers = 'model_name=~"${model:regex}", instance=~"${instance:regex}"';

const kvSteps = steps(['green', null], ['orange', KV_CACHE.warn], ['red', KV_CACHE.crit]);
const sloSteps = steps(['red', null], ['orange', SLO_ATTAINMENT.crit], ['green', SLO_ATTAINMENT.ok]);
const errorSteps = steps(['green', null], ['orange', ERROR_RATIO.warn], ['red', ERROR_RATIO.crit]);
const preemptSteps = steps(['green', null], ['orange', 0.01], ['red', PREEMPTIONS.crit]);

function quantiles(id: string) {
  return (['p50', 'p95', 'p99'] as const).map((q) => signal(id, q, { ...byModel, legendFormat: `{{model}} ${q}` }));
}

function sloTile(title: string, family: 'ttft' | 'tpot', variable: string) {
  return stat(
    title,
    [
      promql(
        sloAttainmentExpr(family, { slo: `\${${variable}}`, window: '$__rate_interval', matchers: promMatchers }),
        '{{model_name}}'
      ),
    ],
    {
      unit: 'percentunit',
      decimals: 2,
      thresholds: sloSteps,
      reducer: 'mean',
      description: `Share of requests within the \${${variable}} s SLO over the range (must be a histogram bucket boundary). Red below ${SLO_ATTAINMENT.crit * 100} %, green from ${SLO_ATTAINMENT.ok * 100} %.`,
    }
  );
}

export function llmServingOverview(): Dashboard {
  return dashboard({
    uid: 'llmops-serving-overview',
    title: 'LLM Ops / Serving overview',
    description:
      'Per-model LLM serving health on any engine: traffic, latency, SLO attainment, scheduler and KV cache.',
    tags: ['serving'],
    variables: [
      labelVariable('model', 'Model', 'request_rate'),
      labelVariable('instance', 'Instance', 'request_rate'),
      labelVariable('engine', 'Engine', 'request_rate'),
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
          stat('Requests/s', [signal('request_rate', 'rate', { filters })], { unit: 'reqps' }),
          stat('Error ratio', [signal('error_ratio', 'ratio', { filters })], {
            unit: 'percentunit',
            decimals: 2,
            thresholds: errorSteps,
            description: `Failed / finished requests. Orange from ${ERROR_RATIO.warn * 100} %, red from ${ERROR_RATIO.crit * 100} %.`,
          }),
          stat('TTFT p95', [signal('ttft', 'p95', { filters })], { unit: 's' }),
          stat('ITL p95', [signal('itl', 'p95', { filters })], { unit: 's' }),
          stat('E2E p95', [signal('e2e_latency', 'p95', { filters })], { unit: 's' }),
          stat('Output tokens/s', [signal('output_tokens_rate', 'rate', { filters })], { unit: 'short' }),
          sloTile('TTFT SLO attainment', 'ttft', 'ttft_slo'),
          sloTile('TPOT SLO attainment', 'tpot', 'tpot_slo'),
          stat('KV cache (max)', [signal('kv_cache_usage', 'max', { filters })], {
            unit: 'percentunit',
            min: 0,
            max: 1,
            thresholds: kvSteps,
            description: `Highest KV-cache usage of any instance. Orange from ${KV_CACHE.warn * 100} %, red from ${KV_CACHE.crit * 100} %: new requests queue or get preempted.`,
          }),
          stat('Preemptions/s', [signal('preemption_rate', 'rate', { filters })], {
            unit: 'short',
            decimals: 2,
            thresholds: preemptSteps,
            description: `Requests evicted from the KV cache and recomputed. Red from ${PREEMPTIONS.crit}/s.`,
          }),
          stat('Running', [signal('requests_running', 'sum', { filters })], { unit: 'short' }),
          stat('Waiting', [signal('requests_waiting', 'sum', { filters })], { unit: 'short' }),
          stat('TTFT p99', [signal('ttft', 'p99', { filters })], {
            unit: 's',
            thresholds: steps(['green', null], ['orange', TTFT_P99_MAX_SECONDS / 3], ['red', TTFT_P99_MAX_SECONDS]),
          }),
          stat('Queue time p95', [signal('queue_time', 'p95', { filters })], { unit: 's' }),
          stat('Input tokens/s', [signal('input_tokens_rate', 'rate', { filters })], { unit: 'short' }),
          stat('Prefix cache hits', [signal('prefix_cache_hit_ratio', 'ratio', { filters })], { unit: 'percentunit' }),
          stat('Targets down', [signal('targets_down', 'sum', { instant: true })], {
            unit: 'short',
            thresholds: steps(['green', null], ['red', 1]),
            graph: false,
            description: 'Scrape targets Prometheus cannot reach (`up == 0`).',
          }),
          stat('Degradation level', [signal('degradation_level', 'max', { filters })], {
            unit: 'short',
            thresholds: steps(['green', null], ['yellow', 1], ['orange', 2], ['red', 3]),
            description: '0 healthy … 4 outage, combined from latency, errors, saturation and GPU health.',
          }),
        ],
      },
      {
        title: 'Latency',
        panels: [
          timeseries('Time to first token', quantiles('ttft'), { unit: 's' }),
          timeseries('Inter-token latency', quantiles('itl'), { unit: 's' }),
          timeseries('End-to-end latency', quantiles('e2e_latency'), { unit: 's' }),
          timeseries('Queue time', quantiles('queue_time'), { unit: 's' }),
        ],
      },
      {
        title: 'Traffic and tokens',
        panels: [
          timeseries(
            'Requests/s by model',
            [signal('request_rate', 'rate', { ...byModel, legendFormat: '{{model}}' })],
            {
              unit: 'reqps',
            }
          ),
          timeseries(
            'Error ratio by model',
            [signal('error_ratio', 'ratio', { ...byModel, legendFormat: '{{model}}' })],
            {
              unit: 'percentunit',
              thresholds: errorSteps,
              showThresholds: true,
            }
          ),
          timeseries(
            'Tokens/s by model',
            [
              signal('input_tokens_rate', 'rate', { ...byModel, legendFormat: '{{model}} input' }),
              signal('output_tokens_rate', 'rate', { ...byModel, legendFormat: '{{model}} output' }),
            ],
            { unit: 'short' }
          ),
          timeseries(
            'Prefix cache hit ratio',
            [signal('prefix_cache_hit_ratio', 'ratio', { ...byModel, legendFormat: '{{model}}' })],
            { unit: 'percentunit', min: 0, max: 1 }
          ),
        ],
      },
      {
        title: 'Scheduler and KV cache',
        panels: [
          timeseries(
            'Running and waiting requests',
            [
              signal('requests_running', 'sum', { ...byInstance, legendFormat: '{{instance}} running' }),
              signal('requests_waiting', 'sum', { ...byInstance, legendFormat: '{{instance}} waiting' }),
            ],
            { unit: 'short', w: 8 }
          ),
          timeseries(
            'KV cache usage',
            [signal('kv_cache_usage', 'max', { ...byInstance, legendFormat: '{{model}} {{instance}}' })],
            { unit: 'percentunit', min: 0, max: 1, thresholds: kvSteps, showThresholds: true, w: 8 }
          ),
          timeseries(
            'Preemptions/s',
            [signal('preemption_rate', 'rate', { ...byInstance, legendFormat: '{{model}} {{instance}}' })],
            { unit: 'short', thresholds: preemptSteps, showThresholds: true, w: 8 }
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
                sloAttainmentExpr('ttft', { slo: '${ttft_slo}', window: '$__rate_interval', matchers: promMatchers }),
                '{{model_name}}'
              ),
            ],
            { unit: 'percentunit', max: 1, thresholds: sloSteps, showThresholds: true }
          ),
          timeseries(
            'TPOT SLO attainment (≤ ${tpot_slo} s)',
            [
              promql(
                sloAttainmentExpr('tpot', { slo: '${tpot_slo}', window: '$__rate_interval', matchers: promMatchers }),
                '{{model_name}}'
              ),
            ],
            { unit: 'percentunit', max: 1, thresholds: sloSteps, showThresholds: true }
          ),
        ],
      },
      {
        title: 'Per-model summary',
        panels: [
          table(
            'Models',
            [
              signal('request_rate', 'rate', { ...byModel, instant: true, legendFormat: 'Req/s' }),
              signal('output_tokens_rate', 'rate', { ...byModel, instant: true, legendFormat: 'Output tok/s' }),
              signal('ttft', 'p95', { ...byModel, instant: true, legendFormat: 'TTFT p95' }),
              signal('itl', 'p95', { ...byModel, instant: true, legendFormat: 'ITL p95' }),
              signal('error_ratio', 'ratio', { ...byModel, instant: true, legendFormat: 'Error ratio' }),
              signal('kv_cache_usage', 'max', { ...byModel, instant: true, legendFormat: 'KV cache max' }),
              signal('preemption_rate', 'rate', { ...byModel, instant: true, legendFormat: 'Preemptions/s' }),
            ],
            {
              description: 'One row per model at the end of the range. Click a model to filter the dashboard.',
              transformations: [
                { id: 'labelsToFields', options: { mode: 'columns', keepLabels: ['model'] } },
                { id: 'joinByField', options: { byField: 'model', mode: 'outer' } },
                { id: 'organize', options: { excludeByName: { Time: true } } },
              ],
              overrides: [
                overrideByName('model', {
                  links: [
                    {
                      title: 'Filter by ${__value.text}',
                      url: '/d/llmops-serving-overview?${__url_time_range}&var-model=${__value.raw}&${datasource:queryparam}',
                    },
                  ],
                }),
                overrideByName('TTFT p95', { unit: 's' }),
                overrideByName('ITL p95', { unit: 's' }),
                overrideByName('Error ratio', {
                  unit: 'percentunit',
                  'custom.cellOptions': { type: 'color-text' },
                  thresholds: errorSteps,
                }),
                overrideByName('KV cache max', {
                  unit: 'percentunit',
                  'custom.cellOptions': { type: 'color-text' },
                  thresholds: kvSteps,
                }),
                overrideByName('Preemptions/s', {
                  'custom.cellOptions': { type: 'color-text' },
                  thresholds: preemptSteps,
                }),
              ],
            }
          ),
        ],
      },
    ],
  });
}
