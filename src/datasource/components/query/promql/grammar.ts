// PromQL vocabulary for highlighting and completion, from the Prometheus query language reference
// (functions, aggregation operators, keywords, binary operators) plus Grafana's macros.

export const AGGREGATIONS = [
  'sum', 'min', 'max', 'avg', 'group', 'stddev', 'stdvar', 'count', 'count_values', 'bottomk', 'topk', 'quantile', 'limitk', 'limit_ratio',
];

export const FUNCTIONS = [
  'abs', 'absent', 'absent_over_time', 'acos', 'acosh', 'asin', 'asinh', 'atan', 'atanh', 'avg_over_time', 'ceil', 'changes',
  'clamp', 'clamp_max', 'clamp_min', 'cos', 'cosh', 'count_over_time', 'day_of_month', 'day_of_week', 'day_of_year',
  'days_in_month', 'deg', 'delta', 'deriv', 'exp', 'floor', 'histogram_avg', 'histogram_count', 'histogram_fraction',
  'histogram_quantile', 'histogram_stddev', 'histogram_stdvar', 'histogram_sum', 'holt_winters', 'hour', 'idelta', 'increase',
  'irate', 'label_join', 'label_replace', 'last_over_time', 'ln', 'log10', 'log2', 'mad_over_time', 'max_over_time',
  'min_over_time', 'minute', 'month', 'pi', 'predict_linear', 'present_over_time', 'quantile_over_time', 'rad', 'rate',
  'resets', 'round', 'scalar', 'sgn', 'sin', 'sinh', 'sort', 'sort_by_label', 'sort_by_label_desc', 'sort_desc', 'sqrt',
  'stddev_over_time', 'stdvar_over_time', 'sum_over_time', 'tan', 'tanh', 'time', 'timestamp', 'vector', 'year',
];

/** Modifiers and set operators. */
export const KEYWORDS = ['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'bool', 'and', 'or', 'unless', 'atan2'];

/** Grafana's macros, replaced by the datasource before the query reaches Prometheus. */
export const MACROS = ['$__rate_interval', '$__interval', '$__interval_ms', '$__range', '$__range_s', '$__range_ms'];

/** One line of documentation per function shown in the completion list. */
export const FUNCTION_DOCS: Record<string, string> = {
  rate: 'per-second average rate of a counter over the range',
  irate: 'per-second rate from the last two samples',
  increase: 'increase of a counter over the range',
  histogram_quantile: 'φ-quantile from histogram buckets: histogram_quantile(0.95, sum by (le) (rate(x_bucket[5m])))',
  label_replace: 'copy a label through a regex: label_replace(v, dst, replacement, src, regex)',
  avg_over_time: 'average of each series over the range',
  max_over_time: 'maximum of each series over the range',
  absent: '1 when the vector has no series (for alerts on missing data)',
};
