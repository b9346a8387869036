// The PromQL a root-cause query ran, for its frame's executedQueryString (Grafana's query inspector and
// the scale bench, which sends the same queries straight to Prometheus as its baseline).
import type { DataContext } from '../../datasource/data-context';
import { promDuration } from '../promql/range';

export interface RecordedQuery {
  expr: string;
  startMs: number;
  endMs: number;
  stepMs: number;
}

/** A DataContext whose Prometheus range queries are recorded, in the order they were sent. */
export function recordingQueries(data: DataContext): { data: DataContext; queries: RecordedQuery[] } {
  const queries: RecordedQuery[] = [];
  const prometheus = Object.create(data.prometheus) as typeof data.prometheus;
  prometheus.queryRange = (expr, startMs, endMs, stepMs, signal) => {
    queries.push({ expr, startMs, endMs, stepMs });
    return data.prometheus.queryRange(expr, startMs, endMs, stepMs, signal);
  };
  return { data: { ...data, prometheus }, queries };
}

/** `root cause: N range queries` then one line per query: `<start ms> <end ms> <step> <expr>` (newlines in the expr folded). */
export function describeQueries(queries: RecordedQuery[]): string {
  const lines = queries.map((q) => `${q.startMs} ${q.endMs} ${promDuration(q.stepMs)} ${q.expr.replace(/\s*\n\s*/g, ' ')}`);
  return [`root cause: ${queries.length} range queries`, ...lines].join('\n');
}
