// Restart and rollout evidence from what fleets expose: `process_start_time_seconds` (every Python,
// Go and Rust Prometheus client), resets of the engines' request counters, a `version` label on info
// metrics, kube-state-metrics' container image, and a new served-model name in the serving series.
import type { DataContext } from '../../datasource/data-context';
import { restartsFromCounterResets, restartsFromProcessStart, rolloutsFromLabel } from '../../analytics/rootcause/restarts';
import type { RestartEvent, SignalSeries } from '../../analytics/rootcause/types';
import type { Detection } from '../../signals/detect';
import { promDuration, type QueryRange } from '../promql/range';

/** Request counters whose resets mark an engine restart (one per engine family). */
const REQUEST_COUNTERS = [
  'vllm:request_success_total',
  'sglang:num_requests_total',
  'tgi_request_count',
  'trtllm_request_success_total',
  'nv_inference_count',
  'llamacpp:tokens_predicted_total',
  'gen_ai_server_request_duration_seconds_count',
  'llm_requests_total',
  'process_cpu_seconds_total',
];

async function series(data: DataContext, name: string, expr: string, range: QueryRange, abort?: AbortSignal): Promise<SignalSeries[]> {
  const res = await data.prometheus.queryRange(expr, range.startMs, range.endMs, range.stepMs, abort);
  return res.result.map((r) => ({
    signal: name,
    labels: { ...r.labels },
    times: Array.from(r.times),
    values: Array.from(r.values, (v) => (Number.isFinite(v) ? v : null)),
  }));
}

/** Every restart and rollout in the range; a query that fails only loses its own evidence (noted). */
export async function restartEvidence(
  data: DataContext,
  detection: Detection,
  servingSeries: SignalSeries[],
  range: QueryRange,
  abort?: AbortSignal
): Promise<{ events: RestartEvent[]; warnings: string[] }> {
  const warnings: string[] = [];
  const tryQuery = async (what: string, run: () => Promise<RestartEvent[]>) => {
    try {
      return await run();
    } catch (e) {
      warnings.push(`Restart evidence from ${what} skipped: ${(e as Error).message}`);
      return [];
    }
  };
  const counters = REQUEST_COUNTERS.filter((n) => detection.hasMetric(n));
  const window = promDuration(range.rateWindowMs);
  const parts = await Promise.all([
    detection.hasMetric('process_start_time_seconds')
      ? tryQuery('process_start_time_seconds', async () =>
          restartsFromProcessStart(await series(data, 'process_start_time_seconds', 'max by (instance, pod) (process_start_time_seconds)', range, abort))
        )
      : [],
    counters.length
      ? tryQuery('counter resets', async () =>
          restartsFromCounterResets(await series(data, 'resets', `sum by (instance, pod) (resets({__name__=~"${counters.join('|')}"}[${window}]))`, range, abort))
        )
      : [],
    tryQuery('version labels', async () =>
      rolloutsFromLabel(await series(data, 'version', 'count by (instance, pod, version) ({__name__=~".+_info", version=~".+"})', range, abort), 'version')
    ),
    detection.hasMetric('kube_pod_container_info')
      ? tryQuery('container images', async () => rolloutsFromLabel(await series(data, 'image', 'count by (pod, image) (kube_pod_container_info)', range, abort), 'image'))
      : [],
  ]);
  const renames = rolloutsFromLabel(servingSeries, 'model');
  return { events: [...parts.flat(), ...renames], warnings };
}
