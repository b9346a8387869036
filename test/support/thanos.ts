// Thanos in front of several Prometheus servers, as fleets that outgrow one Prometheus run it: the fleet split
// by scrape target over shards, each shard an HA pair of Prometheus servers (external labels
// `prometheus_shard` and `prometheus_replica`), one sidecar per Prometheus (Store API over its remote-read
// API), and a querier that fans PromQL out to the sidecars, merges the shards and deduplicates the replicas
// (`--query.replica-label`). The querier serves the Prometheus HTTP API, which the datasource talks to; two run
// over the same sidecars, one with Prometheus' PromQL engine (Thanos' default) and one with Thanos' own.
// The Thanos binary must be built with `-tags slicelabels`, as Thanos' own releases are
// (scripts/install-test-deps.sh thanos); without it every sidecar crashes on the querier's first Info call.
import { cpSync } from 'node:fs';
import path from 'node:path';
import { bin, createBlocksFromOpenMetricsAsync, freePort, launch, startPrometheus, tempDir, waitForHttp, type RunningService } from './services';
import { splitOpenMetrics } from './split-openmetrics';

/** External labels of every Prometheus behind the querier; the replica label is the one deduplicated away. */
export const SHARD_LABEL = 'prometheus_shard';
export const REPLICA_LABEL = 'prometheus_replica';

export async function startThanosSidecar(prom: RunningService, tsdbDir: string): Promise<RunningService & { grpc: string }> {
  const dir = tempDir('thanos-sidecar');
  const [http, grpc] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${http}`;
  const svc = launch(
    bin.thanos,
    [
      'sidecar',
      `--prometheus.url=${prom.url}`,
      `--tsdb.path=${tsdbDir}`,
      `--http-address=127.0.0.1:${http}`,
      `--grpc-address=127.0.0.1:${grpc}`,
      '--log.level=warn',
    ],
    dir,
    url
  );
  await waitForHttp(svc, `${url}/-/ready`);
  return { ...svc, grpc: `127.0.0.1:${grpc}` };
}

/** `engine`: the querier's PromQL engine, Prometheus' (the default) or Thanos' own (`--query.promql-engine`). */
export async function startThanosQuery(endpoints: string[], replicaLabels: string[] = [], engine: PromqlEngine = 'prometheus'): Promise<RunningService> {
  const dir = tempDir('thanos-query');
  const [http, grpc] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${http}`;
  const svc = launch(
    bin.thanos,
    [
      'query',
      `--http-address=127.0.0.1:${http}`,
      `--grpc-address=127.0.0.1:${grpc}`,
      ...endpoints.map((e) => `--endpoint=${e}`),
      ...replicaLabels.map((l) => `--query.replica-label=${l}`),
      `--query.promql-engine=${engine}`,
      '--log.level=warn',
    ],
    dir,
    url
  );
  await waitForHttp(svc, `${url}/-/ready`);
  // Ready comes before the endpoints are discovered: wait until every store answers.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await fetch(`${url}/api/v1/stores`).catch(() => undefined);
    const body = res?.ok ? ((await res.json()) as { data?: Record<string, Array<{ lastError?: string | null }>> }) : undefined;
    const stores = Object.values(body?.data ?? {}).flat();
    if (stores.length >= endpoints.length && stores.every((s) => !s.lastError)) break;
    if (Date.now() > deadline) throw new Error(`thanos query: ${stores.length} of ${endpoints.length} stores ready\n${svc.output()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return svc;
}

export interface ShardedThanosOptions {
  /** The whole fleet's history (OpenMetrics), split by scrape target. */
  openMetricsFile: string;
  /** Where the shard files and TSDB directories go. */
  dir: string;
  shards: number;
  /** Replica `b` of every shard misses this window (a restart), so only deduplication gives full answers. */
  outage: { fromMs: number; toMs: number };
}

export type PromqlEngine = 'prometheus' | 'thanos';

export interface ShardedThanos {
  /** One querier per PromQL engine, over the same sidecars. */
  url: Record<PromqlEngine, string>;
  /** The scrape targets each shard holds. */
  shards: Array<{ targets: string[] }>;
  stop(): Promise<void>;
}

/** Shards × 2 replicas of Prometheus 3, a sidecar each, and deduplicating queriers (one per PromQL engine). */
export async function startShardedThanos(opts: ShardedThanosOptions): Promise<ShardedThanos> {
  const services: RunningService[] = [];
  const stop = async () => {
    for (const s of services.splice(0).reverse()) await s.stop();
  };
  try {
    const split = await splitOpenMetrics(
      opts.openMetricsFile,
      Array.from({ length: opts.shards }, (_, i) => path.join(opts.dir, `shard-${i}.om`))
    );
    const blocks = await Promise.all(split.map((s, i) => createBlocksFromOpenMetricsAsync(s.file, path.join(opts.dir, `tsdb-${i}-a`))));
    const sidecars: string[] = [];
    for (const [i, tsdbA] of blocks.entries()) {
      // Both replicas scraped the same targets; copied before either Prometheus writes its WAL.
      const tsdbB = path.join(opts.dir, `tsdb-${i}-b`);
      cpSync(tsdbA, tsdbB, { recursive: true });
      for (const [replica, tsdbDir] of [['a', tsdbA], ['b', tsdbB]] as const) {
        const prom = await startPrometheus({
          tsdbDir,
          scrapeInterval: '15s',
          binary: bin.prometheus3,
          externalLabels: { [SHARD_LABEL]: String(i), [REPLICA_LABEL]: replica },
        });
        services.push(prom);
        if (replica === 'b') await deleteWindow(prom, opts.outage);
        const sidecar = await startThanosSidecar(prom, tsdbDir);
        services.push(sidecar);
        sidecars.push(sidecar.grpc);
      }
    }
    const url = {} as Record<PromqlEngine, string>;
    for (const engine of ['prometheus', 'thanos'] as const) {
      const query = await startThanosQuery(sidecars, [REPLICA_LABEL], engine).catch((err: Error) => {
        const why = services.map((x) => `${x.url} exit ${x.process.exitCode}: ${x.output().slice(-800)}`);
        const hint = 'a sidecar that crashed (makeslice, SIGSEGV) means a thanos built without -tags slicelabels: rebuild it with scripts/install-test-deps.sh thanos';
        throw new Error(`${err.message.slice(0, 1500)}\n${hint}\n${why.join('\n')}`);
      });
      services.push(query);
      url[engine] = query.url;
    }
    return { url, shards: split.map((s) => ({ targets: s.targets })), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * Every sample in [fromMs, toMs) deleted (Prometheus' admin API), then the tombstones compacted away: what a
 * replica holds after an outage. (With the tombstones pending, Prometheus 3.16 failed an instant query 20
 * minutes before the deleted window with "runtime error: index out of range [2] with length 2".)
 */
async function deleteWindow(prom: RunningService, window: { fromMs: number; toMs: number }): Promise<void> {
  const params = new URLSearchParams({ 'match[]': '{__name__=~".+"}', start: String(window.fromMs / 1000), end: String((window.toMs - 1) / 1000) });
  for (const url of [`${prom.url}/api/v1/admin/tsdb/delete_series?${params}`, `${prom.url}/api/v1/admin/tsdb/clean_tombstones`]) {
    const res = await fetch(url, { method: 'POST' });
    if (res.status !== 204) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  }
}
