// Identical upstream work asked for by several queries at once runs once: a dashboard's cost panels
// (ten queries on the shipped one, same range and filters, different views) all need the same inputs,
// and each fetch is several range queries over every GPU. A caller that gives up (its AbortSignal)
// stops waiting; the shared fetch is cancelled only when every caller has given up. With `reuseMs`, a
// successful answer also serves identical requests for that long after it settled (the queries queued
// behind the analytics admission limit); without it nothing is kept.
import { UpstreamError } from '../upstream/errors';

interface Entry<T> {
  promise: Promise<T>;
  controller: AbortController;
  waiting: number;
}

export interface SharedFetchOptions {
  /** How long a successful answer serves identical requests after it settled (default 0: not kept). */
  reuseMs?: number;
  /** At most this many answers kept (oldest dropped first). */
  maxKept?: number;
  now?: () => number;
}

export class SharedFetches<T> {
  private readonly running = new Map<string, Entry<T>>();
  private readonly kept = new Map<string, { value: T; until: number }>();

  constructor(private readonly opts: SharedFetchOptions = {}) {}

  /** Runs `fetch` for `key`, or joins the run already under way (or just finished) for the same key. */
  run(key: string, fetch: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(cancelled());
    const now = this.opts.now ?? Date.now;
    const kept = this.kept.get(key);
    if (kept && kept.until > now()) return Promise.resolve(kept.value);
    if (kept) this.kept.delete(key);
    let entry = this.running.get(key);
    if (!entry) {
      const controller = new AbortController();
      const created: Entry<T> = { controller, waiting: 0, promise: undefined as unknown as Promise<T> };
      created.promise = fetch(controller.signal).finally(() => {
        if (this.running.get(key) === created) this.running.delete(key);
      });
      if (this.opts.reuseMs) created.promise.then((value) => this.keep(key, value, now() + this.opts.reuseMs!), () => undefined);
      // Rejections reach the callers through their own promises; this one only must not go unhandled.
      created.promise.catch(() => undefined);
      this.running.set(key, created);
      entry = created;
    }
    const shared = entry;
    shared.waiting++;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        done();
        reject(cancelled());
        if (--shared.waiting === 0) {
          if (this.running.get(key) === shared) this.running.delete(key);
          shared.controller.abort();
        }
      };
      const done = () => signal?.removeEventListener('abort', onAbort);
      signal?.addEventListener('abort', onAbort, { once: true });
      shared.promise.then(
        (v) => {
          done();
          resolve(v);
        },
        (e: unknown) => {
          done();
          reject(e);
        }
      );
    });
  }

  private keep(key: string, value: T, until: number): void {
    this.kept.delete(key);
    this.kept.set(key, { value, until });
    const max = this.opts.maxKept ?? 4;
    for (const k of this.kept.keys()) {
      if (this.kept.size <= max) break;
      this.kept.delete(k);
    }
  }

  /** Runs under way (for tests). */
  get size(): number {
    return this.running.size;
  }
}

function cancelled(): UpstreamError {
  return new UpstreamError('aborted', 'request cancelled.');
}
