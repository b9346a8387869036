// Hypotheses from events rather than movements: a target that stopped reporting, a process that
// restarted (or keeps restarting), a rollout seen as a new version / image / served-model name or a
// restart followed by errors, and a memory leak that ended in a crash. Evidence always stays on one
// entity and its neighbours (its GPUs, its host).
import { formatClock, formatNumber, describeMovement } from './format';
import { moved, strengthOfScore, type HypothesisRule, type RuleContext, type RuleMatch } from './hypotheses';
import { entityLabels, formatEntity, neighbours } from './topology';
import type { HypothesisId, Labels, MovementScore, RestartEvent } from './types';

/** Serving-level entity of a label set: the instance (or pod), with its model. */
function servingKey(l: Labels): string | undefined {
  return l.instance ?? l.pod;
}

/** Events and silences count from this long before the window (a crash just before the symptom). */
const LEAD_MS = 15 * 60_000;

function inWindow(ctx: RuleContext, t: number, lead = LEAD_MS): boolean {
  return !ctx.window || (t >= ctx.window.start - lead && t <= ctx.window.end);
}

function list(xs: string[], max = 4): string {
  const u = [...new Set(xs)];
  return u.length > max ? `${u.slice(0, max).join(', ')} …` : u.join(', ');
}

/** GPUs of the entity that went idle (a process that died leaves its GPU at ~0 % and idle clocks). */
function idleGpus(ctx: RuleContext, entity: Labels): MovementScore[] {
  return moved(ctx, 'gpu_utilization', { dir: 'down', incidentMedianAtMost: 0.1, relatedTo: entity });
}

const RESTART_KINDS = new Set<RestartEvent['kind']>(['process_start', 'counter_reset']);
const ROLLOUT_KINDS = new Set<RestartEvent['kind']>(['version_change', 'model_rename']);

/** Restarts near the window grouped by serving entity, most first. */
function restartsByEntity(ctx: RuleContext, kinds: Set<RestartEvent['kind']>): Array<{ entity: Labels; events: RestartEvent[] }> {
  const groups = new Map<string, { entity: Labels; events: RestartEvent[] }>();
  for (const e of ctx.restarts ?? []) {
    if (!kinds.has(e.kind) || !inWindow(ctx, e.at, 30 * 60_000)) continue;
    const k = servingKey(e.labels);
    if (!k) continue;
    const g = groups.get(k) ?? { entity: e.labels, events: [] };
    g.events.push(e);
    groups.set(k, g);
  }
  // A restart seen both as a new start time and as a counter reset is one restart.
  for (const g of groups.values()) {
    g.events.sort((a, b) => a.at - b.at);
    g.events = g.events.filter((e, i) => i === 0 || e.at - g.events[i - 1].at > 2 * 60_000 || e.kind === g.events[i - 1].kind);
  }
  return [...groups.values()].sort((a, b) => b.events.length - a.events.length);
}

/** Latency or error moves on the entity, strongest first. */
function symptoms(ctx: RuleContext, entity: Labels): MovementScore[] {
  return ['error_ratio', 'ttft', 'e2e_latency', 'itl']
    .flatMap((sig) => moved(ctx, sig, { dir: 'up', relatedTo: entity }))
    .concat(ctx.targetMovements.filter((m) => m.direction === 'up' && m.score >= ctx.threshold && neighbours(m.labels, entity)))
    .sort((a, b) => b.score - a.score);
}

function silentOn(ctx: RuleContext, entity: Labels) {
  return (ctx.silent ?? []).filter((s) => servingKey(s.labels) !== undefined && neighbours(s.labels, entity));
}

export const EVENT_RULES: HypothesisRule[] = [
  {
    id: 'instance_down',
    title: 'Instance down / stopped reporting',
    action: 'Check the pod or process (`kubectl describe pod`, exit code, OOMKilled, node events) and its scrape target; restart or reschedule it and check why it stopped.',
    evaluate(ctx) {
      const groups = new Map<string, NonNullable<RuleContext['silent']>>();
      for (const s of ctx.silent ?? []) {
        const k = servingKey(s.labels);
        if (k) groups.set(k, [...(groups.get(k) ?? []), s]);
      }
      const down = moved(ctx, 'up', { dir: 'down', peakAtMost: 0.5 })[0];
      const best = [...groups.values()].sort((a, b) => b.length - a.length)[0];
      if (!best && !down) return null;
      const entity = entityLabels(best ? best.reduce((acc, s) => ({ ...s.labels, ...acc }), {} as Labels) : down!.labels);
      const from = best ? Math.min(...best.map((s) => s.from)) : (down!.firstDeviation ?? down!.peakTime);
      const ongoing = best ? best.some((s) => s.ongoing) : true;
      const back = best && !ongoing ? Math.max(...best.map((s) => s.to)) : null;
      const idle = idleGpus(ctx, entity);
      const evidence = [
        best
          ? `${formatEntity(entity)} stopped reporting at ${formatClock(from)} (${list(best.map((s) => s.signal))})${ongoing ? ': no data since' : `, back after ${formatClock(back!)}`}`
          : describeMovement(down!),
        ...(down && best ? [describeMovement(down)] : []),
        ...(idle.length ? [`its GPU went idle: ${describeMovement(idle[0])}`] : []),
      ];
      return {
        id: 'instance_down',
        match: Math.min(1, 0.8 + (down ? 0.1 : 0) + (idle.length ? 0.1 : 0)),
        strength: strengthOfScore(15),
        evidence,
        entity,
        firstDeviation: from,
        signals: [...(down ? [{ signal: down.signal, labels: down.labels }] : []), ...idle.slice(0, 1).map((m) => ({ signal: m.signal, labels: m.labels }))],
      };
    },
  },
  {
    id: 'process_restart',
    title: 'Process restart or crash loop',
    action: 'Read the previous container logs (`kubectl logs --previous`) and the exit reason (OOMKilled, CUDA error, XID); fix the crash before scaling, and check liveness probes and memory limits.',
    evaluate(ctx) {
      const top = restartsByEntity(ctx, RESTART_KINDS)[0];
      if (!top) return null;
      const entity = entityLabels(top.entity);
      // A rollout on the same entity explains its restart (see the bad-deploy rule).
      if ((ctx.restarts ?? []).some((e) => ROLLOUT_KINDS.has(e.kind) && inWindow(ctx, e.at, 30 * 60_000) && neighbours(e.labels, entity))) return null;
      const n = top.events.length;
      const silent = silentOn(ctx, entity);
      const hurt = symptoms(ctx, entity)[0];
      const idle = idleGpus(ctx, entity);
      const loop = n >= 2;
      const evidence = [
        `${formatEntity(entity)} restarted ${n === 1 ? 'once' : `${n} times`} (${list(top.events.map((e) => formatClock(e.at)))}; ${list(top.events.map((e) => (e.kind === 'process_start' ? 'process_start_time_seconds changed' : 'counters reset')), 2)})`,
        ...(silent.length ? [`stopped reporting at ${formatClock(Math.min(...silent.map((s) => s.from)))} (${list(silent.map((s) => s.signal))})`] : []),
        ...(hurt ? [describeMovement(hurt)] : []),
        ...(idle.length ? [`its GPU idled while it was down: ${describeMovement(idle[0])}`] : []),
      ];
      // One restart with errors after it and no outage looks like a rollout: the bad-deploy rule takes it.
      if (!loop && !silent.length && hurt && hurt.signal === 'error_ratio') return null;
      return {
        id: 'process_restart',
        match: Math.min(1, 0.65 + (loop ? 0.2 : 0) + (silent.length || idle.length ? 0.1 : 0) + (hurt ? 0.05 : 0)),
        strength: strengthOfScore(loop ? 15 : 8),
        evidence,
        entity,
        firstDeviation: top.events[0].at,
        signals: [...(hurt ? [{ signal: hurt.signal, labels: hurt.labels }] : []), ...idle.slice(0, 1).map((m) => ({ signal: m.signal, labels: m.labels }))],
        explains: ['gpu_underutilization', 'thermal_throttling', 'error_burst', ...(loop ? (['instance_down'] as HypothesisId[]) : [])],
      };
    },
  },
  {
    // Rollouts visible as a label change or a restart, when the error-ratio comparison by version had
    // nothing to compare (deploy.ts covers the case where old and new versions report side by side).
    id: 'bad_deploy',
    title: 'Bad deploy',
    action: 'Roll back to the previous version (or stop the rollout) and compare the new version’s logs and config.',
    evaluate(ctx) {
      if (ctx.deploys.length) return null;
      const rollouts = (ctx.restarts ?? []).filter((e) => ROLLOUT_KINDS.has(e.kind) && inWindow(ctx, e.at, 30 * 60_000));
      const restarts = restartsByEntity(ctx, RESTART_KINDS).filter((g) => g.events.length === 1);
      const candidates: Array<{ entity: Labels; at: number; what: string; labelChange: boolean }> = [
        ...rollouts.map((e) => ({ entity: entityLabels(e.labels), at: e.at, what: `${e.kind === 'model_rename' ? 'served model' : 'version'} ${e.from} → ${e.to}`, labelChange: true })),
        ...restarts.map((g) => ({ entity: entityLabels(g.entity), at: g.events[0].at, what: 'restart (new process)', labelChange: false })),
      ];
      let best: { c: (typeof candidates)[number]; hurt: MovementScore } | undefined;
      for (const c of candidates) {
        // The symptom must follow the rollout on the same entity, and a restart alone counts only
        // when the process stayed up (a crash loop is not a rollout).
        const hurt = symptoms(ctx, c.entity).find((m) => (m.firstDeviation ?? m.peakTime) >= c.at - 2 * 60_000);
        if (!hurt || (!c.labelChange && silentOn(ctx, c.entity).length)) continue;
        if (!best || hurt.score > best.hurt.score) best = { c, hurt };
      }
      if (!best) return null;
      const { c, hurt } = best;
      const m: RuleMatch = {
        id: 'bad_deploy',
        match: c.labelChange ? 0.9 : 0.75,
        strength: strengthOfScore(hurt.score),
        evidence: [`${c.what} on ${formatEntity(c.entity)} at ${formatClock(c.at)}`, describeMovement(hurt)],
        entity: c.entity,
        firstDeviation: c.at,
        signals: [{ signal: hurt.signal, labels: hurt.labels }],
        explains: ['process_restart', 'memory_pressure', 'gpu_underutilization', 'error_burst'],
      };
      return m;
    },
  },
  {
    id: 'gpu_memory_leak',
    title: 'GPU memory leak (ending in a crash)',
    action: 'Restart the process to reclaim memory now, then find the leak (growing caches, unreleased tensors, fragmentation; vLLM/PyTorch memory snapshots); cap memory until it is fixed.',
    evaluate(ctx) {
      const leak = (ctx.leaks ?? [])[0];
      if (!leak) return null;
      const entity = entityLabels(leak.labels);
      const hurt = symptoms(ctx, entity)[0];
      const crashed = leak.dropTime !== null;
      const evidence = [
        `${leak.signal} rose steadily from ${formatNumber(leak.startValue)} to ${formatNumber(leak.peakValue)} over ${Math.round(leak.minutes)} min (${formatClock(leak.riseStart)}–${formatClock(leak.peakTime)}) on ${formatEntity(entity)}`,
        ...(crashed ? [`then fell to ${formatNumber(leak.dropValue!)} at ${formatClock(leak.dropTime!)}: the process crashed or was restarted and released it`] : []),
        ...(hurt ? [describeMovement(hurt)] : []),
      ];
      return {
        id: 'gpu_memory_leak',
        match: Math.min(1, 0.75 + (crashed ? 0.15 : 0) + (hurt ? 0.05 : 0)),
        strength: strengthOfScore(Math.min(20, 2 * leak.minutes)),
        evidence,
        entity,
        firstDeviation: leak.riseStart,
        signals: [{ signal: leak.signal, labels: leak.labels }, ...(hurt ? [{ signal: hurt.signal, labels: hurt.labels }] : [])],
      };
    },
  },
];

/**
 * Requests failing on one entity with nothing upstream of it (no rollout, restart, XID or outage,
 * which explain it when present): a failing dependency or bad input. Weaker than the named causes.
 */
/**
 * Extra failed requests an error burst needs: 3 a minute, or this many over the incident window (a
 * sustained burst on a replica serving one request a second: 2–3 a minute for 20 minutes).
 */
const MIN_EXTRA_ERRORS_PER_SECOND = 0.05;
const MIN_EXTRA_FAILED_REQUESTS = 20;
/**
 * Rise of the error ratio an error burst needs: 3 points where the ratio wanders (healthy client aborts
 * move it by 1–2 points), down to 1 point where it was flat (an engine that failed nothing before).
 */
const WANDERING_ERROR_RISE = 0.03;
const FLAT_ERROR_RISE = 0.01;
/** The rise must also be this many of the baseline's scales (its IQR, or the ratio unit's floor). */
const ERROR_RISE_SCALES = 3;

function errorRiseNeeded(m: MovementScore): number {
  return Math.min(WANDERING_ERROR_RISE, Math.max(FLAT_ERROR_RISE, ERROR_RISE_SCALES * m.scale));
}

const ERROR_BURST: HypothesisRule = {
  id: 'error_burst',
  title: 'Error burst',
  action: 'Read the failing requests’ errors (logs, traces with error status) on the entity; check its dependencies (tokenizer, storage, downstream APIs) and recent config changes.',
  evaluate(ctx) {
    // A sustained rise beyond the ratio's own wander (errorRiseNeeded), and enough failed requests to
    // matter: on a quiet night a few aborts swing the ratio of a handful of requests.
    // Requests per second behind the ratio: its instance's, or the sum over a model's instances.
    const extraErrorsPerSecond = (m: MovementScore) => {
      const rates = ctx.movements.filter((r) => r.signal === 'request_rate' && servingKey(r.labels) !== undefined && neighbours(r.labels, m.labels));
      if (rates.length === 0) return Infinity;
      return (m.incidentMedian - m.baselineMedian) * rates.reduce((sum, r) => sum + r.incidentMedian, 0);
    };
    const windowSeconds = ctx.window ? Math.max(0, ctx.window.end - ctx.window.start) / 1000 : 0;
    const enoughFailures = (m: MovementScore) => {
      const extra = extraErrorsPerSecond(m);
      return extra >= MIN_EXTRA_ERRORS_PER_SECOND || extra * windowSeconds >= MIN_EXTRA_FAILED_REQUESTS;
    };
    const errors = moved(ctx, 'error_ratio', { dir: 'up' }).filter((m) => m.incidentMedian - m.baselineMedian >= errorRiseNeeded(m) && enoughFailures(m));
    const top = errors[0];
    if (!top) return null;
    const http = moved(ctx, 'http_error_rate', { dir: 'up', relatedTo: top.labels })[0];
    const spread = errors.filter((m) => m.labels.model !== undefined && m.labels.model === top.labels.model).length;
    return {
      id: 'error_burst',
      match: 0.55 + (http ? 0.1 : 0),
      strength: strengthOfScore(top.score),
      evidence: [describeMovement(top), ...(http ? [describeMovement(http)] : []), ...(spread >= 2 ? [`errors rose on ${spread} series of the model`] : [])],
      entity: entityLabels(top.labels),
      firstDeviation: top.firstDeviation,
      signals: [{ signal: top.signal, labels: top.labels }, ...(http ? [{ signal: http.signal, labels: http.labels }] : [])],
    };
  },
};
EVENT_RULES.push(ERROR_BURST);

/** Output below this share of its baseline is "no progress" (a hung engine generates nothing). */
const STALLED_SHARE = 0.1;
/** A stuck batch keeps at least this share of its usual size while output stops. */
const STUCK_BATCH_SHARE = 0.5;

/**
 * A hung engine: the process is up and keeps answering scrapes, but nothing finishes. Its gauges (the
 * requests it last saw running) stay where they were, while its token and completion counters go flat
 * and its latency histograms get no observations (their quantiles stop reporting). A process that is
 * gone (`up` 0, every series absent) is instance_down; traffic routed away empties the batch too.
 */
const ENGINE_STALL: HypothesisRule = {
  id: 'engine_stall',
  title: 'Engine stalled (hung, process up)',
  action:
    'Take a stack dump of the engine (`py-spy dump --pid …`) and read its log for a dead engine core or a NCCL / collective timeout; restart the instance. Then guard against it: NCCL timeouts, and a liveness probe on generation progress rather than on /health.',
  evaluate(ctx) {
    const progress = ['output_tokens_rate', 'request_rate']
      .flatMap((sig) => moved(ctx, sig, { dir: 'down' }))
      .filter((m) => m.baselineMedian > 0 && m.incidentMedian <= STALLED_SHARE * m.baselineMedian && servingKey(m.labels) !== undefined)
      .sort((a, b) => b.score - a.score);
    for (const stopped of progress) {
      // Requests still counted as running while nothing is produced: the batch is stuck. Served requests
      // leave the batch as fast as they arrive (running ≈ throughput × time per request), so with traffic
      // routed away the batch empties with the throughput; a stuck one stays.
      const stuck = moved(ctx, 'requests_running', { minScore: -Infinity, relatedTo: stopped.labels }).find(
        (m) => m.incidentMedian >= 1 && m.incidentMedian >= STUCK_BATCH_SHARE * m.baselineMedian
      );
      if (!stuck) continue;
      // A target that went down is not hung (instance_down). (One whose gauges stopped has no running
      // requests to show, so it never gets here.)
      if (moved(ctx, 'up', { dir: 'down', peakAtMost: 0.5, relatedTo: stopped.labels }).length) continue;
      const entity = entityLabels(stopped.labels);
      const spinning = moved(ctx, 'gpu_utilization', { minScore: -Infinity, relatedTo: entity }).find((m) => m.incidentMedian >= 0.9);
      const idle = idleGpus(ctx, entity)[0];
      const evidence = [
        `${formatEntity(entity)} produced almost nothing from ${formatClock(stopped.firstDeviation ?? stopped.peakTime)}: ${describeMovement(stopped)}`,
        `while it still reported ${formatNumber(stuck.incidentMedian)} requests running (was ${formatNumber(stuck.baselineMedian)}) and its scrape target stayed up: the engine is hung, not gone`,
        ...(spinning ? [`its GPU stayed busy (${formatNumber(spinning.incidentMedian)}): kernels spinning, typically a collective (NCCL) that never returns`] : []),
        ...(idle ? [`its GPU went idle: ${describeMovement(idle)}`] : []),
      ];
      return {
        id: 'engine_stall',
        // Latency quantiles over no finished requests go blank, but the instance's gauges keep reporting,
        // so missing.ts reads that as lost traffic, not silence: there is no silence to add as evidence.
        match: 0.8 + (spinning || idle ? 0.1 : 0),
        strength: Math.max(strengthOfScore(stopped.score), strengthOfScore(10)),
        evidence,
        entity,
        firstDeviation: stopped.firstDeviation,
        signals: [{ signal: stopped.signal, labels: stopped.labels }, { signal: stuck.signal, labels: stuck.labels }],
        explains: ['instance_down', 'gpu_underutilization', 'gpu_overload', 'kv_cache_saturation', 'error_burst', 'traffic_surge', 'unknown'],
      };
    }
    return null;
  },
};
EVENT_RULES.push(ENGINE_STALL);

/** Causal edges of the event hypotheses (see EXPLAINS in hypotheses.ts). */
export const EVENT_EXPLAINS: Partial<Record<HypothesisId, HypothesisId[]>> = {
  instance_down: ['gpu_underutilization', 'thermal_throttling', 'traffic_surge', 'gpu_overload', 'kv_cache_saturation', 'error_burst', 'unknown'],
  gpu_memory_leak: ['memory_pressure', 'process_restart', 'instance_down', 'gpu_underutilization', 'kv_cache_saturation', 'thermal_throttling', 'error_burst'],
};
