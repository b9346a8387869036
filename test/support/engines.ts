// The same simulator history in every Prometheus-API engine the plugin is tested against:
//   - Prometheus 2.x (the Debian package) and Prometheus 3.x (built from its Go module), each holding it all;
//   - Thanos: the fleet split by scrape target across two Prometheus 3 servers, one sidecar each, and a
//     querier in front (what fleets that outgrow one Prometheus run).
// Plus the built backend executable. A missing engine binary fails the start (never a skip).
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { writeBackfill, type BackfillOptions, type BackfillResult } from '../../simulator/src';
import { startPlugin, type PluginHandle } from '../host';
import { bin, createBlocksFromOpenMetrics, startPrometheus, tempDir, type RunningService } from './services';
import { splitOpenMetrics } from './split-openmetrics';
import { startThanosQuery, startThanosSidecar } from './thanos';

export interface Engine {
  name: string;
  /** As the binary reports it, e.g. "prometheus, version 3.x.y". */
  version: string;
  url: string;
}

export interface EngineSet {
  history: BackfillResult;
  engines: Engine[];
  plugin: PluginHandle;
  stop(): Promise<void>;
}

export function binaryVersion(binary: string): string {
  const res = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (res.error || res.status !== 0) {
    throw new Error(`${binary} --version failed (${res.error?.message ?? res.status}): install it with scripts/install-test-deps.sh`);
  }
  const line = (res.stdout || res.stderr).split('\n')[0]!.trim();
  // `go install` leaves the version empty ("prometheus, version  (branch: , …)"): read the module version.
  return /version \d/.test(line) ? line : `${line.split(',')[0]}, version ${moduleVersion(binary)}`;
}

/** Prometheus' Go module v0.3NN.P is Prometheus 3.NN.P. */
function moduleVersion(binary: string): string {
  const res = spawnSync('go', ['version', '-m', binary], { encoding: 'utf8' });
  const mod = /\tmod\t\S+\t(v\S+)/.exec(res.stdout ?? '')?.[1];
  if (!mod) return 'unknown';
  const m = /^v0\.(3)(\d\d)\.(\d+)$/.exec(mod);
  return m ? `${m[1]}.${Number(m[2])}.${m[3]} (module ${mod})` : mod;
}

export async function startEngines(options: Omit<BackfillOptions, 'out' | 'format' | 'end'> & { end: number }): Promise<EngineSet> {
  const versions = {
    prom2: binaryVersion(bin.prometheus),
    prom3: binaryVersion(bin.prometheus3),
    thanos: binaryVersion(bin.thanos),
  };
  const dir = tempDir('engines');
  const stops: Array<() => Promise<void> | void> = [() => rmSync(dir, { recursive: true, force: true })];
  const stop = async () => {
    for (const s of stops.splice(0).reverse()) await s();
  };
  const started = <T extends { stop(): Promise<void> } | { close(): Promise<void> }>(x: T): T => {
    stops.push(() => ('stop' in x ? x.stop() : x.close()));
    return x;
  };
  try {
    const history = await writeBackfill({ ...options, out: path.join(dir, 'history.om'), format: 'openmetrics' });
    const all = createBlocksFromOpenMetrics(history.file, path.join(dir, 'tsdb-all'));
    cpSync(all, path.join(dir, 'tsdb-all-3'), { recursive: true });
    const shards = await splitOpenMetrics(history.file, [path.join(dir, 'shard-a.om'), path.join(dir, 'shard-b.om')]);
    const shardDirs = shards.map((s, i) => createBlocksFromOpenMetrics(s.file, path.join(dir, `tsdb-shard-${i}`)));

    const prom2 = started(await startPrometheus({ tsdbDir: all, scrapeInterval: '15s' }));
    const prom3 = started(await startPrometheus({ tsdbDir: path.join(dir, 'tsdb-all-3'), scrapeInterval: '15s', binary: bin.prometheus3 }));
    const sidecars: Array<RunningService & { grpc: string }> = [];
    const shardProms: RunningService[] = [];
    for (const [i, tsdbDir] of shardDirs.entries()) {
      const shard = started(
        await startPrometheus({ tsdbDir, scrapeInterval: '15s', binary: bin.prometheus3, externalLabels: { prometheus_shard: String(i) } })
      );
      shardProms.push(shard);
      sidecars.push(started(await startThanosSidecar(shard, tsdbDir)));
    }
    const query = started(
      await startThanosQuery(sidecars.map((s) => s.grpc)).catch((err: Error) => {
        const why = [...shardProms, ...sidecars].map((x) => `${x.url} exit ${x.process.exitCode}: ${x.output().slice(-800)}`);
        throw new Error(`${err.message.slice(0, 1500)}\n${why.join('\n')}`);
      })
    );
    const plugin = started(await startPlugin({ clockStartMs: options.end }));
    const engines: Engine[] = [
      { name: 'Prometheus 2', version: versions.prom2, url: prom2.url },
      { name: 'Prometheus 3', version: versions.prom3, url: prom3.url },
      { name: 'Thanos (2 Prometheus 3 shards)', version: versions.thanos, url: query.url },
    ];
    return { history, engines, plugin, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

export type { RunningService };
