// Root cause without a window, through the built executable against a real Prometheus, on simulator
// fleets with incidents seen in the field: a KV-cache step on one instance under a fleet-wide target,
// a healthy range, a process that died, a +17 % ITL shift for 48 minutes, a GPU memory leak that ends
// in a crash, and a bad canary visible only as a new image and a restart. Every history is anchored to
// a fixed day (never the wall clock), one block per day in one TSDB.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlugin, type PluginHandle } from '../host';
import {
  countersReset,
  gpusIdle,
  latencyShift,
  memoryLeak,
  periodicBurst,
  processGone,
  writeEditedBackfill,
  type EditedBackfillOptions,
} from '../support/edited-backfill';
import { startPrometheus, type RunningService } from '../support/services';

const MIN = 60_000;
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
/** Each scenario: 12:00–14:00 UTC on its own weekday. */
const DAYS = {
  kvStep: day('2026-11-16'),
  healthy: day('2026-11-17'),
  died: day('2026-11-18'),
  itlShift: day('2026-11-19'),
  leak: day('2026-11-20'),
  canary: day('2026-11-23'),
  periodic: day('2026-11-24'),
};
const at = (d: number, hh: number, mm: number) => d + hh * 3_600_000 + mm * MIN;
const END = (d: number) => at(d, 14, 0);

const POD_8B = 'vllm-llama-8b-0';
const POD_70B = 'vllm-llama-70b-0';
const INST_8B = `${POD_8B}:8000`;
const INST_70B = `${POD_70B}:8000`;

/** process_start_time_seconds of a vLLM pod: epoch seconds of its start, a new value after each restart. */
function processStart(pod: string, restarts: number[], first: number) {
  return {
    key: `process_start_time_seconds{job="vllm",instance="${pod}:8000",namespace="llm-serving",pod="${pod}"}`,
    value: (t: number) => [first, ...restarts].filter((r) => r <= t).at(-1)! / 1000,
  };
}

function histories(dir: string): EditedBackfillOptions[] {
  const base = (d: number) => ({ dataDir: dir, endMs: END(d), durationMs: 125 * MIN });
  const died = at(DAYS.died, 13, 20);
  const itl = at(DAYS.itlShift, 13, 12);
  const crash = at(DAYS.leak, 13, 35);
  const back = at(DAYS.leak, 13, 39);
  const rollout = at(DAYS.canary, 13, 30);
  return [
    {
      ...base(DAYS.kvStep),
      scenario: { name: 'kv', faults: [{ id: 'kv', kind: 'kv_cache_saturation', start: new Date(at(DAYS.kvStep, 13, 30)).toISOString(), duration: '30m', target: { instance: POD_70B } }] },
    },
    { ...base(DAYS.healthy) },
    {
      ...base(DAYS.died),
      edits: (keys) => [processGone(keys, POD_8B, died), gpusIdle(keys, POD_8B, died)],
      // Prometheus records each failed scrape as up 0.
      extra: [{ key: `up{job="vllm",instance="${INST_8B}",namespace="llm-serving",pod="${POD_8B}"}`, value: (t) => (t < died ? 1 : 0) }],
    },
    { ...base(DAYS.itlShift), edits: (keys) => [latencyShift(keys, POD_8B, ['vllm:inter_token_latency_seconds', 'vllm:request_time_per_output_token_seconds'], 1.17, itl)] },
    {
      ...base(DAYS.leak),
      edits: (keys) => [
        memoryLeak(keys, POD_70B, at(DAYS.leak, 12, 55), crash, 0.995),
        processGone(keys, POD_70B, crash, back),
        gpusIdle(keys, POD_70B, crash, back),
        countersReset(keys, POD_70B, back),
      ],
      extra: [processStart(POD_70B, [back], at(DAYS.leak, 2, 0))],
    },
    {
      ...base(DAYS.canary),
      // The canary keeps its served-model name: the rollout shows as a new image and a new process.
      scenario: { name: 'canary', faults: [{ id: 'canary', kind: 'bad_deploy', start: new Date(rollout).toISOString(), duration: '30m', target: { instance: POD_8B }, params: { version: 'llama-3.1-8b-instruct', errorRatio: 0.2 } }] },
      edits: (keys) => [countersReset(keys, POD_8B, rollout)],
      extra: [
        processStart(POD_8B, [rollout], at(DAYS.canary, 2, 0)),
        {
          key: `kube_pod_container_info{job="kube-state-metrics",instance="ksm:8080",namespace="llm-serving",pod="${POD_8B}",container="vllm",image="vllm/vllm-openai:v0.10.1"}`,
          value: (t) => (t < rollout ? 1 : null),
        },
        {
          key: `kube_pod_container_info{job="kube-state-metrics",instance="ksm:8080",namespace="llm-serving",pod="${POD_8B}",container="vllm",image="vllm/vllm-openai:v0.11.0"}`,
          value: (t) => (t >= rollout ? 1 : null),
        },
      ],
    },
    {
      // Four hours of a GPU that runs a 4-minute job every 40 minutes (power and heat up), nothing else.
      ...base(DAYS.periodic),
      durationMs: 245 * MIN,
      edits: (keys) => [periodicBurst(keys, POD_8B, { DCGM_FI_DEV_POWER_USAGE: 180, DCGM_FI_DEV_GPU_TEMP: 14 }, 40 * MIN, 4 * MIN, at(DAYS.periodic, 0, 12))],
    },
  ];
}

let work: string;
let prom: RunningService;
let plugin: PluginHandle;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'llmops-rca-incidents-'));
  for (const h of histories(work)) writeEditedBackfill(h);
  prom = await startPrometheus({ tsdbDir: work, scrapeInterval: '15s' });
  plugin = await startPlugin();
}, 300_000);

afterAll(async () => {
  await plugin?.close();
  await prom?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

interface Answer {
  ids: string[];
  entities: Array<Record<string, string>>;
  evidence: string[];
  custom: Record<string, unknown>;
}

async function rootcause(d: number, target: Record<string, unknown>, opts: { from?: number; to?: number; window?: { start: number; end: number } } = {}): Promise<Answer> {
  const model = { target, ...(opts.window ? { incidentStart: opts.window.start, incidentEnd: opts.window.end } : {}) };
  const json = await plugin.queryJson(
    [{ refId: 'A', queryType: 'rootcause', model, from: opts.from ?? at(d, 12, 0), to: opts.to ?? END(d), intervalMs: 15_000, maxDataPoints: 1000 }],
    { settings: { url: prom.url, jsonData: { timeInterval: '15s' } } }
  );
  const res = json.results.A;
  if (res.error) throw new Error(`rootcause failed (${res.status}): ${res.error}`);
  const table = res.frames!.find((f) => f.schema.name === 'rootcause')!;
  const col = (name: string) => (table.data.values[table.schema.fields.findIndex((f) => f.name === name)] ?? []) as unknown[];
  const custom = (table.schema.meta?.custom ?? {}) as Record<string, unknown>;
  return { ids: col('hypothesis_id') as string[], entities: (custom.entities ?? []) as Answer['entities'], evidence: col('evidence') as string[], custom };
}

const TTFT_FLEET = { signal: 'ttft', aggregation: 'p95' };
const TTFT_BY_MODEL = { ...TTFT_FLEET, groupBy: ['model'] };

describe('root cause finds the incident itself (built executable, real Prometheus)', () => {
  it('a fleet-wide target finds the one instance whose TTFT stepped, and says it is still going', async () => {
    for (const target of [TTFT_FLEET, TTFT_BY_MODEL, { ...TTFT_FLEET, groupBy: ['instance'] }]) {
      const a = await rootcause(DAYS.kvStep, target);
      expect(a.custom).toMatchObject({ status: 'analysed', incidentSource: 'detected', incidentOngoing: true });
      expect(Math.abs((a.custom.incidentStart as number) - at(DAYS.kvStep, 13, 30))).toBeLessThanOrEqual(3 * MIN);
      expect(a.custom.message).toMatch(/^ttft rose (\d+ %|×[\d.]+) on .*(instance=vllm-llama-70b-0|model=llama-3.1-70b).* still going/);
      expect(a.ids[0]).toBe('kv_cache_saturation');
      expect(a.entities[0].instance).toBe(INST_70B);
    }
  });

  it('a healthy range is "no incident", a result with a status and no hypotheses', async () => {
    const a = await rootcause(DAYS.healthy, TTFT_BY_MODEL);
    expect(a.custom).toMatchObject({ status: 'no_incident' });
    expect(a.custom.message).toMatch(/^No incident in this range/);
    expect(a.ids).toEqual([]);
  });

  it('a +17 % ITL shift sustained for 48 minutes is an incident', async () => {
    const a = await rootcause(DAYS.itlShift, { signal: 'itl', aggregation: 'p95', groupBy: ['model'] });
    expect(a.custom).toMatchObject({ status: 'analysed', incidentSource: 'detected', incidentOngoing: true });
    expect(Math.abs((a.custom.incidentStart as number) - at(DAYS.itlShift, 13, 12))).toBeLessThanOrEqual(4 * MIN);
    expect((a.custom.incidentSeries as { labels: Record<string, string> }).labels).toMatchObject({ instance: INST_8B });
  });
});

describe('root cause evidence from missing data, restarts, rollouts and trends', () => {
  it('an instance whose process died is "instance down", and its idle GPU is not throttling', async () => {
    const a = await rootcause(DAYS.died, TTFT_FLEET);
    expect(a.custom).toMatchObject({ incidentKind: 'stopped_reporting', incidentOngoing: true });
    expect(a.ids[0]).toBe('instance_down');
    expect(a.entities[0].instance).toBe(INST_8B);
    expect(a.evidence[0]).toMatch(/stopped reporting at 13:2\d:\d\d UTC .*no data since; up fell from 1 to 0/);
    expect(a.ids).not.toContain('thermal_throttling');
  });

  it('a GPU memory leak that ends in a crash is judged by the climb, not the post-crash point', async () => {
    const a = await rootcause(DAYS.leak, TTFT_FLEET);
    expect(a.ids[0]).toBe('gpu_memory_leak');
    expect(a.entities[0].instance).toBe(INST_70B);
    expect(a.evidence[0]).toMatch(/gpu_memory_used_ratio rose steadily from 0\.\d+ to 0\.99\d* over \d+ min/);
    expect(a.ids).not.toContain('thermal_throttling');
    // The crash leaves the instance silent and its GPU idle for minutes: those are consequences, ranked below.
    expect(a.ids.slice(1)).toEqual(expect.arrayContaining(['instance_down']));
  });

  it('a bad canary that keeps its model name is found from its new image and restart', async () => {
    const a = await rootcause(DAYS.canary, { signal: 'error_ratio', groupBy: ['model'] });
    expect(a.custom).toMatchObject({ incidentSource: 'detected' });
    expect(a.ids[0]).toBe('bad_deploy');
    expect(a.entities[0].pod ?? a.entities[0].instance).toMatch(/vllm-llama-8b-0/);
    expect(a.evidence[0]).toMatch(/vllm\/vllm-openai:v0\.10\.1 → vllm\/vllm-openai:v0\.11\.0 .* at 13:30:00 UTC/);
  });
});

describe('root cause learns normal behaviour from the hours before a short range', () => {
  // The job runs at 13:32–13:36; a user asks about that window from a 30-minute dashboard range, which
  // holds no earlier run of it. Read against the hours before (runs at 10:52, 11:32, 12:12, 12:52), the
  // burst is that GPU's routine: the answer is "no cause", as on a 3-hour range.
  const window = { start: at(DAYS.periodic, 13, 32), end: at(DAYS.periodic, 13, 36) };
  for (const [name, from] of [['30-minute', at(DAYS.periodic, 13, 15)], ['3-hour', at(DAYS.periodic, 10, 50)]] as const) {
    it(`a GPU's recurring job is not a cause on a ${name} range`, async () => {
      const a = await rootcause(DAYS.periodic, TTFT_BY_MODEL, { from, to: at(DAYS.periodic, 13, 45), window });
      expect(a.ids).toEqual(['unknown']);
      expect(a.evidence[0]).toMatch(/no cause found/);
    });
  }
});
