/**
 * Everything the browser tests run against: simulator history (demo scenario, seeded) written as a
 * TSDB and served by a real Prometheus, the built backend executable started as Grafana would, the
 * harness bundle and the harness server. `npx tsx test/browser/environment.ts` starts it by hand
 * and prints the URL (Ctrl-C stops everything).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { writeBackfill } from '../../simulator/src';
import { startPlugin } from '../host';
import { startPrometheus, type RunningService } from '../support/services';
import { buildHarness } from './build-harness';
import { DATASOURCE_UID, provisionedJsonData, startHarnessServer } from './server';

export interface Environment {
  url: string;
  prometheusUrl: string;
  stop(): Promise<void>;
}

export async function startEnvironment(log: (msg: string) => void = () => {}): Promise<Environment> {
  const stops: Array<() => Promise<unknown> | void> = [];
  const stopAll = async () => {
    for (const s of stops.reverse()) {
      await Promise.resolve(s()).catch(() => undefined);
    }
  };
  try {
    const t0 = Date.now();
    const shimFile = await buildHarness();
    log(`harness bundle ready (${Date.now() - t0} ms)`);

    const tsdb = fs.mkdtempSync(path.join(os.tmpdir(), 'llmops-browser-tsdb-'));
    stops.push(() => fs.rmSync(tsdb, { recursive: true, force: true }));
    const backfill = await writeBackfill({ out: tsdb, format: 'tsdb', duration: '6h', scenario: 'demo', fleet: 'small', seed: 42 });
    log(`simulator: ${backfill.samples} samples, ${backfill.series} series in ${backfill.seconds.toFixed(1)} s`);

    const prometheus: RunningService = await startPrometheus({ tsdbDir: tsdb });
    stops.push(() => prometheus.stop());
    log(`prometheus at ${prometheus.url}`);

    const plugin = await startPlugin();
    stops.push(() => plugin.close());
    log(`backend executable handshake in ${plugin.handshakeMs} ms`);

    const server = await startHarnessServer({
      backend: plugin,
      settings: { uid: DATASOURCE_UID, name: 'LLM Ops', url: prometheus.url, jsonData: { ...provisionedJsonData(), jaegerUrl: undefined } },
      shimFile,
    });
    stops.push(() => server.close());
    log(`harness at ${server.url}/harness/`);
    return { url: server.url, prometheusUrl: prometheus.url, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}

if (require.main === module) {
  startEnvironment((m) => console.log(m)).then((env) => {
    console.log(`open ${env.url}/harness/`);
    const stop = () => env.stop().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
