// Which requests get a trace, and which traces carry a planted sensitive value.
import type { SensitiveInjection, SensitiveKind } from '../groundtruth';
import type { SimContext, SimState } from '../model/state';
import { buildTrace, type SpanRec, type TraceRec } from './build';
import { SENSITIVE_KINDS, sensitiveValue } from './content';

export interface TracePolicy {
  /** One trace per instance every N steps in normal times (backfill default 240 = hourly). */
  backgroundEverySteps: number;
  /** One trace per affected instance every N steps within `marginMs` of a fault window. */
  faultEverySteps: number;
  marginMs: number;
  /** Traces per sampled (instance, step). */
  perSample: number;
}

export const BACKFILL_POLICY: TracePolicy = { backgroundEverySteps: 240, faultEverySteps: 4, marginMs: 30 * 60_000, perSample: 1 };
export const LIVE_POLICY: TracePolicy = { backgroundEverySteps: 4, faultEverySteps: 1, marginMs: 0, perSample: 1 };

function nearFault(ctx: SimContext, i: number, tMs: number, marginMs: number): boolean {
  return ctx.plan.faults.some((f) => f.instances.includes(i) && tMs >= f.startMs - marginMs && tMs < f.endMs + marginMs);
}

/** Traces for the requests sampled at this state's step. */
export function tracesForStep(ctx: SimContext, state: SimState, policy: TracePolicy): TraceRec[] {
  const out: TraceRec[] = [];
  const tMs = state.k * ctx.stepSec * 1000;
  ctx.fleet.instances.forEach((_, i) => {
    const phase = state.k + i * 7;
    const fault = nearFault(ctx, i, tMs, policy.marginMs);
    const every = fault ? policy.faultEverySteps : policy.backgroundEverySteps;
    if (every <= 0 || phase % every !== 0) return;
    if (state.instances[i].obs.started <= 0) return;
    for (let n = 0; n < policy.perSample; n++) out.push(buildTrace(ctx, state, i, n));
  });
  return out;
}

/** Content attributes a value can be planted in, per span name. */
const CARRIERS: Record<string, string[]> = {
  llm_inference_request: ['gen_ai.input.messages'],
  model_inference: ['gen_ai.prompt', 'gen_ai.completion', 'gen_ai.input.messages', 'gen_ai.output.messages'],
};

/**
 * Plants sensitive value number `n` (kinds cycle) into `trace`, replacing the text inside one content
 * attribute, and returns the ground-truth record.
 */
export function injectSensitive(ctx: SimContext, trace: TraceRec, n: number): SensitiveInjection | undefined {
  const kind: SensitiveKind = SENSITIVE_KINDS[n % SENSITIVE_KINDS.length];
  const { value, text } = sensitiveValue(kind, n, ctx.seed);
  const candidates: { span: SpanRec; attr: string }[] = [];
  for (const span of trace.spans) {
    for (const attr of CARRIERS[span.name] ?? []) if (typeof span.attrs[attr] === 'string') candidates.push({ span, attr });
  }
  if (!candidates.length) return undefined;
  const { span, attr } = candidates[n % candidates.length];
  const old = span.attrs[attr] as string;
  // Messages are JSON: swap the text inside it; plain prompt/completion attributes get the text itself.
  span.attrs[attr] = old.startsWith('[') ? JSON.stringify([{ role: attr.includes('output') ? 'assistant' : 'user', parts: [{ type: 'text', content: text }] }]) : text;
  return { kind, value, traceId: trace.traceId, spanId: span.spanId, spanName: span.name, service: span.service, attribute: attr, timeMs: trace.timeMs };
}

/** Spreads `count` injections evenly over a list of traces (backfill). */
export function injectSpread(ctx: SimContext, traces: TraceRec[], count: number): SensitiveInjection[] {
  const out: SensitiveInjection[] = [];
  if (count <= 0 || !traces.length) return out;
  const stride = Math.max(1, Math.floor(traces.length / count));
  for (let n = 0, j = Math.floor(stride / 2); n < count && j < traces.length; n++, j += stride) {
    const inj = injectSensitive(ctx, traces[j], n);
    if (inj) out.push(inj);
  }
  return out;
}
