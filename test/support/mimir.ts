// Grafana Mimir, as fleets that outgrow one Prometheus run it, monolithic (`-target=all`), one tenant
// (multitenancy off: `anonymous`), blocks in a filesystem bucket. The history's TSDB blocks are placed in the
// bucket before Mimir starts, as a block upload or a compacted sidecar upload leaves them; its compactor writes
// the bucket index, its store-gateway loads them, and its querier reads them from the first second
// (`query_store_after: 0s`). The datasource talks to its Prometheus API under `/prometheus`.
// The binary is built from Mimir's Go module by scripts/install-test-deps.sh mimir (MIMIR_BIN).
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bin, freePort, launch, tempDir, waitForHttp, waitUntil, type RunningService } from './services';

export const MIMIR_TENANT = 'anonymous';

function config(dir: string, ports: { http: number; grpc: number; memberlist: number }): string {
  const ring = `{ instance_addr: 127.0.0.1, kvstore: { store: memberlist } }`;
  return `# Written by test/support/mimir.ts
multitenancy_enabled: false
target: all
server: { http_listen_address: 127.0.0.1, http_listen_port: ${ports.http}, grpc_listen_address: 127.0.0.1, grpc_listen_port: ${ports.grpc}, log_level: warn }
common:
  storage:
    backend: filesystem
    filesystem: { dir: ${path.join(dir, 'bucket')} }
blocks_storage:
  storage_prefix: blocks
  tsdb: { dir: ${path.join(dir, 'tsdb')} }
  bucket_store: { sync_dir: ${path.join(dir, 'tsdb-sync')}, sync_interval: 5s }
compactor:
  data_dir: ${path.join(dir, 'compactor')}
  cleanup_interval: 5s
  sharding_ring: ${ring}
distributor: { ring: ${ring} }
ingester: { ring: { instance_addr: 127.0.0.1, kvstore: { store: memberlist }, replication_factor: 1 } }
store_gateway: { sharding_ring: { instance_addr: 127.0.0.1, kvstore: { store: memberlist }, replication_factor: 1 } }
querier: { query_store_after: 0s }
ruler_storage: { backend: filesystem, filesystem: { dir: ${path.join(dir, 'rules')} } }
memberlist: { bind_addr: [127.0.0.1], bind_port: ${ports.memberlist}, join_members: [] }
`;
}

export interface MimirService extends RunningService {
  /** The Prometheus API base the datasource is given. */
  prometheusUrl: string;
}

/**
 * Starts Mimir over copies of `blocksDir`'s blocks and waits until a query at `probeAtMs` (a time the blocks
 * cover) sees `probeMetric`, i.e. the bucket index is written and the store-gateway has loaded the blocks.
 */
export async function startMimir(opts: { blocksDir: string; probeMetric: string; probeAtMs: number }): Promise<MimirService> {
  const dir = tempDir('mimir');
  const tenantDir = path.join(dir, 'bucket', 'blocks', MIMIR_TENANT);
  mkdirSync(tenantDir, { recursive: true });
  cpSync(opts.blocksDir, tenantDir, { recursive: true, filter: (src) => !/(^|\/)(wal|chunks_head|lock)$/.test(src) });
  const ports = { http: await freePort(), grpc: await freePort(), memberlist: await freePort() };
  writeFileSync(path.join(dir, 'mimir.yaml'), config(dir, ports));
  const url = `http://127.0.0.1:${ports.http}`;
  // Components call each other back over gRPC at the address they advertise: loopback, where they listen.
  const loopback = ['-query-frontend.instance-addr=127.0.0.1', '-query-scheduler.ring.instance-addr=127.0.0.1'];
  const svc = launch(bin.mimir, [`-config.file=${path.join(dir, 'mimir.yaml')}`, ...loopback], dir, url);
  // The ingester reports ready 15 s after it joined the ring.
  await waitForHttp(svc, `${url}/ready`, 120_000);
  const prometheusUrl = `${url}/prometheus`;
  const probe = `${prometheusUrl}/api/v1/query?${new URLSearchParams({ query: `count(${opts.probeMetric})`, time: String(opts.probeAtMs / 1000) })}`;
  await waitUntil(
    svc,
    async () => {
      const body = (await (await fetch(probe)).json()) as { data?: { result?: unknown[] } };
      if (!body.data?.result?.length) throw new Error(`the blocks' ${opts.probeMetric} not served yet: ${JSON.stringify(body).slice(0, 200)}`);
    },
    120_000
  );
  return { ...svc, prometheusUrl };
}
