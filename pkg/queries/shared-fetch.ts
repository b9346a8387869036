// Identical upstream work asked for by several queries at once runs once: a dashboard's cost panels
// (ten queries on the shipped one, same range and filters, different views) all need the same inputs,
// and each fetch is several range queries over every GPU. A caller that gives up (its AbortSignal)
// stops waiting; the shared fetch is cancelled only when every caller has given up. Nothing is kept
// after the fetch settles, so a later query always sees fresh data.
import { UpstreamError } from '../upstream/errors';

interface Entry<T> {
  promise: Promise<T>;
  controller: AbortController;
  waiting: number;
}

export class SharedFetches<T> {
  private readonly running = new Map<string, Entry<T>>();

  /** Runs `fetch` for `key`, or joins the run already under way for the same key. */
  run(key: string, fetch: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(cancelled());
    let entry = this.running.get(key);
    if (!entry) {
      const controller = new AbortController();
      const created: Entry<T> = { controller, waiting: 0, promise: undefined as unknown as Promise<T> };
      created.promise = fetch(controller.signal).finally(() => {
        if (this.running.get(key) === created) this.running.delete(key);
      });
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

  /** Runs under way (for tests). */
  get size(): number {
    return this.running.size;
  }
}

function cancelled(): UpstreamError {
  return new UpstreamError('aborted', 'request cancelled.');
}
