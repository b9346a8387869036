// Starts the datasource backend: what the executable runs at start (pkg/main.ts) or, in a Node build with a
// start-up snapshot, after the snapshot is deserialized (pkg/snapshot/main.ts). Reads the environment and opens
// handles (workers, the gRPC server) only when called, never at module load, so a snapshot holds none.
import { createCompute, type Compute } from './compute';
import { registerComputeMetrics } from './compute/metrics';
import { CLOCK_START_ENV, startClockAt } from './datasource/clock';
import type { DatasourceInstance } from './datasource/instance';
import type * as DatasourcePluginModule from './datasource/plugin';
import { createSelfMetrics, type SelfMetrics } from './datasource/self-metrics';
import { registerEventLoopDelay } from './grafana/event-loop-delay';
import { serve } from './grafana/server';
import { resolveProtocol } from './grafana/service-definitions';
import type { BackendPlugin } from './grafana/types';

function fail(message: string, error: unknown): never {
  process.stderr.write(JSON.stringify({ '@level': 'error', '@message': message, error: String(error) }) + '\n');
  process.exit(1);
}

/**
 * The datasource (query handlers, analytics, upstream clients) is loaded on Grafana's first call rather
 * than before the handshake: Grafana waits for the handshake, and nothing uses the datasource before.
 */
function datasourceModule(): typeof DatasourcePluginModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a deferred load, bundled by esbuild
  return require('./datasource/plugin') as typeof DatasourcePluginModule;
}

function deferredDatasource(metrics: SelfMetrics, compute: Compute): BackendPlugin<DatasourceInstance> {
  let plugin: BackendPlugin<DatasourceInstance> | undefined;
  const load = () => {
    plugin ??= datasourceModule().createDatasourcePlugin({ metrics, compute });
    return plugin;
  };
  return {
    newInstance: (settings, ctx) => load().newInstance(settings, ctx),
    queryData: (req, instance, signal) => load().queryData(req, instance, signal),
    checkHealth: (ctx, instance, headers) => load().checkHealth(ctx, instance, headers),
    callResource: (req, instance, sender) => load().callResource(req, instance, sender),
  };
}

export function startBackend(): void {
  try {
    const start = startClockAt(process.env[CLOCK_START_ENV]);
    if (start !== undefined) {
      process.stderr.write(
        JSON.stringify({ '@level': 'warn', '@message': `clock starts at ${new Date(start).toISOString()} (${CLOCK_START_ENV})` }) + '\n'
      );
    }
  } catch (err) {
    fail('plugin failed to start', err instanceof Error ? err.message : err);
  }

  const metrics = createSelfMetrics();
  // Anomaly, root cause, cost and compliance compute in worker threads; the event loop keeps serving.
  const compute = createCompute();
  registerComputeMetrics(metrics.registry, compute);
  registerEventLoopDelay(metrics.registry);

  serve(deferredDatasource(metrics, compute), { metrics: metrics.registry }).then(
    () => setImmediate(warmUp),
    (err: unknown) => fail('plugin failed to start', err)
  );
}

/**
 * After the handshake, while Grafana has not called yet: the work the start left for first use (resolving
 * the protocol's types, evaluating the datasource's modules), so the first call does not wait for it.
 * It creates nothing: a failure here is left for the first call to meet and report.
 */
function warmUp(): void {
  try {
    resolveProtocol();
    datasourceModule();
  } catch {
    // the call that needs it loads it again and answers with the error
  }
}
