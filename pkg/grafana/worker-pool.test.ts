// The worker pool with real worker threads started from bundled source (as in the executable).
import path from 'node:path';
import { buildSync } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { TaskCancelledError, TaskError, WorkerPool } from './worker-pool';

const source = buildSync({
  entryPoints: [path.join(__dirname, 'worker-pool.fixture.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  write: false,
}).outputFiles[0]!.text;

let pool: WorkerPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

const waitFor = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('WorkerPool', () => {
  it('runs tasks in worker threads and returns structured-cloned results', async () => {
    pool = new WorkerPool({ source, size: 2 });
    const input = { a: [1, 2, null], m: new Map([['k', 1]]), f: new Float64Array([1.5]) };
    expect(await pool.run('echo', input)).toEqual(input);
    expect(pool.stats()).toMatchObject({ started: 1, completed: 1, running: 0 });
  });

  it('runs at most `size` tasks at once and queues the rest', async () => {
    pool = new WorkerPool({ source, size: 2 });
    const runs = [1, 2, 3, 4].map(() => pool!.run('spin', { ms: 150 }));
    await waitFor(() => pool!.stats().running === 2);
    expect(pool.stats()).toMatchObject({ started: 2, running: 2, queued: 2 });
    await Promise.all(runs);
    expect(pool.stats()).toMatchObject({ completed: 4, queued: 0, running: 0 });
  });

  it('keeps the event loop free while a task computes', async () => {
    pool = new WorkerPool({ source, size: 1 });
    await pool.run('echo', 0); // worker started
    const spin = pool.run('spin', { ms: 600 });
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, 20));
    const lag = performance.now() - t0 - 20;
    await spin;
    expect(lag).toBeLessThan(200);
  });

  it('stops a running task when its signal fires, and replaces the worker', async () => {
    pool = new WorkerPool({ source, size: 1 });
    const ac = new AbortController();
    const run = pool.run('spin', { ms: 60_000 }, { signal: ac.signal });
    await waitFor(() => pool!.stats().running === 1);
    const t0 = performance.now();
    ac.abort();
    await expect(run).rejects.toBeInstanceOf(TaskCancelledError);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(pool.stats()).toMatchObject({ running: 0, cancelled: 1, restarted: 1, started: 0 });
    // The next task gets a fresh worker.
    expect(await pool.run('echo', 'again')).toBe('again');
  });

  it('drops a queued task when its signal fires, without touching the running one', async () => {
    pool = new WorkerPool({ source, size: 1 });
    const first = pool.run('spin', { ms: 200 });
    const ac = new AbortController();
    const queued = pool.run('echo', 1, { signal: ac.signal });
    ac.abort();
    await expect(queued).rejects.toBeInstanceOf(TaskCancelledError);
    await expect(first).resolves.toBeGreaterThan(0);
    expect(pool.stats()).toMatchObject({ cancelled: 1, restarted: 0, completed: 1 });
  });

  it('rejects at once when the signal already fired', async () => {
    pool = new WorkerPool({ source, size: 1 });
    await expect(pool.run('echo', 1, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(TaskCancelledError);
    expect(pool.stats().started).toBe(0);
  });

  it('keeps the status and source of an error thrown by a task', async () => {
    pool = new WorkerPool({ source, size: 1 });
    const err = await pool.run('fail', { status: 422 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskError);
    expect(err).toMatchObject({ message: 'bad input', status: 422, source: 'plugin', name: 'QueryError' });
  });

  it('fails only the task whose worker died, and serves the next one', async () => {
    pool = new WorkerPool({ source, size: 1 });
    const err = await pool.run('crash', null).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskError);
    expect((err as Error).message).toMatch(/crash failed: the worker exited with code 3/);
    expect(await pool.run('echo', 'ok')).toBe('ok');
  });

  it('refuses input that cannot cross the thread boundary with a clear error', async () => {
    pool = new WorkerPool({ source, size: 1 });
    await expect(pool.run('echo', { f: () => 1 })).rejects.toThrow(/input cannot be sent to a worker/);
    expect(await pool.run('echo', 2)).toBe(2);
  });
});
