// Triton serves a TensorRT-LLM model as an ensemble (or a BLS model) calling composing models, and
// counts every request once per model it passes through: the ensemble, `preprocessing`, `tensorrt_llm`,
// `postprocessing`. Requests are counted where clients send them. Step names are those of the
// TensorRT-LLM backend's reference model repository (all_models/inflight_batcher_llm): the pre/post
// processing steps never count; `tensorrt_llm` counts only while no ensemble/BLS model on the same
// server has traffic (then it is called directly).
import type { Matcher } from './matchers';
import type { Part, PartContext } from './types';

/** Models that only ever run as a step of an ensemble or BLS model. */
export const TRITON_HELPER_STEPS = 'preprocessing|postprocessing';
/** The core model: a step when an ensemble calls it, the model itself when called directly. */
export const TRITON_CORE_STEP = 'tensorrt_llm';
/** Models that call the steps. */
export const TRITON_CALLERS = 'ensemble|tensorrt_llm_bls';

const notStep: Matcher = { label: 'model', op: '!~', value: `${TRITON_HELPER_STEPS}|${TRITON_CORE_STEP}` };
const core: Matcher = { label: 'model', op: '=', value: TRITON_CORE_STEP };
const callers: Matcher = { label: 'model', op: '=~', value: TRITON_CALLERS };

/** Instances whose ensemble/BLS models had traffic in the window. */
const callersActive = (c: PartContext) => `(rate(${c.sel('nv_inference_request_success', [callers])}[${c.w}]) > 0)`;

/** `rate(metric)` of the models clients call (a step model's own series left out). */
export const tritonTopLevelRate =
  (metric: string): Part =>
  (c) =>
    `(rate(${c.sel(metric, [notStep])}[${c.w}]) or (rate(${c.sel(metric, [core])}[${c.w}]) unless on (instance) ${callersActive(c)}))`;

/**
 * Failures per second with the `reason` label (OTHER, BACKEND, CANCELED, REJECTED; since Triton 24.x)
 * summed away, so they line up one-to-one with successes.
 */
export const tritonFailures: Part = (c) =>
  `sum without (reason) (${tritonTopLevelRate('nv_inference_request_failure')(c)})`;

/** Finished requests per second: successes + failures (0 where a model has no failure series). */
export const tritonFinished: Part = (c) => {
  const ok = tritonTopLevelRate('nv_inference_request_success')(c);
  return `${ok} + (${tritonFailures(c)} or ${ok} * 0)`;
};

/** Inventory: the models a Triton server serves to clients (steps left out), for health and lists. */
export function tritonInventory(
  metric: string,
  lookback: string,
  sel: (m: string, extra: Matcher[]) => string
): string {
  const last = (m: Matcher) => `last_over_time(${sel(metric, [m])}[${lookback}])`;
  const calls = `last_over_time(${sel('nv_inference_request_success', [callers])}[${lookback}])`;
  return `(${last(notStep)} or (${last(core)} unless on (instance) ${calls}))`;
}
