// Executable entry point: the datasource backend Grafana starts as gpx_llmops_<os>_<arch>.
import { createDatasourcePlugin } from './datasource/plugin';
import { createSelfMetrics } from './datasource/self-metrics';
import { serve } from './grafana/server';

const metrics = createSelfMetrics();

serve(createDatasourcePlugin({ metrics }), { metrics: metrics.registry }).catch((err: unknown) => {
  process.stderr.write(
    JSON.stringify({ '@level': 'error', '@message': 'plugin failed to start', error: String(err) }) + '\n'
  );
  process.exit(1);
});
