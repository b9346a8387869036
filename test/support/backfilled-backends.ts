// The same simulator history in a real Prometheus (OpenMetrics → promtool blocks) and a real
// VictoriaMetrics (its Prometheus-text import), plus the built backend executable, for integration
// tests that run every query against both stores.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { writeBackfill, type BackfillOptions, type BackfillResult } from '../../simulator/src';
import { startPlugin, type PluginHandle } from '../host';
import {
  createBlocksFromOpenMetrics,
  flushVictoriaMetrics,
  startPrometheus,
  startVictoriaMetrics,
  tempDir,
  type RunningService,
} from './services';
import { importIntoVictoriaMetrics } from './vm-import';

export interface BackfilledBackends {
  /** The OpenMetrics backfill; VictoriaMetrics holds the same samples. */
  history: BackfillResult;
  prom: RunningService;
  vm: RunningService;
  plugin: PluginHandle;
  /** Stops every server and removes the history and the TSDB blocks. */
  stop(): Promise<void>;
}

export async function startBackfilledBackends(
  options: Omit<BackfillOptions, 'out' | 'format' | 'end'> & { end: number }
): Promise<BackfilledBackends> {
  const dir = tempDir('backfilled');
  const stops: Array<() => Promise<void> | void> = [() => rmSync(dir, { recursive: true, force: true })];
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) await s();
  };
  const track = <T>(started: Promise<T>, close: (x: T) => Promise<void>) =>
    started.then((x) => {
      stops.push(() => close(x));
      return x;
    });
  try {
    const history = await writeBackfill({ ...options, out: path.join(dir, 'history.om'), format: 'openmetrics' });
    const vmFile = await writeBackfill({ ...options, out: path.join(dir, 'history.vm.txt'), format: 'vm' });
    const tsdbDir = createBlocksFromOpenMetrics(history.file, path.join(dir, 'tsdb'));
    const starts = [
      track(startPrometheus({ tsdbDir }), (p) => p.stop()),
      track(startVictoriaMetrics(), (v) => v.stop()),
      // The backend's clock starts where the history ends, so engine detection looks back from there.
      track(startPlugin({ clockStartMs: options.end }), (p) => p.close()),
    ] as const;
    // Let every start finish (and register for `stop()`) before a failed one is thrown.
    await Promise.allSettled(starts);
    const [prom, vm, plugin] = await Promise.all(starts);
    await importIntoVictoriaMetrics(vmFile.file, vm.url);
    await flushVictoriaMetrics(vm);
    return { history, prom, vm, plugin, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
