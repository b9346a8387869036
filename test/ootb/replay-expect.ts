// Which shipped alert rules each simulated fault kind must (and may) trigger, decided from what each
// rule can see, and the pure checks the replay test applies: a firing counts for a fault only on the
// fault's target (instance, model, GPU) and within its window plus the rule's memory (look-back, `for`,
// one evaluation step, a short settle time for queues to drain and GPUs to cool).
import type { GroundTruth, GroundTruthFault } from '../../simulator/src';
import type { ProvisionedRule } from './alert-checks';
import type { Labels } from './alert-eval';
import { durationMs, type Firing } from './replay-eval';

export interface KindExpectation {
  /** Rules that must fire on the target during the fault. */
  required: string[];
  /** Rules that may also fire on the target (side effects the rule legitimately sees). */
  allowed: string[];
  /** Why, for the report. */
  why: string;
}

const LATENCY = [
  'llmops-ttft-slo-burn-fast',
  'llmops-ttft-slo-burn-slow',
  'llmops-e2e-latency-regressed',
  'llmops-anomaly-score-high',
];
const SATURATION = [
  'llmops-kv-cache-critical',
  'llmops-preemptions-sustained',
  'llmops-preemptions-high',
  'llmops-queue-backlog',
  'llmops-queue-time-high',
];
/** Rules that see a queue build when capacity drops. */
const QUEUE = ['llmops-queue-time-high', 'llmops-queue-backlog'];
const DEGRADED = 'llmops-degradation-level';

/** Kinds the demo scenario injects; kinds without an entry explain no firing. */
export const EXPECTATIONS: Partial<Record<GroundTruthFault['kind'], KindExpectation>> = {
  traffic_surge: {
    required: ['llmops-ttft-slo-burn-fast', 'llmops-kv-cache-critical', 'llmops-preemptions-high', DEGRADED],
    allowed: [...LATENCY, ...SATURATION],
    why: 'arrivals above capacity: KV cache fills, requests queue and are preempted, TTFT misses its SLO',
  },
  kv_cache_saturation: {
    required: [
      'llmops-kv-cache-critical',
      'llmops-preemptions-sustained',
      'llmops-preemptions-high',
      'llmops-ttft-slo-burn-fast',
      'llmops-anomaly-score-high',
      DEGRADED,
    ],
    allowed: [...LATENCY, ...SATURATION],
    why: 'long prompts fill the KV cache: usage > 98 %, preemptions, queueing, slow first tokens',
  },
  gpu_overload: {
    required: ['llmops-ttft-slo-burn-fast', 'llmops-kv-cache-critical', 'llmops-preemptions-high', DEGRADED],
    // Long queues also time requests out (error ratio).
    allowed: [...LATENCY, ...SATURATION, 'llmops-error-ratio-high', 'llmops-gpu-temperature'],
    why: 'a hot-spotted instance saturates: same symptoms as a surge on one instance (GPU stays below 85 °C)',
  },
  xid_error: {
    required: ['llmops-gpu-xid', 'llmops-error-ratio-high', DEGRADED],
    allowed: [],
    why: 'DCGM reports the XID on the GPU; its instance fails requests, raising the model error ratio',
  },
  thermal_throttling: {
    required: ['llmops-gpu-temperature'],
    // Throttled clocks serve fewer requests per second: the instance's queue may build.
    allowed: [...LATENCY, ...QUEUE, DEGRADED],
    why: 'GPU temperature above 85 °C; slower decoding (ITL) has no rule of its own',
  },
  gpu_underutilization: {
    required: ['llmops-gpu-idle-allocated'],
    // At ~1 % of its traffic one failure can lift the model's degradation level; the error-ratio rule's
    // minimum-traffic guard (≥ 5 failed requests in 10 min) keeps it from paging here.
    allowed: [DEGRADED],
    why: 'the GPU keeps its memory but utilisation stays < 5 % for 45 min (+15 min for)',
  },
  slow_span: {
    // A sustained TTFT shift on the model: the anomaly score must stay high through it, not flag its first minutes only.
    required: ['llmops-ttft-slo-burn-fast', 'llmops-ttft-slo-burn-slow', 'llmops-anomaly-score-high'],
    allowed: [...LATENCY, DEGRADED],
    why: 'every request waits +1.6 s before its first token: both burn windows exceed the 1 s SLO budget',
  },
  bad_deploy: {
    required: ['llmops-error-ratio-high', DEGRADED],
    allowed: [],
    why: '20 % of requests of the new model version fail',
  },
  memory_pressure: {
    required: [DEGRADED],
    // The shrunken KV cache also makes some requests fail (error ratio).
    allowed: [...LATENCY, ...SATURATION, 'llmops-error-ratio-high'],
    why: 'the OTel GenAI engine exposes no KV-cache or preemption metrics; only the combined degradation level sees it',
  },
  power_throttling: {
    // Fired +15–20 min into the 40 min fault for seeds 1, 3, 7, 11, 42 and 99.
    required: ['llmops-e2e-latency-regressed'],
    allowed: [...LATENCY, ...QUEUE, DEGRADED],
    why: 'no rule watches GPU power or clocks; the capped clocks slow decoding, and e2e p95 rises above its 3 h baseline',
  },
};

/** Labels of one alert instance belong to the fault's target (instance, model or model version, GPU). */
export function matchesTarget(labels: Labels, fault: GroundTruthFault, gt: GroundTruth): boolean {
  const t = fault.target;
  const models = new Set(t.models);
  if (fault.kind === 'bad_deploy' && fault.params.version) models.add(String(fault.params.version));
  const gpus = new Set(t.gpus.map((g) => `${g.hostname}/${g.gpu}`));
  // An instance fault also owns its instances' GPUs (idle cost, overload heat).
  for (const i of gt.instances.filter((x) => t.instances.includes(x.instance)))
    for (const g of i.gpus) gpus.add(`${i.hostname}/${g}`);
  let checked = 0;
  if (labels.instance !== undefined) {
    checked++;
    if (!t.instances.includes(labels.instance)) return false;
  }
  for (const key of ['model', 'model_name'] as const) {
    if (labels[key] === undefined) continue;
    checked++;
    if (!models.has(labels[key]!)) return false;
  }
  if (labels.hostname !== undefined && labels.gpu !== undefined) {
    checked++;
    if (!gpus.has(`${labels.hostname}/${labels.gpu}`)) return false;
  }
  // Labels that name nothing of the target (e.g. only `job`) never count as a match.
  return checked > 0;
}

/** Longest range selector in a PromQL expression, e.g. `[6h]` → 6 h (0 if none). */
function longestRange(expr: unknown): number {
  if (typeof expr !== 'string') return 0;
  return Math.max(0, ...[...expr.matchAll(/\[(\d+[smhdw])\]/g)].map((m) => durationMs(m[1])));
}

/**
 * How long after a fault ends the rule may still fire on it: the data it reads (relative time range plus
 * range selectors; with several queries joined by `&&` the shortest clears it), its `for`, one
 * evaluation step and `settleMs` for the physics (queues drain, GPUs cool).
 */
export function ruleMemoryMs(rule: ProvisionedRule, stepMs: number, settleMs: number): number {
  const queries = rule.data.filter((q) => q.datasourceUid !== '__expr__');
  const perQuery = queries.map((q) => (q.relativeTimeRange?.from ?? 600) * 1000 + longestRange(q.model.expr));
  const joinedByOr = rule.data.some((q) => q.model.type === 'math' && String(q.model.expression).includes('||'));
  const lookback = joinedByOr ? Math.max(...perQuery) : Math.min(...perQuery);
  return lookback + durationMs(rule.for) + stepMs + settleMs;
}

export interface FaultHit {
  labels: Labels;
  /** First Alerting evaluation for this fault (epoch ms). */
  first: number;
}

/** Firings of a rule that belong to `fault`: on its target, from its start until it ends + the rule's memory. */
export function hitsFor(firings: Firing[], fault: GroundTruthFault, gt: GroundTruth, memoryMs: number): FaultHit[] {
  const out: FaultHit[] = [];
  for (const f of firings) {
    if (!matchesTarget(f.labels, fault, gt)) continue;
    const first = f.times.find((t) => t >= fault.startMs && t <= fault.endMs + memoryMs);
    if (first !== undefined) out.push({ labels: f.labels, first });
  }
  return out.sort((a, b) => a.first - b.first);
}

/**
 * Alerting evaluations no fault explains: outside every fault window (+ the rule's memory), on a label
 * set that is not the fault's target, or a rule the fault's kind does not list as required or allowed.
 */
export function unexplained(
  uid: string,
  firings: Firing[],
  gt: GroundTruth,
  memoryMs: number
): Array<{ labels: Labels; time: number }> {
  const out: Array<{ labels: Labels; time: number }> = [];
  for (const f of firings) {
    for (const time of f.times) {
      const explained = gt.faults.some((fault) => {
        const e = EXPECTATIONS[fault.kind];
        if (!e) return false;
        return (
          (e.required.includes(uid) || e.allowed.includes(uid)) &&
          time >= fault.startMs &&
          time <= fault.endMs + memoryMs &&
          matchesTarget(f.labels, fault, gt)
        );
      });
      if (!explained) out.push({ labels: f.labels, time });
    }
  }
  return out;
}
