// A real stack for the out-of-the-box tests: the simulator's backfill (every engine flavour, the demo
// faults) loaded into a real Prometheus through promtool, its traces in a real Jaeger, and the built
// backend executable configured with the provisioned datasource settings.
import { closeSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { SCENARIO_END_MS, writeBackfill, type BackfillResult, type GroundTruth } from '../../simulator/src';
import { startPlugin, type DatasourceSettingsInput, type PluginHandle, type QueryJsonFrame } from '../host';
import {
  createBlocksFromOpenMetrics,
  startJaeger,
  startPrometheus,
  tempDir,
  type JaegerService,
  type RunningService,
} from '../support/services';
import type { Series } from './alert-eval';

const ROOT = path.resolve(__dirname, '../..');

export interface LiveFleet {
  plugin: PluginHandle;
  prometheus: RunningService;
  jaeger: JaegerService;
  settings: DatasourceSettingsInput;
  backfill: BackfillResult;
  /** End of the simulated history (epoch ms): "now" for the queries. */
  endMs: number;
  /** Length of the simulated history (ms). */
  historyMs: number;
  stop(): Promise<void>;
}

/** The provisioned LLM Ops datasource, pointed at the test servers instead of the compose hosts. */
export function provisionedSettings(promUrl: string, jaegerUrl: string): DatasourceSettingsInput {
  const file = parse(readFileSync(path.join(ROOT, 'provisioning/datasources/llmops.yaml'), 'utf8'));
  const ds = file.datasources.find((d: { uid: string }) => d.uid === 'llmops-ds');
  return { uid: ds.uid, name: ds.name, url: promUrl, jsonData: { ...ds.jsonData, jaegerUrl }, secureJsonData: {} };
}

/** job/instance pairs of the series in the first step of an OpenMetrics backfill (every target appears there). */
export function scrapeTargets(
  openMetricsFile: string,
  headBytes = 16 * 1024 * 1024
): Array<{ job: string; instance: string }> {
  const fd = openSync(openMetricsFile, 'r');
  const buf = Buffer.alloc(headBytes);
  const n = readSync(fd, buf, 0, headBytes, 0);
  closeSync(fd);
  const lines = buf.subarray(0, n).toString('utf8').split('\n');
  const firstTs = /\s(\S+)$/.exec(lines.find((l) => l && !l.startsWith('#')) ?? '')?.[1];
  const seen = new Map<string, { job: string; instance: string }>();
  for (const line of lines) {
    if (!line || line.startsWith('#') || !line.endsWith(` ${firstTs}`)) continue;
    const job = /[{,]job="([^"]*)"/.exec(line)?.[1];
    const instance = /[{,]instance="([^"]*)"/.exec(line)?.[1];
    if (job && instance) seen.set(`${job}\u0000${instance}`, { job, instance });
  }
  return [...seen.values()];
}

/**
 * What Prometheus records for each of those targets while scraping: `up` = 1 at every step, added to
 * `tsdbDir` as blocks. The backfill holds the exporters' samples only, so the scrape-health signals
 * would otherwise be empty.
 */
export function addUpHistory(
  tsdbDir: string,
  file: string,
  targets: Array<{ job: string; instance: string }>,
  range: Pick<GroundTruth, 'startMs' | 'endMs' | 'stepSeconds'>
): void {
  const lines: string[] = ['# TYPE up gauge'];
  for (let t = range.startMs; t <= range.endMs; t += range.stepSeconds * 1000) {
    for (const { job, instance } of targets) lines.push(`up{job="${job}",instance="${instance}"} 1 ${t / 1000}`);
  }
  lines.push('# EOF');
  writeFileSync(file, lines.join('\n') + '\n');
  createBlocksFromOpenMetrics(file, tsdbDir);
}

export async function startLiveFleet(
  opts: { scenario?: string; duration?: string; fleet?: string } = {}
): Promise<LiveFleet> {
  const dir = tempDir('ootb');
  const jaeger = await startJaeger();
  let prometheus: RunningService | undefined;
  let plugin: PluginHandle | undefined;
  try {
    // The fixed scenario time: queries use it as "now" and the backend's clock starts there.
    const endMs = SCENARIO_END_MS;
    const backfill = await writeBackfill({
      out: path.join(dir, 'fleet.om'),
      format: 'openmetrics',
      fleet: opts.fleet ?? 'small',
      scenario: opts.scenario ?? 'demo',
      duration: opts.duration ?? '6h',
      end: endMs,
      seed: 7,
      otlp: jaeger.otlpHttpUrl,
    });
    const gt = backfill.groundTruth;
    const tsdbDir = createBlocksFromOpenMetrics(backfill.file, path.join(dir, 'tsdb'));
    addUpHistory(tsdbDir, path.join(dir, 'up.om'), scrapeTargets(backfill.file), gt);
    prometheus = await startPrometheus({ tsdbDir });
    plugin = await startPlugin({ clockStartMs: endMs });
    const settings = provisionedSettings(prometheus.url, jaeger.url);
    const [p, pl] = [prometheus, plugin];
    return {
      plugin: pl,
      prometheus: p,
      jaeger,
      settings,
      backfill,
      endMs: gt.endMs,
      historyMs: gt.endMs - gt.startMs,
      async stop() {
        await pl.close();
        await p.stop();
        await jaeger.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await plugin?.close();
    await prometheus?.stop();
    await jaeger.stop();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** Jaeger's services, to fill the dashboards' `service` variable as Grafana would. */
export async function jaegerServices(jaeger: JaegerService): Promise<string[]> {
  const res = await fetch(`${jaeger.url}/api/services`);
  const body = (await res.json()) as { data?: string[] };
  return (body.data ?? []).sort();
}

export function rowCount(f: QueryJsonFrame): number {
  return Math.max(0, ...f.data.values.map((v) => v.length));
}

/** Series as Grafana's expression engine reads them: one per numeric field, with its labels. */
export function framesToSeries(frames: QueryJsonFrame[]): Series[] {
  const out: Series[] = [];
  for (const f of frames) {
    f.schema.fields.forEach((field, i) => {
      if (field.type !== 'number') return;
      out.push({ labels: field.labels ?? {}, values: (f.data.values[i] ?? []) as Array<number | null> });
    });
  }
  return out;
}
