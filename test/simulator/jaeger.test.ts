// Traces from backfill and live mode reach a real Jaeger over OTLP/HTTP JSON; the query API returns them
// by service and operation with the span tree intact, faults visible, and planted values where the
// ground truth says.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveSimulator, writeBackfill, type BackfillResult, type Scenario } from '../../simulator/src';
import { startJaeger, type JaegerService } from '../support/services';
import { waitFor } from './promql';

interface JSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: { refType: string; spanID: string }[];
  processID: string;
  startTime: number;
  duration: number;
  tags: { key: string; value: unknown }[];
}
interface JTrace {
  traceID: string;
  spans: JSpan[];
  processes: Record<string, { serviceName: string }>;
}

const END = '2026-11-25T15:00:00Z';
const endUs = Date.parse(END) * 1000;
const SCENARIO: Scenario = {
  name: 'jaeger-test',
  faults: [
    { id: 'slow', kind: 'slow_span', start: '-1h30m', duration: '30m', target: { instance: 'sglang-qwen-7b-0' }, params: { span: 'check_cache', extraSeconds: 1.6 } },
    { id: 'deploy', kind: 'bad_deploy', start: '-40m', duration: '20m', target: { instance: 'vllm-llama-8b-0' } },
  ],
};

describe('traces in Jaeger', () => {
  let jaeger: JaegerService;
  let bf: BackfillResult;
  const dir = mkdtempSync(path.join(tmpdir(), 'llmops-simjg-'));

  const api = async <T>(p: string): Promise<T> => {
    const res = await fetch(`${jaeger.url}${p}`);
    if (!res.ok) throw new Error(`${p}: HTTP ${res.status}`);
    return ((await res.json()) as { data: T }).data;
  };
  const search = (q: Record<string, string>) => {
    const u = new URLSearchParams({ start: String(endUs - 4 * 3600e6), end: String(endUs + 60e6), limit: '200', ...q });
    return api<JTrace[]>(`/api/traces?${u}`);
  };
  const tag = (s: JSpan, key: string) => s.tags.find((t) => t.key === key)?.value;

  beforeAll(async () => {
    jaeger = await startJaeger();
    bf = await writeBackfill({
      fleet: 'small',
      seed: 21,
      scenario: SCENARIO,
      duration: '3h',
      end: END,
      out: path.join(dir, 'h.om'),
      otlp: jaeger.otlpHttpUrl,
      sensitive: 10,
    });
    await waitFor('traces stored', async () => ((await search({ service: 'llm-gateway', limit: '1000' })).length >= bf.tracesSent ? true : undefined));
  });

  afterAll(async () => {
    await jaeger?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the gateway and one service per engine and model', async () => {
    expect(bf.tracesSent).toBe(bf.traces.length);
    expect(bf.tracesSent).toBeGreaterThan(40);
    const services = await api<string[]>('/api/services');
    expect(services).toEqual(
      expect.arrayContaining([
        'llm-gateway',
        'vllm-llama-3.1-70b-instruct',
        'vllm-llama-3.1-8b-instruct',
        'sglang-qwen2.5-7b-instruct',
        'tgi-mistral-7b-instruct-v0.3',
        'gemma-inference',
        'llm-app-phi-3-mini-4k-instruct',
      ])
    );
    const ops = await api<string[]>('/api/services/llm-gateway/operations');
    expect(ops).toEqual(expect.arrayContaining(['llm_inference_request', 'preprocess_request', 'check_cache', 'execute_inference', 'update_cache', 'postprocess_response']));
  });

  it('returns a whole trace by id with the span tree and GenAI attributes intact', async () => {
    const found = await search({ service: 'vllm-llama-3.1-70b-instruct', operation: 'model_inference', limit: '5' });
    expect(found.length).toBeGreaterThan(0);
    const [tr] = await api<JTrace[]>(`/api/traces/${found[0].traceID}`);
    const byOp = new Map(tr.spans.map((s) => [s.operationName, s]));
    expect([...byOp.keys()].sort()).toEqual(
      ['check_cache', 'execute_inference', 'llm_inference_request', 'model_inference', 'postprocess_response', 'preprocess_request', 'token_generation', 'update_cache'].sort()
    );
    const parent = (op: string) => byOp.get(op)!.references.find((r) => r.refType === 'CHILD_OF')?.spanID;
    const root = byOp.get('llm_inference_request')!;
    expect(root.references).toEqual([]);
    for (const op of ['preprocess_request', 'check_cache', 'execute_inference', 'update_cache', 'postprocess_response']) expect(parent(op)).toBe(root.spanID);
    expect(parent('model_inference')).toBe(byOp.get('execute_inference')!.spanID);
    expect(parent('token_generation')).toBe(byOp.get('model_inference')!.spanID);
    const mi = byOp.get('model_inference')!;
    expect(tr.processes[mi.processID].serviceName).toBe('vllm-llama-3.1-70b-instruct');
    expect(tr.processes[root.processID].serviceName).toBe('llm-gateway');
    expect(tag(mi, 'gen_ai.request.model')).toBe('llama-3.1-70b-instruct');
    expect(Number(tag(mi, 'gen_ai.usage.prompt_tokens'))).toBeGreaterThan(0);
    expect(Number(tag(root, 'gen_ai.usage.input_tokens'))).toBe(Number(tag(mi, 'gen_ai.usage.prompt_tokens')));
  });

  it('failed requests of the bad deploy carry error status; the slow span shows up as slow check_cache', async () => {
    // Jaeger v2's tag search matches span attributes, not the `error` tag it synthesises from the OTLP
    // status, so search by the semconv `error.type` attribute and check the status separately.
    const failed = await search({ service: 'vllm-llama-3.1-8b-instruct', operation: 'model_inference', tags: JSON.stringify({ 'error.type': 'InternalServerError' }) });
    expect(failed.length).toBeGreaterThan(0);
    const deploy = bf.groundTruth.faults.find((f) => f.id === 'deploy')!;
    for (const t of failed) {
      const mi = t.spans.find((s) => s.operationName === 'model_inference')!;
      expect(mi.startTime / 1000).toBeGreaterThanOrEqual(deploy.startMs - 60_000);
      expect(mi.startTime / 1000).toBeLessThanOrEqual(deploy.endMs + 60_000);
      expect(tag(mi, 'gen_ai.request.model')).toBe('llama-3.1-8b-instruct-rc2');
      expect(tag(mi, 'otel.status_code')).toBe('ERROR');
      expect(tag(t.spans.find((s) => s.operationName === 'llm_inference_request')!, 'http.response.status_code')).toBe(500);
    }
    const slow = await search({ service: 'llm-gateway', operation: 'check_cache', minDuration: '1s' });
    expect(slow.length).toBeGreaterThan(3);
    const slowFault = bf.groundTruth.faults.find((f) => f.id === 'slow')!;
    for (const t of slow) {
      const engine = t.spans.find((s) => s.operationName === 'model_inference')!;
      expect(t.processes[engine.processID].serviceName).toBe('sglang-qwen2.5-7b-instruct');
      expect(engine.startTime / 1000).toBeGreaterThanOrEqual(slowFault.startMs - 60_000);
    }
  });

  it('every planted sensitive value is in the trace, span and attribute the ground truth names', async () => {
    expect(bf.groundTruth.sensitive).toHaveLength(10);
    expect(new Set(bf.groundTruth.sensitive.map((s) => s.kind))).toEqual(new Set(['email', 'phone', 'credit_card', 'api_key', 'ip_address']));
    for (const inj of bf.groundTruth.sensitive) {
      const [tr] = await api<JTrace[]>(`/api/traces/${inj.traceId}`);
      const span = tr.spans.find((s) => s.spanID === inj.spanId)!;
      expect(span.operationName).toBe(inj.spanName);
      expect(String(tag(span, inj.attribute))).toContain(inj.value);
    }
  });

  it('live mode streams traces as it runs', async () => {
    const sim = await startLiveSimulator({ fleet: 'small', seed: 5, speed: 60, otlp: jaeger.otlpHttpUrl, sensitiveEvery: 5 });
    try {
      const since = Date.now() * 1000;
      const traces = await waitFor('live traces', async () => {
        const u = new URLSearchParams({ service: 'tgi-mistral-7b-instruct-v0.3', start: String(since - 60e6), end: String(since + 3600e6 * 2), limit: '20' });
        const r = await api<JTrace[]>(`/api/traces?${u}`);
        return r.length ? r : undefined;
      });
      expect(traces[0].spans.length).toBeGreaterThanOrEqual(7);
      await waitFor('sensitive in live ground truth', async () => (sim.groundTruth().sensitive.length > 0 ? true : undefined));
      expect(sim.traceStats().failed).toBe(0);
    } finally {
      await sim.stop();
    }
  });
});
