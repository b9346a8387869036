// The compute pool's counters as the backend's own metrics (Diagnostics/CollectMetrics).
import type { MetricsRegistry } from '../grafana/metrics';
import type { Compute } from '.';

export function registerComputeMetrics(registry: MetricsRegistry, compute: Compute): void {
  const stat = (key: 'size' | 'running' | 'queued' | 'completed' | 'failed' | 'cancelled' | 'restarted') => () =>
    compute.stats()?.[key] ?? 0;
  registry.gauge('llmops_backend_compute_workers', 'Worker threads the analytics may use (0: they run inline).', stat('size'));
  registry.gauge('llmops_backend_compute_tasks_running', 'Analytics tasks running in worker threads.', stat('running'));
  registry.gauge('llmops_backend_compute_tasks_queued', 'Analytics tasks waiting for a worker thread.', stat('queued'));
  registry.gauge('llmops_backend_compute_tasks_completed_total', 'Analytics tasks finished in worker threads.', stat('completed'), 'counter');
  registry.gauge('llmops_backend_compute_tasks_failed_total', 'Analytics tasks that threw or lost their worker.', stat('failed'), 'counter');
  registry.gauge(
    'llmops_backend_compute_tasks_cancelled_total',
    'Analytics tasks stopped because their query was cancelled or timed out.',
    stat('cancelled'),
    'counter'
  );
}
