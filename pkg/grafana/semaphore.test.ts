import { describe, expect, it } from 'vitest';
import { Semaphore } from './semaphore';

describe('Semaphore', () => {
  it('admits up to the limit and the rest in arrival order', async () => {
    const s = new Semaphore(2);
    const order: number[] = [];
    const r1 = await s.acquire();
    const r2 = await s.acquire();
    const third = s.acquire().then((r) => (order.push(3), r));
    const fourth = s.acquire().then((r) => (order.push(4), r));
    expect([s.inUse, s.waiting]).toEqual([2, 2]);
    r1();
    r1(); // releasing twice frees one slot only
    (await third)();
    r2();
    (await fourth)();
    expect(order).toEqual([3, 4]);
    expect([s.inUse, s.waiting]).toEqual([0, 0]);
  });

  it('lets a waiter give up without taking a slot', async () => {
    const s = new Semaphore(1);
    const held = await s.acquire();
    const ac = new AbortController();
    const waiting = s.acquire(ac.signal);
    ac.abort(new Error('cancelled'));
    await expect(waiting).rejects.toThrow('cancelled');
    expect(s.waiting).toBe(0);
    held();
    expect(s.inUse).toBe(0);
    await expect(s.acquire(AbortSignal.abort(new Error('already')))).rejects.toThrow('already');
  });
});
