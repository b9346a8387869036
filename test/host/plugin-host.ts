// Plays Grafana for the built backend executable: starts it with Grafana's environment, reads the
// handshake, and calls every service over gRPC with the same protocol descriptor the plugin uses.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import * as grpc from '@grpc/grpc-js';
import { loadProtocol } from './protocol';
import { readHandshake, type Handshake } from './handshake';
import { requireExecutable } from './paths';
import { toQueryJson, type QueryJson, type WireDataResponse } from './query-json';

/* eslint-disable @typescript-eslint/no-explicit-any -- gRPC wire objects */

export const PLUGIN_ID = 'llmops-observability-datasource';
export const GRAFANA_VERSION = '12.4.2';

export interface StartOptions {
  /** Default: dist/datasource/gpx_llmops_linux_amd64. */
  executable?: string;
  /** Forward this process's environment, as go-plugin does unless Grafana skips host env vars. Default true. */
  hostEnv?: boolean;
  /** Extra variables (e.g. GF_PLUGIN_* from grafana.ini), applied before go-plugin's own. */
  env?: Record<string, string>;
  /** Grafana does not set the working directory; default is a temp dir, never the plugin folder. */
  cwd?: string;
  /** Run the executable through a program, e.g. ['qemu-aarch64-static']. */
  runner?: string[];
  /** The executable's path as the runner sees it, when the runner changes the root (bwrap, chroot). */
  runnerPath?: string;
  handshakeTimeoutMs?: number;
  /** Give the plugin a stdin pipe (Grafana passes its own stdin through, which may be a pipe). Default: none. */
  stdinPipe?: boolean;
  /**
   * Start the backend's clock at this time (epoch ms; LLMOPS_CLOCK_START) instead of the system clock,
   * for tests whose data is anchored to a fixed scenario time (SCENARIO_END_MS).
   */
  clockStartMs?: number;
}

export interface DatasourceSettingsInput {
  id?: number;
  uid?: string;
  name?: string;
  url?: string;
  basicAuthEnabled?: boolean;
  basicAuthUser?: string;
  jsonData?: Record<string, unknown>;
  secureJsonData?: Record<string, string>;
  lastUpdatedMS?: number;
}

export interface QuerySpec {
  refId: string;
  queryType?: string;
  /** Own query fields; or raw bytes/string to send exactly (e.g. malformed JSON). */
  model?: Record<string, unknown> | string | Buffer;
  from?: number;
  to?: number;
  maxDataPoints?: number;
  intervalMs?: number;
}

export interface CallOptions {
  settings?: DatasourceSettingsInput;
  headers?: Record<string, string>;
  deadlineMs?: number;
  /** Cancels the call (grpc cancel) when it fires. */
  signal?: AbortSignal;
  /** The signed-in Grafana user's login (default admin). */
  user?: string;
}

export interface ResourceCall extends CallOptions {
  path: string;
  method?: string;
  query?: string;
  requestHeaders?: Record<string, string[]>;
  body?: Buffer | string;
}

export interface ResourceResult {
  status: number;
  headers: Record<string, string[]>;
  body: Buffer;
  /** Streamed messages received. */
  messages: number;
}

export interface HealthResult {
  status: 'UNKNOWN' | 'OK' | 'ERROR';
  message: string;
  details: Record<string, unknown>;
}

export interface PluginHandle {
  pid: number;
  handshake: Handshake;
  /** Spawn → handshake line, milliseconds. */
  handshakeMs: number;
  queryData(queries: QuerySpec[], opts?: CallOptions): Promise<{ responses: Record<string, WireDataResponse> }>;
  /** queryData + conversion to /api/ds/query JSON (throws if Grafana could not decode a frame). */
  queryJson(queries: QuerySpec[], opts?: CallOptions): Promise<QueryJson>;
  checkHealth(settings?: DatasourceSettingsInput, headers?: Record<string, string>): Promise<HealthResult>;
  callResource(call: ResourceCall): Promise<ResourceResult>;
  collectMetrics(): Promise<string>;
  health(service?: string): Promise<string>;
  /** GRPCController.Shutdown, then wait up to 2 s like go-plugin; kills and reports if it did not exit. */
  shutdown(): Promise<{ graceful: boolean; exitMs: number; code: number | null; signal: string | null }>;
  kill(signal?: NodeJS.Signals): void;
  /** Close the host's end of the plugin's stdout/stderr, as when Grafana dies. */
  closePipes(): void;
  /** Close the host's end of some of the plugin's standard streams (stdin only with `stdinPipe`). */
  closeStdio(streams: Array<'stdin' | 'stdout' | 'stderr'>): void;
  exited(): Promise<{ code: number | null; signal: string | null }>;
  isRunning(): boolean;
  rssBytes(): number;
  stderrLines(): string[];
  /** Stdout lines after the handshake (Grafana discards them). */
  stdoutAfterHandshake(): string[];
  close(): Promise<void>;
}

export const DEFAULT_SETTINGS: Required<Omit<DatasourceSettingsInput, 'secureJsonData'>> & {
  secureJsonData: Record<string, string>;
} = {
  id: 1,
  uid: 'llmops-test',
  name: 'LLM Ops',
  url: '',
  basicAuthEnabled: false,
  basicAuthUser: '',
  jsonData: {},
  secureJsonData: {},
  lastUpdatedMS: 1_700_000_000_000,
};

/** Environment as go-plugin builds it for Grafana: Grafana's list, host env (unless skipped), go-plugin's. */
export function grafanaEnvironment(opts: StartOptions = {}): Record<string, string> {
  const env: Record<string, string> = { GF_VERSION: GRAFANA_VERSION, GF_EDITION: 'Open Source' };
  if (opts.hostEnv ?? true) {
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  }
  // Only a test that asks for it runs on a shifted clock, whatever the host environment says.
  delete env.LLMOPS_CLOCK_START;
  if (opts.clockStartMs !== undefined) env.LLMOPS_CLOCK_START = String(opts.clockStartMs);
  Object.assign(env, opts.env ?? {});
  Object.assign(env, {
    grafana_plugin_type: 'datasource',
    PLUGIN_MIN_PORT: '10000',
    PLUGIN_MAX_PORT: '25000',
    PLUGIN_PROTOCOL_VERSIONS: '2',
  });
  return env;
}

/**
 * Grafana bumps lastUpdatedMS on every settings change; when a test varies settings without giving
 * lastUpdatedMS, derive it from the settings so the plugin sees a change exactly as it would in Grafana.
 */
function impliedLastUpdated(s: DatasourceSettingsInput): number {
  const text = JSON.stringify({ ...s, lastUpdatedMS: undefined });
  return (
    DEFAULT_SETTINGS.lastUpdatedMS +
    (parseInt(createHash('sha256').update(text).digest('hex').slice(0, 8), 16) % 1_000_000)
  );
}

export function wireSettings(s: DatasourceSettingsInput = {}): any {
  const m = { ...DEFAULT_SETTINGS, ...s, lastUpdatedMS: s.lastUpdatedMS ?? impliedLastUpdated(s) };
  return {
    id: m.id,
    uid: m.uid,
    name: m.name,
    url: m.url,
    user: '',
    database: '',
    basicAuthEnabled: m.basicAuthEnabled,
    basicAuthUser: m.basicAuthUser,
    jsonData: Buffer.from(JSON.stringify(m.jsonData)),
    decryptedSecureJsonData: m.secureJsonData,
    lastUpdatedMS: m.lastUpdatedMS,
  };
}

export function pluginContext(settings?: DatasourceSettingsInput, login = 'admin'): any {
  return {
    orgId: 1,
    pluginId: PLUGIN_ID,
    user: { login, name: login, email: `${login}@localhost`, role: 'Admin' },
    dataSourceInstanceSettings: wireSettings(settings),
    grafanaConfig: { GF_APP_URL: 'http://localhost:3000/' },
    pluginVersion: '0.1.0',
    userAgent: `Grafana/${GRAFANA_VERSION} (linux; amd64)`,
  };
}

/** A DataQuery the way Grafana builds it from the panel's query JSON. */
export function wireQuery(q: QuerySpec): any {
  const to = q.to ?? 1_700_003_600_000;
  const from = q.from ?? to - 3_600_000;
  const maxDataPoints = q.maxDataPoints ?? 100;
  const intervalMs = q.intervalMs ?? 1000;
  let json: Buffer;
  if (Buffer.isBuffer(q.model)) json = q.model;
  else if (typeof q.model === 'string') json = Buffer.from(q.model);
  else {
    json = Buffer.from(
      JSON.stringify({
        refId: q.refId,
        ...(q.queryType !== undefined && { queryType: q.queryType }),
        datasource: { type: PLUGIN_ID, uid: DEFAULT_SETTINGS.uid },
        intervalMs,
        maxDataPoints,
        ...(q.model ?? {}),
      })
    );
  }
  return {
    refId: q.refId,
    queryType: q.queryType ?? '',
    maxDataPoints,
    intervalMS: intervalMs,
    timeRange: { fromEpochMS: from, toEpochMS: to },
    json,
  };
}

function unary(client: any, method: string, request: any, deadlineMs = 60_000, signal?: AbortSignal): Promise<any> {
  return new Promise((resolve, reject) => {
    const call = client[method](request, { deadline: Date.now() + deadlineMs }, (err: grpc.ServiceError | null, res: any) =>
      err ? reject(err) : resolve(res)
    );
    // As Grafana does when a dashboard is closed or its own request is cancelled.
    if (signal) signal.addEventListener('abort', () => call.cancel(), { once: true });
  });
}

function lines(buffer: { text: string }, out: string[]) {
  return (chunk: Buffer) => {
    buffer.text += chunk.toString('utf8');
    let nl: number;
    while ((nl = buffer.text.indexOf('\n')) >= 0) {
      out.push(buffer.text.slice(0, nl));
      buffer.text = buffer.text.slice(nl + 1);
    }
  };
}

// Plugins outlive a crashed or interrupted test run otherwise (Grafana's restart loop has the same gap).
const livePlugins = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of livePlugins) child.kill('SIGKILL');
});

export async function startPlugin(opts: StartOptions = {}): Promise<PluginHandle> {
  const executable = requireExecutable(opts.executable);
  const [cmd, ...args] = [...(opts.runner ?? []), opts.runnerPath ?? executable];
  const startedAt = performance.now();
  const child: ChildProcess = spawn(cmd!, args, {
    cwd: opts.cwd ?? os.tmpdir(),
    env: grafanaEnvironment(opts),
    stdio: [opts.stdinPipe ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr!.on('data', lines({ text: '' }, stderr));
  const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal }))
  );
  let running = true;
  livePlugins.add(child);
  void exit.then(() => {
    running = false;
    livePlugins.delete(child);
  });

  let hs;
  try {
    hs = await readHandshake(child, startedAt, opts.handshakeTimeoutMs);
  } catch (err) {
    child.kill('SIGKILL');
    const detail = stderr.length ? `\nplugin stderr:\n${stderr.join('\n')}` : '';
    throw new Error(`${(err as Error).message}${detail}`);
  }
  const afterHandshake: string[] = [];
  child.stdout!.removeAllListeners('data');
  child.stdout!.on('data', lines({ text: '' }, afterHandshake));

  const pkg = grpc.loadPackageDefinition(loadProtocol()) as any;
  const target = hs.handshake.network === 'unix' ? `unix:${hs.handshake.address}` : hs.handshake.address;
  const creds = grpc.credentials.createInsecure();
  // Like go-plugin's client: effectively unlimited message sizes.
  const channelOptions = {
    'grpc.max_receive_message_length': 2 ** 31 - 1,
    'grpc.max_send_message_length': 2 ** 31 - 1,
  };
  const data = new pkg.pluginv2.Data(target, creds, channelOptions);
  const diagnostics = new pkg.pluginv2.Diagnostics(target, creds, channelOptions);
  const resource = new pkg.pluginv2.Resource(target, creds, channelOptions);
  const controller = new pkg.plugin.GRPCController(target, creds, channelOptions);
  const health = new pkg.grpc.health.v1.Health(target, creds, channelOptions);
  const clients = [data, diagnostics, resource, controller, health];

  const handle: PluginHandle = {
    pid: child.pid!,
    handshake: hs.handshake,
    handshakeMs: hs.elapsedMs,

    async queryData(queries, o = {}) {
      const res = await unary(
        data,
        'QueryData',
        { pluginContext: pluginContext(o.settings, o.user), headers: o.headers ?? {}, queries: queries.map(wireQuery) },
        o.deadlineMs,
        o.signal
      );
      return { responses: res.responses ?? {} };
    },

    async queryJson(queries, o) {
      return toQueryJson(await handle.queryData(queries, o));
    },

    async checkHealth(settings, headers = {}) {
      const res = await unary(diagnostics, 'CheckHealth', { pluginContext: pluginContext(settings), headers });
      // Grafana unmarshals jsonDetails into a map and answers 500 if that fails.
      const raw = (res.jsonDetails as Buffer).toString('utf8');
      const details = raw === '' ? {} : JSON.parse(raw);
      if (typeof details !== 'object' || details === null || Array.isArray(details)) {
        throw new Error(`Failed to unmarshal detailed response from backend plugin: ${raw}`);
      }
      return { status: res.status, message: res.message, details };
    },

    callResource(call) {
      return new Promise((resolve, reject) => {
        const request = {
          pluginContext: pluginContext(call.settings),
          path: call.path,
          method: call.method ?? 'GET',
          url: call.query ? `${call.path}?${call.query}` : call.path,
          headers: Object.fromEntries(Object.entries(call.requestHeaders ?? {}).map(([k, v]) => [k, { values: v }])),
          body: typeof call.body === 'string' ? Buffer.from(call.body) : (call.body ?? Buffer.alloc(0)),
        };
        const stream = resource.CallResource(request, { deadline: Date.now() + (call.deadlineMs ?? 60_000) });
        const chunks: Buffer[] = [];
        let first: any;
        let messages = 0;
        stream.on('data', (msg: any) => {
          messages++;
          if (!first) {
            first = msg;
            // Go's http.ResponseWriter.WriteHeader panics on codes outside 100–999.
            if (!(msg.code >= 100 && msg.code <= 999)) {
              reject(new Error(`invalid WriteHeader code ${msg.code}: Grafana would panic`));
            }
          }
          chunks.push(msg.body);
        });
        stream.on('error', reject);
        stream.on('end', () => {
          if (!first) return reject(new Error('CallResource stream ended without a response message'));
          const headers: Record<string, string[]> = {};
          for (const [k, v] of Object.entries(first.headers ?? {})) headers[k] = (v as { values: string[] }).values;
          resolve({ status: first.code, headers, body: Buffer.concat(chunks), messages });
        });
      });
    },

    async collectMetrics() {
      const res = await unary(diagnostics, 'CollectMetrics', { pluginContext: pluginContext() });
      return (res.metrics?.prometheus as Buffer | undefined)?.toString('utf8') ?? '';
    },

    async health(service = 'plugin') {
      return (await unary(health, 'Check', { service })).status;
    },

    async shutdown() {
      const t0 = performance.now();
      // go-plugin: call Shutdown (errors ignored), close the connection, wait 2 s, then kill.
      await unary(controller, 'Shutdown', {}, 2000).catch(() => undefined);
      for (const c of clients) c.close();
      const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 2000));
      const result = await Promise.race([exit, timeout]);
      if (result === 'timeout') {
        child.kill('SIGKILL');
        const killed = await exit;
        return { graceful: false, exitMs: performance.now() - t0, ...killed };
      }
      return { graceful: true, exitMs: performance.now() - t0, ...result };
    },

    kill(signal = 'SIGKILL') {
      child.kill(signal);
    },
    closePipes() {
      child.stdout!.destroy();
      child.stderr!.destroy();
    },
    closeStdio(streams) {
      for (const s of streams) child[s]?.destroy();
    },
    exited: () => exit,
    isRunning: () => running,

    rssBytes() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
      return kb ? Number(kb) * 1024 : 0;
    },
    stderrLines: () => [...stderr],
    stdoutAfterHandshake: () => [...afterHandshake],

    async close() {
      for (const c of clients) c.close();
      if (running) {
        child.kill('SIGKILL');
        await exit;
      }
    },
  };
  return handle;
}
