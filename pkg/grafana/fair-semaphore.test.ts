import { describe, expect, it } from 'vitest';
import { FairSemaphore, QueueFullError } from './fair-semaphore';

describe('FairSemaphore', () => {
  it('serves waiting keys in turns, each key in its own order', async () => {
    const s = new FairSemaphore(1);
    const first = await s.acquire({ key: 'a' });
    const order: string[] = [];
    const take = (key: string, name: string) =>
      s.acquire({ key }).then((release) => {
        order.push(name);
        release();
      });
    const all = [take('a', 'a1'), take('a', 'a2'), take('a', 'a3'), take('b', 'b1'), take('c', 'c1'), take('b', 'b2')];
    expect(s.waiting).toBe(6);
    first();
    await Promise.all(all);
    expect(order).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
    expect(s.inUse).toBe(0);
    expect(s.waiting).toBe(0);
  });

  it('gives up after maxWaitMs with QueueFullError and keeps serving the others', async () => {
    const s = new FairSemaphore(1);
    const held = await s.acquire();
    const t0 = performance.now();
    const err = await s.acquire({ maxWaitMs: 50 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueueFullError);
    expect((err as QueueFullError).running).toBe(1);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(45);
    expect(s.waiting).toBe(0);
    const next = s.acquire({ maxWaitMs: 1_000 });
    held();
    (await next)();
    expect(s.inUse).toBe(0);
  });

  it('drops a waiter whose signal fires, with the signal reason', async () => {
    const s = new FairSemaphore(1);
    const held = await s.acquire();
    const ac = new AbortController();
    const waiting = s.acquire({ signal: ac.signal, key: 'x' });
    ac.abort(new Error('gone'));
    await expect(waiting).rejects.toThrow('gone');
    expect(s.waiting).toBe(0);
    held();
    expect(s.inUse).toBe(0);
  });
});
