// How long the event loop was blocked: a timer asks to run every `intervalMs` and records how late it ran.
// Exported as a histogram with the backend's own metrics, so a blocked main thread (a big JSON parse, a
// frame encoding) shows up where an operator looks, and benches can read it per phase. Our own sampler
// rather than perf_hooks.monitorEventLoopDelay: that one gives percentiles only, not bucket counts.
import type { Histogram, MetricsRegistry } from './metrics';

export const EVENT_LOOP_DELAY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export function sampleEventLoopDelay(histogram: Histogram, intervalMs = 20): () => void {
  let expected = performance.now() + intervalMs;
  let timer: NodeJS.Timeout;
  const tick = () => {
    const now = performance.now();
    histogram.observe({}, Math.max(0, now - expected) / 1000);
    expected = now + intervalMs;
    timer = setTimeout(tick, intervalMs);
    timer.unref();
  };
  timer = setTimeout(tick, intervalMs);
  timer.unref();
  return () => clearTimeout(timer);
}

export function registerEventLoopDelay(registry: MetricsRegistry): () => void {
  const h = registry.histogram(
    'llmops_backend_event_loop_delay_seconds',
    'How late a 20 ms timer on the main thread ran: time the event loop was blocked.',
    EVENT_LOOP_DELAY_BUCKETS
  );
  return sampleEventLoopDelay(h);
}
