// Executable entry point: the datasource backend Grafana starts as gpx_llmops_<os>_<arch>.
import { createCompute } from './compute';
import { registerComputeMetrics } from './compute/metrics';
import { CLOCK_START_ENV, startClockAt } from './datasource/clock';
import { createDatasourcePlugin } from './datasource/plugin';
import { createSelfMetrics } from './datasource/self-metrics';
import { serve } from './grafana/server';

function fail(message: string, error: unknown): never {
  process.stderr.write(JSON.stringify({ '@level': 'error', '@message': message, error: String(error) }) + '\n');
  process.exit(1);
}

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

serve(createDatasourcePlugin({ metrics, compute }), { metrics: metrics.registry }).catch((err: unknown) => fail('plugin failed to start', err));
