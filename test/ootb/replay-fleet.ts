// A fixed-time simulated history for alert replay: the simulator writes a Prometheus data directory
// directly (`format: 'tsdb'`), `up` = 1 is added for every scrape target (Prometheus records it while
// scraping; the exporters' samples do not include it), and a real Prometheus plus the built backend
// executable serve it with the provisioned datasource settings.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { writeBackfill, type GroundTruth } from '../../simulator/src';
import { requireExecutable, startPlugin, type DatasourceSettingsInput, type PluginHandle } from '../host';
import { startPrometheus, tempDir, type RunningService } from '../support/services';
import { addUpHistory, provisionedSettings, scrapeTargets } from './live-fleet';

export interface ReplayFleet {
  plugin: PluginHandle;
  prometheus: RunningService;
  settings: DatasourceSettingsInput;
  groundTruth: GroundTruth;
  stop(): Promise<void>;
}

export interface ReplayFleetOptions {
  scenario: string;
  fleet: string;
  duration: string;
  /** End of the history (epoch ms), e.g. `SCENARIO_END_MS`; the backend's clock starts there. */
  end: number;
  seed: number;
}

/** The fleet's scrape targets, from one step of the same fleet in OpenMetrics form. */
async function targetsOf(opts: ReplayFleetOptions, dir: string): Promise<Array<{ job: string; instance: string }>> {
  const probe = await writeBackfill({
    out: path.join(dir, 'probe.om'),
    format: 'openmetrics',
    fleet: opts.fleet,
    scenario: 'healthy',
    duration: '1m',
    end: opts.end,
    seed: opts.seed,
    warmupSteps: 1,
  });
  return scrapeTargets(probe.file);
}

export async function startReplayFleet(opts: ReplayFleetOptions): Promise<ReplayFleet> {
  requireExecutable();
  const dir = tempDir('replay');
  const tsdbDir = path.join(dir, 'tsdb');
  let prometheus: RunningService | undefined;
  let plugin: PluginHandle | undefined;
  try {
    const backfill = await writeBackfill({
      out: tsdbDir,
      format: 'tsdb',
      fleet: opts.fleet,
      scenario: opts.scenario,
      duration: opts.duration,
      end: opts.end,
      seed: opts.seed,
      groundTruthFile: path.join(dir, 'ground-truth.json'),
    });
    const gt = backfill.groundTruth;
    addUpHistory(tsdbDir, path.join(dir, 'up.om'), await targetsOf(opts, dir), gt);
    prometheus = await startPrometheus({ tsdbDir });
    plugin = await startPlugin({ clockStartMs: opts.end });
    // Alert rules use no traces; the Jaeger URL only has to be well-formed.
    const settings = provisionedSettings(prometheus.url, 'http://127.0.0.1:1');
    const [p, pl] = [prometheus, plugin];
    return {
      plugin: pl,
      prometheus: p,
      settings,
      groundTruth: gt,
      async stop() {
        await pl.close();
        await p.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await plugin?.close();
    await prometheus?.stop();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
