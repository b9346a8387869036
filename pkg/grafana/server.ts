// The plugin process: checks go-plugin's start-up contract, serves Grafana's gRPC services on
// 127.0.0.1:<random port>, prints the handshake line, and exits gracefully on Shutdown or SIGTERM.
import { writeSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { errorResponse } from './errors';
import type { DataResponse } from './frame';
import { checkHandshakeEnv, handshakeLine } from './handshake';
import { watchHost } from './host-watch';
import { InstanceCache } from './instance-cache';
import { createLogger, markStderrBroken, type Logger } from './logger';
import { MetricsRegistry } from './metrics';
import { serviceNames } from './protocol-descriptor';
import { ChunkingSender } from './resource-sender';
import { serviceDefinitions } from './service-definitions';
import type { BackendPlugin, Disposable } from './types';
import {
  fromWireCallResourceRequest,
  fromWirePluginContext,
  fromWireQueryDataRequest,
  toWireDataResponse,
} from './wire';

/* eslint-disable @typescript-eslint/no-explicit-any -- handlers receive decoded wire objects */

/** Far above grpc-js's 4 MiB default: large resource bodies and many queries per request. */
export const MAX_RECEIVE_BYTES = 256 * 1024 * 1024;
const SHUTDOWN_GRACE_MS = 1500;
/** When the host is gone nobody waits for answers: exit well within go-plugin's 2 s. */
const HOST_GONE_EXIT_MS = 500;

export interface ServeOptions {
  metrics?: MetricsRegistry;
  logger?: Logger;
  env?: NodeJS.ProcessEnv;
  /** Called when the host asks us to stop (GRPCController.Shutdown); default: stop the server only. */
  onShutdownRequested?: (reason: string) => void;
}

export interface RunningServer {
  port: number;
  shutdown(reason: string): Promise<void>;
}

/** Entry point for the executable: refuses to run without Grafana's environment. */
export async function serve<I extends Disposable>(plugin: BackendPlugin<I>, options: ServeOptions = {}): Promise<void> {
  const env = options.env ?? process.env;
  const check = checkHandshakeEnv(env);
  if (!check.ok) {
    process.stderr.write(check.message + '\n');
    process.exit(1);
  }
  const log = options.logger ?? createLogger();
  // go-plugin servers ignore SIGINT: Ctrl-C in Grafana's terminal must not kill plugins before Grafana stops them.
  process.on('SIGINT', () => log.debug('ignoring SIGINT; Grafana stops plugins itself'));
  let running: RunningServer | undefined;
  const exit = (reason: string) => {
    if (!running) process.exit(0);
    void running.shutdown(reason).finally(() => process.exit(0));
  };
  const hostGone = (reason: string) => {
    setTimeout(() => process.exit(0), HOST_GONE_EXIT_MS).unref();
    exit(reason);
  };
  process.on('SIGTERM', () => exit('SIGTERM'));
  guardProcess(log, () => hostGone('the host closed our output pipes'));
  running = await startServer(plugin, { ...options, logger: log, onShutdownRequested: exit });
  // The only start-up output on stdout, written once the port is bound (the host dials right away).
  writeSync(1, handshakeLine(running.port));
  log.info('plugin started', { port: running.port, pid: process.pid, node: process.version });
  watchHost({ log, onGone: hostGone });
}

/**
 * Keeps stray output off stdout, keeps one bad promise from killing the process, and stops cleanly
 * when the host's end of stdout/stderr goes away (EPIPE: Grafana died), instead of failing every write.
 */
function guardProcess(log: Logger, onHostGone: () => void): void {
  let gone = false;
  const pipeError = () => {
    markStderrBroken();
    if (gone) return;
    gone = true;
    onHostGone();
  };
  process.stdout.on('error', pipeError);
  process.stderr.on('error', pipeError);
  const toLog =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) =>
      log[level](args.map((a) => (typeof a === 'string' ? a : safeInspect(a))).join(' '));
  console.log = toLog('info');
  console.info = toLog('info');
  console.debug = toLog('debug');
  console.warn = toLog('warn');
  console.error = toLog('error');
  process.on('unhandledRejection', (reason) => log.error('unhandled promise rejection', { error: reason }));
  process.on('uncaughtException', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') return pipeError();
    log.error('uncaught exception', { error: err, stack: err.stack });
  });
}

function safeInspect(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

/**
 * An AbortSignal that fires when the host cancels the call (a closed dashboard, Grafana's own timeout)
 * or the call's deadline passes; grpc-js reports both as 'cancelled', the timer is a second guard.
 */
function callCancellation(call: grpc.ServerUnaryCall<any, any>): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const abort = () => controller.abort();
  call.on('cancelled', abort);
  let timer: NodeJS.Timeout | undefined;
  const deadline = call.getDeadline();
  const at = deadline instanceof Date ? deadline.getTime() : Number(deadline);
  if (Number.isFinite(at) && at > 0) timer = setTimeout(abort, Math.max(0, at - Date.now()));
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      call.removeListener('cancelled', abort);
    },
  };
}

export async function startServer<I extends Disposable>(
  plugin: BackendPlugin<I>,
  options: ServeOptions & { logger: Logger }
): Promise<RunningServer> {
  const log = options.logger;
  const metrics = options.metrics ?? new MetricsRegistry();
  const instances = new InstanceCache<I>((s, ctx) => plugin.newInstance(s, ctx), log);
  const def = serviceDefinitions(Object.values(serviceNames));
  const server = new grpc.Server({
    'grpc.max_receive_message_length': MAX_RECEIVE_BYTES,
    'grpc.max_send_message_length': -1,
  });
  let stopping: Promise<void> | undefined;

  const shutdown = (reason: string): Promise<void> => {
    stopping ??= (async () => {
      log.info('plugin shutting down', { reason });
      const force = setTimeout(() => server.forceShutdown(), SHUTDOWN_GRACE_MS);
      await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
      clearTimeout(force);
      await instances.disposeAll();
    })();
    return stopping;
  };

  server.addService(def[serviceNames.data]!, {
    QueryData: (call: grpc.ServerUnaryCall<any, any>, callback: grpc.sendUnaryData<any>) => {
      void (async () => {
        const req = fromWireQueryDataRequest(call.request);
        const refIds = req.queries.map((q) => q.refId);
        const cancel = callCancellation(call);
        let results: Record<string, DataResponse>;
        try {
          const instance = instances.get(req.pluginContext);
          results = await plugin.queryData(req, instance, cancel.signal);
        } catch (err) {
          log.error('QueryData failed', { error: err });
          results = Object.fromEntries(refIds.map((r) => [r, errorResponse(err)]));
        } finally {
          cancel.dispose();
        }
        if (cancel.signal.aborted) {
          log.debug('QueryData cancelled by the host', { refIds: refIds.slice(0, 20) });
          return;
        }
        const responses: Record<string, any> = {};
        for (const refId of refIds) {
          const r = results[refId] ?? errorResponse(new Error(`no response produced for refId ${refId}`));
          try {
            responses[refId] = toWireDataResponse(refId, r);
          } catch (err) {
            log.error('encoding frames failed', { refId, error: err });
            responses[refId] = toWireDataResponse(refId, errorResponse(err));
          }
        }
        callback(null, { responses });
      })();
    },
  });

  server.addService(def[serviceNames.diagnostics]!, {
    CheckHealth: (call: grpc.ServerUnaryCall<any, any>, callback: grpc.sendUnaryData<any>) => {
      void (async () => {
        const ctx = fromWirePluginContext(call.request.pluginContext);
        try {
          const result = await plugin.checkHealth(ctx, instances.get(ctx), { ...(call.request.headers ?? {}) });
          callback(null, {
            status: result.status,
            message: result.message,
            jsonDetails: Buffer.from(JSON.stringify(result.details ?? {})),
          });
        } catch (err) {
          log.error('CheckHealth failed', { error: err });
          callback(null, {
            status: 'ERROR',
            message: `Health check failed: ${(err as Error)?.message ?? String(err)}`,
            jsonDetails: Buffer.from('{}'),
          });
        }
      })();
    },
    CollectMetrics: (_call: grpc.ServerUnaryCall<any, any>, callback: grpc.sendUnaryData<any>) => {
      callback(null, { metrics: { prometheus: Buffer.from(metrics.render()) } });
    },
  });

  server.addService(def[serviceNames.resource]!, {
    CallResource: (call: grpc.ServerWritableStream<any, any>) => {
      void (async () => {
        const sender = new ChunkingSender(call);
        try {
          const req = fromWireCallResourceRequest(call.request);
          await plugin.callResource(req, instances.get(req.pluginContext), sender);
          if (!sender.started) {
            sender.send({ status: 500, body: JSON.stringify({ error: 'the resource handler sent no response' }) });
          }
        } catch (err) {
          log.error('CallResource failed', { error: err });
          if (!sender.started) {
            sender.send({
              status: 500,
              headers: { 'Content-Type': ['application/json'] },
              body: JSON.stringify({ error: `internal error: ${(err as Error)?.message ?? String(err)}` }),
            });
          }
        }
        call.end();
      })();
    },
  });

  server.addService(def[serviceNames.health]!, {
    Check: (call: grpc.ServerUnaryCall<any, any>, callback: grpc.sendUnaryData<any>) => {
      const service = call.request.service ?? '';
      if (service === '' || service === 'plugin') callback(null, { status: stopping ? 'NOT_SERVING' : 'SERVING' });
      else callback({ code: grpc.status.NOT_FOUND, details: `unknown service ${service}` });
    },
    Watch: (call: grpc.ServerWritableStream<any, any>) => {
      const service = call.request.service ?? '';
      call.write({ status: service === '' || service === 'plugin' ? 'SERVING' : 'SERVICE_UNKNOWN' });
    },
  });

  server.addService(def[serviceNames.controller]!, {
    Shutdown: (_call: grpc.ServerUnaryCall<any, any>, callback: grpc.sendUnaryData<any>) => {
      callback(null, {});
      // Let the reply go out, then stop; `serve` exits the process when shutdown completes.
      const reason = 'GRPCController.Shutdown';
      setImmediate(() => (options.onShutdownRequested ? options.onShutdownRequested(reason) : void shutdown(reason)));
    },
  });

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p)
    )
  );
  return { port, shutdown };
}
