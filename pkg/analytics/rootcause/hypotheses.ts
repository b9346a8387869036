// Named hypotheses: each rule looks for its pattern among the scored movements (and trace / deploy
// evidence) and returns how well the pattern matched. The analysis turns match × evidence strength
// into a confidence and ranks them.
import type { DeployEvidence } from './deploy';
import { describeMovement, formatClock, formatNumber } from './format';
import { callersOf, isSignificantShift } from './graph-shifts';
import { entityLabels, entityLevel, formatEntity, levelRank, neighbours } from './topology';
import type { HypothesisId, LeakTrend, Labels, MovementScore, RestartEvent, SelfTimeShift, ServiceEdge, SilentSeries, TimeWindow } from './types';

export interface RuleContext {
  movements: MovementScore[];
  /** Scores of the target (symptom) series themselves. */
  targetMovements: MovementScore[];
  targetSignal?: string;
  selfTime: SelfTimeShift[];
  deploys: DeployEvidence[];
  /** Score at which a series counts as moved. */
  threshold: number;
  /** The incident window (rules about events need it). */
  window?: TimeWindow;
  /** Series that stopped reporting around the incident. */
  silent?: SilentSeries[];
  /** Restarts and rollouts seen in the range. */
  restarts?: RestartEvent[];
  /** Memory that climbed steadily (and maybe crashed) up to the incident. */
  leaks?: LeakTrend[];
  /** Service call graph, when known: names the callers of a slow dependency. */
  serviceEdges?: ServiceEdge[];
}

export interface RuleMatch {
  id: HypothesisId;
  /** 0–1: how completely the pattern is present. */
  match: number;
  /** Robust score (or equivalent) of the primary evidence; turned into strength 0–1. */
  strength: number;
  evidence: string[];
  entity: Labels;
  firstDeviation: number | null;
  traceId?: string;
  signals: Array<{ signal: string; labels: Labels }>;
  /** Hypotheses this match explains when it holds (overrides EXPLAINS for this match). */
  explains?: HypothesisId[];
}

export interface HypothesisRule {
  id: HypothesisId;
  title: string;
  action: string;
  evaluate(ctx: RuleContext): RuleMatch | null;
}

/** Evidence strength of a robust score: 3 IQR → 0.45, 10 → 0.86, 20 → 0.98. */
export function strengthOfScore(score: number): number {
  return 1 - Math.exp(-score / 5);
}

interface MoveQuery {
  dir?: 'up' | 'down';
  /** Peak value condition in the signal's unit. */
  peakAtLeast?: number;
  peakAtMost?: number;
  incidentMedianAtMost?: number;
  /** Only series about this entity or its topological neighbours (see `neighbours`). */
  relatedTo?: Labels;
  /** Minimum score (default: ctx.threshold). */
  minScore?: number;
}

/** Moved series of one signal that satisfy the conditions, strongest first. */
export function moved(ctx: RuleContext, signal: string, q: MoveQuery = {}): MovementScore[] {
  return ctx.movements
    .filter(
      (m) =>
        m.signal === signal &&
        m.score >= (q.minScore ?? ctx.threshold) &&
        (q.dir === undefined || m.direction === q.dir) &&
        (q.peakAtLeast === undefined || m.peakValue >= q.peakAtLeast) &&
        (q.peakAtMost === undefined || m.peakValue <= q.peakAtMost) &&
        (q.incidentMedianAtMost === undefined || m.incidentMedian <= q.incidentMedianAtMost) &&
        (q.relatedTo === undefined || neighbours(m.labels, q.relatedTo))
    )
    .sort((a, b) => b.score - a.score);
}

function earliest(...ts: Array<number | null | undefined>): number | null {
  const xs = ts.filter((t): t is number => typeof t === 'number');
  return xs.length ? Math.min(...xs) : null;
}

/** Builds a match from a primary movement and the supporting movements that were found. */
function fromMovements(id: HypothesisId, base: number, primary: MovementScore, supports: Array<[MovementScore | undefined, number]>, extra: string[] = []): RuleMatch {
  let match = base;
  const used: MovementScore[] = [primary];
  for (const [m, bonus] of supports) {
    if (m) {
      match += bonus;
      used.push(m);
    }
  }
  return {
    id,
    match: Math.min(1, match),
    strength: strengthOfScore(primary.score),
    evidence: [...used.map(describeMovement), ...extra],
    entity: entityLabels(primary.labels),
    firstDeviation: earliest(...used.map((m) => m.firstDeviation)),
    signals: used.map((m) => ({ signal: m.signal, labels: m.labels })),
  };
}

/** Short meanings of common XID codes (NVIDIA's XID catalog). */
const XID_MEANINGS: Record<number, string> = {
  13: 'graphics engine exception',
  31: 'GPU memory page fault',
  43: 'GPU stopped processing',
  45: 'preemptive cleanup after a fault',
  48: 'double-bit ECC error',
  61: 'internal micro-controller breakpoint',
  62: 'internal micro-controller halt',
  63: 'ECC page retirement / row remapping',
  64: 'ECC page retirement / row remapping failure',
  74: 'NVLink error',
  79: 'GPU has fallen off the bus',
  92: 'high single-bit ECC error rate',
  94: 'contained ECC error',
  95: 'uncontained ECC error',
  119: 'GSP RPC timeout',
  120: 'GSP error',
};

/** Signals whose movement means the engine or GPU itself is busy or failing. */
const ENGINE_SIGNALS = [
  'queue_time',
  'requests_waiting',
  'kv_cache_usage',
  'preemption_rate',
  'request_rate',
  'error_ratio',
  'gpu_utilization',
  'gpu_temperature',
  'gpu_power',
  'gpu_memory_used_ratio',
  'gpu_xid_errors',
  'gpu_sm_clock',
];
const LATENCY_SIGNALS = ['ttft', 'e2e_latency'];

/** Request-rate rise that is a surge on its own, whatever the GPUs do (incident median / baseline median). */
export const STRONG_SURGE = 3;

/** Sustained rise: incident median over baseline median (a peak alone can be a burst of retries). */
export function surgeRatio(m: MovementScore): number {
  return m.incidentMedian / Math.max(m.baselineMedian, 1e-9);
}

/**
 * Requests per second of every model in the fleet, one series per model: context for a root cause
 * whose candidates were narrowed to the incident's model, so a surge on other models too can be seen.
 */
export const FLEET_MODEL_TRAFFIC = 'fleet_model_request_rate';
/** A surge on this many models at once is fleet-wide (upstream of any one model's GPUs). */
const FLEET_WIDE_MODELS = 2;

/** The models whose requests per second rose at least ×1.5, from per-instance and per-model series. */
function surgedModels(ctx: RuleContext): Set<string> {
  const rising = [...moved(ctx, 'request_rate', { dir: 'up' }), ...moved(ctx, FLEET_MODEL_TRAFFIC, { dir: 'up' })];
  return new Set(rising.filter((m) => surgeRatio(m) >= 1.5 && m.labels.model).map((m) => m.labels.model));
}

/** Upward latency moves from the target and the candidates, strongest first. */
/** With the call graph: who calls the slow service, and which of them slowed too (waiting on it, retrying). */
function callerEvidence(top: SelfTimeShift, ctx: RuleContext): string[] {
  const callers = callersOf(top.service, ctx.serviceEdges ?? []);
  if (!callers.length) return [];
  const slowCallers = callers.filter((c) => ctx.selfTime.some((s) => s.service === c && isSignificantShift(s)));
  const more = callers.length > 3 ? ` and ${callers.length - 3} more` : '';
  return [
    `called by ${callers.slice(0, 3).join(', ')}${more}`,
    ...(slowCallers.length ? [`${slowCallers.join(', ')} slowed too: read as waiting on ${top.service} (retries, timeouts), not a cause of its own`] : []),
  ];
}

function latencyMoves(ctx: RuleContext): MovementScore[] {
  const fromTarget = ctx.targetMovements.filter((m) => LATENCY_SIGNALS.includes(m.signal) && m.direction === 'up' && m.score >= ctx.threshold);
  const fromCandidates = LATENCY_SIGNALS.flatMap((s) => moved(ctx, s, { dir: 'up' }));
  return [...fromTarget, ...fromCandidates].sort((a, b) => b.score - a.score);
}

/** A narrower series counts as the same move when it moved at least this share as far as the wider one. */
const SAME_MOVE_SHARE = 0.8;

/**
 * The first of `moves` (strongest first), or a narrower series of the same signal inside it that moved
 * about as far: a model's latency that rose because its one instance did is that instance's, so the
 * finding names the instance a user can act on, not the model-wide target it was asked about.
 */
function mostSpecific(moves: MovementScore[]): MovementScore | undefined {
  const top = moves[0];
  if (!top) return undefined;
  let best = top;
  for (const m of moves) {
    if (m.signal !== top.signal || m.score < SAME_MOVE_SHARE * top.score) continue;
    if (levelRank(entityLevel(m.labels)) > levelRank(entityLevel(best.labels)) && Object.entries(best.labels).every(([k, v]) => m.labels[k] === v)) best = m;
  }
  return best;
}

/** SM clock at or below this is an idle GPU (idle clocks are ~200–400 MHz), not a throttled one. */
export const IDLE_SM_CLOCK_HZ = 6e8;

/** The clock series belongs to a GPU that went idle: idle clock, or its own utilisation near zero. */
function idleGpu(ctx: RuleContext, clock: MovementScore): boolean {
  const sameGpu = (m: MovementScore) => m.labels.gpu === clock.labels.gpu && m.labels.hostname === clock.labels.hostname;
  const util = ctx.movements.find((m) => m.signal === 'gpu_utilization' && sameGpu(m));
  if (util && util.incidentMedian <= 0.1) return true;
  // The clock fell to idle level while the GPU stopped working (a dead or restarting process).
  const idleClock = clock.peakValue <= IDLE_SM_CLOCK_HZ;
  return idleClock && (!util || (util.direction === 'down' && util.peakValue <= 0.1));
}

export const RULES: HypothesisRule[] = [
  {
    id: 'xid_error',
    title: 'XID or hardware error',
    action: 'Cordon the node, drain the GPU and check `nvidia-smi -q` / dmesg for the XID; reset or replace the GPU if it repeats.',
    evaluate(ctx) {
      const xid = moved(ctx, 'gpu_xid_errors', { dir: 'up', peakAtLeast: 1 })[0];
      if (!xid) return null;
      const errors = moved(ctx, 'error_ratio', { dir: 'up', relatedTo: xid.labels })[0];
      const drop = moved(ctx, 'request_rate', { dir: 'down', relatedTo: xid.labels })[0];
      const code = Math.round(xid.peakValue);
      const meaning = XID_MEANINGS[code] ? ` (${XID_MEANINGS[code]})` : '';
      return fromMovements('xid_error', 0.8, xid, [[errors, 0.15], [drop, 0.05]], [`XID ${code}${meaning} reported at ${formatClock(xid.firstDeviation ?? xid.peakTime)}`]);
    },
  },
  {
    id: 'thermal_throttling',
    title: 'Thermal or power throttling',
    action: 'Check cooling and power capping on the host (`nvidia-smi -q -d PERFORMANCE`); move load off the hot GPU and fix airflow or the power limit.',
    evaluate(ctx) {
      const hot = moved(ctx, 'gpu_temperature', { dir: 'up', peakAtLeast: 80 })[0];
      // Throttling slows a GPU under load; a GPU whose process died (or is reloading after a restart)
      // idles at ~0 % with idle clocks and low power, which is not throttling.
      const slowClock = moved(ctx, 'gpu_sm_clock', { dir: 'down', relatedTo: hot?.labels }).find((c) => !idleGpu(ctx, c));
      const primary = hot ?? slowClock;
      if (!primary) return null;
      const other = primary === hot ? slowClock : undefined;
      const power = moved(ctx, 'gpu_power', { dir: 'down', relatedTo: primary.labels })[0];
      const itl = moved(ctx, 'itl', { dir: 'up', relatedTo: primary.labels })[0] ?? moved(ctx, 'e2e_latency', { dir: 'up', relatedTo: primary.labels })[0];
      return fromMovements('thermal_throttling', hot ? 0.6 : 0.5, primary, [[other, 0.25], [power, 0.05], [itl, 0.1]]);
    },
  },
  {
    id: 'bad_deploy',
    title: 'Bad deploy',
    action: 'Roll back to the previous version (or stop the rollout) and compare the new version’s logs and config.',
    evaluate(ctx) {
      const d = ctx.deploys[0];
      if (!d) return null;
      const errors = moved(ctx, 'error_ratio', { dir: 'up', relatedTo: d.labels })[0];
      const ratio = d.newErrorRatio / Math.max(d.oldErrorRatio, 1e-3);
      return {
        id: 'bad_deploy',
        match: errors ? 0.95 : 0.85,
        // A 5× error ratio counts like a 10-IQR move.
        strength: strengthOfScore(2 * ratio),
        evidence: [
          `version ${d.version} appeared at ${formatClock(d.firstSeen)} with error ratio ${formatNumber(d.newErrorRatio)} vs ${formatNumber(d.oldErrorRatio)} on ${d.oldVersions.join(', ')}`,
          ...(errors ? [describeMovement(errors)] : []),
        ],
        entity: entityLabels(d.labels),
        firstDeviation: d.firstSeen,
        signals: [{ signal: 'error_ratio', labels: d.labels }, ...(errors ? [{ signal: errors.signal, labels: errors.labels }] : [])],
      };
    },
  },
  {
    id: 'memory_pressure',
    title: 'GPU memory pressure',
    action: 'Lower `--gpu-memory-utilization` / max sequence length or batch size, or move the model to a GPU with more memory.',
    evaluate(ctx) {
      const mem = moved(ctx, 'gpu_memory_used_ratio', { dir: 'up', peakAtLeast: 0.95 })[0];
      if (!mem) return null;
      const errors = moved(ctx, 'error_ratio', { dir: 'up', relatedTo: mem.labels })[0];
      // Less free memory means less KV cache: saturation and preemptions on the same GPU's instance.
      const kv = moved(ctx, 'preemption_rate', { dir: 'up', relatedTo: mem.labels })[0] ?? moved(ctx, 'kv_cache_usage', { dir: 'up', relatedTo: mem.labels })[0];
      const m = fromMovements('memory_pressure', 0.65, mem, [[kv, 0.3], [errors, 0.05]]);
      // Above 98 % the framebuffer is near out-of-memory whatever the baseline spread was.
      if (mem.peakValue >= 0.98) m.strength = Math.max(m.strength, strengthOfScore(15));
      return m;
    },
  },
  {
    id: 'traffic_surge',
    title: 'Traffic surge',
    action: 'Scale out replicas for the model (or enable autoscaling on queue depth) and rate-limit the heaviest clients.',
    evaluate(ctx) {
      const surges = moved(ctx, 'request_rate', { dir: 'up' }).filter((m) => surgeRatio(m) >= 1.5);
      const top = surges[0];
      if (!top) return null;
      const sameModel = surges.filter((s) => s.labels.model !== undefined && s.labels.model === top.labels.model);
      const models = surgedModels(ctx);
      const fleetWide = models.size >= FLEET_WIDE_MODELS;
      const spread = sameModel.length >= 2 || fleetWide;
      const scope = spread ? sameModel : [top];
      const queued = (sig: string) => scope.map((sv) => moved(ctx, sig, { dir: 'up', relatedTo: sv.labels })[0]).find((x) => x);
      const waiting = queued('requests_waiting') ?? queued('queue_time');
      const tokens = moved(ctx, 'input_tokens_rate', { dir: 'up', relatedTo: top.labels })[0];
      const strong = surgeRatio(top) >= STRONG_SURGE;
      const running = moved(ctx, 'requests_running', { dir: 'up', relatedTo: top.labels })[0];
      const m = fromMovements('traffic_surge', 0.45, top, [[waiting, 0.2], [tokens, 0.1], [running, 0.1]]);
      // A large or model-wide rise in requests explains saturation by itself; a moderate rise on one
      // instance whose GPU saturates is better explained by the GPU (see gpu_overload).
      m.match = Math.min(1, m.match + (strong ? 0.15 : 0) + (spread ? 0.15 : 0));
      m.explains = strong || spread ? ['kv_cache_saturation', 'gpu_overload', 'memory_pressure'] : ['kv_cache_saturation'];
      // More tokens per request is a change in prompts (long-context burst), not in traffic: the prompts,
      // not the count of requests, fill the cache.
      if (tokens && surgeRatio(tokens) >= 2 * surgeRatio(top)) {
        m.match = Math.max(0, m.match - 0.2);
        m.explains = m.explains.filter((id) => id !== 'kv_cache_saturation');
      }
      const where = fleetWide ? ` on ${models.size} models at once (fleet-wide)` : spread ? ` on ${sameModel.length} instances of the model` : '';
      m.evidence.push(`requests per second ×${formatNumber(surgeRatio(top))} (incident median vs baseline median)${where}`);
      // A surge spread over several instances of a model, or over several models, is upstream of any GPU.
      if (spread) m.entity = { model: top.labels.model };
      return m;
    },
  },
  {
    id: 'kv_cache_saturation',
    title: 'KV-cache saturation and preemption',
    action: 'Add replicas or KV capacity (larger `--gpu-memory-utilization`, FP8 KV cache), lower `--max-num-seqs`, or enable prefix caching.',
    evaluate(ctx) {
      const kv = moved(ctx, 'kv_cache_usage', { dir: 'up' })[0];
      if (!kv) return null;
      const preempt = moved(ctx, 'preemption_rate', { dir: 'up', relatedTo: kv.labels })[0];
      const waiting = moved(ctx, 'requests_waiting', { dir: 'up', relatedTo: kv.labels })[0];
      // Longer prompts (more input tokens per request) fill the cache without more traffic.
      const prompts = moved(ctx, 'input_tokens_rate', { dir: 'up', relatedTo: kv.labels })[0];
      const requests = moved(ctx, 'request_rate', { dir: 'up', relatedTo: kv.labels })[0];
      const longer = prompts && surgeRatio(prompts) >= 2 * (requests ? surgeRatio(requests) : 1) ? prompts : undefined;
      const saturated = kv.peakValue >= 0.85;
      // Below saturation a KV climb is only a finding when prompts got longer (the cache is filling).
      if (!saturated && !longer) return null;
      // Engines without a preemption counter (SGLang before 0.5.7, TGI, llama.cpp) cannot show that
      // evidence: its absence is not held against the cache (the weight goes to what can be seen).
      const preemptWeight = 0.3;
      const canPreempt = moved(ctx, 'preemption_rate', { minScore: -Infinity, relatedTo: kv.labels }).length > 0;
      const m = fromMovements('kv_cache_saturation', saturated ? 0.55 : 0.35, kv, [[preempt, preemptWeight], [waiting, 0.1], [longer, saturated ? 0.05 : 0.25]]);
      if (!canPreempt) m.match = Math.min(1, m.match / (1 - preemptWeight));
      if (longer) m.evidence.push(`input tokens per second ×${formatNumber(surgeRatio(longer))} while requests per second ×${formatNumber(requests ? surgeRatio(requests) : 1)}: longer prompts`);
      // Only a cache filled by longer prompts is the cause of a busy GPU; otherwise both share a cause.
      m.explains = longer ? ['gpu_overload'] : [];
      return m;
    },
  },
  {
    id: 'gpu_overload',
    title: 'GPU overload',
    action: 'Move load to less busy replicas or add GPUs; check for co-located jobs on the GPU and cap batch size.',
    evaluate(ctx) {
      const rose = moved(ctx, 'gpu_utilization', { dir: 'up', peakAtLeast: 0.9 })[0];
      // A GPU that was already saturated cannot rise further: being pinned at the top counts too.
      const pinned = rose ? undefined : moved(ctx, 'gpu_utilization', { minScore: 0 }).find((m) => m.incidentMedian >= 0.95);
      const util = rose ?? pinned;
      if (!util) return null;
      const queue = moved(ctx, 'requests_waiting', { dir: 'up', relatedTo: util.labels })[0] ?? moved(ctx, 'queue_time', { dir: 'up', relatedTo: util.labels })[0];
      if (pinned && !queue) return null;
      const latency = moved(ctx, 'itl', { dir: 'up', relatedTo: util.labels })[0] ?? moved(ctx, 'ttft', { dir: 'up', relatedTo: util.labels })[0];
      const heat = moved(ctx, 'gpu_power', { dir: 'up', relatedTo: util.labels })[0] ?? moved(ctx, 'gpu_temperature', { dir: 'up', relatedTo: util.labels })[0];
      const m = fromMovements('gpu_overload', rose ? 0.5 : 0.4, util, [[queue, 0.2], [latency, 0.15], [heat, 0.1]]);
      // A GPU near its limit can only move a few IQR; saturation plus a growing queue or a hotter,
      // hungrier GPU is the evidence, so the strongest of them sets the strength.
      m.strength = strengthOfScore(Math.max(util.score, queue?.score ?? 0, heat?.score ?? 0));
      if (pinned) m.evidence[0] = `gpu_utilization stayed at ${formatNumber(util.incidentMedian)} (saturated) on ${formatEntity(util.labels)}`;
      const surge = moved(ctx, 'request_rate', { dir: 'up', relatedTo: util.labels }).find((r) => surgeRatio(r) >= 1.5);
      const spread =
        surge !== undefined &&
        (moved(ctx, 'request_rate', { dir: 'up' }).filter((r) => surgeRatio(r) >= 1.5 && r.labels.model === surge.labels.model).length >= 2 ||
          surgedModels(ctx).size >= FLEET_WIDE_MODELS);
      if (!surge || (surgeRatio(surge) < STRONG_SURGE && !spread)) m.match = Math.min(1, m.match + 0.1);
      return m;
    },
  },
  {
    id: 'slow_dependency_span',
    title: 'Slow dependency span',
    action: 'Open the example trace, then fix or scale the slow operation (cache, timeout, or a faster dependency).',
    evaluate(ctx) {
      // selfTime comes ordered most downstream first when the call graph is known (graph-shifts.ts).
      const top = ctx.selfTime.find(isSignificantShift);
      const latency = latencyMoves(ctx);
      if (top) {
        const e2e = latency[0];
        // A span that grew because the engine behind it queues or fails is a symptom, not the cause.
        const busy = ENGINE_SIGNALS.some((sig) => moved(ctx, sig, { relatedTo: top.entity ?? {}, minScore: 2 * ctx.threshold }).length > 0);
        return {
          id: 'slow_dependency_span',
          match: (e2e ? 0.8 : 0.65) * (busy ? 0.4 : 1),
          // Doubling self-time counts like a 5-IQR move, ×4 like a 15-IQR move.
          strength: strengthOfScore(5 * (top.growth - 1)),
          evidence: [
            `${top.service} / ${top.operation} self-time grew from ${formatNumber(top.baselineMeanMs)} ms to ${formatNumber(top.incidentMeanMs)} ms (×${formatNumber(top.growth)}, ${top.incidentCount} spans)`,
            ...(e2e ? [describeMovement(e2e)] : []),
            ...callerEvidence(top, ctx),
          ],
          entity: { ...entityLabels(top.entity ?? {}), service: top.service, operation: top.operation },
          firstDeviation: e2e?.firstDeviation ?? null,
          traceId: top.exampleTraceId,
          signals: e2e ? [{ signal: e2e.signal, labels: e2e.labels }] : [],
        };
      }
      // Without traces: latency rose while nothing inside the engine or on the GPU moved, so the time
      // went to a step outside the engine's scheduler (a pipeline span). A weaker, metric-only match.
      const lat = mostSpecific(latency);
      if (!lat) return null;
      const busy = ENGINE_SIGNALS.some((sig) => moved(ctx, sig, { relatedTo: lat.labels, minScore: 2 * ctx.threshold }).length > 0);
      if (busy) return null;
      return {
        ...fromMovements('slow_dependency_span', 0.5, lat, []),
        evidence: [describeMovement(lat), 'queue, KV cache, traffic, errors and GPU signals stayed within their normal range: the extra time is spent outside the engine (no trace data to name the span)'],
      };
    },
  },
  {
    id: 'gpu_underutilization',
    title: 'GPU under-utilisation (idle cost)',
    action: 'Consolidate models onto fewer GPUs, scale idle replicas down (or to zero), or route more traffic to them.',
    evaluate(ctx) {
      const idle = moved(ctx, 'gpu_utilization', { dir: 'down', incidentMedianAtMost: 0.3 })[0];
      if (!idle) return null;
      const lessTraffic = moved(ctx, 'request_rate', { dir: 'down', relatedTo: idle.labels })[0];
      const fewerRunning = moved(ctx, 'requests_running', { dir: 'down', relatedTo: idle.labels })[0];
      return fromMovements('gpu_underutilization', 0.6, idle, [[lessTraffic, 0.2], [fewerRunning, 0.1]]);
    },
  },
];

export const RULE_BY_ID: Record<HypothesisId, { title: string; action: string }> = {
  ...Object.fromEntries(RULES.map((r) => [r.id, { title: r.title, action: r.action }])),
  unknown: {
    title: 'Unknown cause',
    action: 'No known pattern matched: inspect the signals that moved most (listed in the evidence) and their traces.',
  },
} as Record<HypothesisId, { title: string; action: string }>;

/**
 * Causal edges: when the upstream hypothesis holds on a related entity, the downstream one is more
 * likely a consequence than the cause (a surge fills the KV cache; a dead GPU idles and shifts load).
 */
export const EXPLAINS: Partial<Record<HypothesisId, HypothesisId[]>> = {
  xid_error: ['gpu_underutilization', 'gpu_overload', 'memory_pressure', 'traffic_surge', 'kv_cache_saturation', 'error_burst'],
  thermal_throttling: ['gpu_overload', 'kv_cache_saturation'],
  bad_deploy: ['memory_pressure', 'gpu_underutilization', 'error_burst'],
  traffic_surge: ['kv_cache_saturation', 'gpu_overload', 'memory_pressure'],
  memory_pressure: ['kv_cache_saturation', 'gpu_overload'],
  gpu_underutilization: [],
};
