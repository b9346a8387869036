// A pool of worker threads for CPU-heavy, pure tasks, so the event loop that answers gRPC calls (cheap
// queries, health checks, resources) stays responsive while heavy work runs. Tasks are addressed by name
// and run by `serveTasks` (worker-runtime.ts) inside each worker. A task whose AbortSignal fires is
// dropped from the queue, or, when already running, stopped by terminating its worker (synchronous code
// cannot be interrupted otherwise); a fresh worker takes its place.
//
// Workers start from source code (`new Worker(source, { eval: true })`), so the pool also works inside a
// single executable application, where there is no script file on disk to point a Worker at.
import type { Worker } from 'node:worker_threads';
import { packNumbers, unpackNumbers } from './worker-codec';

export interface WorkerPoolOptions {
  /** CommonJS source of the worker script (it must call `serveTasks`). */
  source: string;
  /** Workers kept at most (each started on first need). */
  size: number;
  /** Passed to each worker as `workerData`. */
  workerData?: unknown;
  /** Heap limit per worker, MiB (a runaway task fails alone instead of growing the process). */
  maxHeapMb?: number;
}

/** What crosses the thread boundary when a task throws: enough to rebuild a QueryError-like error. */
export interface SerializedTaskError {
  name: string;
  message: string;
  status?: number;
  source?: string;
}

export class TaskError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly source?: string,
    name = 'TaskError'
  ) {
    super(message);
    this.name = name;
  }
}

export class TaskCancelledError extends Error {
  constructor(task: string) {
    super(`${task} cancelled`);
    this.name = 'TaskCancelledError';
  }
}

export interface PoolStats {
  size: number;
  started: number;
  running: number;
  queued: number;
  completed: number;
  failed: number;
  cancelled: number;
  /** Workers replaced after a crash or a cancellation. */
  restarted: number;
}

interface Job {
  id: number;
  task: string;
  input: unknown;
  transfer: ArrayBuffer[];
  resolve(value: unknown): void;
  reject(err: Error): void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

interface Slot {
  worker: Worker;
  job?: Job;
}

type WorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SerializedTaskError };

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private readonly counts = { completed: 0, failed: 0, cancelled: 0, restarted: 0 };

  constructor(private readonly options: WorkerPoolOptions) {
    if (!(options.size >= 1)) throw new Error('worker pool size must be at least 1');
  }

  /**
   * Runs `task` with `input` (structured-cloned; ArrayBuffers in `transfer` are moved, not copied).
   * Rejects with TaskCancelledError when `signal` fires first, with TaskError when the task throws.
   */
  run<T>(task: string, input: unknown, opts: { signal?: AbortSignal; transfer?: ArrayBuffer[] } = {}): Promise<T> {
    if (this.closed) return Promise.reject(new Error('worker pool is closed'));
    if (opts.signal?.aborted) return Promise.reject(new TaskCancelledError(task));
    return new Promise<T>((resolve, reject) => {
      // Long numeric arrays travel as moved Float64Arrays (worker-codec.ts); the worker unpacks them.
      const transfer = [...(opts.transfer ?? [])];
      const job: Job = {
        id: this.nextId++,
        task,
        input: packNumbers(input, transfer),
        transfer,
        resolve: resolve as (v: unknown) => void,
        reject,
        signal: opts.signal,
      };
      if (job.signal) {
        job.onAbort = () => this.cancel(job);
        job.signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.queue.push(job);
      this.dispatch();
    });
  }

  stats(): PoolStats {
    return {
      size: this.options.size,
      started: this.slots.length,
      running: this.slots.filter((s) => s.job).length,
      queued: this.queue.length,
      ...this.counts,
    };
  }

  /** Rejects queued and running tasks and stops every worker. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) this.settle(job, new Error('worker pool closed'));
    const slots = this.slots.splice(0);
    for (const s of slots) if (s.job) this.settle(s.job, new Error('worker pool closed'));
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot && this.slots.length < this.options.size) slot = this.startWorker();
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.job = job;
      try {
        slot.worker.postMessage({ id: job.id, task: job.task, input: job.input }, job.transfer);
      } catch (err) {
        // The input could not be cloned (a function, a class the worker cannot rebuild): a bug of the caller.
        slot.job = undefined;
        this.counts.failed++;
        this.settle(job, new TaskError(`${job.task}: input cannot be sent to a worker: ${(err as Error).message}`, 500));
      }
    }
  }

  private startWorker(): Slot {
    // Loaded with the first worker, not at start: the executable's start does not need it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a deferred load of a builtin
    const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
    const worker = new Worker(this.options.source, {
      eval: true,
      workerData: this.options.workerData,
      resourceLimits: this.options.maxHeapMb ? { maxOldGenerationSizeMb: this.options.maxHeapMb } : undefined,
      // Worker output is not the plugin's: keep it off the go-plugin stdout.
      stdout: true,
      stderr: false,
    });
    worker.stdout.resume();
    worker.unref();
    const slot: Slot = { worker };
    this.slots.push(slot);
    worker.on('message', (reply: WorkerReply) => {
      const job = slot.job;
      if (!job || job.id !== reply.id) return;
      slot.job = undefined;
      if (reply.ok) {
        this.counts.completed++;
        this.settle(job, undefined, unpackNumbers(reply.value));
      } else {
        this.counts.failed++;
        const e = reply.error;
        this.settle(job, new TaskError(e.message, e.status, e.source, e.name));
      }
      this.dispatch();
    });
    const lost = (why: string) => {
      const i = this.slots.indexOf(slot);
      if (i < 0) return; // already replaced (cancellation) or closed
      this.slots.splice(i, 1);
      this.counts.restarted++;
      if (slot.job) {
        this.counts.failed++;
        this.settle(slot.job, new TaskError(`${slot.job.task} failed: the worker ${why}`, 500));
      }
      this.dispatch();
    };
    worker.on('error', (err) => lost(`threw ${err.message}`));
    worker.on('exit', (code) => lost(`exited with code ${code}`));
    return slot;
  }

  private cancel(job: Job): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
    } else {
      const slot = this.slots.find((s) => s.job === job);
      if (!slot) return;
      // Running synchronous code stops only with its thread: replace the worker.
      this.slots.splice(this.slots.indexOf(slot), 1);
      slot.job = undefined;
      this.counts.restarted++;
      void slot.worker.terminate();
    }
    this.counts.cancelled++;
    this.settle(job, new TaskCancelledError(job.task));
    this.dispatch();
  }

  private settle(job: Job, err: Error | undefined, value?: unknown): void {
    if (job.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
    if (err) job.reject(err);
    else job.resolve(value);
  }
}
