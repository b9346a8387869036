// Stop, signals and restart, as Grafana's process manager does them.
import { afterEach, describe, expect, it } from 'vitest';
import { startPlugin, type PluginHandle } from '../host';

const started: PluginHandle[] = [];
async function start() {
  const p = await startPlugin();
  started.push(p);
  return p;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.close()));
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('lifecycle', () => {
  it('GRPCController.Shutdown → graceful exit (code 0) within 2 s', async () => {
    const p = await start();
    const res = await p.shutdown();
    console.log(`shutdown → exit: ${res.exitMs.toFixed(0)} ms`);
    expect(res).toMatchObject({ graceful: true, code: 0, signal: null });
    expect(res.exitMs).toBeLessThan(2000);
    expect(p.stderrLines().some((l) => /"@message":"plugin shutting down"/.test(l))).toBe(true);
  });

  it('SIGINT is ignored; SIGTERM exits gracefully', async () => {
    const p = await start();
    p.kill('SIGINT');
    await sleep(300);
    expect(p.isRunning()).toBe(true);
    expect(await p.health()).toBe('SERVING');
    const json = await p.queryJson([{ refId: 'A', queryType: 'test' }]);
    expect(json.results.A!.status).toBe(200);
    p.kill('SIGTERM');
    expect(await p.exited()).toEqual({ code: 0, signal: null });
  });

  it("when the host's pipes close (Grafana died), the plugin exits cleanly instead of spinning on EPIPE", async () => {
    const p = await start();
    p.closePipes();
    p.kill('SIGTERM'); // makes the plugin log, which now hits the closed pipe
    const t0 = performance.now();
    const result = await Promise.race([p.exited(), sleep(3000).then(() => 'still running' as const)]);
    expect(result).toEqual({ code: 0, signal: null });
    expect(performance.now() - t0).toBeLessThan(3000);
  });

  it('after kill -9, a fresh start works', async () => {
    const first = await start();
    first.kill('SIGKILL');
    expect(await first.exited()).toEqual({ code: null, signal: 'SIGKILL' });
    const second = await start();
    expect(second.pid).not.toBe(first.pid);
    expect(await second.health()).toBe('SERVING');
    const json = await second.queryJson([{ refId: 'A', queryType: 'test', model: { seriesCount: 2 } }]);
    expect(json.results.A!.frames).toHaveLength(2);
  });
});
