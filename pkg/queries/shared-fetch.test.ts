import { describe, expect, it } from 'vitest';
import { SharedFetches } from './shared-fetch';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((a, b) => ((resolve = a), (reject = b)));
  return { promise, resolve, reject };
}

describe('SharedFetches', () => {
  it('runs identical concurrent fetches once and keeps nothing after they settle', async () => {
    const runs = new SharedFetches<number>();
    let calls = 0;
    const d = deferred<number>();
    const fetch = () => (calls++, d.promise);
    const a = runs.run('k', fetch);
    const b = runs.run('k', fetch);
    const other = runs.run('other', async () => (calls++, 7));
    d.resolve(42);
    expect(await Promise.all([a, b, other])).toEqual([42, 42, 7]);
    expect(calls).toBe(2);
    expect(runs.size).toBe(0);
    expect(await runs.run('k', async () => (calls++, 43))).toBe(43);
    expect(calls).toBe(3);
  });

  it('gives every caller the error', async () => {
    const runs = new SharedFetches<number>();
    const d = deferred<number>();
    const a = runs.run('k', () => d.promise);
    const b = runs.run('k', () => d.promise);
    d.reject(new Error('upstream down'));
    await expect(a).rejects.toThrow('upstream down');
    await expect(b).rejects.toThrow('upstream down');
  });

  it('a caller that gives up stops waiting; the fetch is cancelled only when all have given up', async () => {
    const runs = new SharedFetches<number>();
    let fetchSignal: AbortSignal | undefined;
    const d = deferred<number>();
    const first = new AbortController();
    const second = new AbortController();
    const a = runs.run('k', (s) => ((fetchSignal = s), d.promise), first.signal);
    const b = runs.run('k', () => d.promise, second.signal);
    first.abort();
    await expect(a).rejects.toThrow('cancelled');
    expect(fetchSignal!.aborted).toBe(false);
    d.resolve(5);
    expect(await b).toBe(5);

    const e = deferred<number>();
    const c1 = new AbortController();
    const c2 = new AbortController();
    const x = runs.run('j', (s) => ((fetchSignal = s), e.promise), c1.signal);
    const y = runs.run('j', () => e.promise, c2.signal);
    c1.abort();
    c2.abort();
    await expect(x).rejects.toThrow('cancelled');
    await expect(y).rejects.toThrow('cancelled');
    expect(fetchSignal!.aborted).toBe(true);
    expect(runs.size).toBe(0);
    // An already cancelled caller starts nothing.
    let started = false;
    await expect(runs.run('z', async () => ((started = true), 1), c1.signal)).rejects.toThrow('cancelled');
    expect(started).toBe(false);
  });

  it('with reuseMs, serves a successful answer that long after it settled, never an error', async () => {
    let t = 1_000;
    const runs = new SharedFetches<number>({ reuseMs: 15_000, maxKept: 1, now: () => t });
    let calls = 0;
    const fetch = async () => ++calls;
    expect(await runs.run('k', fetch)).toBe(1);
    t += 14_999;
    expect(await runs.run('k', fetch)).toBe(1);
    t += 1;
    expect(await runs.run('k', fetch)).toBe(2);
    // At most maxKept answers: another key pushes 'k' out.
    expect(await runs.run('other', fetch)).toBe(3);
    expect(await runs.run('k', fetch)).toBe(4);
    let failures = 0;
    const failing = async () => {
      failures++;
      throw new Error('down');
    };
    await expect(runs.run('bad', failing)).rejects.toThrow('down');
    await expect(runs.run('bad', failing)).rejects.toThrow('down');
    expect(failures).toBe(2);
  });
});
