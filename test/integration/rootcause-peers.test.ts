// Peer evidence in root cause, through the built executable against a real Prometheus: four vLLM
// replicas of one model, the KV cache of one saturates for 30 minutes. Root cause on the model's TTFT
// (no window: it finds the incident) names KV-cache saturation on that replica and says that its KV
// cache departed from its three peers while they stayed put. Another model's replicas share the fleet: the
// candidates are fetched for the incident's model and its replicas' GPUs only (scope.ts), and the other
// model's series are never sent for. Anchored to a fixed day, never the wall clock.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelPerf } from '../../simulator/src/fleet/catalog';
import type { Fleet } from '../../simulator/src/fleet/types';
import { startPlugin, type PluginHandle } from '../host';
import { writeEditedBackfill } from '../support/edited-backfill';
import { startPrometheus, type RunningService } from '../support/services';

const MIN = 60_000;
const DAY = Date.parse('2026-11-25T00:00:00Z');
const at = (hh: number, mm: number) => DAY + hh * 3_600_000 + mm * MIN;
const MODEL = 'llama-3.1-8b-instruct';
const REPLICAS = ['vllm-llama-8b-0', 'vllm-llama-8b-1', 'vllm-llama-8b-2', 'vllm-llama-8b-3'];
const SICK = REPLICAS[2];
const OTHER_MODEL = 'qwen2.5-7b-instruct';
const OTHER = ['vllm-qwen-7b-0', 'vllm-qwen-7b-1'];

function fourReplicas(): Fleet {
  return {
    name: 'four-replicas',
    hosts: [
      { name: 'gpu-node-h100-1', gpuType: 'H100', gpuCount: 4, hostnameLabel: 'Hostname', podLabelStyle: 'pod', cpuCount: 32, memoryBytes: 1024 ** 4, driverVersion: '550.90.07' },
      { name: 'gpu-node-l4-1', gpuType: 'L4', gpuCount: 2, hostnameLabel: 'Hostname', podLabelStyle: 'pod', cpuCount: 32, memoryBytes: 1024 ** 4, driverVersion: '550.90.07' },
    ],
    instances: [
      ...REPLICAS.map((name, gpu) => ({ name, flavour: 'vllm' as const, model: MODEL, host: 'gpu-node-h100-1', gpus: [gpu], namespace: 'llm-serving', perf: modelPerf(MODEL) })),
      ...OTHER.map((name, gpu) => ({ name, flavour: 'vllm' as const, model: OTHER_MODEL, host: 'gpu-node-l4-1', gpus: [gpu], namespace: 'llm-serving', perf: modelPerf(OTHER_MODEL) })),
    ],
  };
}

let work: string;
let prom: RunningService;
let plugin: PluginHandle;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'llmops-rca-peers-'));
  writeEditedBackfill({
    dataDir: work,
    endMs: at(14, 0),
    durationMs: 125 * MIN,
    fleet: fourReplicas(),
    scenario: { name: 'kv-one-replica', faults: [{ id: 'kv', kind: 'kv_cache_saturation', start: new Date(at(13, 20)).toISOString(), duration: '30m', target: { instance: SICK } }] },
  });
  [prom, plugin] = await Promise.all([startPrometheus({ tsdbDir: work, scrapeInterval: '15s' }), startPlugin()]);
}, 300_000);

afterAll(async () => {
  await plugin?.close();
  await prom?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('root cause with peer evidence (built executable, real Prometheus)', () => {
  it('names the saturated replica and says it departed from its peers', async () => {
    const json = await plugin.queryJson(
      [{ refId: 'A', queryType: 'rootcause', model: { target: { signal: 'ttft', aggregation: 'p95', groupBy: ['model'] } }, from: at(12, 0), to: at(14, 0), intervalMs: 15_000, maxDataPoints: 1000 }],
      { settings: { url: prom.url, jsonData: { timeInterval: '15s' } } }
    );
    const res = json.results.A;
    if (res.error) throw new Error(`rootcause failed (${res.status}): ${res.error}`);
    const table = res.frames!.find((f) => f.schema.name === 'rootcause')!;
    const col = (name: string) => (table.data.values[table.schema.fields.findIndex((f) => f.name === name)] ?? []) as unknown[];
    const custom = table.schema.meta?.custom as { entities: Array<Record<string, string>>; incidentStart: number; candidateScope: { kind: string; models: string[]; pods: number } };
    expect(col('hypothesis_id')[0]).toBe('kv_cache_saturation');
    expect(custom.entities[0].instance).toBe(`${SICK}:8000`);
    expect(Math.abs(custom.incidentStart - at(13, 20))).toBeLessThanOrEqual(5 * MIN);
    expect(String(col('evidence')[0])).toMatch(new RegExp(`on ${SICK}:8000 departed from its 3 peers serving ${MODEL}`));

    // Candidates for the incident's model and its replicas' GPUs only; the target's own search is fleet-wide.
    expect(custom.candidateScope).toEqual({ kind: 'entity', models: [MODEL], pods: REPLICAS.length });
    const queries = String(table.schema.meta?.executedQueryString).split('\n').slice(1);
    const kv = queries.filter((q) => q.includes('kv_cache_usage_perc') || q.includes('gpu_cache_usage_perc'));
    expect(kv.length).toBeGreaterThan(0);
    for (const q of kv) expect(q).toContain(`model_name="${MODEL}"`);
    const gpu = queries.filter((q) => q.includes('DCGM_FI_DEV_GPU_TEMP'));
    expect(gpu.length).toBeGreaterThan(0);
    for (const q of gpu) for (const pod of REPLICAS) expect(q).toContain(pod);
    for (const q of [...kv, ...gpu]) for (const other of OTHER) expect(q).not.toContain(other);
    for (const e of custom.entities) expect(e.model === undefined || e.model === MODEL).toBe(true);
  });
});
