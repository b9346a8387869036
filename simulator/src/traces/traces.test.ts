import { describe, expect, it } from 'vitest';
import { defaultFleet } from '../fleet/fleets';
import { createContext, initialState, run } from '../model/step';
import { resolveScenario } from '../scenario/scenario';
import { buildTrace, type TraceRec } from './build';
import { luhnValid, SENSITIVE_KINDS, SENSITIVE_PATTERNS, sensitiveValue } from './content';
import { msToNanos, toOtlpJson } from './otlp';
import { injectSpread, tracesForStep, BACKFILL_POLICY } from './sampling';

const fleet = defaultFleet();
const ANCHOR = Date.parse('2026-11-25T14:00:00Z');
const ctx = createContext(fleet, resolveScenario({ name: 'n', faults: [] }, fleet, ANCHOR), 11);
const state = run(initialState(ctx, ANCHOR / 15000), ctx, 30);

function allTraces(n = 4): TraceRec[] {
  return fleet.instances.flatMap((_, i) => Array.from({ length: n }, (_, j) => buildTrace(ctx, state, i, j)));
}

function stringValues(tr: TraceRec): string[] {
  return tr.spans.flatMap((s) => Object.values(s.attrs).flatMap((v) => (Array.isArray(v) ? v : [String(v)])));
}

describe('trace span tree', () => {
  it('has the documented operations, parents and services for every engine flavour', () => {
    for (const tr of allTraces(1)) {
      const byName = new Map(tr.spans.map((s) => [s.name, s]));
      const root = byName.get('llm_inference_request')!;
      expect(root.parentSpanId).toBeUndefined();
      expect(root.service).toBe('llm-gateway');
      for (const n of ['preprocess_request', 'check_cache', 'execute_inference', 'update_cache', 'postprocess_response']) {
        expect(byName.get(n)?.parentSpanId, n).toBe(root.spanId);
      }
      const mi = byName.get('model_inference')!;
      expect(mi.parentSpanId).toBe(byName.get('execute_inference')!.spanId);
      expect(byName.get('token_generation')!.parentSpanId).toBe(mi.spanId);
      expect(mi.service).not.toBe('llm-gateway');
      // Children sit inside their parents in time.
      for (const s of tr.spans) {
        const p = tr.spans.find((x) => x.spanId === s.parentSpanId);
        if (p) expect(s.startMs >= p.startMs && s.endMs <= p.endMs + 1e-6, `${s.name} within ${p.name}`).toBe(true);
      }
      expect(root.attrs['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
      const flavour = fleet.instances[tr.instance].flavour;
      const vllmStyle = ['vllm', 'vllm_legacy', 'sglang'].includes(flavour);
      expect(mi.attrs['gen_ai.usage.prompt_tokens'] !== undefined, flavour).toBe(vllmStyle);
      expect(mi.attrs['gen_ai.usage.input_tokens'] !== undefined, flavour).toBe(!vllmStyle);
    }
  });

  it('marks failed requests with error status', () => {
    const xctx = createContext(
      fleet,
      resolveScenario({ name: 'x', faults: [{ kind: 'xid_error', start: '-1h', duration: '2h', target: { instance: 'vllm-llama-8b-2' } }] }, fleet, ANCHOR),
      11
    );
    const s = run(initialState(xctx, ANCHOR / 15000), xctx, 10);
    const i = fleet.instances.findIndex((x) => x.name === 'vllm-llama-8b-2');
    const traces = Array.from({ length: 40 }, (_, j) => buildTrace(xctx, s, i, j));
    const failed = traces.filter((t) => t.spans[0].error);
    expect(failed.length).toBeGreaterThan(30);
    for (const t of failed) {
      expect(t.spans[0].attrs['http.response.status_code']).toBe(500);
      expect(t.spans.find((x) => x.name === 'model_inference')!.error).toMatch(/Xid 79/);
    }
  });

  it('encodes OTLP JSON with hex ids, ns timestamps and one resource per process', () => {
    const traces = allTraces(1).slice(0, 3);
    const json = toOtlpJson(ctx, traces) as { resourceSpans: { resource: { attributes: { key: string }[] }; scopeSpans: { spans: { traceId: string; spanId: string; startTimeUnixNano: string }[] }[] }[] };
    expect(json.resourceSpans.length).toBe(4); // gateway + 3 instances
    const span = json.resourceSpans[0].scopeSpans[0].spans[0];
    expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(span.startTimeUnixNano).toMatch(/^\d{19}$/);
    expect(msToNanos(1795000000123.5)).toBe('1795000000123500000');
    expect(msToNanos(1000.5)).toBe('1000500000');
  });
});

describe('sensitive values', () => {
  it('generates values each detector recognises, with Luhn-valid cards', () => {
    for (let n = 0; n < 10; n++) {
      for (const kind of SENSITIVE_KINDS) {
        const { value, text } = sensitiveValue(kind, n, 3);
        expect(text).toContain(value);
        expect(SENSITIVE_PATTERNS[kind].test(value), `${kind} ${value}`).toBe(true);
        if (kind === 'credit_card') expect(luhnValid(value)).toBe(true);
      }
    }
    expect(luhnValid('4111111111111112')).toBe(false);
  });

  it('clean traces contain no sensitive pattern; injected ones contain exactly the planted value where the ground truth says', () => {
    const traces = allTraces(6);
    for (const tr of traces) {
      for (const v of stringValues(tr)) {
        for (const kind of SENSITIVE_KINDS) expect(SENSITIVE_PATTERNS[kind].test(v), `${kind} in clean "${v}"`).toBe(false);
      }
    }
    const injected = injectSpread(ctx, traces, 10);
    expect(injected.length).toBe(10);
    expect(new Set(injected.map((x) => x.kind))).toEqual(new Set(SENSITIVE_KINDS));
    for (const inj of injected) {
      const tr = traces.find((t) => t.traceId === inj.traceId)!;
      const span = tr.spans.find((s) => s.spanId === inj.spanId)!;
      expect(span.name).toBe(inj.spanName);
      expect(String(span.attrs[inj.attribute])).toContain(inj.value);
    }
    // Every pattern hit in the whole set is one of the planted values.
    const planted = new Set(injected.map((x) => `${x.traceId}/${x.spanId}/${x.attribute}`));
    for (const tr of traces) {
      for (const sp of tr.spans) {
        for (const [attr, v] of Object.entries(sp.attrs)) {
          const hit = SENSITIVE_KINDS.some((k) => SENSITIVE_PATTERNS[k].test(String(v)));
          expect(hit, `${sp.name} ${attr}`).toBe(planted.has(`${tr.traceId}/${sp.spanId}/${attr}`));
        }
      }
    }
  });
});

describe('sampling', () => {
  it('samples more densely near a fault than in the background', () => {
    const f = createContext(
      fleet,
      resolveScenario({ name: 'f', faults: [{ kind: 'bad_deploy', start: '0s', duration: '30m', target: { instance: 'vllm-llama-8b-0' } }] }, fleet, ANCHOR),
      11
    );
    let s = initialState(f, ANCHOR / 15000);
    const i = fleet.instances.findIndex((x) => x.name === 'vllm-llama-8b-0');
    let near = 0;
    let other = 0;
    for (let j = 0; j < 120; j++) {
      s = run(s, f, 1);
      for (const t of tracesForStep(f, s, BACKFILL_POLICY)) {
        if (t.instance === i) near++;
        else other++;
      }
    }
    expect(near).toBeGreaterThanOrEqual(25);
    expect(other).toBeLessThan(near);
  });
});
