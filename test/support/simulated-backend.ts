// A real Prometheus holding simulator history (written straight into a TSDB block) and the built
// backend executable, for integration tests that query signals through the plugin like Grafana does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeBackfill, type BackfillOptions, type BackfillResult } from '../../simulator/src';
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

/** History ends 10 minutes before now (on a minute boundary), so "now" queries see settled data. */
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
      end: Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000,
      sensitive: 0,
    });
    const prom = await startPrometheus({ tsdbDir: path.join(work, 'tsdb'), scrapeInterval: '15s' });
    stops.push(() => prom.stop());
    const plugin = await startPlugin();
    stops.push(() => plugin.close());
    return { backfill, prom, plugin, settings: { url: prom.url, jsonData: { timeInterval: '15s' } }, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
