// 200 concurrent QueryData calls against one process: no errors, no crash; peak RSS reported.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlugin, type PluginHandle } from '../host';

let plugin: PluginHandle;
beforeAll(async () => {
  plugin = await startPlugin();
});
afterAll(async () => {
  await plugin?.close();
});

describe('load', () => {
  it('answers 200 concurrent QueryData calls (3 queries each)', async () => {
    const idleRss = plugin.rssBytes();
    let peak = idleRss;
    const sampler = setInterval(() => {
      if (plugin.isRunning()) peak = Math.max(peak, plugin.rssBytes());
    }, 20);
    const t0 = performance.now();
    const calls = Array.from({ length: 200 }, (_, i) =>
      plugin.queryJson([
        { refId: 'A', queryType: 'test', model: { seriesCount: 10, points: 500 } },
        { refId: 'B', queryType: 'test', model: { seriesCount: 5, instant: true } },
        { refId: 'C', queryType: i % 2 ? 'test' : 'nope' },
      ])
    );
    const results = await Promise.all(calls);
    clearInterval(sampler);
    const ms = performance.now() - t0;
    console.log(
      `200 concurrent QueryData: ${ms.toFixed(0)} ms total; RSS idle ${(idleRss / 2 ** 20).toFixed(1)} MiB, ` +
        `peak ${(peak / 2 ** 20).toFixed(1)} MiB`
    );
    results.forEach((r, i) => {
      expect(r.results.A!.status).toBe(200);
      expect(r.results.A!.frames).toHaveLength(10);
      expect(r.results.B!.frames).toHaveLength(5);
      expect(r.results.C!.status).toBe(i % 2 ? 200 : 400);
    });
    expect(plugin.isRunning()).toBe(true);
    expect(await plugin.health()).toBe('SERVING');
    expect(plugin.stderrLines().filter((l) => /"@level":"error"/.test(l))).toEqual([]);
  });
});
