// A real Prometheus holding simulator history (written straight into a TSDB block) and the built
// backend executable, for integration tests that query signals through the plugin like Grafana does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SCENARIO_END_MS, writeBackfill, type BackfillOptions, type BackfillResult } from '../../simulator/src';
import { startPlugin, type PluginHandle } from '../host';
import { startPrometheus, type RunningService } from './services';

export interface SimulatedBackend {
  backfill: BackfillResult;
  prom: RunningService;
  plugin: PluginHandle;
  /** Datasource settings pointing the plugin at `prom`. */
  settings: { url: string; jsonData: Record<string, unknown> };
  stop(): Promise<void>;
}

export type SimulatedHistory = Pick<BackfillOptions, 'scenario' | 'duration' | 'seed' | 'fleet'>;

/**
 * History ends at the fixed scenario time (SCENARIO_END_MS); the backend's clock starts there too, so
 * engine detection finds the series whatever the hour the test runs at.
 */
export async function startSimulatedBackend(history: SimulatedHistory): Promise<SimulatedBackend> {
  const work = mkdtempSync(path.join(tmpdir(), 'llmops-simbackend-'));
  const stops: Array<() => Promise<void> | void> = [() => rmSync(work, { recursive: true, force: true })];
  const stop = async () => {
    for (const s of stops.reverse()) await s();
  };
  try {
    const backfill = await writeBackfill({
      fleet: 'small',
      ...history,
      out: path.join(work, 'tsdb'),
      format: 'tsdb',
      end: SCENARIO_END_MS,
      sensitive: 0,
    });
    const prom = await startPrometheus({ tsdbDir: path.join(work, 'tsdb'), scrapeInterval: '15s' });
    stops.push(() => prom.stop());
    const plugin = await startPlugin({ clockStartMs: SCENARIO_END_MS });
    stops.push(() => plugin.close());
    return { backfill, prom, plugin, settings: { url: prom.url, jsonData: { timeInterval: '15s' } }, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
