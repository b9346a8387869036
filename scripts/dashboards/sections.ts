// Rows the serving dashboards share (overview, model, instance): the same panels, narrowed by the
// dashboard's filters and split by its group-by label (model on the overview, instance below it).
import type { Aggregation, Filters } from './model';
import { heatmap, sharedBarGauge, timeseries, type RowSpec } from './panels';
import { signal } from './queries';

export interface Scope {
  filters: Filters;
  /** Label the series are split by (`model` or `instance`). */
  by: 'model' | 'instance';
  /** Key prefix, so shared-query keys stay unique per dashboard. */
  key: string;
}

const quantiles = (id: string, s: Scope, qs: Aggregation[] = ['p50', 'p95', 'p99']) =>
  qs.map((q) => signal(id, q, { groupBy: [s.by], filters: s.filters, legendFormat: `{{${s.by}}} ${q}` }));

export function latencyRow(s: Scope): RowSpec {
  return {
    title: 'Latency',
    panels: [
      timeseries('Time to first token', quantiles('ttft', s), { w: 8 }),
      timeseries('Time per output token (per request)', quantiles('tpot', s), { w: 8 }),
      timeseries('Inter-token latency', quantiles('itl', s), { w: 8 }),
      timeseries('End-to-end latency', quantiles('e2e_latency', s), { w: 12 }),
      timeseries('Queue time', quantiles('queue_time', s), { w: 12 }),
    ],
  };
}

/** Heatmaps of the latency histograms: the whole distribution, not three quantiles of it. */
export function heatmapRow(s: Scope, collapsed = true): RowSpec {
  const hm = (id: string) => signal(id, 'rate', { filters: s.filters, format: 'heatmap' });
  const text =
    'Requests per second in each histogram bucket over time (darker = more). One engine at a time: engines bucket differently, so pick one with the engine filter when several serve.';
  return {
    title: 'Latency heatmaps',
    collapsed,
    panels: [
      heatmap('TTFT heatmap', [hm('ttft')], { description: text }),
      heatmap('Inter-token latency heatmap', [hm('itl')], { description: text }),
      heatmap('End-to-end latency heatmap', [hm('e2e_latency')], { description: text }),
    ],
  };
}

/** Where a request's time goes: waiting, prefill, decode (average per request, stacked). */
export function phasesRow(s: Scope): RowSpec {
  const phase = (id: string, name: string) =>
    signal(id, 'avg', { groupBy: [s.by], filters: s.filters, legendFormat: `{{${s.by}}} ${name}` });
  return {
    title: 'Request phases',
    panels: [
      {
        ...timeseries(
          'Queue, prefill and decode time (average per request)',
          [phase('queue_time', 'queue'), phase('prefill_time', 'prefill'), phase('decode_time', 'decode')],
          {
            stack: true,
            w: 16,
            description:
              'Average seconds per request in each phase, stacked: their sum is about the end-to-end latency.',
          }
        ),
        key: `${s.key}-phases`,
      },
      sharedBarGauge('Where request time goes', `${s.key}-phases`, {
        unit: 's',
        w: 8,
        description: 'Mean over the range of each phase above (same query, run once).',
      }),
    ],
  };
}

/** How requests end and how big they are. */
export function requestsRow(s: Scope, collapsed = true): RowSpec {
  return {
    title: 'Requests: finish reasons and sizes',
    collapsed,
    panels: [
      {
        ...timeseries(
          'Finished requests by reason',
          [
            signal('request_rate', 'rate', {
              groupBy: ['engine', 'finished_reason'],
              filters: s.filters,
              legendFormat: '{{engine}} {{finished_reason}}',
            }),
          ],
          {
            stack: true,
            w: 16,
            description:
              'Finished requests per second by finish reason (stop, length, abort, error) where the engine labels them (vLLM, trtllm-serve finished_reason); other engines show one unlabelled series.',
          }
        ),
        key: `${s.key}-finish`,
      },
      sharedBarGauge('Finish reasons over the range', `${s.key}-finish`, {
        unit: 'reqps',
        w: 8,
        description:
          'Mean rate per finish reason over the range (same query, run once). Many "length" finishes mean max_tokens cuts answers short.',
      }),
      timeseries('Prompt length', quantiles('prompt_length', s, ['p50', 'p95']), { w: 12 }),
      timeseries('Output length', quantiles('output_length', s, ['p50', 'p95']), { w: 12 }),
    ],
  };
}

/** Engine iterations and speculative decoding. */
export function engineRow(s: Scope, collapsed = true): RowSpec {
  const by = { groupBy: [s.by], filters: s.filters };
  return {
    title: 'Engine steps and speculative decoding',
    collapsed,
    panels: [
      timeseries('Tokens per engine step', quantiles('iteration_tokens', s, ['p50', 'p95']), {
        w: 8,
        description: 'Tokens (prefill + decode) each engine step processed: the effective batch size in tokens.',
      }),
      timeseries('Engine steps/s', [signal('iteration_tokens', 'rate', { ...by, legendFormat: `{{${s.by}}}` })], {
        w: 8,
        description: 'Engine iterations per second (observations of the tokens-per-step histogram).',
      }),
      timeseries(
        'Speculative decoding acceptance',
        [signal('spec_decode_acceptance', 'ratio', { ...by, legendFormat: `{{${s.by}}}` })],
        { w: 8, min: 0, max: 1 }
      ),
    ],
  };
}
