// Admission for expensive work shared by many callers: at most `limit` holders at once; waiters queue per
// key (e.g. per user) and free slots go round-robin across keys, so one caller that sends fifty queries
// does not make everyone else wait behind them. A waiter gives up when its AbortSignal fires or after
// `maxWaitMs` (QueueFullError: the caller answers "busy, retry" instead of timing out later).

export class QueueFullError extends Error {
  constructor(
    readonly waitedMs: number,
    readonly running: number,
    readonly queued: number
  ) {
    super(`no slot free after ${Math.round(waitedMs)} ms (${running} running, ${queued} queued)`);
  }
}

interface Waiter {
  grant(): void;
}

export interface AcquireOptions {
  /** Waiters with the same key are served in order; different keys take turns. */
  key?: string;
  signal?: AbortSignal;
  /** Longest wait for a slot; then the promise rejects with QueueFullError. Infinity: no bound. */
  maxWaitMs?: number;
}

export class FairSemaphore {
  private active = 0;
  /** Insertion order is the turn order: a key that was served moves to the back. */
  private readonly queues = new Map<string, Waiter[]>();
  private queuedCount = 0;

  constructor(readonly limit: number) {
    if (!(limit >= 1)) throw new Error('semaphore limit must be at least 1');
  }

  get inUse(): number {
    return this.active;
  }

  get waiting(): number {
    return this.queuedCount;
  }

  /** Resolves with a release function once a slot is free. */
  acquire(opts: AcquireOptions = {}): Promise<() => void> {
    const { key = '', signal, maxWaitMs = Infinity } = opts;
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.active < this.limit && this.queuedCount === 0) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    const started = performance.now();
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const leave = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const q = this.queues.get(key);
        const i = q ? q.indexOf(waiter) : -1;
        if (i < 0) return false;
        q!.splice(i, 1);
        if (q!.length === 0) this.queues.delete(key);
        this.queuedCount--;
        return true;
      };
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          this.active++;
          resolve(this.releaser());
        },
      };
      const onAbort = () => {
        if (leave()) reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      if (Number.isFinite(maxWaitMs)) {
        timer = setTimeout(() => {
          if (leave()) reject(new QueueFullError(performance.now() - started, this.active, this.queuedCount));
        }, Math.max(0, maxWaitMs));
      }
      const q = this.queues.get(key);
      if (q) q.push(waiter);
      else this.queues.set(key, [waiter]);
      this.queuedCount++;
    });
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.active--;
      this.grantNext();
    };
  }

  private grantNext(): void {
    if (this.active >= this.limit) return;
    const first = this.queues.entries().next();
    if (first.done) return;
    const [key, q] = first.value;
    const waiter = q.shift()!;
    this.queues.delete(key);
    if (q.length > 0) this.queues.set(key, q);
    this.queuedCount--;
    waiter.grant();
  }
}
