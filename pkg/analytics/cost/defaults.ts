// Documented defaults for the cost settings that are not in the datasource's required settings.
import { DEFAULT_GRID_CARBON_INTENSITY } from '../energy/energy';

export const DEFAULT_COST_SETTINGS = {
  currency: 'USD',
  gridCarbonIntensity: DEFAULT_GRID_CARBON_INTENSITY,
  /** % utilisation below which a GPU counts as idle (Kubecost-style "idle" is similarly low). */
  idleUtilizationThreshold: 10,
  /** OpenCost's documented fallback: one output token costs 2.5 input tokens. */
  outputTokenWeight: 2.5,
} as const;
