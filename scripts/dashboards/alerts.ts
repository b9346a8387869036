// The shipped LLM Ops alert pack: each rule once, rendered to Grafana-managed rules
// (provisioning/alerting/llmops-rules.yaml, and the app's "Install alert rules") and to the Prometheus
// pack (prometheus/rules/llmops.rules.yml). Paging is on symptoms users feel (SLO burn, errors, queue
// time, preemption storms); saturation and causes open tickets.
import type { AlertGroup, AlertRule, DataStep, Reducer, Step, ThresholdOp } from './alert-model';
import { ERROR_GUARD, PREEMPTION_SUSTAINED, QUEUE_BACKLOG, QUEUE_TIME, TARGET_MISSING_WINDOW } from './alert-thresholds';
import type { AnomalyQuery, SourceQuery } from './model';
import { PROM_TARGETS } from './prometheus-pack';
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
const perTarget = { groupBy: ['job', 'instance'] };
const SERVING = 'llmops-serving-overview';
const GPU = 'llmops-gpu-fleet';
const pct = (x: number) => `${+(x * 100).toFixed(4)} %`;
const budgetMiss = (factor: number) => +(factor * (1 - TTFT_SLO.target)).toFixed(6);
/** Grafana: no data on these rules means no traffic or no such engine; a target rule sees absence. */
const QUIET = { noDataState: 'OK', execErrState: 'Error' } as const;

const serving: AlertRule[] = [
  {
    uid: 'llmops-ttft-slo-burn-fast',
    title: 'TTFT SLO burning fast',
    severity: 'P0',
    for: '2m',
    steps: burn(BURN_RATE.fast),
    ...QUIET,
    condition: `TTFT error-budget burn rate > {0}× over ${BURN_RATE.fast.long} and > {1}× over ${BURN_RATE.fast.short}`,
    thresholds: [BURN_RATE.fast.factor],
    summary: `{{ $labels.model_name }} burns its TTFT error budget {{ humanize $values.C.Value }}× too fast`,
    description: `Over the last ${BURN_RATE.fast.long} ({{ humanize $values.C.Value }}×) and ${BURN_RATE.fast.short} ({{ humanize $values.D.Value }}×), too many requests of {{ $labels.model_name }} waited longer than ${TTFT_SLO.seconds} s for the first token (SLO ${pct(TTFT_SLO.target)}). At ${BURN_RATE.fast.factor}× the 30-day budget is gone in about two days.`,
    runbook: {
      meaning: `More than ${pct(budgetMiss(BURN_RATE.fast.factor))} of the model's requests miss the ${TTFT_SLO.seconds} s time-to-first-token SLO, in both the last ${BURN_RATE.fast.long} and the last ${BURN_RATE.fast.short}: users are waiting now, and it is not a blip.`,
      actions:
        '1. Open the serving overview for the model: are requests waiting and is the KV cache above 90 %? Scale out (add replicas) or shed load (lower the rate limit).\n2. One instance slow? Drain it and let the router send traffic elsewhere.\n3. Started right after a deploy? Roll back.\n4. The root-cause panel ranks the likely causes for the window.',
    },
    panel: { dashboard: SERVING, title: 'TTFT SLO attainment' },
    prometheus: {
      alert: 'LLMTTFTSLOBurnFast',
      expr: `llmops:ttft_slo_miss_ratio:rate1h / ${+(1 - TTFT_SLO.target).toFixed(6)} > ${BURN_RATE.fast.factor} and llmops:ttft_slo_miss_ratio:rate5m / ${+(1 - TTFT_SLO.target).toFixed(6)} > ${BURN_RATE.fast.factor}`,
      summary: `{{ $labels.model_name }} burns its TTFT error budget {{ $value | humanize }}× too fast`,
      description: `Over the last ${BURN_RATE.fast.long} and ${BURN_RATE.fast.short}, more than ${pct(budgetMiss(BURN_RATE.fast.factor))} of requests waited over ${TTFT_SLO.seconds} s for the first token (SLO ${pct(TTFT_SLO.target)}).`,
    },
  },
  {
    uid: 'llmops-ttft-slo-burn-slow',
    title: 'TTFT SLO burning',
    severity: 'P1',
    for: '15m',
    steps: burn(BURN_RATE.slow),
    ...QUIET,
    condition: `TTFT error-budget burn rate > {0}× over ${BURN_RATE.slow.long} and > {1}× over ${BURN_RATE.slow.short}`,
    thresholds: [BURN_RATE.slow.factor],
    summary: `{{ $labels.model_name }} burns its TTFT error budget {{ humanize $values.C.Value }}× too fast`,
    description: `Over both the last ${BURN_RATE.slow.long} and ${BURN_RATE.slow.short}, requests of {{ $labels.model_name }} miss the ${TTFT_SLO.seconds} s TTFT SLO {{ humanize $values.C.Value }}× more often than the ${pct(TTFT_SLO.target)} target allows.`,
    runbook: {
      meaning: `A slow, steady burn: over ${BURN_RATE.slow.long} more than ${pct(budgetMiss(BURN_RATE.slow.factor))} of requests miss the TTFT SLO. Left alone, the month's error budget is gone in five days.`,
      actions:
        '1. Usually capacity: compare the request rate with last week.\n2. Add replicas, or raise the max batch size if the GPUs are not saturated.\n3. Check the prefix-cache hit ratio after prompt or template changes.',
    },
    panel: { dashboard: SERVING, title: 'TTFT SLO attainment' },
    prometheus: {
      alert: 'LLMTTFTSLOBurnSlow',
      expr: `llmops:ttft_slo_miss_ratio:rate6h / ${+(1 - TTFT_SLO.target).toFixed(6)} > ${BURN_RATE.slow.factor} and llmops:ttft_slo_miss_ratio:rate30m / ${+(1 - TTFT_SLO.target).toFixed(6)} > ${BURN_RATE.slow.factor}`,
      summary: `{{ $labels.model_name }} burns its TTFT error budget {{ $value | humanize }}× too fast`,
      description: `Over the last ${BURN_RATE.slow.long} and ${BURN_RATE.slow.short}, more than ${pct(budgetMiss(BURN_RATE.slow.factor))} of requests waited over ${TTFT_SLO.seconds} s for the first token (SLO ${pct(TTFT_SLO.target)}).`,
    },
  },
  {
    uid: 'llmops-error-ratio-high',
    title: 'High request error ratio',
    severity: 'P1',
    for: '5m',
    steps: [
      q('A', ERROR_GUARD.windowSeconds, signal('error_ratio', 'ratio', perModel)),
      q('B', ERROR_GUARD.windowSeconds, signal('request_rate', 'rate', perModel)),
      { kind: 'reduce', refId: 'C', input: 'A', reducer: 'mean' },
      { kind: 'reduce', refId: 'D', input: 'B', reducer: 'mean' },
      // Failed requests in the window = ratio × rate × seconds: one error of a quiet model is not a page.
      {
        kind: 'math',
        refId: 'E',
        expression: `$C > ${ERROR_RATIO.crit} && $C * $D * ${ERROR_GUARD.windowSeconds} >= ${ERROR_GUARD.minFailures}`,
      },
      { kind: 'threshold', refId: 'F', input: 'E', op: 'gt', value: 0 },
    ],
    ...QUIET,
    condition: `error ratio (${ERROR_GUARD.windowSeconds / 60} min mean) > {0:%} with at least {2} failed requests in ${ERROR_GUARD.windowSeconds / 60} min`,
    thresholds: [ERROR_RATIO.crit, ERROR_GUARD.minFailures],
    summary: '{{ $labels.model }}: {{ humanizePercentage $values.C.Value }} of requests fail',
    description: `{{ humanizePercentage $values.C.Value }} of the requests of {{ $labels.model }} failed over the last ${ERROR_GUARD.windowSeconds / 60} minutes (at {{ humanize $values.D.Value }} requests/s), above the ${pct(ERROR_RATIO.crit)} limit.`,
    runbook: {
      meaning: `More than ${pct(ERROR_RATIO.crit)} of the model's finished requests failed over ${ERROR_GUARD.windowSeconds / 60} minutes, and at least ${ERROR_GUARD.minFailures} requests failed (so a model serving a request a minute does not page on one error).`,
      actions:
        '1. Engine logs: out-of-memory, CUDA errors, request validation errors.\n2. GPU fleet dashboard: XID errors on the GPUs serving the model.\n3. Started with a deploy? Roll back.\n4. One instance failing? Drain it and let the load balancer route around it.',
    },
    panel: { dashboard: SERVING, signal: 'error_ratio' },
    prometheus: {
      alert: 'LLMHighErrorRatio',
      expr: `avg_over_time(llmops:request_error_ratio:rate5m[10m]) > ${ERROR_RATIO.crit} and on (model_name) avg_over_time(llmops:request_error_ratio:rate5m[10m]) * avg_over_time(llmops:requests_finished:rate5m[10m]) * ${ERROR_GUARD.windowSeconds} >= ${ERROR_GUARD.minFailures}`,
      summary: '{{ $labels.model_name }}: {{ $value | humanizePercentage }} of requests fail',
      description: `Failed / finished requests averaged above ${pct(ERROR_RATIO.crit)} over 10 minutes, with at least ${ERROR_GUARD.minFailures} failures.`,
    },
  },
  {
    uid: 'llmops-queue-time-high',
    title: 'Requests wait too long in the queue',
    severity: 'P1',
    for: '5m',
    steps: simple(signal('queue_time', 'p95', perModel), 300, 'mean', 'gt', QUEUE_TIME.p95Seconds),
    ...QUIET,
    condition: 'queue time p95 > {0} s',
    thresholds: [QUEUE_TIME.p95Seconds],
    summary: '{{ $labels.model }}: requests wait {{ humanizeDuration $values.B.Value }} (p95) before they are scheduled',
    description: `The 95th percentile of the time requests of {{ $labels.model }} spend waiting for a slot averaged {{ humanizeDuration $values.B.Value }} over 5 minutes (limit ${QUEUE_TIME.p95Seconds} s): every such second is added to time to first token.`,
    runbook: {
      meaning: `Requests wait more than ${QUEUE_TIME.p95Seconds} s (p95) before the engine schedules them: the replicas are full and arrivals queue.`,
      actions:
        '1. Scale out (more replicas) or shed load.\n2. A traffic surge from one client? Rate-limit it.\n3. Check GPU health of the replicas (thermal throttling, XID): a slow replica drains its queue slowly.',
    },
    panel: { dashboard: SERVING, signal: 'queue_time' },
    prometheus: {
      alert: 'LLMQueueTimeHigh',
      expr: `avg_over_time(llmops:queue_time_p95:rate5m[5m]) > ${QUEUE_TIME.p95Seconds}`,
      summary: '{{ $labels.model_name }}: requests wait {{ $value | humanizeDuration }} (p95) before they are scheduled',
      description: `Queue time p95 averaged above ${QUEUE_TIME.p95Seconds} s over 5 minutes.`,
    },
  },
  {
    uid: 'llmops-queue-backlog',
    title: 'Request queue not draining',
    severity: 'P1',
    for: '5m',
    // Every sample of the window above the line: a queue stuck high fires, not only a growing one.
    steps: simple(
      signal('requests_waiting', 'sum', perModel),
      QUEUE_BACKLOG.windowMinutes * 60,
      'min',
      'gt',
      QUEUE_BACKLOG.minWaiting
    ),
    ...QUIET,
    condition: `waiting requests > {0} in every sample of ${QUEUE_BACKLOG.windowMinutes} min`,
    thresholds: [QUEUE_BACKLOG.minWaiting],
    summary: '{{ $labels.model }}: at least {{ humanize $values.B.Value }} requests waiting for 10 minutes',
    description: `The queue of {{ $labels.model }} never dropped to ${QUEUE_BACKLOG.minWaiting} or fewer waiting requests in ${QUEUE_BACKLOG.windowMinutes} minutes (lowest {{ humanize $values.B.Value }}): arrivals exceed what the replicas serve, whether the queue grows or is stuck high.`,
    runbook: {
      meaning: `More than ${QUEUE_BACKLOG.minWaiting} requests were waiting at every moment of the last ${QUEUE_BACKLOG.windowMinutes} minutes: the queue is not draining.`,
      actions:
        '1. Scale out (more replicas).\n2. Look for a surge from one client and rate-limit it.\n3. Check the replicas\' GPUs (thermal throttling, XID) and the KV cache: a replica that cannot admit requests keeps its queue.',
    },
    panel: { dashboard: SERVING, signal: 'requests_waiting' },
    prometheus: {
      alert: 'LLMQueueNotDraining',
      expr: `min_over_time(llmops:requests_waiting:sum[${QUEUE_BACKLOG.windowMinutes}m]) > ${QUEUE_BACKLOG.minWaiting}`,
      summary: '{{ $labels.model_name }}: at least {{ $value | humanize }} requests waiting for 10 minutes',
      description: `More than ${QUEUE_BACKLOG.minWaiting} requests waited in every sample of the last ${QUEUE_BACKLOG.windowMinutes} minutes.`,
    },
  },
  {
    uid: 'llmops-preemptions-high',
    title: 'Preemption storm',
    severity: 'P1',
    for: '5m',
    steps: simple(signal('preemption_rate', 'rate', perInstance), 300, 'mean', 'gt', PREEMPTIONS.crit),
    ...QUIET,
    condition: 'preemptions > {0} per second (5 min mean)',
    thresholds: [PREEMPTIONS.crit],
    summary: '{{ $labels.model }} on {{ $labels.instance }} preempts {{ humanize $values.B.Value }} requests/s',
    description: `Preemptions on {{ $labels.instance }} averaged {{ humanize $values.B.Value }}/s over 5 minutes (limit ${PREEMPTIONS.crit}/s): the instance spends its GPU time recomputing evicted requests and latency climbs.`,
    runbook: {
      meaning: `The engine evicts running requests from the KV cache more than ${PREEMPTIONS.crit} time per second; their work is thrown away and recomputed.`,
      actions:
        '1. Scale out or shed load now.\n2. Only this instance? Drain it (a bad node, a smaller GPU, a noisy neighbour).\n3. Short term, lower max_num_seqs or max_tokens so fewer sequences compete for KV blocks.',
    },
    panel: { dashboard: SERVING, signal: 'preemption_rate' },
    prometheus: {
      alert: 'LLMPreemptionStorm',
      expr: `llmops:preemptions:rate5m > ${PREEMPTIONS.crit}`,
      summary: '{{ $labels.model_name }} on {{ $labels.instance }} preempts {{ $value | humanize }} requests/s',
      description: `Preemptions stayed above ${PREEMPTIONS.crit}/s for 5 minutes.`,
    },
  },
  {
    uid: 'llmops-kv-cache-critical',
    title: 'KV cache saturated',
    // vLLM calls a full KV cache expected under load: a ticket to plan capacity; the symptoms page.
    severity: 'P2',
    for: '5m',
    steps: simple(signal('kv_cache_usage', 'max', perInstance), 300, 'mean', 'gt', KV_CACHE.crit),
    ...QUIET,
    condition: 'KV-cache usage > {0:%} (5 min mean)',
    thresholds: [KV_CACHE.crit],
    summary: 'KV cache of {{ $labels.model }} on {{ $labels.instance }} at {{ humanizePercentage $values.B.Value }}',
    description: `KV-cache usage averaged {{ humanizePercentage $values.B.Value }} over 5 minutes (limit ${pct(KV_CACHE.crit)}): new requests queue and running ones may be preempted. Expected under peak load; a capacity ticket unless latency or errors page as well.`,
    runbook: {
      meaning: `The instance's KV cache stayed above ${pct(KV_CACHE.crit)} for 5 minutes. vLLM documents a full cache as expected under load, so this is a ticket; the queue-time, preemption and SLO rules page when users feel it.`,
      actions:
        '1. Plan capacity: add replicas, or move to GPUs with more HBM.\n2. Lower max_num_seqs or the max model length; enable prefix caching.\n3. Watch preemptions on the same panel.',
    },
    panel: { dashboard: SERVING, signal: 'kv_cache_usage' },
    prometheus: {
      alert: 'LLMKVCacheSaturated',
      expr: `avg_over_time(llmops:kv_cache_usage:max[5m]) > ${KV_CACHE.crit}`,
      summary: 'KV cache of {{ $labels.model_name }} on {{ $labels.instance }} at {{ $value | humanizePercentage }}',
      description: `KV-cache usage averaged above ${pct(KV_CACHE.crit)} for 5 minutes.`,
    },
  },
  {
    uid: 'llmops-preemptions-sustained',
    title: 'Sustained preemptions',
    severity: 'P2',
    for: '5m',
    // Every sample above zero over 10 minutes: preemption is constant, not a blip.
    steps: simple(signal('preemption_rate', 'rate', perInstance), 600, 'min', 'gt', PREEMPTION_SUSTAINED.above),
    ...QUIET,
    condition: 'preemptions > {0} per second in every sample of 10 min',
    thresholds: [PREEMPTION_SUSTAINED.above],
    summary: '{{ $labels.model }} on {{ $labels.instance }} preempts requests continuously',
    description:
      'The engine evicted running requests from the KV cache in every sample of the last 10 minutes (at least {{ humanize $values.B.Value }}/s); their work is recomputed and latency suffers.',
    runbook: {
      meaning: 'Preemptions never stopped for 10 minutes: the instance runs with too little KV cache for its load.',
      actions:
        '1. Add replicas or lower max_num_seqs.\n2. Give the engine more GPU memory (gpu_memory_utilization).\n3. Check for unusually long prompts.',
    },
    panel: { dashboard: SERVING, signal: 'preemption_rate' },
    prometheus: {
      alert: 'LLMPreemptionsSustained',
      expr: `min_over_time(llmops:preemptions:rate5m[10m]) > ${PREEMPTION_SUSTAINED.above}`,
      summary: '{{ $labels.model_name }} on {{ $labels.instance }} preempts requests continuously',
      description: 'Preemptions never dropped to zero in the last 10 minutes.',
    },
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
    ...QUIET,
    condition: `E2E p95 (10 min) > {0} s and > {1}× its ${E2E_REGRESSION.baselineHours} h mean`,
    thresholds: [E2E_REGRESSION.minSeconds, E2E_REGRESSION.factor],
    summary: '{{ $labels.model }}: p95 end-to-end latency {{ humanizeDuration $values.C.Value }}, usually {{ humanizeDuration $values.D.Value }}',
    description: `The last 10 minutes' p95 end-to-end latency of {{ $labels.model }} ({{ humanizeDuration $values.C.Value }}) is over ${E2E_REGRESSION.factor}× its ${E2E_REGRESSION.baselineHours}-hour mean ({{ humanizeDuration $values.D.Value }}): decoding got slower.`,
    runbook: {
      meaning: `Requests of the model take over ${E2E_REGRESSION.factor}× longer end to end than over the last ${E2E_REGRESSION.baselineHours} hours (and over ${E2E_REGRESSION.minSeconds} s): usually slower decoding, not more traffic.`,
      actions:
        '1. GPU fleet dashboard for the model\'s GPUs: power draw or SM clocks down (power capping, thermal throttling), XID errors, a noisy neighbour.\n2. Then inter-token latency and batch size.\n3. Drain a bad node; lift a power cap.',
    },
    panel: { dashboard: SERVING, signal: 'e2e_latency' },
    prometheus: {
      alert: 'LLME2ELatencyRegressed',
      expr: `avg_over_time(llmops:e2e_p95:rate5m[10m]) > ${E2E_REGRESSION.minSeconds} and avg_over_time(llmops:e2e_p95:rate5m[10m]) > ${E2E_REGRESSION.factor} * avg_over_time(llmops:e2e_p95:rate5m[${E2E_REGRESSION.baselineHours}h])`,
      summary: '{{ $labels.model_name }}: p95 end-to-end latency {{ $value | humanizeDuration }}, well above its usual level',
      description: `E2E p95 over 10 minutes is above ${E2E_REGRESSION.minSeconds} s and ${E2E_REGRESSION.factor}× its ${E2E_REGRESSION.baselineHours}-hour mean.`,
    },
  },
  {
    uid: 'llmops-degradation-level',
    title: 'Serving degraded',
    severity: 'P1',
    for: '5m',
    // Levels are integers 0–4; "> 2.5" is "≥ 3" on every Grafana version (gte needs Grafana 11+).
    steps: simple(signal('degradation_level', 'max', perModel), 600, 'last', 'gt', DEGRADATION.alert - 0.5),
    ...QUIET,
    condition: 'degradation level > {0}, i.e. 3 heavy or 4 emergency',
    thresholds: [DEGRADATION.alert - 0.5],
    summary: '{{ $labels.model }} is degraded (level {{ $values.B.Value }} of 4)',
    description:
      'The combined degradation level of {{ $labels.model }} (latency, errors, saturation, GPU health) is at level {{ $values.B.Value }} (3 heavy, 4 emergency): users are clearly affected.',
    runbook: {
      meaning: 'The degradation level (0 normal, 1 light, 2 moderate, 3 heavy, 4 emergency) is 3 or more: latency or errors are well past their SLOs, or resources are exhausted.',
      actions:
        '1. Open the anomalies and root-cause dashboard and follow the top hypothesis: scale out, drain a GPU node, roll back the last deploy.\n2. The level\'s driver (which input crossed its threshold) is shown on the degradation panels.',
    },
    panel: { dashboard: 'llmops-anomalies-rootcause', signal: 'degradation_level' },
    prometheus: { none: 'the degradation level is computed by the LLM Ops backend' },
  },
  {
    uid: 'llmops-anomaly-score-high',
    title: 'Anomalous TTFT',
    severity: 'P2',
    for: '10m',
    steps: simple(anomaly(signal('ttft', 'p95', perModel), 0.8, true), 3600, 'last', 'gt', ANOMALY_SCORE.alert),
    ...QUIET,
    condition: 'TTFT p95 anomaly score > {0}',
    thresholds: [ANOMALY_SCORE.alert],
    summary: '{{ $labels.model }}: TTFT p95 is outside its usual band (score {{ humanize $values.B.Value }})',
    description: `The anomaly score of the TTFT p95 of {{ $labels.model }} stayed above ${ANOMALY_SCORE.alert} for 10 minutes. Anomalies are context, not outages: this opens a ticket, it does not page.`,
    runbook: {
      meaning: 'Time to first token left the band the detector expects for this time of day and week. Context for an investigation, not an outage by itself.',
      actions:
        '1. Root-cause panel for the window; compare with deploys and traffic changes.\n2. If it is noise, lower the detector sensitivity in the rule\'s query.',
    },
    panel: { dashboard: 'llmops-anomalies-rootcause', signal: 'ttft' },
    prometheus: {
      alert: 'LLMTTFTAnomalous',
      // z-score of TTFT p95 against the hour before the last 30 minutes (so a step change does not
      // leak into its own baseline during the pending period).
      expr: '(llmops:ttft_p95:rate5m - avg_over_time(llmops:ttft_p95:rate5m[1h] offset 30m)) / (stddev_over_time(llmops:ttft_p95:rate5m[1h] offset 30m) > 0) > 3',
      summary: '{{ $labels.model_name }}: TTFT p95 is outside its usual band (z-score {{ $value | humanize }})',
      description: 'TTFT p95 is more than 3 standard deviations above its mean of the previous hour.',
    },
  },
];

const gpu: AlertRule[] = [
  {
    uid: 'llmops-gpu-xid',
    title: 'GPU XID error',
    severity: 'P1',
    for: '0s',
    steps: simple(signal('gpu_xid_errors', 'max', perGpu), 300, 'max', 'gt', 0),
    ...QUIET,
    condition: 'XID error code > {0} in the last 5 min',
    thresholds: [0],
    summary: 'GPU {{ $labels.gpu }} on {{ $labels.hostname }} reported XID {{ $values.B.Value }}',
    description:
      'The driver reported XID {{ $values.B.Value }}. 79 (fallen off the bus), 48/63/64/94/95 (memory) and 119/120 (GSP) usually need the node drained.',
    runbook: {
      meaning: 'The NVIDIA driver reported an XID error for the GPU; many codes mean the GPU can no longer be trusted with work.',
      actions:
        '1. Cordon and drain the node (kubectl cordon/drain); let the replicas reschedule.\n2. Reset the GPU or reboot the node.\n3. Open a hardware ticket if it repeats.',
    },
    panel: { dashboard: GPU, signal: 'gpu_xid_errors' },
    prometheus: {
      alert: 'GPUXIDError',
      expr: 'max_over_time(DCGM_FI_DEV_XID_ERRORS[5m]) > 0',
      summary: 'GPU {{ $labels.gpu }} on {{ $labels.Hostname }}{{ $labels.hostname }} reported XID {{ $value }}',
      description: 'The driver reported an XID error; 79, 48/63/64/94/95 and 119/120 usually need the node drained.',
    },
  },
  {
    uid: 'llmops-gpu-temperature',
    title: 'GPU too hot',
    severity: 'P1',
    for: '5m',
    steps: simple(signal('gpu_temperature', 'max', perGpu), 300, 'mean', 'gt', GPU_TEMP.crit),
    ...QUIET,
    condition: 'GPU temperature > {0} °C (5 min mean)',
    thresholds: [GPU_TEMP.crit],
    summary: 'GPU {{ $labels.gpu }} on {{ $labels.hostname }} at {{ humanize $values.B.Value }} °C',
    description: `The GPU averaged {{ humanize $values.B.Value }} °C over 5 minutes (limit ${GPU_TEMP.crit} °C); it will throttle its clocks and slow every request it serves.`,
    runbook: {
      meaning: `The GPU core stayed above ${GPU_TEMP.crit} °C; data-centre GPUs throttle from about 87 °C.`,
      actions:
        '1. Check fans, airflow and the data-centre cooling.\n2. Compare SM clocks with the other GPUs.\n3. Drain the node if clocks drop.',
    },
    panel: { dashboard: GPU, signal: 'gpu_temperature' },
    prometheus: {
      alert: 'GPUTemperatureHigh',
      expr: `avg_over_time(DCGM_FI_DEV_GPU_TEMP[5m]) > ${GPU_TEMP.crit}`,
      summary: 'GPU {{ $labels.gpu }} on {{ $labels.Hostname }}{{ $labels.hostname }} at {{ $value | humanize }} °C',
      description: `The GPU averaged above ${GPU_TEMP.crit} °C over 5 minutes and will throttle its clocks.`,
    },
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
    ...QUIET,
    condition: `GPU utilisation < {0:%} (${GPU_IDLE.forMinutes} min mean) while memory used > {1:%}`,
    thresholds: [GPU_IDLE.activeBelow],
    summary: 'GPU {{ $labels.gpu }} on {{ $labels.hostname }} holds a model but is {{ humanizePercentage $values.C.Value }} busy',
    description: `Utilisation averaged {{ humanizePercentage $values.C.Value }} over ${GPU_IDLE.forMinutes} minutes while {{ humanizePercentage $values.D.Value }} of its memory is allocated: you pay for an idle GPU.`,
    runbook: {
      meaning: `The GPU has a model loaded but averaged below ${pct(GPU_IDLE.activeBelow)} busy over ${GPU_IDLE.forMinutes} minutes: paid-for idle capacity.`,
      actions:
        '1. Consolidate models onto fewer GPUs.\n2. Scale the deployment down (or to zero off-hours).\n3. Move the model to a smaller GPU. The cost dashboard lists the opportunities.',
    },
    panel: { dashboard: 'llmops-cost-efficiency', signal: 'gpu_utilization' },
    prometheus: {
      alert: 'GPUAllocatedButIdle',
      expr: `(avg_over_time(DCGM_FI_PROF_GR_ENGINE_ACTIVE[${GPU_IDLE.forMinutes}m]) or avg_over_time(DCGM_FI_DEV_GPU_UTIL[${GPU_IDLE.forMinutes}m]) / 100) < ${GPU_IDLE.activeBelow} and DCGM_FI_DEV_FB_USED / (DCGM_FI_DEV_FB_USED + DCGM_FI_DEV_FB_FREE) > 0.1`,
      summary: 'GPU {{ $labels.gpu }} on {{ $labels.Hostname }}{{ $labels.hostname }} holds a model but is {{ $value | humanizePercentage }} busy',
      description: `Busy below ${pct(GPU_IDLE.activeBelow)} on average over ${GPU_IDLE.forMinutes} minutes while memory is allocated: an idle GPU you pay for.`,
    },
  },
];

const NO_TARGETS = 'No scrape target of the watched jobs reports at all';

const targets: AlertRule[] = [
  {
    uid: 'llmops-target-down',
    title: 'Scrape target down',
    severity: 'P1',
    for: '2m',
    steps: simple(signal('up', 'min', perTarget), 300, 'last', 'lt', 1),
    // No `up` at all for the watched jobs: every target is gone, or jsonData.targetJobs matches none.
    noDataState: 'Alerting',
    execErrState: 'Error',
    condition: 'target up < {0} (the scrape failed), or no target of the watched jobs at all',
    thresholds: [1],
    summary: `{{ if $labels.instance }}{{ $labels.job }} target {{ $labels.instance }} is down{{ else }}${NO_TARGETS}{{ end }}`,
    description:
      'Prometheus cannot scrape {{ $labels.instance }} (job {{ $labels.job }}): the engine or exporter crashed, or the node is gone. Its dashboards and alerts are blind. Without an instance: no target of the watched jobs (datasource setting targetJobs) reports at all.',
    runbook: {
      meaning: 'A scrape target of the serving fleet (the jobs in the datasource\'s targetJobs setting) fails its scrapes, or none of them reports at all.',
      actions:
        '1. Check the pod or process (crash loop, OOM kill) and the node.\n2. Check network policies between Prometheus and the target.\n3. If a serving replica is gone, make sure the router stopped sending it traffic.\n4. No labels on the alert: check targetJobs in the datasource settings against your Prometheus `job` names.',
    },
    panel: { dashboard: SERVING, signal: 'targets_down' },
    prometheus: {
      alert: 'ScrapeTargetDown',
      expr: `${PROM_TARGETS.up} < 1 or absent(${PROM_TARGETS.up})`,
      summary: `{{ if $labels.instance }}{{ $labels.job }} target {{ $labels.instance }} is down{{ else }}${NO_TARGETS}{{ end }}`,
      description: 'Prometheus cannot scrape this target (or no target of the watched jobs reports at all); its dashboards and alerts are blind.',
    },
  },
  {
    uid: 'llmops-target-missing',
    title: 'Scrape target disappeared',
    severity: 'P1',
    for: '5m',
    steps: simple(signal('targets_missing', 'max', perTarget), 300, 'last', 'gt', 0),
    // Empty = nothing missing.
    ...QUIET,
    condition: `target reported in the last ${TARGET_MISSING_WINDOW} but not now (count > {0})`,
    thresholds: [0],
    summary: '{{ $labels.job }} target {{ $labels.instance }} stopped reporting',
    description: `{{ $labels.instance }} (job {{ $labels.job }}) reported in the last ${TARGET_MISSING_WINDOW} but has no \`up\` series now: it left service discovery or the scrape config, so "target down" cannot see it.`,
    runbook: {
      meaning: `A target that was scraped within the last ${TARGET_MISSING_WINDOW} has vanished entirely (its \`up\` series is gone, not 0): a deleted pod, a broken service-discovery selector or a scrape-config change. After ${TARGET_MISSING_WINDOW} it is forgotten.`,
      actions:
        '1. Was it removed on purpose (scale-down, rename)? Then nothing to do; it resolves after the window.\n2. Otherwise check the deployment, its labels/annotations that service discovery selects on, and recent scrape-config changes.',
    },
    panel: { dashboard: SERVING, signal: 'targets_down' },
    prometheus: {
      alert: 'ScrapeTargetMissing',
      expr: `((max_over_time(${PROM_TARGETS.up}[${TARGET_MISSING_WINDOW}]) * 0 + 1) unless on (job, instance) ${PROM_TARGETS.up}) > 0`,
      summary: '{{ $labels.job }} target {{ $labels.instance }} stopped reporting',
      description: `The target reported in the last ${TARGET_MISSING_WINDOW} but has no up series now.`,
    },
  },
];

export const alertGroups: AlertGroup[] = [
  { name: 'llmops-serving', interval: '1m', rules: serving },
  { name: 'llmops-gpu', interval: '1m', rules: gpu },
  { name: 'llmops-targets', interval: '1m', rules: targets },
];
