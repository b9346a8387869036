// Live mode: an HTTP server with /metrics (Prometheus text format), /ground-truth and /healthz, the model
// advanced in fixed steps as (optionally accelerated) time passes, and traces sent to an OTLP endpoint.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeFaults, describeFleet, type GroundTruth, type SensitiveInjection } from './groundtruth';
import { buildRegistry } from './metrics/build';
import { renderExposition } from './metrics/format';
import { initialState, step } from './model/step';
import type { SimState } from './model/state';
import { setup, type SetupOptions } from './setup';
import type { TraceRec } from './traces/build';
import { sendTraces } from './traces/otlp';
import { injectSensitive, LIVE_POLICY, tracesForStep, type TracePolicy } from './traces/sampling';

export interface LiveOptions extends SetupOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Bind address; loopback by default (use 0.0.0.0 inside a container). */
  host?: string;
  otlp?: string;
  /** Simulated seconds per real second (default 1). */
  speed?: number;
  tracePolicy?: Partial<TracePolicy>;
  /** Plant a sensitive value in one of every N traces (0 = never). Default 40. */
  sensitiveEvery?: number;
  /** Simulation start (epoch ms); default now. Scenario offsets are relative to it. */
  startMs?: number;
  log?: (msg: string) => void;
}

export interface LiveSimulator {
  url: string;
  port: number;
  /** Current simulated time (epoch ms). */
  now(): number;
  state(): SimState;
  groundTruth(): GroundTruth;
  /** Traces sent so far (count) and the last send error, if any. */
  traceStats(): { sent: number; failed: number; lastError?: string };
  stop(): Promise<void>;
}

export async function startLiveSimulator(opts: LiveOptions = {}): Promise<LiveSimulator> {
  const speed = opts.speed ?? 1;
  if (!(speed > 0)) throw new Error(`--speed must be > 0, got ${speed}`);
  const log = opts.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const gridMs = (opts.stepSeconds ?? 15) * 1000;
  const startMs = Math.floor((opts.startMs ?? Date.now()) / gridMs) * gridMs;
  const { ctx, fleet, scenario } = setup(opts, startMs);
  const stepMs = ctx.stepSec * 1000;
  const reg = buildRegistry(ctx);
  const policy = { ...LIVE_POLICY, ...(opts.tracePolicy ?? {}) };
  const sensitiveEvery = opts.sensitiveEvery ?? 40;
  const wallStart = Date.now();
  const simNow = () => startMs + (Date.now() - wallStart) * speed;

  let state = initialState(ctx, Math.floor(startMs / stepMs) - 40);
  while ((state.k + 1) * stepMs <= startMs) state = step(state, ctx);
  const firstMs = (state.k + 1) * stepMs;

  const sensitive: SensitiveInjection[] = [];
  let traceCount = 0;
  const stats = { sent: 0, failed: 0, lastError: undefined as string | undefined };
  let pending: TraceRec[] = [];
  let sending = false;

  const flushTraces = async () => {
    if (!opts.otlp || sending || !pending.length) return;
    sending = true;
    const batch = pending.slice(0, 500);
    pending = pending.slice(batch.length);
    try {
      stats.sent += await sendTraces(opts.otlp, ctx, batch);
    } catch (e) {
      stats.failed += batch.length;
      if (stats.lastError !== (e as Error).message) log(`simulator: ${(e as Error).message}`);
      stats.lastError = (e as Error).message;
    } finally {
      sending = false;
    }
  };

  const advance = () => {
    const now = simNow();
    // Cap catch-up so a suspended process does not spin for minutes.
    let budget = 2000;
    while ((state.k + 1) * stepMs <= now && budget-- > 0) {
      state = step(state, ctx);
      const traces = tracesForStep(ctx, state, policy);
      for (const tr of traces) {
        traceCount++;
        if (sensitiveEvery > 0 && traceCount % sensitiveEvery === 0) {
          const inj = injectSensitive(ctx, tr, sensitive.length);
          if (inj) sensitive.push(inj);
        }
      }
      if (opts.otlp) pending.push(...traces);
      if (pending.length > 20_000) pending = pending.slice(-20_000);
    }
    void flushTraces();
  };

  const groundTruth = (): GroundTruth => {
    const endMs = state.k * stepMs;
    return {
      seed: ctx.seed,
      fleet: fleet.name,
      scenario: scenario.name,
      stepSeconds: ctx.stepSec,
      start: new Date(firstMs).toISOString(),
      end: new Date(endMs).toISOString(),
      startMs: firstMs,
      endMs,
      faults: describeFaults(fleet, ctx.plan.faults, firstMs, Math.max(endMs, firstMs + 1)),
      sensitive: [...sensitive],
      ...describeFleet(fleet),
    };
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET' }).end('method not allowed\n');
      return;
    }
    advance();
    if (url.pathname === '/metrics') {
      reg.fill(state);
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(renderExposition(reg));
    } else if (url.pathname === '/ground-truth') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(groundTruth(), null, 2));
    } else if (url.pathname === '/healthz' || url.pathname === '/-/ready') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    } else if (url.pathname === '/') {
      res
        .writeHead(200, { 'content-type': 'text/plain' })
        .end(`LLM fleet simulator (fleet ${fleet.name}, scenario ${scenario.name}, seed ${ctx.seed})\n/metrics\n/ground-truth\n/healthz\n`);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /metrics, /ground-truth, /healthz\n');
    }
  };

  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (e) {
      log(`simulator: ${(e as Error).stack ?? e}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => reject(new Error(`cannot listen on ${opts.host ?? '127.0.0.1'}:${opts.port ?? 0}: ${(e as Error).message}`)));
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const timer = setInterval(advance, Math.max(50, Math.min(1000, stepMs / speed)));
  const port = (server.address() as AddressInfo).port;
  const host = opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1';
  return {
    url: `http://${host}:${port}`,
    port,
    now: simNow,
    state: () => state,
    groundTruth,
    traceStats: () => ({ ...stats }),
    stop: async () => {
      clearInterval(timer);
      await flushTraces();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
    },
  };
}
