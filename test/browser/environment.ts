/**
 * Everything the browser tests run against: simulator history (demo scenario, seeded, ending at the
 * fixed SCENARIO_END_MS whatever the hour the tests run at) written as a
 * TSDB and served by a real Prometheus, the built backend executable started as Grafana would, the
 * harness bundle and the harness server. The simulator's traces go over OTLP to a real Jaeger, whose
 * URL the datasource settings carry. `npx tsx test/browser/environment.ts` starts it by hand and
 * prints the URL (Ctrl-C stops everything).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { loadScenario, SCENARIO_END_MS, writeBackfill, type Scenario } from '../../simulator/src';
import { startPlugin } from '../host';
import { startJaeger, startPrometheus, waitForJaegerTraces, type RunningService } from '../support/services';
import { buildHarness } from './build-harness';
import { DATASOURCE_UID, HARNESS_SECRETS, provisionedJsonData, startHarnessServer } from './server';

/**
 * The demo scenario plus an incident still going on when the history ends (the page clock's "now"), so
 * the pages show alerts firing: llama-3.1-8b's first replica runs out of KV cache for its last 30 minutes.
 */
export function browserScenario(): Scenario {
  const demo = loadScenario('demo');
  return {
    ...demo,
    name: 'demo-browser',
    faults: [...demo.faults, { id: 'kv-saturation-8b-now', kind: 'kv_cache_saturation', start: '-30m', duration: '30m', target: { instance: 'vllm-llama-8b-0' }, params: {} }],
  };
}

export interface Environment {
  url: string;
  prometheusUrl: string;
  jaegerUrl: string;
  /** The simulator's ground truth (which faults are where) for the history Prometheus serves. */
  groundTruthFile: string;
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
    const jaeger = await startJaeger();
    stops.push(() => jaeger.stop());
    log(`jaeger at ${jaeger.url}`);
    const backfill = await writeBackfill({ out: tsdb, format: 'tsdb', duration: '6h', end: SCENARIO_END_MS, scenario: browserScenario(), fleet: 'small', seed: 42, otlp: jaeger.otlpHttpUrl });
    log(`simulator: ${backfill.samples} samples, ${backfill.series} series in ${backfill.seconds.toFixed(1)} s, ${backfill.tracesSent} traces sent`);
    const t1 = Date.now();
    await waitForJaegerTraces(jaeger, 'llm-gateway', backfill.tracesSent, {
      fromMs: backfill.groundTruth.startMs - 3600_000,
      toMs: backfill.groundTruth.endMs + 600_000,
    });
    log(`jaeger indexed ${backfill.tracesSent} traces in ${Date.now() - t1} ms`);

    const prometheus: RunningService = await startPrometheus({ tsdbDir: tsdb });
    stops.push(() => prometheus.stop());
    log(`prometheus at ${prometheus.url}`);

    // The backend's clock (engine detection, health check) starts at the end of the history, as the page's does.
    const plugin = await startPlugin({ clockStartMs: SCENARIO_END_MS });
    stops.push(() => plugin.close());
    log(`backend executable handshake in ${plugin.handshakeMs} ms`);

    const server = await startHarnessServer({
      backend: plugin,
      // Secrets go to the backend only; the harness's settings API reports them as secureJsonFields, like Grafana.
      settings: { uid: DATASOURCE_UID, name: 'LLM Ops', url: prometheus.url, jsonData: { ...provisionedJsonData(), jaegerUrl: jaeger.url, httpHeaderName1: 'X-Scope-OrgID' }, secureJsonData: HARNESS_SECRETS },
      shimFile,
      // Rules are evaluated at the page clock's time, the end of the history.
      ruleClockMs: () => SCENARIO_END_MS,
    });
    stops.push(() => server.close());
    log(`harness at ${server.url}/harness/`);
    return { url: server.url, prometheusUrl: prometheus.url, jaegerUrl: jaeger.url, groundTruthFile: backfill.groundTruthFile, stop: stopAll };
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
