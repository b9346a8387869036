// A real Prometheus scrapes the live simulator; promtool accepts the exposition; every engine flavour's
// series arrive with the labels that join them to GPUs and hosts.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIO_END_MS, startLiveSimulator, type LiveSimulator } from '../../simulator/src';
import { bin, startPrometheus, type RunningService } from '../support/services';
import { promQuery, waitFor } from './promql';

// promtool 2.42 lints naming conventions and exits 3 on any lint problem. These come from the real
// exporters' names (vLLM/SGLang colons, DCGM's modelName/UUID labels and counters without _total, TGI
// counters without _total, node_exporter's MemAvailable) and are reproduced on purpose.
const EXPECTED_LINT = [
  /^(vllm|sglang):\S+ metric names should not contain ':'$/,
  /^DCGM_FI_\S+ label names should be written in 'snake_case' not 'camelCase'$/,
  /^DCGM_FI_DEV_(TOTAL_ENERGY_CONSUMPTION|PCIE_REPLAY_COUNTER) counter metrics should have "_total" suffix$/,
  /^DCGM_FI_DEV_PCIE_REPLAY_COUNTER metric name should not include type 'counter'$/,
  /^tgi_request_(count|success|failure) counter metrics should have "_total" suffix$/,
  /^tgi_request_count non-histogram and non-summary metrics should not have "_count" suffix$/,
  /^node_memory_Mem(Available|Total)_bytes metric names should be written in 'snake_case' not 'camelCase'$/,
  // vLLM's tokens-per-step histogram really is named with `_total` (vllm/v1/metrics/loggers.py).
  /^vllm:iteration_tokens_total non-counter metrics should not have "_total" suffix$/,
];

describe('live simulator scraped by Prometheus', () => {
  let sim: LiveSimulator;
  let prom: RunningService;

  beforeAll(async () => {
    sim = await startLiveSimulator({
      fleet: 'small',
      seed: 3,
      speed: 15,
      // The model starts at the fixed scenario time (Prometheus still scrapes in real time), so the traffic
      // shape it serves is the same whatever the hour the test runs at.
      startMs: SCENARIO_END_MS,
      scenario: {
        name: 'live-test',
        faults: [{ kind: 'bad_deploy', start: '0s', duration: '6h', target: { instance: 'vllm-llama-8b-0' }, params: { version: 'llama-3.1-8b-instruct-rc2' } }],
      },
    });
    const target = new URL(sim.url).host;
    // honor_labels: the simulator is one endpoint for many targets and sets job/instance itself
    // (appended to the helper's scrape job).
    prom = await startPrometheus({ scrapeTargets: [target], scrapeInterval: '1s', extraConfig: '    honor_labels: true' });
  });

  afterAll(async () => {
    await prom?.stop();
    await sim?.stop();
  });

  it('promtool check metrics parses /metrics; the only lint findings are the real exporters\' own names', async () => {
    const text = await (await fetch(`${sim.url}/metrics`)).text();
    const res = spawnSync(bin.promtool, ['check', 'metrics'], { input: text, encoding: 'utf8' });
    const findings = `${res.stdout}${res.stderr}`.split('\n').filter(Boolean);
    expect([0, 3], findings.slice(0, 5).join('\n')).toContain(res.status);
    expect(findings.some((l) => /error while linting|parsing error/i.test(l)), findings.join('\n')).toBe(false);
    const unexpected = findings.filter((l) => !EXPECTED_LINT.some((re) => re.test(l)));
    expect(unexpected).toEqual([]);
    // A broken exposition must fail: promtool is really checking.
    const broken = spawnSync(bin.promtool, ['check', 'metrics'], { input: `${text}\nvllm:x{a="1" 3\n`, encoding: 'utf8' });
    expect(broken.status).toBe(1);
  });

  it('each engine flavour is queryable with its identifying labels', async () => {
    await waitFor('first scrape', async () => ((await promQuery(prom.url, 'up{job="llm-sim"}')).length ? true : undefined));
    const expectSeries = async (q: string, labels: Record<string, string>) => {
      const r = await waitFor(q, async () => {
        const x = await promQuery(prom.url, q);
        return x.length ? x : undefined;
      });
      for (const [k, v] of Object.entries(labels)) expect(r.map((s) => s.metric[k]), `${q} ${k}`).toContain(v);
      return r;
    };
    await expectSeries('vllm:kv_cache_usage_perc', { model_name: 'llama-3.1-70b-instruct', engine: '0', job: 'vllm', instance: 'vllm-llama-70b-0:8000', pod: 'vllm-llama-70b-0', namespace: 'llm-serving', node: 'gpu-node-h100-1' });
    await expectSeries('vllm:gpu_cache_usage_perc', { pod: 'vllm-llama-8b-2', model_name: 'llama-3.1-8b-instruct' });
    await expectSeries('vllm:time_per_output_token_seconds_bucket{le="0.05"}', { pod: 'vllm-llama-8b-2' });
    await expectSeries('vllm:gpu_prefix_cache_queries_total', { pod: 'vllm-llama-8b-2' });
    // The bad deploy is active: the new version label is what is scraped.
    await expectSeries('vllm:request_success_total{finished_reason="error"}', { model_name: 'llama-3.1-8b-instruct-rc2', pod: 'vllm-llama-8b-0' });
    await expectSeries('sglang:num_queue_reqs', { model_name: 'qwen2.5-7b-instruct', job: 'sglang', pod: 'sglang-qwen-7b-0' });
    await expectSeries('tgi_request_duration_count', { model_id: 'mistral-7b-instruct-v0.3', job: 'tgi' });
    await expectSeries('gen_ai_server_time_to_first_token_seconds_count', { gen_ai_request_model: 'gemma-2-9b-it', gen_ai_provider_name: 'vllm', pod: 'otel-gemma-9b-0' });
    await expectSeries('gen_ai_client_token_usage_bucket{gen_ai_token_type="input",le="1024"}', { gen_ai_operation_name: 'chat' });
    await expectSeries('llm_requests_total', { model: 'phi-3-mini-4k-instruct', endpoint: '/v1/chat/completions', status: 'success' });
    await expectSeries('gpu_temperature_celsius', { gpu: '3', hostname: 'gpu-node-l4-1' });
    await expectSeries('http_requests_total{status="2xx"}', { handler: '/v1/chat/completions' });
    await expectSeries('llm_gateway_requests_total{code="429"}', { job: 'llm-gateway' });
    await expectSeries('DCGM_FI_DEV_XID_ERRORS', { err_code: '0' });
    await expectSeries('DCGM_FI_DEV_GPU_UTIL{Hostname="gpu-node-a100-1"}', { exported_pod: 'vllm-llama-8b-0', modelName: 'NVIDIA A100-SXM4-80GB' });
    await expectSeries('DCGM_FI_DEV_GPU_UTIL{hostname="gpu-node-l4-1"}', { pod: 'sglang-qwen-7b-0' });
    await expectSeries('node_cpu_seconds_total{mode="idle"}', { node: 'gpu-node-a100-1', instance: 'gpu-node-a100-1:9100' });
    // Joins: serving pod → its GPUs' energy, via pod/exported_pod.
    const joined = await promQuery(
      prom.url,
      'sum by (pod) (label_replace(DCGM_FI_DEV_POWER_USAGE, "pod", "$1", "exported_pod", "(.+)")) * on (pod) group_left (model_name) max by (pod, model_name) (vllm:num_requests_running)'
    );
    expect(joined.map((s) => s.metric.pod).sort()).toEqual(['vllm-llama-70b-0', 'vllm-llama-8b-0', 'vllm-llama-8b-2']);
  });

  it('counters advance between scrapes and /ground-truth describes the live fault', async () => {
    const q = 'sum(vllm:prompt_tokens_total{pod="vllm-llama-70b-0"})';
    const first = Number((await promQuery(prom.url, q))[0].value![1]);
    const later = await waitFor('counter growth', async () => {
      const v = Number((await promQuery(prom.url, q))[0].value![1]);
      return v > first ? v : undefined;
    });
    expect(later).toBeGreaterThan(first);
    const gt = (await (await fetch(`${sim.url}/ground-truth`)).json()) as { faults: { kind: string; target: { instance: string; model: string }; signals: string[] }[]; instances: unknown[] };
    expect(gt.faults).toHaveLength(1);
    expect(gt.faults[0]).toMatchObject({ kind: 'bad_deploy', target: { instance: 'vllm-llama-8b-0:8000', model: 'llama-3.1-8b-instruct' } });
    expect(gt.faults[0].signals).toContain('error_ratio');
    expect(gt.instances).toHaveLength(7);
  });
});
