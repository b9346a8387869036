import type { Frame } from '../grafana/frame';
import type { Compute } from '../compute';
import type { AnswerLimits } from '../datasource/answer-limits';
import type { DatasourceInstance } from '../datasource/instance';

/** Everything one query handler needs; built per refId by the dispatcher. */
export interface QueryContext {
  refId: string;
  /** The query object as saved by the editor (already JSON-parsed; validate it yourself). */
  query: Record<string, unknown>;
  /** Absolute time range, epoch milliseconds. */
  range: { from: number; to: number };
  intervalMs: number;
  maxDataPoints: number;
  /** True when Grafana's alerting engine runs the query (header FromAlert). */
  fromAlert: boolean;
  instance: DatasourceInstance;
  /** Aborted when the query times out or the process shuts down. */
  signal: AbortSignal;
  /** Where heavy analytics run (a worker pool in the executable); inline when absent. */
  compute?: Compute;
  /**
   * Caps on this query's answer (default: the datasource's, answer-limits.ts). A handler that runs
   * another as its source (anomaly) sets them for that source, whose answer is its input, not the reply.
   */
  answerLimits?: AnswerLimits;
}

/**
 * One handler per query type. Return frames; throw `QueryError` (pkg/grafana/errors) to fail only
 * this query with a status and a message a user can act on.
 */
export type QueryHandler = (ctx: QueryContext) => Promise<Frame[]>;
