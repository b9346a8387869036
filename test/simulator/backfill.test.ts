// Backfilled history loads into a real Prometheus (promtool create-blocks-from openmetrics, and the
// direct TSDB block writer) and into VictoriaMetrics; injected faults are visible in PromQL during their
// windows and the healthy baseline holds outside them.
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBackfill, type BackfillResult, type Scenario } from '../../simulator/src';
import { createBlocksFromOpenMetrics, flushVictoriaMetrics, startPrometheus, startVictoriaMetrics, type RunningService } from '../support/services';
import { promQuery, promScalar } from './promql';

const END = '2026-11-25T12:00:00Z';
const endSec = Date.parse(END) / 1000;
const SCENARIO: Scenario = {
  name: 'backfill-test',
  faults: [
    { id: 'thermal', kind: 'thermal_throttling', start: '-5h30m', duration: '40m', target: { instance: 'vllm-llama-70b-0' } },
    { id: 'kv', kind: 'kv_cache_saturation', start: '-4h', duration: '45m', target: { instance: 'vllm-llama-8b-0' } },
    { id: 'deploy', kind: 'bad_deploy', start: '-2h', duration: '40m', target: { instance: 'vllm-llama-8b-0' }, params: { version: 'llama-3.1-8b-instruct-rc2' } },
  ],
};
const common = { fleet: 'small', seed: 9, scenario: SCENARIO, duration: '6h', end: END } as const;

const TTFT_P95 = 'histogram_quantile(0.95, sum by (le) (rate(vllm:time_to_first_token_seconds_bucket{pod="vllm-llama-8b-0"}[5m])))';
const ERROR_RATIO =
  'sum(rate(vllm:request_success_total{pod="vllm-llama-8b-0",finished_reason="error"}[5m])) / sum(rate(vllm:request_success_total{pod="vllm-llama-8b-0"}[5m]))';
const PREEMPTIONS = 'sum(rate(vllm:num_preemptions_total{pod="vllm-llama-8b-0"}[5m]))';
const H100_TEMP = 'max(DCGM_FI_DEV_GPU_TEMP{Hostname="gpu-node-h100-1"})';

const at = (offset: number) => endSec + offset;
const H = 3600;
/** Probe times: inside each fault (late in the window) and healthy moments around them. */
const PROBES = {
  thermalIn: at(-5 * H),
  kvIn: at(-4 * H + 35 * 60),
  deployIn: at(-2 * H + 30 * 60),
  calmA: at(-4 * H - 20 * 60),
  calmB: at(-2 * H - 30 * 60),
  calmC: at(-30 * 60),
};

describe('backfill → promtool → Prometheus', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'llmops-simbf-'));
  let om: BackfillResult;
  let prom: RunningService;

  beforeAll(async () => {
    om = await writeBackfill({ ...common, out: path.join(dir, 'history.om'), format: 'openmetrics' });
    prom = await startPrometheus({ tsdbDir: createBlocksFromOpenMetrics(om.file, path.join(dir, 'blocks')) });
  });

  afterAll(async () => {
    await prom?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes one EOF-terminated OpenMetrics file and a ground truth of the faults', () => {
    expect(om.samples).toBeGreaterThan(1_500_000);
    expect(statSync(om.file).size).toBe(om.bytes);
    expect(om.groundTruth.faults.map((f) => [f.id, f.inRange])).toEqual([
      ['thermal', true],
      ['kv', true],
      ['deploy', true],
    ]);
    expect(om.groundTruth.faults[1].target).toMatchObject({ instance: 'vllm-llama-8b-0:8000', pod: 'vllm-llama-8b-0', hostname: 'gpu-node-a100-1', gpu: '0' });
    expect(om.groundTruth.faults[1].signals).toEqual(expect.arrayContaining(['kv_cache_usage', 'preemption_rate', 'ttft']));
  });

  it('KV saturation: TTFT p95 and preemptions rise in the window, baseline holds outside', async () => {
    const during = await promScalar(prom.url, TTFT_P95, PROBES.kvIn);
    const before = await promScalar(prom.url, TTFT_P95, PROBES.calmA);
    const after = await promScalar(prom.url, TTFT_P95, PROBES.calmB);
    expect(during).toBeGreaterThan(5 * before);
    expect(before).toBeLessThan(0.5);
    expect(after).toBeLessThan(0.5);
    expect(await promScalar(prom.url, PREEMPTIONS, PROBES.kvIn)).toBeGreaterThan(0.05);
    expect(await promScalar(prom.url, PREEMPTIONS, PROBES.calmA)).toBe(0);
    expect(await promScalar(prom.url, 'max(vllm:kv_cache_usage_perc{pod="vllm-llama-8b-0"})', PROBES.kvIn)).toBeGreaterThan(0.9);
  });

  it('bad deploy: the new model_name appears and its error ratio jumps; none before', async () => {
    expect(await promScalar(prom.url, ERROR_RATIO, PROBES.deployIn)).toBeGreaterThan(0.1);
    expect(await promScalar(prom.url, ERROR_RATIO, PROBES.calmB)).toBeLessThan(0.01);
    expect(await promScalar(prom.url, ERROR_RATIO, PROBES.calmC)).toBeLessThan(0.01);
    const during = await promQuery(prom.url, 'vllm:num_requests_running{pod="vllm-llama-8b-0"}', PROBES.deployIn);
    expect(during.map((s) => s.metric.model_name)).toEqual(['llama-3.1-8b-instruct-rc2']);
    const before = await promQuery(prom.url, 'vllm:num_requests_running{pod="vllm-llama-8b-0"}', PROBES.calmB);
    expect(before.map((s) => s.metric.model_name)).toEqual(['llama-3.1-8b-instruct']);
  });

  it('thermal throttling: the GPUs run hot and slow down only in the window; other models unaffected', async () => {
    expect(await promScalar(prom.url, H100_TEMP, PROBES.thermalIn)).toBeGreaterThan(84);
    expect(await promScalar(prom.url, H100_TEMP, PROBES.calmA)).toBeLessThan(75);
    expect(await promScalar(prom.url, 'min(DCGM_FI_DEV_SM_CLOCK{Hostname="gpu-node-h100-1"})', PROBES.thermalIn)).toBeLessThan(1800);
    const otherP95 = 'histogram_quantile(0.95, sum by (le) (rate(sglang:time_to_first_token_seconds_bucket[5m])))';
    expect(await promScalar(prom.url, otherP95, PROBES.kvIn)).toBeLessThan(1);
  });

  it('traffic follows the daily pattern: late morning busier than early morning', async () => {
    const rate = 'sum(rate(vllm:request_success_total{pod="vllm-llama-70b-0"}[15m]))';
    expect(await promScalar(prom.url, rate, at(-30 * 60))).toBeGreaterThan(1.6 * (await promScalar(prom.url, rate, at(-5.5 * H))));
  });

  it('the direct TSDB block gives the same answers as the promtool path', async () => {
    const tsdbDir = path.join(dir, 'tsdb');
    const res = await writeBackfill({ ...common, out: tsdbDir, format: 'tsdb' });
    expect(res.samples).toBe(om.samples);
    const prom2 = await startPrometheus({ tsdbDir });
    try {
      for (const q of [TTFT_P95, ERROR_RATIO, PREEMPTIONS, H100_TEMP, 'count({__name__=~".+"})']) {
        for (const t of [PROBES.kvIn, PROBES.deployIn, PROBES.calmA]) {
          const a = await promQuery(prom.url, q, t);
          const b = await promQuery(prom2.url, q, t);
          expect(b.map((s) => Number(s.value![1])), `${q} @${t}`).toEqual(a.map((s) => expect.closeTo(Number(s.value![1]), 6)));
        }
      }
    } finally {
      await prom2.stop();
    }
  });
});

describe('backfill → VictoriaMetrics', () => {
  it('imports the Prometheus-text-with-ms format and shows the same fault', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'llmops-simvm-'));
    const vm = await startVictoriaMetrics();
    try {
      const res = await writeBackfill({ ...common, duration: '5h', out: path.join(dir, 'history.prom'), format: 'vm' });
      const up = await fetch(`${vm.url}/api/v1/import/prometheus`, {
        method: 'POST',
        body: createReadStream(res.file) as unknown as RequestInit['body'],
        duplex: 'half',
      } as RequestInit);
      expect(up.status, await up.text()).toBe(204);
      await flushVictoriaMetrics(vm);
      const during = await promScalar(vm.url, TTFT_P95, PROBES.kvIn);
      const before = await promScalar(vm.url, TTFT_P95, PROBES.calmA);
      expect(during).toBeGreaterThan(5 * before);
      const series = await promQuery(vm.url, 'count(DCGM_FI_DEV_GPU_UTIL)', PROBES.calmA);
      expect(Number(series[0].value![1])).toBe(12);
    } finally {
      await vm.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
