// Thanos in front of several Prometheus servers, as fleets that outgrow one Prometheus run it: one sidecar
// per Prometheus (Store API over the Prometheus remote-read API) and a querier that fans PromQL out to them
// and merges the series. The querier serves the Prometheus HTTP API, which the datasource talks to.
import { bin, freePort, launch, tempDir, waitForHttp, type RunningService } from './services';

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

export async function startThanosQuery(endpoints: string[]): Promise<RunningService> {
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

