// Root-cause accuracy and speed on the simulator's ground truth. For each seed, one backfilled history
// holds every fault kind once (targets rotate with the seed), loaded into a real Prometheus (and its
// traces into Jaeger). Each fault is analysed with a `rootcause` query over the fault window; an answer
// is correct when the hypothesis names the injected kind and its entity is the injected target.
// The integration test test/integration/analytics-rootcause.test.ts reuses these helpers.
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startClockAt } from '../pkg/datasource/clock';
import { createDatasourceInstance } from '../pkg/datasource/instance';
import type { Frame } from '../pkg/grafana/frame';
import { rootcauseQuery } from '../pkg/queries/rootcause';
import { SCENARIO_END_MS, writeBackfill, type FaultKind, type FaultSpec, type GroundTruth, type GroundTruthFault } from '../simulator/src/index';
import { writeEditedBackfill } from '../test/support/edited-backfill';
import { createBlocksFromOpenMetrics, startJaeger, startPrometheus, type JaegerService, type RunningService } from '../test/support/services';
import { analyzeRootCause } from '../pkg/analytics/rootcause/analyze';
import type { SignalSeries } from '../pkg/analytics/rootcause/types';
import type { BenchRow } from './run';
import { bestCpuTimes } from './timing';

export const STEP_SECONDS = 30;
/**
 * History ends: the fixed scenario time (SCENARIO_END_MS, a Wednesday 22:00 UTC) and 22:00 UTC on the
 * weekdays (Monday–Friday) before it, one day per seed, so every fault falls in busy daytime hours
 * (12:00–22:00 UTC: faults at 03:00 barely show, as in production) and every run holds the same data;
 * all within a week of the anchor because engine detection looks back 7 days from the backend's clock,
 * which starts at the anchor (`useScenarioClock`).
 */
export function historyEnds(count: number, lastEndMs = SCENARIO_END_MS): number[] {
  const day = 86_400_000;
  const ends: number[] = [];
  for (let end = lastEndMs; ends.length < count; end -= day) {
    const dow = new Date(end).getUTCDay();
    if (dow >= 1 && dow <= 5) ends.push(end);
  }
  return ends;
}

/** In-process handlers (same code as the executable) run on the backend clock started at the anchor. */
export function useScenarioClock(): void {
  startClockAt(String(SCENARIO_END_MS));
}

const FAULT_MIN = 20;
export const GAP_MIN = 35;
const LEAD_MIN = 40;

/** Fault kinds this bench injects (the simulator has more; see bench/incidents.bench.ts). */
type RcaKind = Exclude<FaultKind, 'error_burst' | 'instance_down' | 'engine_stall' | 'restart'>;

/** Hypothesis id that names each injected fault kind. */
export const EXPECTED: Record<RcaKind, string> = {
  gpu_overload: 'gpu_overload',
  kv_cache_saturation: 'kv_cache_saturation',
  gpu_underutilization: 'gpu_underutilization',
  xid_error: 'xid_error',
  thermal_throttling: 'thermal_throttling',
  power_throttling: 'thermal_throttling',
  slow_span: 'slow_dependency_span',
  traffic_surge: 'traffic_surge',
  bad_deploy: 'bad_deploy',
  memory_pressure: 'memory_pressure',
};

type Target = FaultSpec['target'];
/** Targets per kind in the `small` fleet; seed n uses entry n mod length (every engine gets a turn). */
const TARGETS: Record<RcaKind, Target[]> = {
  gpu_overload: [{ instance: 'vllm-llama-8b-0' }, { instance: 'sglang-qwen-7b-0' }, { instance: 'vllm-llama-70b-0' }],
  kv_cache_saturation: [{ instance: 'vllm-llama-70b-0' }, { instance: 'vllm-llama-8b-2' }, { instance: 'sglang-qwen-7b-0' }],
  gpu_underutilization: [{ instance: 'tgi-mistral-7b-0' }, { instance: 'vllm-llama-8b-0' }, { instance: 'generic-phi-3-mini-0' }],
  xid_error: [{ hostname: 'gpu-node-a100-1', gpu: 0 }, { hostname: 'gpu-node-l4-1', gpu: 0 }, { hostname: 'gpu-node-h100-1', gpu: 2 }],
  thermal_throttling: [{ instance: 'vllm-llama-8b-2' }, { instance: 'otel-gemma-9b-0' }, { instance: 'vllm-llama-70b-0' }],
  power_throttling: [{ instance: 'sglang-qwen-7b-0' }, { instance: 'vllm-llama-8b-0' }, { instance: 'tgi-mistral-7b-0' }],
  slow_span: [{ instance: 'vllm-llama-8b-0' }, { instance: 'vllm-llama-70b-0' }, { instance: 'sglang-qwen-7b-0' }],
  traffic_surge: [{ model: 'llama-3.1-8b-instruct' }, { instance: 'generic-phi-3-mini-0' }, { instance: 'vllm-llama-70b-0' }],
  bad_deploy: [{ instance: 'vllm-llama-8b-0' }, { instance: 'sglang-qwen-7b-0' }, { instance: 'vllm-llama-70b-0' }],
  memory_pressure: [{ instance: 'vllm-llama-70b-0' }, { instance: 'vllm-llama-8b-2' }, { instance: 'sglang-qwen-7b-0' }],
};
export const KINDS_EVALUATED = Object.keys(TARGETS) as RcaKind[];

/** History length: a lead-in, then each fault followed by a quiet gap (faults never overlap). */
export const HISTORY_MIN = LEAD_MIN + KINDS_EVALUATED.length * (FAULT_MIN + GAP_MIN);

export function evaluationFaults(seed: number, endMs: number): FaultSpec[] {
  const start0 = endMs - HISTORY_MIN * 60_000 + LEAD_MIN * 60_000;
  return KINDS_EVALUATED.map((kind, i) => {
    const targets = TARGETS[kind];
    const start = start0 + i * (FAULT_MIN + GAP_MIN) * 60_000;
    return { id: `${kind}-${seed}`, kind, start: new Date(start).toISOString(), duration: `${FAULT_MIN}m`, target: targets[seed % targets.length] };
  });
}

export interface LoadedHistory {
  prometheus: RunningService;
  jaeger?: JaegerService;
  truths: GroundTruth[];
  stop(): Promise<void>;
}

/**
 * Backfills one history per seed (each ending on a different day, so they do not overlap), turns them
 * into TSDB blocks, and starts one Prometheus over all blocks (and one Jaeger holding their traces).
 */
export async function loadHistories(seeds: number[], opts: { jaeger?: boolean } = {}): Promise<LoadedHistory> {
  const work = mkdtempSync(path.join(tmpdir(), 'llmops-rca-'));
  const tsdb = path.join(work, 'tsdb');
  mkdirSync(tsdb);
  const jaeger = opts.jaeger ? await startJaeger() : undefined;
  const truths: GroundTruth[] = [];
  const ends = historyEnds(seeds.length);
  try {
    for (const [n, seed] of seeds.entries()) {
      const end = ends[n];
      const file = path.join(work, `seed-${seed}.om`);
      const res = await writeBackfill({
        out: file,
        fleet: 'small',
        seed,
        stepSeconds: STEP_SECONDS,
        duration: `${HISTORY_MIN}m`,
        end,
        scenario: { name: `rca-eval-${seed}`, faults: evaluationFaults(seed, end) },
        otlp: jaeger?.otlpHttpUrl,
        sensitive: 0,
      });
      truths.push(res.groundTruth);
      const blocks = createBlocksFromOpenMetrics(file);
      rmSync(file, { force: true });
      rmSync(res.groundTruthFile, { force: true });
      // Blocks are self-contained directories: gather every seed's blocks in one TSDB.
      for (const b of readdirSync(blocks)) renameSync(path.join(blocks, b), path.join(tsdb, b));
      rmSync(blocks, { recursive: true, force: true });
    }
  } catch (e) {
    await jaeger?.stop();
    rmSync(work, { recursive: true, force: true });
    throw e;
  }
  const prometheus = await startPrometheus({ tsdbDir: tsdb, scrapeInterval: `${STEP_SECONDS}s` });
  return {
    prometheus,
    jaeger,
    truths,
    async stop() {
      await prometheus.stop();
      await jaeger?.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/** The symptom a user would start from: errors, then latency, then utilisation. */
export function targetSignal(fault: GroundTruthFault): string {
  for (const s of ['error_ratio', 'ttft', 'itl', 'e2e_latency', 'gpu_utilization', 'request_rate']) if (fault.signals.includes(s)) return s;
  return 'e2e_latency';
}

export interface RcaQuery {
  model: Record<string, unknown>;
  from: number;
  to: number;
}

/** The query for one fault: over its window, or (`detect`) per model with no window, so the backend finds the incident. */
export function rcaQueryFor(fault: GroundTruthFault, opts: { detect?: boolean } = {}): RcaQuery {
  return {
    model: opts.detect
      ? { target: { signal: targetSignal(fault), groupBy: ['model'] } }
      : { target: { signal: targetSignal(fault), groupBy: ['model', 'instance'] }, incidentStart: fault.startMs, incidentEnd: fault.endMs },
    from: fault.startMs - GAP_MIN * 60_000 + 2 * STEP_SECONDS * 1000,
    to: fault.endMs + 5 * 60_000,
  };
}

export interface RcaRow {
  id: string;
  entity: Record<string, string>;
  confidence: number;
  /** The table's window (the same on every row). */
  window?: { start: number; end: number };
}

export const datasourceJson = (jaegerUrl?: string) => ({ timeInterval: `${STEP_SECONDS}s`, ...(jaegerUrl ? { jaegerUrl } : {}) });

/** Runs the rootcause handler in-process (same code the executable runs, without gRPC). */
export async function runViaHandler(h: LoadedHistory, q: RcaQuery): Promise<RcaRow[]> {
  return rowsFromTable((await runFrames(h, q))[0]);
}

async function runFrames(h: LoadedHistory, q: RcaQuery): Promise<Frame[]> {
  useScenarioClock();
  const instance = createDatasourceInstance({
    id: 1,
    uid: 'llmops',
    name: 'LLM Ops',
    url: h.prometheus.url,
    user: '',
    database: '',
    basicAuthEnabled: false,
    basicAuthUser: '',
    jsonData: datasourceJson(h.jaeger?.url),
    decryptedSecureJsonData: {},
    lastUpdatedMS: 1,
  });
  const frames = await rootcauseQuery({
    refId: 'A',
    query: { refId: 'A', queryType: 'rootcause', ...q.model },
    range: { from: q.from, to: q.to },
    intervalMs: STEP_SECONDS * 1000,
    maxDataPoints: 1000,
    fromAlert: false,
    instance,
    signal: new AbortController().signal,
  });
  return frames;
}

export function rowsFromTable(table: Pick<Frame, 'fields' | 'meta'>): RcaRow[] {
  const col = (name: string) => table.fields.find((f) => f.name === name)?.values ?? [];
  const ids = Array.from(col('hypothesis_id')) as string[];
  const entities = ((table.meta?.custom as Record<string, unknown> | undefined)?.entities ?? []) as Array<Record<string, string>>;
  const conf = Array.from(col('confidence')) as number[];
  const custom = (table.meta?.custom ?? {}) as { incidentStart?: number; incidentEnd?: number };
  const window = custom.incidentStart !== undefined && custom.incidentEnd !== undefined ? { start: custom.incidentStart, end: custom.incidentEnd } : undefined;
  return ids.map((id, i) => ({ id, entity: entities[i] ?? {}, confidence: conf[i], window }));
}

/** The hypothesis entity names the injected target (instance, pod, GPU, or the model for model-wide faults). */
export function entityMatches(entity: Record<string, string>, fault: GroundTruthFault): boolean {
  const t = fault.target;
  if (entity.instance && t.instances.includes(entity.instance)) return true;
  if (entity.pod && t.pods.includes(entity.pod)) return true;
  if (entity.hostname && entity.gpu !== undefined && t.gpus.some((g) => g.hostname === entity.hostname && g.gpu === entity.gpu)) return true;
  if (!entity.instance && !entity.pod && entity.gpu === undefined && entity.model && t.models.includes(entity.model)) return true;
  return false;
}

export interface CaseResult {
  seed: number;
  kind: FaultKind;
  rank: number | null;
  top: string;
  ms: number;
  /** The analysed window overlaps the fault (always true when the window was given). */
  windowHit: boolean;
}

export function rankOf(rows: RcaRow[], fault: GroundTruthFault): number | null {
  const i = rows.findIndex((r) => r.id === EXPECTED[fault.kind as RcaKind] && entityMatches(r.entity, fault));
  return i < 0 ? null : i + 1;
}

export async function evaluate(h: LoadedHistory, run: (q: RcaQuery) => Promise<RcaRow[]>, opts: { detect?: boolean } = {}): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  for (const truth of h.truths) {
    for (const fault of truth.faults) {
      const t = performance.now();
      const rows = await run(rcaQueryFor(fault, opts));
      const ms = performance.now() - t;
      const w = rows[0]?.window;
      const windowHit = w !== undefined && w.start <= fault.endMs && w.end >= fault.startMs;
      out.push({ seed: truth.seed, kind: fault.kind, rank: rankOf(rows, fault), top: rows[0] ? `${rows[0].id} ${JSON.stringify(rows[0].entity)}` : '(none)', ms, windowHit });
    }
  }
  return out;
}

export function summarize(results: CaseResult[]) {
  const n = results.length;
  const top1 = results.filter((r) => r.rank === 1).length / n;
  const top3 = results.filter((r) => r.rank !== null && r.rank <= 3).length / n;
  const perKind = KINDS_EVALUATED.map((kind) => {
    const rs = results.filter((r) => r.kind === kind);
    return {
      kind,
      top1: rs.filter((r) => r.rank === 1).length / rs.length,
      top3: rs.filter((r) => r.rank !== null && r.rank <= 3).length / rs.length,
    };
  });
  const ms = results.map((r) => r.ms).sort((a, b) => a - b);
  return { top1, top3, perKind, medianMs: ms[Math.floor(ms.length / 2)], maxMs: ms[ms.length - 1] };
}

export const SEEDS = [1, 2, 3];

/**
 * Pure analysis speed: 500 candidate series × 1,000 points (the doc's BARO target is < 20 ms). CPU
 * time, best of several rounds: wall time on the shared 2-core machines varies several-fold with load.
 */
export function pureAnalysisRows(): BenchRow[] {
  let x = 99;
  const u = () => (x = (x * 48271) % 2147483647) / 2147483647;
  const times = Array.from({ length: 1000 }, (_, i) => i * 15_000);
  const signals = ['kv_cache_usage', 'gpu_utilization', 'request_rate', 'requests_waiting', 'gpu_temperature'];
  const candidates: SignalSeries[] = Array.from({ length: 500 }, (_, n) => ({
    signal: signals[n % signals.length],
    labels: { model: `m${n % 7}`, instance: `i${n % 100}`, gpu: String(n % 8), hostname: `h${n % 13}` },
    times,
    values: times.map((_, i) => 0.5 + 0.05 * u() + (n === 7 && i > 800 ? 0.45 : 0)),
    minScale: 0.01,
  }));
  const window = { start: times[800], end: times[999] };
  const best = (fn: () => void) => bestCpuTimes([fn], 15)[0];
  let sink = 0;
  // Baseline: one plain pass over the same points (the least any analysis must do).
  const baseline = best(() => {
    for (const c of candidates) for (const v of c.values) sink += v ?? 0;
  });
  const ms = best(() => {
    sink += analyzeRootCause({ window, candidates }).hypotheses.length;
  });
  if (!Number.isFinite(sink)) throw new Error('non-finite bench result');
  return [{ name: 'analyzeRootCause 500 series × 1000 points', value: ms, unit: 'ms', baseline, ratio: ms / baseline, note: 'target < 20 ms (CPU time)' }];
}

/** Healthy days (fixed dates, one seed each) and the targets asked about them with no window. */
const HEALTHY_DAYS = ['2026-11-10', '2026-11-11', '2026-11-12'];
const HEALTHY_TARGETS = [
  { signal: 'ttft', groupBy: ['model'] },
  { signal: 'itl', groupBy: ['model'] },
  { signal: 'e2e_latency', groupBy: ['model'] },
  { signal: 'error_ratio', groupBy: ['model'] },
  { signal: 'ttft' },
];

/**
 * Share of healthy 2-hour ranges (busy hours, no fault) where a window-less query answers "no
 * incident" (or finds nothing to blame): each day × target × three ranges ending 14:00, 16:00, 18:00.
 */
export async function healthyRows(): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'llmops-rca-healthy-'));
  try {
    HEALTHY_DAYS.forEach((d, i) => writeEditedBackfill({ dataDir: dir, endMs: Date.parse(`${d}T18:00:00Z`), durationMs: 7 * 3_600_000, seed: 11 + i }));
    const prometheus = await startPrometheus({ tsdbDir: dir, scrapeInterval: '15s' });
    const h: LoadedHistory = { prometheus, truths: [], stop: () => prometheus.stop() };
    let quiet = 0;
    let total = 0;
    try {
      for (const d of HEALTHY_DAYS) {
        for (const hour of [14, 16, 18]) {
          const to = Date.parse(`${d}T${hour}:00:00Z`);
          for (const target of HEALTHY_TARGETS) {
            const frames = await runFrames(h, { model: { target }, from: to - 2 * 3_600_000, to });
            const custom = (frames[0].meta?.custom ?? {}) as { status?: string };
            const ids = rowsFromTable(frames[0]).map((r) => r.id);
            total++;
            if (custom.status === 'no_incident' || ids.length === 0 || ids[0] === 'unknown') quiet++;
            else process.stderr.write(`  healthy ${d} ${hour}:00 ${target.signal}${target.groupBy ? ' by model' : ''}: ${ids[0]} (${(custom as { message?: string }).message ?? ''})\n`);
          }
        }
      }
    } finally {
      await h.stop();
    }
    return [{ name: 'healthy ranges answered "no incident"', value: quiet / total, unit: 'fraction', note: `${total} ranges (3 days × 3 × ${HEALTHY_TARGETS.length} targets); goal ≥ 0.9` }];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function run(): Promise<BenchRow[]> {
  const h = await loadHistories(SEEDS, { jaeger: true });
  try {
    // Warm-up (engine detection, JIT), not counted.
    await runViaHandler(h, rcaQueryFor(h.truths[0].faults[0]));
    const results = await evaluate(h, (q) => runViaHandler(h, q));
    const s = summarize(results);
    for (const r of results) if (r.rank !== 1) process.stderr.write(`  seed ${r.seed} ${r.kind}: rank ${r.rank ?? '-'}; top: ${r.top}\n`);
    // The same faults with no window given: the backend finds the incident (per-model target).
    const detected = await evaluate(h, (q) => runViaHandler(h, q), { detect: true });
    const d = summarize(detected);
    for (const r of detected) if (r.rank !== 1) process.stderr.write(`  detected window: seed ${r.seed} ${r.kind}: rank ${r.rank ?? '-'}; window on the fault: ${r.windowHit}; top: ${r.top}\n`);
    return [
      { name: 'top-1 accuracy, incident found by the backend', value: d.top1, unit: 'fraction', note: 'no window given; target per model' },
      { name: 'top-3 accuracy, incident found by the backend', value: d.top3, unit: 'fraction' },
      { name: 'found window overlaps the fault', value: detected.filter((r) => r.windowHit).length / detected.length, unit: 'fraction' },
      { name: 'top-1 accuracy (all kinds)', value: s.top1, unit: 'fraction', note: 'goal ≥ 0.8' },
      { name: 'top-3 accuracy (all kinds)', value: s.top3, unit: 'fraction', note: 'goal 1.0' },
      ...s.perKind.flatMap((k) => [
        { name: `${k.kind} top-1`, value: k.top1, unit: 'fraction' },
        { name: `${k.kind} top-3`, value: k.top3, unit: 'fraction' },
      ]),
      { name: 'ms per analysis (median, fetch + analysis)', value: s.medianMs, unit: 'ms' },
      { name: 'ms per analysis (max)', value: s.maxMs, unit: 'ms' },
      ...(await healthyRows()),
      ...pureAnalysisRows(),
    ];
  } finally {
    await h.stop();
  }
}

// `npx tsx bench/rootcause.bench.ts`: only the pure analysis row (the full bench needs Prometheus and Jaeger);
// `… healthy`: only the healthy-range row (needs Prometheus).
if (process.argv[1]?.endsWith('rootcause.bench.ts')) {
  if (process.argv[2] === 'healthy') void healthyRows().then((rows) => console.table(rows));
  else console.table(pureAnalysisRows());
}
