// Backfill: runs the model over [end − duration, end] and streams every step's samples to one file —
// OpenMetrics (seconds, `# EOF`) for `promtool tsdb create-blocks-from openmetrics`, or Prometheus text
// with ms timestamps for VictoriaMetrics' /api/v1/import/prometheus — or straight into a TSDB block
// (`tsdb`: a Prometheus data directory, for long histories), plus the ground truth and a bounded sample
// of traces (near faults, and a light background).
import { closeSync, mkdirSync, openSync, readdirSync, statSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { describeFaults, describeFleet, type GroundTruth } from './groundtruth';
import { buildRegistry } from './metrics/build';
import { renderSamples } from './metrics/format';
import { initialState, step } from './model/step';
import { setup, type SetupOptions } from './setup';
import type { TraceRec } from './traces/build';
import { sendTraces } from './traces/otlp';
import { BACKFILL_POLICY, injectSpread, tracesForStep, type TracePolicy } from './traces/sampling';
import { BlockWriter } from './tsdb/block';
import { parseDuration, parseTime } from './util/duration';
import { hash32 } from './util/random';

export type BackfillFormat = 'openmetrics' | 'vm' | 'tsdb';

export interface BackfillOptions extends SetupOptions {
  /** Output file (`.om`/`.txt`), or for `tsdb` the Prometheus data directory to put the block in. */
  out: string;
  format?: BackfillFormat;
  /** History length: days (may be fractional) or a duration string ("12h"). Default 7 days. */
  days?: number;
  duration?: string;
  /**
   * End of history: Date, epoch ms, ISO time, or "now" / an offset from now ("-1h"). Required, so no
   * caller depends on the wall clock by accident (tests use `SCENARIO_END_MS`).
   */
  end: Date | number | string;
  /** Send the sampled traces here (OTLP/HTTP base URL). */
  otlp?: string;
  tracePolicy?: Partial<TracePolicy>;
  /** Sensitive values to plant in traces (cycling email, phone, card, API key, IP). Default 10. */
  sensitive?: number;
  /** Also write the ground truth JSON here (default: `<out>.ground-truth.json`). */
  groundTruthFile?: string;
  /** Warm-up steps run before the first written sample (queues and temperatures settle). */
  warmupSteps?: number;
  /**
   * Write every sample (and the ground truth) this many ms later than simulated: a fixed scenario time
   * stored where a datasource looks (its engine detection reads the last 7 days). Whole weeks keep the
   * daily and weekly patterns, and the same simulated time gives the same values whatever the shift.
   */
  shiftMs?: number;
}

export interface BackfillResult {
  file: string;
  groundTruthFile: string;
  groundTruth: GroundTruth;
  /** Wall-clock seconds for generation and writing (not trace sending). */
  seconds: number;
  samples: number;
  series: number;
  bytes: number;
  traces: TraceRec[];
  tracesSent: number;
}

export function resolveEnd(end: BackfillOptions['end'], nowMs = Date.now()): number {
  if (end instanceof Date) return end.getTime();
  return parseTime(end, nowMs, '--end');
}

export async function writeBackfill(opts: BackfillOptions): Promise<BackfillResult> {
  const t0 = performance.now();
  const format = opts.format ?? 'openmetrics';
  if (!['openmetrics', 'vm', 'tsdb'].includes(format)) throw new Error(`--format must be "openmetrics", "vm" or "tsdb", got "${format}"`);
  const durationMs = opts.duration ? parseDuration(opts.duration, '--duration') : (opts.days ?? 7) * 86_400_000;
  if (!(durationMs > 0)) throw new Error('history length must be positive');
  // The anchor (scenario offsets) and the last sample sit on the step grid.
  const gridMs = (opts.stepSeconds ?? 15) * 1000;
  const endMs = Math.floor(resolveEnd(opts.end) / gridMs) * gridMs;
  const shift = opts.shiftMs ?? 0;
  if (shift % gridMs !== 0) throw new Error(`shiftMs must be a whole number of steps (${gridMs} ms), got ${shift}`);
  if (shift !== 0 && opts.otlp) throw new Error('shiftMs applies to metrics only: traces cannot be sent with a shift');
  const { ctx, fleet, scenario } = setup(opts, endMs);
  const stepMs = ctx.stepSec * 1000;
  const kEnd = Math.floor(endMs / stepMs);
  const kStart = kEnd - Math.floor(durationMs / stepMs);
  const warmup = opts.warmupSteps ?? 40;

  const reg = buildRegistry(ctx);
  const policy = { ...BACKFILL_POLICY, ...(opts.tracePolicy ?? {}) };
  const traces: TraceRec[] = [];
  const sink = format === 'tsdb' ? tsdbSink(opts.out, reg.keys, kStart * stepMs + shift, ctx.seed) : textSink(opts.out, reg.keys, format);
  let samples = 0;
  try {
    let s = initialState(ctx, kStart - warmup);
    for (let j = 0; j < warmup; j++) s = step(s, ctx);
    while (s.k < kEnd) {
      s = step(s, ctx);
      reg.fill(s);
      samples += sink.write(s.k * stepMs + shift, reg.values, reg.active);
      // Traces are kept even without --otlp: the ground truth lists the sensitive values planted in them.
      traces.push(...tracesForStep(ctx, s, policy));
    }
  } finally {
    sink.close();
  }
  const sensitive = injectSpread(ctx, traces, opts.sensitive ?? 10);
  const startMs = kStart * stepMs + shift;
  const lastMs = kEnd * stepMs + shift;
  const shifted = ctx.plan.faults.map((f) => ({ ...f, startMs: f.startMs + shift, endMs: f.endMs + shift }));
  const groundTruth: GroundTruth = {
    seed: ctx.seed,
    fleet: fleet.name,
    scenario: scenario.name,
    stepSeconds: ctx.stepSec,
    start: new Date(startMs + stepMs).toISOString(),
    end: new Date(lastMs).toISOString(),
    startMs: startMs + stepMs,
    endMs: lastMs,
    faults: describeFaults(fleet, shifted, startMs, lastMs),
    sensitive,
    ...describeFleet(fleet),
  };
  const groundTruthFile = opts.groundTruthFile ?? (format === 'tsdb' ? path.join(opts.out, 'ground-truth.json') : `${opts.out}.ground-truth.json`);
  writeFileSync(groundTruthFile, JSON.stringify(groundTruth, null, 2));
  const seconds = (performance.now() - t0) / 1000;
  let tracesSent = 0;
  if (opts.otlp) tracesSent = await sendTraces(opts.otlp, ctx, traces);
  return { file: sink.path(), groundTruthFile, groundTruth, seconds, samples, series: reg.size, bytes: sink.bytes(), traces, tracesSent };
}

interface Sink {
  /** Writes the active samples of one step; returns how many. */
  write(tMs: number, values: Float64Array, active: Uint8Array): number;
  close(): void;
  path(): string;
  bytes(): number;
}

function textSink(out: string, keys: string[], format: 'openmetrics' | 'vm'): Sink {
  mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  const fd = openSync(out, 'w');
  const prefixes = keys.map((k) => `${k} `);
  let chunk = '';
  let closed = false;
  return {
    write(tMs, values, active) {
      // OpenMetrics timestamps are seconds; VictoriaMetrics' Prometheus import takes milliseconds.
      const ts = format === 'openmetrics' ? String(tMs / 1000) : String(tMs);
      chunk += renderSamples(values, active, ts, prefixes);
      if (chunk.length > 4_000_000) {
        writeSync(fd, chunk);
        chunk = '';
      }
      let n = 0;
      for (let i = 0; i < active.length; i++) n += active[i];
      return n;
    },
    close() {
      if (closed) return;
      closed = true;
      if (format === 'openmetrics') chunk += '# EOF\n';
      writeSync(fd, chunk);
      closeSync(fd);
    },
    path: () => out,
    bytes: () => statSync(out).size,
  };
}

function tsdbSink(dataDir: string, keys: string[], startMs: number, seed: number): Sink {
  const entropy = new Uint8Array(10);
  for (let i = 0; i < 10; i++) entropy[i] = hash32(seed, 7007, startMs / 1000, i) & 0xff;
  const block = new BlockWriter(dataDir, keys, startMs, entropy);
  let closed = false;
  return {
    write(tMs, values, active) {
      let n = 0;
      for (let i = 0; i < values.length; i++) {
        if (active[i]) {
          block.append(i, tMs, values[i]);
          n++;
        }
      }
      return n;
    },
    close() {
      if (closed) return;
      closed = true;
      block.finish();
    },
    path: () => block.dir,
    bytes: () => readdirSync(block.dir, { recursive: true }).reduce((sum, f) => {
      const st = statSync(path.join(block.dir, String(f)));
      return sum + (st.isFile() ? st.size : 0);
    }, 0),
  };
}
