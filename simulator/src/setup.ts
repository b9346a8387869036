// Resolves user options (fleet name, scenario name/path, seed, anchor time) into a simulation context.
import { loadFleet } from './fleet/fleets';
import type { Fleet } from './fleet/types';
import { createContext } from './model/step';
import type { SimContext } from './model/state';
import { HEALTHY, loadScenario, parseScenario, resolveScenario, type Scenario } from './scenario/scenario';

export interface SetupOptions {
  fleet?: Fleet | string;
  /** A Scenario object, a shipped name (`demo`, `healthy`) or a file path. */
  scenario?: Scenario | string;
  seed?: number;
  stepSeconds?: number;
  /** Write Prometheus' `up` series per serving target (1 up, 0 while an instance is down). */
  scrapeHealth?: boolean;
}

export interface Setup {
  ctx: SimContext;
  fleet: Fleet;
  scenario: Scenario;
}

export function setup(opts: SetupOptions, anchorMs: number): Setup {
  const fleet = typeof opts.fleet === 'object' ? opts.fleet : loadFleet(opts.fleet ?? 'default');
  const scenario =
    opts.scenario === undefined ? HEALTHY : typeof opts.scenario === 'string' ? loadScenario(opts.scenario) : parseScenario(opts.scenario, opts.scenario.name ?? 'scenario');
  const seed = opts.seed ?? 42;
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  const stepSec = opts.stepSeconds ?? 15;
  if (!(stepSec >= 1 && Number.isInteger(stepSec))) throw new Error(`step must be a whole number of seconds ≥ 1, got ${stepSec}`);
  const faults = resolveScenario(scenario, fleet, anchorMs);
  const ctx = createContext(fleet, faults, seed, stepSec);
  if (opts.scrapeHealth) ctx.scrapeHealth = true;
  return { ctx, fleet, scenario };
}
