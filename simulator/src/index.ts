// Library API of the LLM fleet simulator (tests and scripts import from here).
export { startLiveSimulator, type LiveOptions, type LiveSimulator } from './live';
export { writeBackfill, type BackfillOptions, type BackfillResult } from './backfill';
export { setup } from './setup';
export { SCENARIO_END_MS, SCENARIO_END_ISO } from './scenario-time';
export { sendTraces, toOtlpJson } from './traces/otlp';
export { buildTrace, type TraceRec, type SpanRec } from './traces/build';
export { tracesForStep, injectSensitive, BACKFILL_POLICY, LIVE_POLICY } from './traces/sampling';
export { SENSITIVE_PATTERNS, luhnValid } from './traces/content';
export { loadFleet, defaultFleet, smallFleet, enginesFleet } from './fleet/fleets';
export { loadScenario, parseScenario, resolveScenario, type Scenario, type FaultSpec } from './scenario/scenario';
export { KINDS, FAULT_KINDS, type FaultKind } from './scenario/kinds';
export { createContext, initialState, step, run } from './model/step';
export { buildRegistry } from './metrics/build';
export { renderExposition } from './metrics/format';
export type { GroundTruth, GroundTruthFault, SensitiveInjection } from './groundtruth';
