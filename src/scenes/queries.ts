/** The LLM Ops queries the app's scenes run, built in one place so pages ask for signals the same way. */
import type { DataSourceRef } from '@grafana/schema';

import { DATASOURCE_TYPE } from '../constants';
import type { Aggregation, FilterValue, LlmOpsQuery } from '../datasource/types';

export const datasourceRef = (uid: string): DataSourceRef => ({ type: DATASOURCE_TYPE, uid });

type Filters = Record<string, FilterValue>;

export function signalQuery(
  refId: string,
  signal: string,
  o: { aggregation?: Aggregation; groupBy?: string[]; filters?: Filters; instant?: boolean; legendFormat?: string } = {}
): LlmOpsQuery {
  return {
    refId,
    queryType: 'signal',
    signal,
    aggregation: o.aggregation,
    groupBy: o.groupBy ?? [],
    filters: o.filters ?? {},
    instant: o.instant ?? false,
    legendFormat: o.legendFormat,
  } as LlmOpsQuery;
}

export function promqlQuery(refId: string, expr: string, o: { instant?: boolean; legendFormat?: string } = {}): LlmOpsQuery {
  return { refId, queryType: 'promql', expr, instant: o.instant ?? false, legendFormat: o.legendFormat } as LlmOpsQuery;
}

export function costQuery(refId: string, view: string, o: { instant?: boolean; metric?: string } = {}): LlmOpsQuery {
  return { refId, queryType: 'cost', view, instant: o.instant ?? false, metric: o.metric } as LlmOpsQuery;
}

/** Engine families whose TTFT histogram is `<family>time_to_first_token_seconds` labelled `model_name`. */
const TTFT_HISTOGRAMS = ['vllm:time_to_first_token_seconds', 'sglang:time_to_first_token_seconds', 'trtllm_time_to_first_token_seconds'];

/**
 * Share of requests whose TTFT fell within `slo` seconds (a histogram bucket boundary) over the picked
 * range, per model, as PromQL: `model_name` is copied to `model` so the row joins the signal columns.
 * Capped at 1: bucket and count series scraped a moment apart can put the ratio a hair above 100 %.
 */
export function ttftSloAttainmentExpr(slo: string, modelMatcher: string): string {
  const sum = (suffix: string, matchers: string) =>
    TTFT_HISTOGRAMS.map((m) => `sum by (model_name) (increase(${m}_${suffix}{${matchers}}[$__range]))`).join(' or ');
  const good = sum('bucket', `le=~"${slo}(\\\\.0)?", ${modelMatcher}`);
  const all = sum('count', modelMatcher);
  return `label_replace(clamp_max((${good}) / ((${all}) > 0), 1), "model", "$1", "model_name", "(.*)")`;
}
