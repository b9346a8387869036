// Starts the real upstream servers the integration tests need: Prometheus and promtool (Debian
// package), VictoriaMetrics (Debian package) and Jaeger (built from its Go module by .ci/run).
// Every server binds 127.0.0.1 on a free port with its own temporary directory, and is killed by
// `stop()`. Binaries are looked up on PATH, overridable with PROMETHEUS_BIN, PROMTOOL_BIN,
// VICTORIA_METRICS_BIN and JAEGER_BIN; Prometheus 3 (PROMETHEUS3_BIN, default `prometheus3`) and Thanos
// (THANOS_BIN, default `thanos`) are built from their Go modules by scripts/install-test-deps.sh.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface RunningService {
  url: string;
  dir: string;
  process: ChildProcess;
  /** Recent stderr/stdout, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export const bin = {
  prometheus: process.env.PROMETHEUS_BIN ?? 'prometheus',
  promtool: process.env.PROMTOOL_BIN ?? 'promtool',
  victoriaMetrics: process.env.VICTORIA_METRICS_BIN ?? 'victoria-metrics',
  jaeger: process.env.JAEGER_BIN ?? 'jaeger',
  prometheus3: process.env.PROMETHEUS3_BIN ?? 'prometheus3',
  thanos: process.env.THANOS_BIN ?? 'thanos',
  mimir: process.env.MIMIR_BIN ?? 'mimir',
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `llmops-${prefix}-`));
}

// Servers still running when the test process exits (a failed or timed-out test that never reached its
// `stop()`) are killed, so no Prometheus or Jaeger outlives the test run.
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function launch(cmd: string, args: string[], dir: string, url: string): RunningService {
  const child = spawn(cmd, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.on('exit', () => running.delete(child));
  let log = '';
  const keep = (b: Buffer) => {
    log = (log + b.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('error', (e) => {
    log += `\nspawn error: ${e.message}`;
  });
  return {
    url,
    dir,
    process: child,
    output: () => log,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          rmSync(dir, { recursive: true, force: true });
          return resolve();
        }
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(timer);
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Polls `url` until it answers 2xx, or fails with the server's own output. */
export async function waitForHttp(svc: RunningService, url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastErr = '';
  while (Date.now() < deadline) {
    if (svc.process.exitCode !== null) {
      throw new Error(`${url}: server exited with ${svc.process.exitCode}\n${svc.output()}`);
    }
    try {
      const res = await fetch(url);
      if (res.ok) return;
      lastErr = `HTTP ${res.status}`;
    } catch (e) {
      lastErr = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms (${lastErr})\n${svc.output()}`);
}

export interface PrometheusOptions {
  /** Scrape targets as host:port (scraped every `scrapeInterval`). */
  scrapeTargets?: string[];
  scrapeInterval?: string;
  /** Existing TSDB directory (e.g. made by `createBlocksFromOpenMetrics`); a fresh one otherwise. */
  tsdbDir?: string;
  extraConfig?: string;
  /**
   * Prometheus' --web.config.file (e.g. tls_server_config): the URL becomes https, and `ready` replaces
   * the plain-HTTP readiness probe (it must resolve once the server answers).
   */
  webConfig?: { file: string; ready: (url: string) => Promise<void> };
  /** Default: bin.prometheus (the Debian package, 2.x). */
  binary?: string;
  /** global.external_labels (Thanos sidecars require some). */
  externalLabels?: Record<string, string>;
}

export async function startPrometheus(opts: PrometheusOptions = {}): Promise<RunningService> {
  const dir = tempDir('prom');
  const port = await freePort();
  const interval = opts.scrapeInterval ?? '1s';
  const targets = opts.scrapeTargets ?? [];
  const config = [
    'global:',
    `  scrape_interval: ${interval}`,
    `  evaluation_interval: ${interval}`,
    ...(opts.externalLabels
      ? ['  external_labels:', ...Object.entries(opts.externalLabels).map(([k, v]) => `    ${k}: '${v}'`)]
      : []),
    'scrape_configs:',
    targets.length
      ? ['  - job_name: llm-sim', '    static_configs:', `      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]`].join('\n')
      : '  []',
    opts.extraConfig ?? '',
  ].join('\n');
  writeFileSync(path.join(dir, 'prometheus.yml'), config);
  const url = `${opts.webConfig ? 'https' : 'http'}://127.0.0.1:${port}`;
  const svc = launch(
    opts.binary ?? bin.prometheus,
    [
      ...(opts.webConfig ? [`--web.config.file=${opts.webConfig.file}`] : []),
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${opts.tsdbDir ?? path.join(dir, 'data')}`,
      '--storage.tsdb.retention.time=3650d',
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-lifecycle',
      '--web.enable-admin-api',
    ],
    dir,
    url
  );
  if (opts.webConfig) await waitUntil(svc, () => opts.webConfig!.ready(url));
  else await waitForHttp(svc, `${url}/-/ready`);
  return svc;
}

/** Retries `probe` until it resolves (or the server exits, or `timeoutMs` passes). */
export async function waitUntil(svc: RunningService, probe: () => Promise<void>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastErr = '';
  while (Date.now() < deadline) {
    if (svc.process.exitCode !== null) throw new Error(`${svc.url}: server exited with ${svc.process.exitCode}\n${svc.output()}`);
    try {
      return await probe();
    } catch (e) {
      lastErr = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${svc.url} not ready after ${timeoutMs} ms (${lastErr})\n${svc.output()}`);
}

/**
 * `promtool tsdb create-blocks-from openmetrics` into `out` (a new temporary directory unless given; an
 * existing TSDB directory gains the blocks); returns the directory.
 */
export function createBlocksFromOpenMetrics(openMetricsFile: string, out = tempDir('blocks')): string {
  const res = spawnSync(bin.promtool, ['tsdb', 'create-blocks-from', 'openmetrics', openMetricsFile, out], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (res.status !== 0) {
    throw new Error(`promtool create-blocks-from failed (${res.status}): ${res.stderr || res.error?.message}`);
  }
  return out;
}

/** `createBlocksFromOpenMetrics` without blocking the event loop, so several can run at once. */
export function createBlocksFromOpenMetricsAsync(openMetricsFile: string, out: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin.promtool, ['tsdb', 'create-blocks-from', 'openmetrics', openMetricsFile, out], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-4000)));
    child.on('error', (e) => reject(new Error(`promtool create-blocks-from failed: ${e.message}`)));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`promtool create-blocks-from failed (${code}): ${stderr}`))));
  });
}

export async function startVictoriaMetrics(): Promise<RunningService> {
  const dir = tempDir('vm');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const svc = launch(
    bin.victoriaMetrics,
    [
      `-storageDataPath=${path.join(dir, 'data')}`,
      `-httpListenAddr=127.0.0.1:${port}`,
      '-retentionPeriod=100y',
      // Show freshly imported samples at once instead of hiding the last 30 s.
      '-search.latencyOffset=0s',
      '-search.disableCache',
    ],
    dir,
    url
  );
  await waitForHttp(svc, `${url}/health`);
  return svc;
}

/** Makes imported data visible to queries immediately. */
export async function flushVictoriaMetrics(svc: RunningService): Promise<void> {
  await fetch(`${svc.url}/internal/force_flush`);
}

export interface JaegerService extends RunningService {
  /** OTLP/HTTP base URL; POST traces to `${otlpHttpUrl}/v1/traces`. */
  otlpHttpUrl: string;
}

/** Jaeger v2 all-in-one with in-memory storage, every listener on loopback. */
export interface JaegerOptions {
  /**
   * Serve the query API over TLS (OTel confighttp `tls`; with `clientCaFile` a client certificate signed
   * by it is required): the URL becomes https and `ready` replaces the plain-HTTP readiness probe.
   */
  queryTls?: { certFile: string; keyFile: string; clientCaFile?: string; ready: (url: string) => Promise<void> };
}

export async function startJaeger(opts: JaegerOptions = {}): Promise<JaegerService> {
  const dir = tempDir('jaeger');
  const [queryHttp, queryGrpc, otlpGrpc, otlpHttp, metrics] = await Promise.all(
    Array.from({ length: 5 }, () => freePort())
  );
  const config = `
service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: none
      readers:
        - pull:
            exporter:
              prometheus:
                host: 127.0.0.1
                port: ${metrics}
    logs:
      level: warn
extensions:
  jaeger_query:
    storage:
      traces: mem
    http:
      endpoint: 127.0.0.1:${queryHttp}${
        opts.queryTls
          ? `
      tls:
        cert_file: ${opts.queryTls.certFile}
        key_file: ${opts.queryTls.keyFile}${opts.queryTls.clientCaFile ? `
        client_ca_file: ${opts.queryTls.clientCaFile}` : ''}`
          : ''
      }
    grpc:
      endpoint: 127.0.0.1:${queryGrpc}
  jaeger_storage:
    backends:
      mem:
        memory:
          max_traces: 200000
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:${otlpGrpc}
      http:
        endpoint: 127.0.0.1:${otlpHttp}
processors:
  batch:
    timeout: 100ms
exporters:
  jaeger_storage_exporter:
    trace_storage: mem
`;
  writeFileSync(path.join(dir, 'jaeger.yaml'), config);
  const url = `${opts.queryTls ? 'https' : 'http'}://127.0.0.1:${queryHttp}`;
  const svc = launch(bin.jaeger, ['--config', `file:${path.join(dir, 'jaeger.yaml')}`], dir, url);
  if (opts.queryTls) await waitUntil(svc, () => opts.queryTls!.ready(url));
  else await waitForHttp(svc, `${url}/api/services`);
  return { ...svc, otlpHttpUrl: `http://127.0.0.1:${otlpHttp}` };
}

/**
 * Waits until Jaeger's query API returns at least `want` traces of `service` in [fromMs, toMs]: its batch
 * processor stores OTLP spans asynchronously, so a search right after sending may miss some.
 */
export async function waitForJaegerTraces(
  jaeger: JaegerService,
  service: string,
  want: number,
  range: { fromMs: number; toMs: number },
  timeoutMs = 30_000
): Promise<void> {
  const query = new URLSearchParams({
    service,
    limit: String(want + 100),
    start: String(range.fromMs * 1000),
    end: String(range.toMs * 1000),
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(`${jaeger.url}/api/traces?${query}`);
    const n = res.ok ? (((await res.json()) as { data?: unknown[] | null }).data?.length ?? 0) : 0;
    if (n >= want) return;
    if (Date.now() > deadline) throw new Error(`Jaeger has ${n} of ${want} ${service} traces after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
