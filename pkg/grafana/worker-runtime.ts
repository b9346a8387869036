// The worker side of WorkerPool: answers `{ id, task, input }` messages by running the named task and
// posting `{ id, ok, value }` or `{ id, ok: false, error }`. Errors keep their message, name and, for
// QueryError-like errors, the status and source, so the pool can fail a query with the same answer the
// main thread would have given.
import { parentPort } from 'node:worker_threads';
import { packNumbers, unpackNumbers } from './worker-codec';
import type { SerializedTaskError } from './worker-pool';

/** A task takes one structured-cloneable input and returns a structured-cloneable result. */
export type TaskTable = Record<string, (input: never) => unknown>;

export function serializeTaskError(err: unknown): SerializedTaskError {
  if (err instanceof Error) {
    const e = err as Error & { status?: unknown; source?: unknown };
    return {
      name: e.name,
      message: e.message,
      status: typeof e.status === 'number' ? e.status : undefined,
      source: typeof e.source === 'string' ? e.source : undefined,
    };
  }
  return { name: 'Error', message: String(err) };
}

export function serveTasks(tasks: TaskTable): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks must run inside a worker thread');
  port.on('message', (msg: { id: number; task: string; input: unknown }) => {
    const fn = Object.hasOwn(tasks, msg.task) ? tasks[msg.task] : undefined;
    if (!fn) {
      port.postMessage({ id: msg.id, ok: false, error: { name: 'Error', message: `unknown task "${msg.task}"`, status: 500 } });
      return;
    }
    try {
      const value = fn(unpackNumbers(msg.input) as never);
      // Long numeric arrays go back as moved Float64Arrays (worker-codec.ts); the pool unpacks them.
      const transfer: ArrayBuffer[] = [];
      port.postMessage({ id: msg.id, ok: true, value: packNumbers(value, transfer) }, transfer);
    } catch (err) {
      port.postMessage({ id: msg.id, ok: false, error: serializeTaskError(err) });
    }
  });
}
