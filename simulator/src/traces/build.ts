// Request traces drawn from the model state: the span tree
//   llm_inference_request (llm-gateway, SERVER)
//   ├─ preprocess_request
//   ├─ check_cache
//   ├─ execute_inference (CLIENT) ── model_inference (<engine>-<model>, SERVER) ── token_generation
//   ├─ update_cache
//   └─ postprocess_response
// with GenAI attributes; timings come from the instance's distributions at that step, so a trace taken
// during a fault looks like the fault (long queue, slow span, errors).
import { GATEWAY, instanceLabel, serviceName } from '../fleet/labels';
import { lognormalQuantile } from '../model/histogram';
import type { SimContext, SimState } from '../model/state';
import { effectsAt } from '../scenario/effects';
import { hash32, hexId, rand01 } from '../util/random';
import { cleanCompletion, cleanPrompt } from './content';

export type AttrValue = string | number | boolean | string[];

export interface SpanRec {
  spanId: string;
  parentSpanId?: string;
  name: string;
  service: string;
  /** Which process emitted it: 'gateway' or the instance (pod) name; one OTLP resource each. */
  resource: string;
  kind: 1 | 2 | 3;
  startMs: number;
  endMs: number;
  attrs: Record<string, AttrValue>;
  error?: string;
}

export interface TraceRec {
  traceId: string;
  instance: number;
  timeMs: number;
  spans: SpanRec[];
}

export interface ServiceResource {
  service: string;
  attrs: Record<string, string>;
}

const VLLM_STYLE = new Set(['vllm', 'vllm_legacy', 'sglang']);
const ENGINE_NAME: Record<string, string> = {
  vllm: 'vllm',
  vllm_legacy: 'vllm',
  sglang: 'sglang',
  tgi: 'tgi',
  otel: 'llama.cpp',
  generic: 'custom',
  triton: 'triton',
  llamacpp: 'llama.cpp',
};

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

function messages(role: string, text: string): string {
  return JSON.stringify([{ role, parts: [{ type: 'text', content: text }] }]);
}

/** Letters-only request id, so no digit run in an attribute can look like a phone or card number. */
function requestId(...parts: number[]): string {
  let s = 'chatcmpl-';
  for (let i = 0; i < 20; i++) s += String.fromCharCode(97 + (hash32(...parts, 300 + i) % 26));
  return s;
}

/** Builds request `n` of instance `i` at the state's step. */
export function buildTrace(ctx: SimContext, state: SimState, i: number, n: number): TraceRec {
  const { seed, fleet } = ctx;
  const inst = fleet.instances[i];
  const o = state.instances[i].obs;
  const k = state.k;
  const u = (j: number) => rand01(seed, 6000, i, k, n, j);
  const timeMs = (k - 1) * ctx.stepSec * 1000 + Math.floor(u(0) * ctx.stepSec * 1000);
  const eff = effectsAt(ctx.plan, ctx.topo, timeMs).instances[i];
  const modelName = ctx.plan.instanceVariants[i][state.instances[i].variant];
  const traceId = hexId(16, seed, 6100, i, k, n);
  const sid = (j: number) => hexId(8, seed, 6200, i, k, n, j);
  const engineService = serviceName(inst);

  const inTok = Math.max(1, Math.round(lognormalQuantile(u(1), Math.max(1, o.inputLen || inst.perf.meanInputTokens), 0.6)));
  const outTok = Math.max(1, Math.round(lognormalQuantile(u(2), Math.max(1, o.outputLen || inst.perf.meanOutputTokens), 0.5)));
  const queueS = lognormalQuantile(u(3), Math.max(0.001, o.dists.queue.mean || 0.003), 0.7);
  const prefillS = lognormalQuantile(u(4), Math.max(0.005, o.dists.prefill.mean || 0.03), 0.4);
  const itlS = Math.max(0.002, lognormalQuantile(u(5), Math.max(0.002, o.dists.itl.mean || inst.perf.itlBase), 0.2));
  const failed = u(6) < o.errorRatio;
  const slowName = eff.slowSpan?.span;
  const slowS = eff.slowSpan ? eff.slowSpan.extraSeconds * (0.7 + 0.6 * u(7)) : 0;

  const spans: SpanRec[] = [];
  let t = timeMs;
  const rootId = sid(0);
  const child = (j: number, name: string, durMs: number, attrs: Record<string, AttrValue> = {}): SpanRec => {
    const extra = name === slowName ? slowS * 1000 : 0;
    const sp: SpanRec = { spanId: sid(j), parentSpanId: rootId, name, service: GATEWAY.service, resource: 'gateway', kind: 1, startMs: t, endMs: t + durMs + extra, attrs };
    t = sp.endMs + 0.05;
    return sp;
  };
  t += 0.1;
  spans.push(child(1, 'preprocess_request', 2 + 6 * u(8), { 'gen_ai.request.model': modelName }));
  spans.push(child(2, 'check_cache', 1 + 3 * u(9), { 'cache.hit': false, 'cache.name': 'semantic-response-cache' }));

  const ttftS = queueS + prefillS;
  const decodeS = failed ? 0 : Math.max(0, outTok - 1) * itlS;
  const engineMs = failed ? Math.max(20, ttftS * 1000 * (0.3 + 0.5 * u(10))) : (ttftS + decodeS) * 1000;
  const exec: SpanRec = {
    spanId: sid(3),
    parentSpanId: rootId,
    name: 'execute_inference',
    service: GATEWAY.service,
    resource: 'gateway',
    kind: 3,
    startMs: t,
    endMs: t + engineMs + 2,
    attrs: { 'server.address': `${inst.name}.${inst.namespace}.svc`, 'http.request.method': 'POST', 'url.path': '/v1/chat/completions' },
  };
  const mi: SpanRec = {
    spanId: sid(4),
    parentSpanId: exec.spanId,
    name: 'model_inference',
    service: engineService,
    resource: inst.name,
    kind: 2,
    startMs: t + 1,
    endMs: t + 1 + engineMs,
    attrs: { 'gen_ai.request.model': modelName, 'gen_ai.response.model': modelName, 'gen_ai.operation.name': 'chat' },
  };
  const prompt = cleanPrompt(seed, i, k, n);
  const completion = cleanCompletion(seed, i, k, n);
  if (VLLM_STYLE.has(inst.flavour)) {
    // vLLM/SGLang spans still carry the deprecated usage names and vLLM's latency attributes.
    Object.assign(mi.attrs, {
      'gen_ai.usage.prompt_tokens': inTok,
      'gen_ai.usage.completion_tokens': failed ? 0 : outTok,
      'gen_ai.request.id': requestId(seed, i, k, n),
      'gen_ai.latency.time_in_queue': r4(queueS),
      'gen_ai.latency.time_to_first_token': r4(ttftS),
      'gen_ai.latency.e2e': r4(engineMs / 1000),
      'gen_ai.prompt': prompt,
      ...(failed ? {} : { 'gen_ai.completion': completion }),
    });
  } else {
    Object.assign(mi.attrs, {
      'gen_ai.usage.input_tokens': inTok,
      'gen_ai.usage.output_tokens': failed ? 0 : outTok,
      'gen_ai.input.messages': messages('user', prompt),
      ...(failed ? {} : { 'gen_ai.output.messages': messages('assistant', completion) }),
    });
  }
  const xidDead = ctx.topo.instanceGpus[i].some((g) => effectsAt(ctx.plan, ctx.topo, timeMs).gpus[g].dead);
  if (failed) {
    mi.error = xidDead ? 'CUDA error: unspecified launch failure (Xid 79)' : 'InternalServerError: engine step failed';
    exec.error = 'HTTP 500';
    mi.attrs['error.type'] = xidDead ? 'EngineDeadError' : 'InternalServerError';
  }
  spans.push(exec, mi);
  if (!failed) {
    spans.push({
      spanId: sid(5),
      parentSpanId: mi.spanId,
      name: 'token_generation',
      service: engineService,
      resource: inst.name,
      kind: 1,
      startMs: mi.startMs + ttftS * 1000,
      endMs: mi.endMs,
      attrs: {
        'gen_ai.response.finish_reasons': [u(11) < 0.87 ? 'stop' : 'length'],
        [VLLM_STYLE.has(inst.flavour) ? 'gen_ai.usage.completion_tokens' : 'gen_ai.usage.output_tokens']: outTok,
        'llm.time_per_output_token': r4(itlS),
      },
    });
  }
  t = exec.endMs + 0.05;
  if (!failed) spans.push(child(6, 'update_cache', 1 + 2 * u(12), { 'cache.name': 'semantic-response-cache' }));
  spans.push(child(7, 'postprocess_response', 1 + 4 * u(13)));

  const status = failed ? 500 : 200;
  const root: SpanRec = {
    spanId: rootId,
    name: 'llm_inference_request',
    service: GATEWAY.service,
    resource: 'gateway',
    kind: 2,
    startMs: timeMs,
    endMs: t + 0.1,
    attrs: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': ENGINE_NAME[inst.flavour],
      'gen_ai.request.model': modelName,
      'gen_ai.response.model': modelName,
      'gen_ai.request.max_tokens': 1024,
      'gen_ai.request.temperature': 0.7,
      'gen_ai.usage.input_tokens': inTok,
      'gen_ai.usage.output_tokens': failed ? 0 : outTok,
      'gen_ai.input.messages': messages('user', prompt),
      ...(failed ? { 'error.type': '500' } : { 'gen_ai.output.messages': messages('assistant', completion) }),
      'http.request.method': 'POST',
      'http.route': '/v1/chat/completions',
      'http.response.status_code': status,
      'llm.instance': instanceLabel(inst),
    },
    ...(failed ? { error: 'upstream model server returned 500' } : {}),
  };
  spans.unshift(root);
  return { traceId, instance: i, timeMs, spans };
}

export function resourceFor(ctx: SimContext, resource: string): ServiceResource {
  if (resource === 'gateway') {
    return {
      service: GATEWAY.service,
      attrs: { 'service.name': GATEWAY.service, 'service.instance.id': GATEWAY.pod, 'k8s.pod.name': GATEWAY.pod, 'k8s.namespace.name': GATEWAY.namespace },
    };
  }
  const inst = ctx.fleet.instances.find((x) => x.name === resource);
  const service = inst ? serviceName(inst) : resource;
  return {
    service,
    attrs: {
      'service.name': service,
      ...(inst
        ? { 'service.instance.id': inst.name, 'k8s.pod.name': inst.name, 'k8s.namespace.name': inst.namespace, 'k8s.node.name': inst.host, 'host.name': inst.host }
        : {}),
    },
  };
}
