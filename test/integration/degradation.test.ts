// The `degradation_level` signal through the built executable against a real Prometheus holding the
// simulator's history (written straight into a TSDB block): it follows the scripted faults (level ≥ 2
// on the affected model during a KV-cache saturation and a bad deploy, 0 on healthy windows), the
// provisioned alert rule (query → reduce → threshold) fires only during the faults, thresholds come
// from the datasource settings, and each value says which input drove it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { BackfillResult } from '../../simulator/src';
import type { Scenario } from '../../simulator/src/scenario/scenario';
import type { PluginHandle, QueryJsonFrame } from '../host';
import { startSimulatedBackend, type SimulatedBackend } from '../support/simulated-backend';
import type { ProvisionedRule } from '../ootb/alert-checks';
import { evaluateRule, type Series } from '../ootb/alert-eval';
import { framesToSeries } from '../ootb/live-fleet';

const ROOT = path.resolve(__dirname, '../..');
const STEP_MS = 60_000;
const KV_MODEL = 'llama-3.1-70b-instruct';
const DEPLOY_MODEL = 'llama-3.1-8b-instruct-ft-v2';

const scenario: Scenario = {
  name: 'degradation',
  faults: [
    { id: 'kv', kind: 'kv_cache_saturation', start: '-3h', duration: '40m', target: { instance: 'vllm-llama-70b-0' } },
    {
      id: 'deploy',
      kind: 'bad_deploy',
      start: '-80m',
      duration: '30m',
      target: { instance: 'vllm-llama-8b-0' },
      params: { version: DEPLOY_MODEL, errorRatio: 0.2 },
    },
  ],
};

const rule = (
  parse(readFileSync(path.join(ROOT, 'provisioning/alerting/llmops-rules.yaml'), 'utf8')) as {
    groups: Array<{ rules: ProvisionedRule[] }>;
  }
).groups
  .flatMap((g) => g.rules)
  .find((r) => r.uid === 'llmops-degradation-level')!;

let env: SimulatedBackend;
let plugin: PluginHandle;
let bf: BackfillResult;
let settings: SimulatedBackend['settings'];

beforeAll(async () => {
  env = await startSimulatedBackend({
    scenario,
    duration: '4h',
    seed: 7,
  });
  ({ plugin, settings, backfill: bf } = env);
}, 300_000);

afterAll(() => env?.stop());

const fault = (id: string) => bf.groundTruth.faults.find((f) => f.id === id)!;

interface LevelSeries {
  labels: Record<string, string>;
  times: number[];
  values: Array<number | null>;
  drivers: Array<{ input: string; value: number } | null>;
}

async function levels(model: Record<string, unknown>, from: number, to: number, jsonData = settings.jsonData) {
  const json = await plugin.queryJson(
    [
      {
        refId: 'A',
        queryType: 'signal',
        model: { signal: 'degradation_level', ...model },
        from,
        to,
        intervalMs: STEP_MS,
        maxDataPoints: 1000,
      },
    ],
    { settings: { ...settings, jsonData } }
  );
  return json.results.A!;
}

function toSeries(frames: QueryJsonFrame[]): LevelSeries[] {
  return frames
    .filter((f) => f.schema.fields.length === 2)
    .map((f) => ({
      labels: f.schema.fields[1]!.labels ?? {},
      times: f.data.values[0] as number[],
      values: f.data.values[1] as Array<number | null>,
      drivers: (f.schema.meta?.custom as { drivers?: LevelSeries['drivers'] } | undefined)?.drivers ?? [],
    }));
}

/** Values of a series inside [from, to). */
function within(s: LevelSeries, from: number, to: number): number[] {
  return s.times.flatMap((t, i) => (t >= from && t < to && s.values[i] !== null ? [s.values[i]!] : []));
}

const share = (xs: number[], ok: (x: number) => boolean) => xs.filter(ok).length / Math.max(1, xs.length);

describe('degradation_level (built executable, real Prometheus)', () => {
  it('follows the scripted faults per model and is 0 on healthy windows', async () => {
    const res = await levels({ aggregation: 'max', groupBy: ['model'] }, bf.groundTruth.startMs, bf.groundTruth.endMs);
    expect(res.error).toBeUndefined();
    const frames = res.frames!;
    expect(frames.every((f) => f.schema.meta?.type === 'timeseries-multi')).toBe(true);
    const series = toSeries(frames);
    const byModel = new Map(series.map((s) => [s.labels.model!, s]));
    const models = [...new Set(bf.groundTruth.instances.map((i) => i.model)), DEPLOY_MODEL];
    expect([...byModel.keys()].sort()).toEqual(models.sort());

    const kv = fault('kv');
    const deploy = fault('deploy');
    // The first minutes of a fault ramp up (queues fill, rate windows catch up).
    const kvLevels = within(byModel.get(KV_MODEL)!, kv.startMs + 5 * 60_000, kv.endMs);
    const deployLevels = within(byModel.get(DEPLOY_MODEL)!, deploy.startMs + 2 * 60_000, deploy.endMs);
    console.log(
      `KV fault on ${KV_MODEL}: ${JSON.stringify(kvLevels)}; bad deploy on ${DEPLOY_MODEL}: ${JSON.stringify(deployLevels)}`
    );
    expect(kvLevels.length).toBeGreaterThan(20);
    expect(share(kvLevels, (l) => l >= 2)).toBeGreaterThanOrEqual(0.9);
    expect(deployLevels.length).toBeGreaterThan(20);
    expect(share(deployLevels, (l) => l >= 2)).toBeGreaterThanOrEqual(0.9);

    // Healthy: every model outside the faults (a settle margin after each), after the first 15 minutes.
    const faults = [kv, deploy];
    const healthy = (t: number) =>
      t >= bf.groundTruth.startMs + 15 * 60_000 && faults.every((f) => t < f.startMs || t >= f.endMs + 15 * 60_000);
    const report: string[] = [];
    let total = 0;
    let nonZero = 0;
    for (const s of series) {
      s.times.forEach((t, i) => {
        const v = s.values[i];
        if (!healthy(t) || v === null) return;
        total++;
        if (v !== 0) {
          nonZero++;
          report.push(`${s.labels.model} ${new Date(t).toISOString()} level ${v} (${JSON.stringify(s.drivers[i])})`);
        }
      });
    }
    const summary = new Map<string, number>();
    for (const r of report) {
      const k = r.replace(/ \d{4}-\S+ /, ' ').replace(/"value":[^,]+,/, '');
      summary.set(k, (summary.get(k) ?? 0) + 1);
    }
    console.log(
      `healthy points: ${total}, non-zero: ${nonZero}\n${[...summary].map(([k, n]) => `${n}× ${k}`).join('\n')}`
    );
    expect(total).toBeGreaterThan(500);
    expect(report).toEqual([]);

    // Each value names the input that drove it: errors for the bad deploy, saturation for the KV fault.
    const driversIn = (s: LevelSeries, from: number, to: number) =>
      new Set(s.times.flatMap((t, i) => (t >= from && t < to && s.drivers[i] ? [s.drivers[i]!.input] : [])));
    expect([...driversIn(byModel.get(DEPLOY_MODEL)!, deploy.startMs + 2 * 60_000, deploy.endMs)]).toEqual([
      'errorRatio',
    ]);
    const kvDrivers = [...driversIn(byModel.get(KV_MODEL)!, kv.startMs + 5 * 60_000, kv.endMs)];
    expect(kvDrivers.length).toBeGreaterThan(0);
    for (const d of kvDrivers)
      expect(['kvCacheUsage', 'preemptionRate', 'queuePressure', 'ttftSloRatio', 'e2eSloRatio']).toContain(d);
  });

  it('drives the provisioned alert rule: fires on the affected model during each fault, never on healthy windows', async () => {
    const kv = fault('kv');
    const deploy = fault('deploy');
    const start = bf.groundTruth.startMs;
    const cases: Array<[string, number, string[]]> = [
      ['kv fault', kv.startMs + 15 * 60_000, [KV_MODEL]],
      ['kv fault end', kv.endMs - 60_000, [KV_MODEL]],
      ['bad deploy', deploy.startMs + 10 * 60_000, [DEPLOY_MODEL]],
      ['healthy early', start + 40 * 60_000, []],
      ['healthy between', deploy.startMs - 20 * 60_000, []],
      ['healthy after', bf.groundTruth.endMs, []],
    ];
    const queries = rule.data.filter((q) => q.datasourceUid !== '__expr__');
    for (const [name, at, expected] of cases) {
      const json = await plugin.queryJson(
        queries.map((q) => ({
          refId: q.refId,
          queryType: String(q.model.queryType),
          model: q.model,
          from: at - (q.relativeTimeRange?.from ?? 600) * 1000,
          to: at,
          maxDataPoints: Number(q.model.maxDataPoints ?? 43_200),
          intervalMs: Number(q.model.intervalMs ?? 15_000),
        })),
        { settings, headers: { FromAlert: 'true', 'X-Rule-Uid': rule.uid } }
      );
      const data: Record<string, Series[]> = {};
      for (const q of queries) {
        const r = json.results[q.refId]!;
        expect(r.error, `${name}: ${r.error}`).toBeUndefined();
        // Alert queries get plain numeric frames: no driver payload.
        for (const f of r.frames ?? [])
          expect((f.schema.meta?.custom as Record<string, unknown>)?.drivers).toBeUndefined();
        data[q.refId] = framesToSeries(r.frames ?? []);
      }
      const instances = evaluateRule(rule, data);
      expect(instances.length, name).toBeGreaterThan(3);
      const firing = instances.filter((i) => i.state === 'alerting').map((i) => i.labels.model);
      expect(firing, name).toEqual(expected);
    }
  });

  it('gives one value per series for instant queries, per model and instance, with its driver', async () => {
    const deploy = fault('deploy');
    const at = deploy.startMs + 10 * 60_000;
    const res = await levels({ aggregation: 'max', groupBy: ['model', 'instance'], instant: true }, at - 3_600_000, at);
    expect(res.error).toBeUndefined();
    const frames = res.frames!;
    expect(frames.every((f) => f.schema.meta?.type === 'numeric-multi' && f.data.values[0]!.length === 1)).toBe(true);
    const hit = frames.find((f) => f.schema.fields[0]!.labels?.model === DEPLOY_MODEL)!;
    expect(hit.schema.fields[0]!.labels).toEqual({ model: DEPLOY_MODEL, instance: 'vllm-llama-8b-0:8000' });
    expect(hit.data.values[0]![0]).toBeGreaterThanOrEqual(2);
    expect((hit.schema.meta?.custom as { driver: { input: string } }).driver.input).toBe('errorRatio');
    const others = frames.filter((f) => f !== hit).map((f) => f.data.values[0]![0]);
    expect(others.length).toBeGreaterThan(3);
    expect(others.every((v) => v === 0)).toBe(true);
  });

  it('reads thresholds from jsonData.degradationThresholds and rejects bad ones with a clear error', async () => {
    const deploy = fault('deploy');
    const from = deploy.startMs + 2 * 60_000;
    const lenient = await levels({ aggregation: 'max', groupBy: ['model'] }, from, deploy.endMs, {
      ...settings.jsonData,
      degradationThresholds: { errorRatio: [0.3, 0.4, 0.5, 0.6] },
    });
    expect(lenient.error).toBeUndefined();
    const s = toSeries(lenient.frames!).find((x) => x.labels.model === DEPLOY_MODEL)!;
    const values = within(s, from, deploy.endMs);
    expect(values.length).toBeGreaterThan(20);
    expect(share(values, (l) => l < 2)).toBeGreaterThanOrEqual(0.9);

    const bad = await levels({ aggregation: 'max', groupBy: ['model'] }, from, deploy.endMs, {
      ...settings.jsonData,
      degradationThresholds: { errorRatio: [0.3, 0.2, 0.5, 0.6] },
    });
    expect(bad.status).toBe(400);
    expect(bad.error).toMatch(/jsonData\.degradationThresholds: errorRatio thresholds must not decrease/);
    const wrongAgg = await levels({ aggregation: 'p95', groupBy: ['model'] }, from, deploy.endMs);
    expect(wrongAgg.status).toBe(400);
    expect(wrongAgg.error).toMatch(/supports aggregation max, avg, min/);
  });
});
