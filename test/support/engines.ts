// The same simulator history in every Prometheus-API engine the plugin is tested against:
//   - Prometheus 2.x (the Debian package) and Prometheus 3.x (built from its Go module), each holding it all;
//   - Thanos (built from its Go module): the fleet split by scrape target over two shards, each an HA pair of
//     Prometheus 3 servers with a sidecar, one replica missing an hour, behind deduplicating queriers, one
//     with Prometheus' PromQL engine (Thanos' default) and one with Thanos' own (test/support/thanos.ts);
//   - Grafana Mimir (built from its Go module), monolithic, the history's blocks in its bucket (test/support/mimir.ts).
// Plus the built backend executable. A missing engine binary fails the start (never a skip).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { writeBackfill, type BackfillOptions, type BackfillResult } from '../../simulator/src';
import { startPlugin, type PluginHandle } from '../host';
import { bin, createBlocksFromOpenMetrics, startPrometheus, tempDir, type RunningService } from './services';
import { startShardedThanos, type ShardedThanos } from './thanos';
import { startMimir } from './mimir';

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
  thanos: ShardedThanos;
  stop(): Promise<void>;
}

/** `install` names the install-test-deps.sh step that provides the binary. */
export function binaryVersion(binary: string, install = 'apt'): string {
  const res = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  if (res.error || res.status !== 0) {
    throw new Error(`${binary} --version failed (${res.error?.message ?? res.status}): install it with scripts/install-test-deps.sh ${install}`);
  }
  const line = (res.stdout || res.stderr).split('\n')[0]!.trim();
  // `go install` leaves the version empty ("prometheus, version  (branch: , …)"): read the module version.
  return /version \d/.test(line) ? line : `${line.split(',')[0]}, version ${moduleVersion(binary)}`;
}

/** Prometheus' Go module v0.3NN.P is Prometheus 3.NN.P. */
/** A command name as the shell would find it on PATH (go needs the file). */
function onPath(binary: string): string {
  if (binary.includes('/')) return binary;
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const candidate = path.join(dir, binary);
    if (dir && existsSync(candidate)) return candidate;
  }
  return binary;
}

function moduleVersion(command: string): string {
  const binary = onPath(command);
  // `go` on PATH, else where the Go tarball installs it (CI shells may not have it on PATH).
  let mod: string | undefined;
  const tried: string[] = [];
  for (const go of ['go', '/usr/local/go/bin/go']) {
    const res = spawnSync(go, ['version', '-m', binary], { encoding: 'utf8' });
    mod = /\tmod\t\S+\t(v\S+)/.exec(res.stdout ?? '')?.[1];
    if (mod) break;
    tried.push(`${go}: ${res.error?.message ?? (res.stderr || `exit ${res.status}`).trim().slice(0, 120)}`);
  }
  if (!mod) return `unknown (${tried.join('; ')})`;
  const m = /^v0\.(3)(\d\d)\.(\d+)$/.exec(mod);
  return m ? `${m[1]}.${Number(m[2])}.${m[3]} (module ${mod})` : mod;
}

export interface EngineOptions extends Omit<BackfillOptions, 'out' | 'format' | 'end'> {
  end: number;
  /** The window replica `b` of every Thanos shard misses. */
  thanosOutage: { fromMs: number; toMs: number };
}

export async function startEngines(options: EngineOptions): Promise<EngineSet> {
  const versions = {
    prom2: binaryVersion(bin.prometheus),
    prom3: binaryVersion(bin.prometheus3, 'engines (builds prometheus3 from its Go module, about 5 minutes; or set PROMETHEUS3_BIN)'),
    thanos: binaryVersion(bin.thanos, 'thanos (builds it from its Go module, about 3 minutes; or set THANOS_BIN)'),
    mimir: binaryVersion(bin.mimir, 'mimir (builds it from its Go module; or set MIMIR_BIN)'),
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
    const { thanosOutage, ...backfill } = options;
    const history = await writeBackfill({ ...backfill, out: path.join(dir, 'history.om'), format: 'openmetrics' });
    const all = createBlocksFromOpenMetrics(history.file, path.join(dir, 'tsdb-all'));
    cpSync(all, path.join(dir, 'tsdb-all-3'), { recursive: true });
    // Mimir's copy is taken before any Prometheus opens (and may compact) the blocks.
    cpSync(all, path.join(dir, 'tsdb-mimir'), { recursive: true });
    const prom2 = started(await startPrometheus({ tsdbDir: all, scrapeInterval: '15s' }));
    const prom3 = started(await startPrometheus({ tsdbDir: path.join(dir, 'tsdb-all-3'), scrapeInterval: '15s', binary: bin.prometheus3 }));
    const thanos = started(await startShardedThanos({ openMetricsFile: history.file, dir, shards: 2, outage: thanosOutage }));
    const mimir = started(await startMimir({ blocksDir: path.join(dir, 'tsdb-mimir'), probeMetric: 'DCGM_FI_DEV_GPU_TEMP', probeAtMs: options.end - 60_000 }));
    const plugin = started(await startPlugin({ clockStartMs: options.end }));
    const engines: Engine[] = [
      { name: 'Prometheus 2', version: versions.prom2, url: prom2.url },
      { name: 'Prometheus 3', version: versions.prom3, url: prom3.url },
      { name: 'Thanos', version: versions.thanos, url: thanos.url.prometheus },
      { name: 'Thanos (Thanos PromQL engine)', version: versions.thanos, url: thanos.url.thanos },
      { name: 'Mimir', version: versions.mimir, url: mimir.prometheusUrl },
    ];
    return { history, engines, plugin, thanos, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

export type { RunningService };
