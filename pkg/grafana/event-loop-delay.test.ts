import { describe, expect, it } from 'vitest';
import { sampleEventLoopDelay } from './event-loop-delay';
import { MetricsRegistry } from './metrics';

describe('event-loop delay sampler', () => {
  it('records how long the loop was blocked', async () => {
    const registry = new MetricsRegistry();
    const h = registry.histogram('delay_seconds', 'test', [0.01, 0.1, 1]);
    const stop = sampleEventLoopDelay(h, 10);
    await new Promise((r) => setTimeout(r, 50));
    const until = performance.now() + 150;
    while (performance.now() < until); // block the loop
    await new Promise((r) => setTimeout(r, 50));
    stop();
    const text = registry.render();
    const bucket = (le: string) => Number(new RegExp(`delay_seconds_bucket\\{le="${le}"\\} (\\d+)`).exec(text)![1]);
    const count = Number(/delay_seconds_count (\d+)/.exec(text)![1]);
    expect(count).toBeGreaterThan(3);
    expect(count - bucket('0.1')).toBeGreaterThanOrEqual(1); // one tick ran ≥ 100 ms late
    expect(bucket('1')).toBe(count);
  });
});
