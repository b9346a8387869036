// The shipped LLM Ops alert pack (Grafana-managed). Thresholds come from thresholds.ts; the same
// rules exist as raw PromQL in prometheus/rules/llmops.rules.yml for Prometheus/Alertmanager users.
import type { AlertGroup, AlertRule, DataStep, Reducer, Step, ThresholdOp } from './alert-model';
import type { AnomalyQuery, SourceQuery } from './model';
import { anomaly, promql, signal } from './queries';
import { burnRateExpr } from './slo';
import {
  ANOMALY_SCORE,
  BURN_RATE,
  DEGRADATION,
  E2E_REGRESSION,
  ERROR_RATIO,
  GPU_IDLE,
  GPU_TEMP,
  KV_CACHE,
  PREEMPTIONS,
  QUEUE_GROWING,
  TTFT_SLO,
} from './thresholds';

function q(refId: string, rangeSeconds: number, query: SourceQuery | AnomalyQuery): DataStep {
  return { kind: 'query', refId, rangeSeconds, query };
}

/** The common shape: one query, reduced, compared with a number. */
function simple(
  query: SourceQuery | AnomalyQuery,
  rangeSeconds: number,
  reducer: Reducer,
  op: ThresholdOp,
  value: number
): Step[] {
  return [
    q('A', rangeSeconds, query),
    { kind: 'reduce', refId: 'B', input: 'A', reducer },
    { kind: 'threshold', refId: 'C', input: 'B', op, value },
  ];
}

/** Multi-window burn rate: both the long and the short window must burn faster than `factor`. */
function burn(w: { long: string; short: string; factor: number }): Step[] {
  const expr = (window: string) =>
    burnRateExpr('ttft', { slo: String(TTFT_SLO.seconds), window, target: TTFT_SLO.target });
  return [
    q('A', 600, promql(expr(w.long), '{{model_name}}', true)),
    q('B', 600, promql(expr(w.short), '{{model_name}}', true)),
    { kind: 'reduce', refId: 'C', input: 'A', reducer: 'last' },
    { kind: 'reduce', refId: 'D', input: 'B', reducer: 'last' },
    { kind: 'math', refId: 'E', expression: `$C > ${w.factor} && $D > ${w.factor}` },
    { kind: 'threshold', refId: 'F', input: 'E', op: 'gt', value: 0 },
  ];
}

const perModel = { groupBy: ['model'] };
const perInstance = { groupBy: ['model', 'instance'] };
const perGpu = { groupBy: ['hostname', 'gpu'] };

const serving: AlertRule[] = [
  {
    uid: 'llmops-ttft-slo-burn-fast',
    title: 'TTFT SLO burning fast',
    severity: 'P0',
    for: '2m',
    steps: burn(BURN_RATE.fast),
    summary: `{{ $labels.model_name }} is spending its TTFT error budget ${BURN_RATE.fast.factor}× too fast`,
    description: `Over both the last ${BURN_RATE.fast.long} and ${BURN_RATE.fast.short}, too many requests of {{ $labels.model_name }} waited longer than ${TTFT_SLO.seconds} s for the first token (SLO ${TTFT_SLO.target * 100} %). At this rate the 30-day budget is gone in about two days.`,
    runbook:
      'Open the serving overview for the model. If requests are waiting and KV cache is above 90 %, scale out (add replicas) or shed load. If one instance is slow, drain it. If it started right after a deploy, roll back. Check the root-cause panel for the ranked causes.',
    dashboardUid: 'llmops-serving-overview',
  },
  {
    uid: 'llmops-ttft-slo-burn-slow',
    title: 'TTFT SLO burning',
    severity: 'P1',
    for: '15m',
    steps: burn(BURN_RATE.slow),
    summary: `{{ $labels.model_name }} is spending its TTFT error budget ${BURN_RATE.slow.factor}× too fast`,
    description: `Over both the last ${BURN_RATE.slow.long} and ${BURN_RATE.slow.short}, requests of {{ $labels.model_name }} miss the ${TTFT_SLO.seconds} s TTFT SLO ${BURN_RATE.slow.factor}× more often than the ${TTFT_SLO.target * 100} % target allows.`,
    runbook:
      'Slow, steady burn: usually capacity. Compare request rate with last week, add replicas or raise max batch size if GPUs are not saturated, and check the prefix-cache hit ratio after prompt changes.',
    dashboardUid: 'llmops-serving-overview',
  },
  {
    uid: 'llmops-error-ratio-high',
    title: 'High request error ratio',
    severity: 'P1',
    for: '5m',
    steps: simple(signal('error_ratio', 'ratio', perModel), 600, 'mean', 'gt', ERROR_RATIO.crit),
    summary: `{{ $labels.model }}: more than ${ERROR_RATIO.crit * 100} % of requests fail`,
    description: `The share of failed requests for {{ $labels.model }} averaged above ${ERROR_RATIO.crit * 100} % over 10 minutes (value {{ $values.B }}).`,
    runbook:
      'Check engine logs for OOM or CUDA errors and the GPU fleet dashboard for XID errors. If errors started with a deploy, roll back. If one instance fails, drain it and let the load balancer route around it.',
    dashboardUid: 'llmops-serving-overview',
  },
  {
    uid: 'llmops-kv-cache-warning',
    title: 'KV cache nearly full',
    severity: 'P2',
    for: '10m',
    steps: simple(signal('kv_cache_usage', 'max', perInstance), 600, 'mean', 'gt', KV_CACHE.warn),
    summary: `KV cache of {{ $labels.model }} on {{ $labels.instance }} above ${KV_CACHE.warn * 100} %`,
    description: `KV-cache usage averaged above ${KV_CACHE.warn * 100} % for 10 minutes; new requests will queue and running ones may be preempted.`,
    runbook:
      'Plan capacity: add replicas, lower max_num_seqs / max model length, enable prefix caching, or move to GPUs with more HBM. Watch preemptions.',
    dashboardUid: 'llmops-serving-overview',
  },
  {
    uid: 'llmops-kv-cache-critical',
    title: 'KV cache saturated',
    severity: 'P1',
    for: '5m',
    steps: simple(signal('kv_cache_usage', 'max', perInstance), 300, 'mean', 'gt', KV_CACHE.crit),
    summary: `KV cache of {{ $labels.model }} on {{ $labels.instance }} above ${KV_CACHE.crit * 100} %`,
    description: `KV-cache usage averaged above ${KV_CACHE.crit * 100} % for 5 minutes: the engine is preempting and recomputing requests, latency climbs.`,
    runbook:
      'Scale out now (add replicas behind the router) or shed load (lower the rate limit). Short term, reduce max_num_seqs or max_tokens so fewer sequences compete for blocks.',
    dashboardUid: 'llmops-serving-overview',
  },
  {
    uid: 'llmops-preemptions-sustained',
    title: 'Sustained preemptions',
    severity: 'P2',
    for: '5m',
    // Every sample above zero over 10 minutes: preemption is constant, not a blip.
    steps: simple(signal('preemption_rate', 'rate', perInstance), 600, 'min', 'gt', PREEMPTIONS.warn),
    summary: `{{ $labels.model }} on {{ $labels.instance }} preempts requests continuously`,
    description:
      'The engine evicted running requests from the KV cache in every sample of the last 10 minutes; their work is recomputed and latency suffers.',
    runbook:
      'KV pressure: add replicas, lower max_num_seqs, or give the engine more GPU memory (gpu_memory_utilization). Check for unusually long prompts.',
    dashboardUid: 'llmops-serving-overview',
  },
  {
    uid: 'llmops-preemptions-high',
    title: 'Preemption storm',
    severity: 'P1',
    for: '5m',
    steps: simple(signal('preemption_rate', 'rate', perInstance), 300, 'mean', 'gt', PREEMPTIONS.crit),
    summary: `{{ $labels.model }} on {{ $labels.instance }} preempts ≥ ${PREEMPTIONS.crit} request/s`,
    description: `Preemptions averaged above ${PREEMPTIONS.crit}/s for 5 minutes: the instance spends its GPU time recomputing evicted requests.`,
    runbook:
      'Scale out or shed load immediately; drain the instance if it is the only one affected (a bad node or smaller GPU).',
    dashboardUid: 'llmops-serving-overview',
  },
  {
    uid: 'llmops-queue-growing',
    title: 'Request queue growing',
    severity: 'P1',
    for: '5m',
    steps: [
      q('A', 900, signal('requests_waiting', 'sum', perModel)),
      { kind: 'reduce', refId: 'B', input: 'A', reducer: 'last' },
      { kind: 'reduce', refId: 'C', input: 'A', reducer: 'mean' },
      // Growing: the latest value is well above the 15-minute mean and the queue is not trivial.
      { kind: 'math', refId: 'D', expression: `$B > ${QUEUE_GROWING.minWaiting} && $B > 1.5 * $C` },
      { kind: 'threshold', refId: 'E', input: 'D', op: 'gt', value: 0 },
    ],
    summary: '{{ $labels.model }}: waiting requests keep growing',
    description: `More than ${QUEUE_GROWING.minWaiting} requests wait for {{ $labels.model }} and the queue is 1.5× its 15-minute average: arrivals exceed what the replicas can serve.`,
    runbook:
      'Scale out (more replicas), check for a traffic surge from one client (rate-limit it), and check GPU health of the replicas (thermal throttling, XID).',
    dashboardUid: 'llmops-serving-overview',
  },
  {
    uid: 'llmops-e2e-latency-regressed',
    title: 'End-to-end latency regressed',
    severity: 'P2',
    for: '10m',
    steps: [
      q('A', 600, signal('e2e_latency', 'p95', perModel)),
      q('B', E2E_REGRESSION.baselineHours * 3600, signal('e2e_latency', 'p95', perModel)),
      { kind: 'reduce', refId: 'C', input: 'A', reducer: 'mean' },
      { kind: 'reduce', refId: 'D', input: 'B', reducer: 'mean' },
      {
        kind: 'math',
        refId: 'E',
        expression: `$C > ${E2E_REGRESSION.minSeconds} && $C > ${E2E_REGRESSION.factor} * $D`,
      },
      { kind: 'threshold', refId: 'F', input: 'E', op: 'gt', value: 0 },
    ],
    summary: '{{ $labels.model }}: p95 end-to-end latency is well above its usual level',
    description: `The last 10 minutes' p95 end-to-end latency of {{ $labels.model }} is over ${E2E_REGRESSION.factor}× its ${E2E_REGRESSION.baselineHours}-hour mean (and above ${E2E_REGRESSION.minSeconds} s): decoding got slower.`,
    runbook:
      'Check the GPUs serving the model on the GPU fleet dashboard: power draw or SM clocks down (power capping, thermal throttling), XID errors, a noisy neighbour; then inter-token latency and batch size. Drain a bad node; lift a power cap.',
    dashboardUid: 'llmops-gpu-fleet',
  },
  {
    uid: 'llmops-degradation-level',
    title: 'Serving degraded',
    severity: 'P1',
    for: '5m',
    // Levels are integers 0–4; "> 2.5" is "≥ 3" on every Grafana version (gte needs Grafana 11+).
    steps: simple(signal('degradation_level', 'max', perModel), 600, 'last', 'gt', DEGRADATION.alert - 0.5),
    summary: '{{ $labels.model }} is degraded (level {{ $values.B }})',
    description:
      'The combined degradation level (latency, errors, saturation, GPU health) is 3 or more: users are clearly affected.',
    runbook:
      'Open the anomalies and root-cause dashboard: follow the top hypothesis (scale out, drain a GPU node, roll back the last deploy).',
    dashboardUid: 'llmops-anomalies-rootcause',
  },
  {
    uid: 'llmops-anomaly-score-high',
    title: 'Anomalous TTFT',
    severity: 'P2',
    for: '10m',
    steps: simple(anomaly(signal('ttft', 'p95', perModel), 0.8, true), 3600, 'last', 'gt', ANOMALY_SCORE.alert),
    summary: '{{ $labels.model }}: TTFT p95 is outside its usual band',
    description: `The anomaly score of TTFT p95 stayed above ${ANOMALY_SCORE.alert} for 10 minutes. Anomalies are context, not outages: this opens a ticket, it does not page.`,
    runbook:
      'Look at the root-cause panel for the window, compare with deploys and traffic changes, and tune the detector sensitivity if it is noise.',
    dashboardUid: 'llmops-anomalies-rootcause',
  },
];

const gpu: AlertRule[] = [
  {
    uid: 'llmops-gpu-xid',
    title: 'GPU XID error',
    severity: 'P1',
    for: '0s',
    steps: simple(signal('gpu_xid_errors', 'max', perGpu), 300, 'max', 'gt', 0),
    summary: 'GPU {{ $labels.gpu }} on {{ $labels.hostname }} reported XID {{ $values.B }}',
    description:
      'The driver reported an XID error. 79 (fallen off the bus), 48/63/64/94/95 (memory) and 119/120 (GSP) usually need the node drained.',
    runbook:
      'Cordon and drain the node (kubectl cordon/drain), let the replicas reschedule, then reset the GPU or reboot; open a hardware ticket if it repeats.',
    dashboardUid: 'llmops-gpu-fleet',
  },
  {
    uid: 'llmops-gpu-temperature',
    title: 'GPU too hot',
    severity: 'P1',
    for: '5m',
    steps: simple(signal('gpu_temperature', 'max', perGpu), 300, 'mean', 'gt', GPU_TEMP.crit),
    summary: `GPU {{ $labels.gpu }} on {{ $labels.hostname }} above ${GPU_TEMP.crit} °C`,
    description: `The GPU averaged above ${GPU_TEMP.crit} °C for 5 minutes; it will throttle its clocks and slow every request it serves.`,
    runbook:
      'Check fans, airflow and the data-centre cooling; compare SM clocks with other GPUs. Drain the node if clocks drop.',
    dashboardUid: 'llmops-gpu-fleet',
  },
  {
    uid: 'llmops-gpu-idle-allocated',
    title: 'GPU allocated but idle',
    severity: 'P2',
    for: '15m',
    steps: [
      q('A', GPU_IDLE.forMinutes * 60, signal('gpu_utilization', 'avg', perGpu)),
      q('B', GPU_IDLE.forMinutes * 60, signal('gpu_memory_used_ratio', 'max', perGpu)),
      { kind: 'reduce', refId: 'C', input: 'A', reducer: 'mean' },
      { kind: 'reduce', refId: 'D', input: 'B', reducer: 'min' },
      // Memory in use (a model is loaded) but the engine is barely busy on average (a trickle of
      // requests still spikes it now and then): paid-for idle capacity.
      { kind: 'math', refId: 'E', expression: `$C < ${GPU_IDLE.activeBelow} && $D > 0.1` },
      { kind: 'threshold', refId: 'F', input: 'E', op: 'gt', value: 0 },
    ],
    summary: 'GPU {{ $labels.gpu }} on {{ $labels.hostname }} holds a model but does no work',
    description: `Utilisation averaged below ${GPU_IDLE.activeBelow * 100} % over ${GPU_IDLE.forMinutes} minutes while its memory is allocated: you pay for an idle GPU.`,
    runbook:
      'Consolidate models onto fewer GPUs, scale the deployment down (or to zero off-hours), or move the model to a smaller GPU. See the cost dashboard opportunities.',
    dashboardUid: 'llmops-cost-efficiency',
  },
  {
    uid: 'llmops-target-down',
    title: 'Scrape target down',
    severity: 'P1',
    for: '2m',
    steps: simple(signal('up', 'min', { groupBy: ['job', 'instance'] }), 300, 'last', 'lt', 1),
    summary: '{{ $labels.job }} target {{ $labels.instance }} is down',
    description:
      'Prometheus cannot scrape this target: the engine or exporter crashed, or the node is gone. Its dashboards and alerts are blind.',
    runbook:
      'Check the pod/process (crash loop, OOM kill), the node, and network policies. Restart the exporter; if a serving replica is gone, make sure the router stopped sending it traffic.',
  },
];

export const alertGroups: AlertGroup[] = [
  { name: 'llmops-serving', interval: '1m', rules: serving },
  { name: 'llmops-gpu', interval: '1m', rules: gpu },
];
