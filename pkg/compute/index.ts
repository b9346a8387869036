// Where the analytic query types run their heavy steps: a worker pool in the shipped executable (so the
// event loop keeps answering cheap queries and health checks), inline in tests and `tsx` runs. A task
// cancelled by its query's AbortSignal (Grafana cancelled the call, its deadline passed, the query timed
// out) stops: queued tasks are dropped, a running one stops with its worker.
import { availableParallelism } from 'node:os';
import { QueryError } from '../grafana/errors';
import type { ErrorSource } from '../grafana/frame';
import { TaskCancelledError, TaskError, WorkerPool, type PoolStats } from '../grafana/worker-pool';
import type { ComputeTaskName, ComputeTasks } from './tasks';
import { bundledWorkerSource } from './worker-source';

export type TaskInput<K extends ComputeTaskName> = Parameters<ComputeTasks[K]>[0];
export type TaskResult<K extends ComputeTaskName> = ReturnType<ComputeTasks[K]>;

export interface Compute {
  run<K extends ComputeTaskName>(task: K, input: TaskInput<K>, signal?: AbortSignal): Promise<TaskResult<K>>;
  /** Pool counters; undefined when tasks run inline. */
  stats(): PoolStats | undefined;
  close(): Promise<void>;
}

function cancelled(task: string): QueryError {
  return new QueryError(`${task} was cancelled (the request was cancelled or timed out)`, 499, 'downstream');
}

/**
 * The tasks and the analytics they run, loaded on the first inline run: the executable runs them in its
 * workers, so evaluating them in the main thread at start would only delay the handshake.
 */
async function loadComputeTasks(): Promise<ComputeTasks> {
  return (await import('./tasks')).computeTasks;
}

/** Runs tasks on the calling thread (tests, benches of the pure steps, `tsx` runs of the source). */
export const inlineCompute: Compute = {
  async run(task, input, signal) {
    if (signal?.aborted) throw cancelled(task);
    const computeTasks = await loadComputeTasks();
    if (signal?.aborted) throw cancelled(task);
    return (computeTasks[task] as (i: typeof input) => TaskResult<typeof task>)(input);
  },
  stats: () => undefined,
  close: async () => undefined,
};

/** The same tasks in a pool of worker threads started from `source` (the bundled worker-main.ts). */
export function poolCompute(source: string, size: number): Compute {
  const pool = new WorkerPool({ source, size });
  return {
    async run(task, input, signal) {
      try {
        return await pool.run(task, input, { signal });
      } catch (err) {
        if (err instanceof TaskCancelledError) throw cancelled(task);
        // Keep the status a handler would have given on the main thread (a 400 stays a 400).
        if (err instanceof TaskError && err.status !== undefined) {
          throw new QueryError(err.message, err.status, (err.source as ErrorSource | undefined) ?? 'plugin');
        }
        throw err;
      }
    },
    stats: () => pool.stats(),
    close: () => pool.close(),
  };
}

export const WORKERS_ENV = 'LLMOPS_COMPUTE_WORKERS';

/**
 * Workers: LLMOPS_COMPUTE_WORKERS if set (0 = inline), else one per core but one, which the event loop
 * keeps (at least one worker). Inline when the executable carries no worker source (a `tsx` run).
 */
export function createCompute(env: NodeJS.ProcessEnv = process.env): Compute {
  const source = bundledWorkerSource();
  const raw = env[WORKERS_ENV];
  const wanted = raw !== undefined && raw.trim() !== '' ? Number(raw) : Math.max(1, availableParallelism() - 1);
  if (!source || !Number.isInteger(wanted) || wanted <= 0) return inlineCompute;
  return poolCompute(source, Math.min(wanted, 64));
}

/** The query's compute, inline when the context was built without one (unit tests). */
export function computeOf(ctx: { compute?: Compute }): Compute {
  return ctx.compute ?? inlineCompute;
}
