// Abuse and compliance signals: authentication failures, rate limiting, server errors and
// content-filter rejections, plus findings from the trace-based `compliance` query.
import { dashboard } from '../dashboard';
import type { Dashboard } from '../model';
import { stat, table, timeseries } from '../panels';
import { compliance, promql, signal } from '../queries';
import { filtersFor, labelVariable, scopeVariables, serviceVariable } from '../variables';

const filters = filtersFor(['instance', 'job', 'namespace']);
const byInstance = { groupBy: ['instance'], filters, legendFormat: '{{instance}}' };

/**
 * Content-filter rejections where an exporter reports them: OTel GenAI `error.type` (Prometheus
 * `error_type`) on the server or client duration histograms, and vLLM-style `finished_reason`. A model
 * reported by both server and client instrumentation is counted once (`or` keeps the left side).
 * Missing families simply contribute nothing.
 */
const CONTENT_FILTER_MATCH = 'error_type=~"content_filter|.*ContentFilter.*"';
const CONTENT_FILTER_EXPR = [
  `sum by (gen_ai_request_model) (rate(gen_ai_server_request_duration_seconds_count{${CONTENT_FILTER_MATCH}}[$__rate_interval]))`,
  `sum by (gen_ai_request_model) (rate(gen_ai_client_operation_duration_seconds_count{${CONTENT_FILTER_MATCH}}[$__rate_interval]))`,
  'label_replace(sum by (model_name) (rate(vllm:request_success_total{finished_reason="content_filter"}[$__rate_interval])), "gen_ai_request_model", "$1", "model_name", "(.*)")',
].join(' or ');

export function securityCompliance(): Dashboard {
  return dashboard({
    uid: 'llmops-security-compliance',
    title: 'LLM Ops / Security and compliance',
    description:
      'Authentication failures (401/403), rate limiting (429), server errors (5xx), content-filter rejections and compliance findings.',
    tags: ['security'],
    time: { from: 'now-6h', to: 'now' },
    variables: [
      labelVariable('instance', 'Instance', 'http_request_rate'),
      ...scopeVariables('http_request_rate'),
      serviceVariable(),
    ],
    rows: [
      {
        title: 'At a glance',
        panels: [
          stat('HTTP requests/s', [signal('http_request_rate', 'rate', { filters })], { w: 6 }),
          stat('401/403 share', [signal('http_auth_error_rate', 'ratio', { filters })], {
            w: 6,
            decimals: 2,
            description:
              'Share of requests with rejected credentials. A jump usually means a leaked or rotated key, or credential stuffing.',
          }),
          stat('429 share', [signal('http_rate_limited_rate', 'ratio', { filters })], {
            w: 6,
            decimals: 2,
            description: 'Share of requests refused by rate limiting.',
          }),
          stat('5xx share', [signal('http_error_rate', 'ratio', { filters })], {
            w: 6,
            decimals: 2,
            description: 'Share of requests answered with a server error.',
          }),
        ],
      },
      {
        title: 'Over time',
        panels: [
          timeseries('401/403 per second by instance', [signal('http_auth_error_rate', 'rate', byInstance)], { w: 8 }),
          timeseries('429 per second by instance', [signal('http_rate_limited_rate', 'rate', byInstance)], { w: 8 }),
          timeseries('5xx per second by instance', [signal('http_error_rate', 'rate', byInstance)], { w: 8 }),
          timeseries('Content-filter rejections', [promql(CONTENT_FILTER_EXPR, '{{gen_ai_request_model}}')], {
            unit: 'reqps',
            w: 24,
            h: 6,
            description:
              'Requests refused by a content filter, where the engine or SDK reports them (OTel GenAI error_type, finished_reason).',
          }),
        ],
      },
      {
        title: 'Findings',
        panels: [
          table('Compliance findings', [compliance({ service: '${service}', limit: 200 })], {
            h: 10,
            description:
              'Spans that break policy (e.g. prompt/response content recorded in attributes, missing auth, oversize requests), from the traces of ${service}.',
          }),
        ],
      },
    ],
  });
}
