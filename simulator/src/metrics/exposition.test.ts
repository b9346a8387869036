import { describe, expect, it } from 'vitest';
import { defaultFleet, smallFleet } from '../fleet/fleets';
import { createContext, initialState, run } from '../model/step';
import { resolveScenario } from '../scenario/scenario';
import { buildRegistry } from './build';
import { renderExposition } from './format';

const ANCHOR = Date.parse('2026-11-25T14:00:00Z');

function exposition(fleet = defaultFleet(), faults = [] as Parameters<typeof resolveScenario>[0]['faults']) {
  const ctx = createContext(fleet, resolveScenario({ name: 't', faults }, fleet, ANCHOR), 5);
  const reg = buildRegistry(ctx);
  reg.fill(run(initialState(ctx, ANCHOR / 15000), ctx, 20));
  return renderExposition(reg);
}

const lines = (text: string, re: RegExp) => text.split('\n').filter((l) => re.test(l));

describe('exposition', () => {
  const text = exposition();

  it('shows every flavour with its real names and labels', () => {
    expect(lines(text, /^vllm:kv_cache_usage_perc\{.*model_name="llama-3\.1-70b-instruct",engine="0"\}/).length).toBeGreaterThan(0);
    expect(lines(text, /^vllm:gpu_cache_usage_perc\{/).length).toBe(2);
    expect(lines(text, /^vllm:time_per_output_token_seconds_bucket\{.*le="\+Inf"/).length).toBe(2);
    expect(lines(text, /^vllm:gpu_prefix_cache_hits_total\{/).length).toBe(2);
    expect(lines(text, /^vllm:inter_token_latency_seconds_bucket\{.*le="0\.01"\}/).length).toBe(5);
    expect(lines(text, /^vllm:request_success_total\{.*finished_reason="length"/).length).toBe(7);
    expect(lines(text, /^sglang:token_usage\{/).length).toBe(3);
    expect(lines(text, /^tgi_request_duration_bucket\{.*model_id="mistral-7b-instruct-v0\.3"/).length).toBe(2 * 36);
    expect(lines(text, /^gen_ai_server_time_to_first_token_seconds_count\{.*gen_ai_provider_name="vllm"/).length).toBe(1);
    expect(lines(text, /^gen_ai_server_time_to_first_token_seconds_count\{.*gen_ai_system="vllm"/).length).toBe(1);
    expect(lines(text, /^gen_ai_client_token_usage_sum\{.*gen_ai_token_type="output"/).length).toBe(2);
    expect(lines(text, /^gen_ai_server_request_duration_seconds_count\{.*error_type="content_filter"/).length).toBe(2);
    expect(lines(text, /^llm_requests_total\{.*model="phi-3-mini-4k-instruct",endpoint="\/v1\/chat\/completions",status="error"/).length).toBe(2);
    expect(lines(text, /^llm_tokens_processed_total\{.*type="input"/).length).toBe(2);
    for (const g of ['gpu_utilization_percent', 'gpu_memory_used_bytes', 'gpu_temperature_celsius', 'gpu_power_usage_watts', 'llm_active_requests', 'llm_request_latency_seconds_bucket']) {
      expect(lines(text, new RegExp(`^${g}\\{`)).length, g).toBeGreaterThan(0);
    }
    expect(lines(text, /^http_requests_total\{.*handler="\/v1\/chat\/completions",method="POST",status="5xx"/).length).toBe(7);
    expect(lines(text, /^llm_gateway_requests_total\{.*code="401"/).length).toBe(8);
    expect(lines(text, /^node_cpu_seconds_total\{job="node-exporter",instance="gpu-node-l4-1:9100",node="gpu-node-l4-1",cpu="7",mode="iowait"\}/).length).toBe(1);
    for (const n of ['node_memory_MemAvailable_bytes', 'node_memory_MemTotal_bytes', 'node_filesystem_avail_bytes', 'node_filesystem_size_bytes', 'node_network_receive_bytes_total', 'node_network_transmit_bytes_total']) {
      expect(lines(text, new RegExp(`^${n}\\{`)).length, n).toBe(4);
    }
  });

  it('DCGM series use both hostname spellings and both pod-label styles, and join to the serving pod', () => {
    const dcgm = lines(text, /^DCGM_FI_DEV_GPU_UTIL\{/);
    expect(dcgm.length).toBe(32);
    expect(dcgm.filter((l) => l.includes('Hostname="gpu-node-h100-1"')).length).toBe(8);
    expect(dcgm.filter((l) => l.includes('hostname="gpu-node-l4-1"')).length).toBe(8);
    expect(dcgm.filter((l) => /exported_pod="vllm-llama-70b-2"[,}]/.test(l) && l.includes('pod="nvidia-dcgm-exporter-')).length).toBe(4);
    expect(dcgm.filter((l) => /[{,]pod="vllm-llama-70b-0"[,}]/.test(l)).length).toBe(4);
    // Idle GPUs have no pod.
    expect(dcgm.filter((l) => l.includes('gpu="7"') && l.includes('gpu-node-l4-1') && !l.includes('pod=')).length).toBe(1);
    // The serving pod's node matches the GPU's host.
    expect(lines(text, /^vllm:num_requests_running\{.*pod="vllm-llama-70b-0",node="gpu-node-h100-1"/).length).toBe(1);
    for (const f of ['DCGM_FI_DEV_XID_ERRORS', 'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION', 'DCGM_FI_PROF_GR_ENGINE_ACTIVE', 'DCGM_FI_PROF_PIPE_TENSOR_ACTIVE', 'DCGM_FI_PROF_DRAM_ACTIVE', 'DCGM_FI_DEV_FB_USED', 'DCGM_FI_DEV_FB_FREE', 'DCGM_FI_DEV_GPU_TEMP', 'DCGM_FI_DEV_POWER_USAGE', 'DCGM_FI_DEV_SM_CLOCK', 'DCGM_FI_DEV_MEM_CLOCK', 'DCGM_FI_DEV_PCIE_REPLAY_COUNTER']) {
      expect(lines(text, new RegExp(`^${f}\\{`)).length, f).toBe(32);
    }
    expect(lines(text, /^DCGM_FI_DEV_XID_ERRORS\{.*err_code="0"/).length).toBe(32);
  });

  it('every family has one HELP and one TYPE line, and no series repeats', () => {
    const help = lines(text, /^# HELP /).map((l) => l.split(' ')[2]);
    expect(new Set(help).size).toBe(help.length);
    const series = text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.slice(0, l.lastIndexOf(' ')));
    expect(new Set(series).size).toBe(series.length);
  });

  it('a bad deploy swaps the model_name label; an XID switches err_code', () => {
    const t = exposition(smallFleet(), [
      { kind: 'bad_deploy', start: '-1h', duration: '2h', target: { instance: 'vllm-llama-8b-0' }, params: { version: 'llama-3.1-8b-instruct-v2' } },
      { kind: 'xid_error', start: '-1h', duration: '2h', target: { instance: 'vllm-llama-8b-2' }, params: { errCode: 48, errMsg: 'DBE' } },
    ]);
    expect(lines(t, /^vllm:num_requests_running\{.*pod="vllm-llama-8b-0".*model_name="llama-3\.1-8b-instruct-v2"/).length).toBe(1);
    expect(lines(t, /^vllm:num_requests_running\{.*pod="vllm-llama-8b-0".*model_name="llama-3\.1-8b-instruct"[,}]/).length).toBe(0);
    expect(lines(t, /^DCGM_FI_DEV_XID_ERRORS\{.*err_code="48",err_msg="DBE"\} 48$/).length).toBe(1);
  });
  it('node_exporter without a host label: only instance, plus node_uname_info unless the style is `instance`', () => {
    const fleet = smallFleet();
    fleet.hosts = fleet.hosts.map((h, i) => ({ ...h, nodeExporterLabels: i === 0 ? 'uname' : i === 1 ? 'instance' : 'node' }));
    const t = exposition(fleet);
    expect(lines(t, /^node_uname_info\{/)).toEqual([
      'node_uname_info{job="node-exporter",instance="gpu-node-h100-1:9100",domainname="(none)",machine="x86_64",nodename="gpu-node-h100-1",release="6.8.0-45-generic",sysname="Linux",version="#45-Ubuntu SMP PREEMPT_DYNAMIC"} 1',
    ]);
    const mem = lines(t, /^node_memory_MemTotal_bytes\{/).map((l) => l.replace(/\} .*/, '}'));
    expect(mem).toEqual([
      'node_memory_MemTotal_bytes{job="node-exporter",instance="gpu-node-h100-1:9100"}',
      'node_memory_MemTotal_bytes{job="node-exporter",instance="gpu-node-a100-1:9100"}',
      'node_memory_MemTotal_bytes{job="node-exporter",instance="gpu-node-l4-1:9100",node="gpu-node-l4-1"}',
    ]);
  });
});
