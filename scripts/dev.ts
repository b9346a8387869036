// `npm run dev`: the no-Docker demo. Starts on loopback a real Jaeger, the LLM fleet simulator (6 h of
// seeded history with the demo faults, then live metrics and traces), a real Prometheus that holds the
// history and scrapes the live simulator, the built backend executable (started as Grafana starts it),
// and the browser harness that loads the built plugin the way Grafana does. Ctrl-C stops everything.
// Needs `npm run build` first and the servers from scripts/install-test-deps.sh.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { smallFleet, startLiveSimulator, writeBackfill } from '../simulator/src';
import { startPlugin } from '../test/host';
import { buildHarness } from '../test/browser/build-harness';
import { DATASOURCE_UID, provisionedJsonData, startHarnessServer } from '../test/browser/server';
import { startJaeger, startPrometheus } from '../test/support/services';
import { devIndexHtml, type DashboardLink } from './dev-index';

/** dashboards/*.json, for the index's links. */
function shippedDashboards(): DashboardLink[] {
  const dir = path.join(__dirname, '..', 'dashboards');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ name: f.replace(/\.json$/, ''), title: (JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { title: string }).title }));
}

async function main() {
  const root = path.resolve(__dirname, '..');
  if (!fs.existsSync(path.join(root, 'dist', 'datasource', 'gpx_llmops_linux_amd64'))) {
    throw new Error('dist/ is not built: run `npm run build` first');
  }
  const stops: Array<() => Promise<unknown> | void> = [];
  const stopAll = async () => {
    for (const s of stops.reverse()) await Promise.resolve(s()).catch(() => undefined);
  };
  process.on('SIGINT', () => stopAll().then(() => process.exit(0)));
  process.on('SIGTERM', () => stopAll().then(() => process.exit(0)));

  try {
    const jaeger = await startJaeger();
    stops.push(() => jaeger.stop());
    console.log(`jaeger        ${jaeger.url}`);

    const tsdb = fs.mkdtempSync(path.join(os.tmpdir(), 'llmops-dev-tsdb-'));
    stops.push(() => fs.rmSync(tsdb, { recursive: true, force: true }));
    const history = await writeBackfill({
      out: tsdb,
      format: 'tsdb',
      duration: '6h',
      // The dev stack continues into live scraping, so its history ends at the wall clock.
      end: 'now',
      scenario: 'demo',
      fleet: 'small',
      seed: 42,
      otlp: jaeger.otlpHttpUrl,
    });
    console.log(`history       ${history.series} series, ${history.samples} samples in ${history.seconds.toFixed(1)} s`);

    const sim = await startLiveSimulator({ fleet: 'small', scenario: 'healthy', seed: 43, otlp: jaeger.otlpHttpUrl });
    stops.push(() => sim.stop());
    console.log(`simulator     ${sim.url}/metrics`);

    const prometheus = await startPrometheus({
      tsdbDir: tsdb,
      scrapeTargets: [`127.0.0.1:${sim.port}`],
      scrapeInterval: '15s',
      // The simulator exposes each target's own job/instance labels (as the history has them); without
      // honor_labels Prometheus would overwrite them with instance="127.0.0.1:<port>".
      extraConfig: '    honor_labels: true',
    });
    stops.push(() => prometheus.stop());
    console.log(`prometheus    ${prometheus.url}`);

    const plugin = await startPlugin();
    stops.push(() => plugin.close());
    const shimFile = await buildHarness();
    const server = await startHarnessServer({
      backend: plugin,
      settings: {
        uid: DATASOURCE_UID,
        name: 'LLM Ops',
        url: prometheus.url,
        jsonData: { ...provisionedJsonData(), jaegerUrl: jaeger.url },
      },
      shimFile,
      indexHtml: devIndexHtml(smallFleet(), shippedDashboards()),
    });
    stops.push(() => server.close());
    console.log(`\nopen ${server.url}/   (every app page, panel and editor; Ctrl-C stops everything)`);
  } catch (err) {
    await stopAll();
    throw err;
  }
}

main().catch((err) => {
  console.error((err as Error).message);
  process.exit(1);
});
