// Cost settings: the datasource's validated price settings plus optional jsonData extras this query
// reads itself (gridCarbonIntensity, idleUtilizationThreshold, outputTokenWeight, gpuCounts), each
// with a documented default and a clear error when it is not a usable number.
import { QueryError } from '../../grafana/errors';
import type { DatasourceSettings } from '../../datasource/settings';
import { DEFAULT_COST_SETTINGS } from '../../analytics/cost/defaults';
import type { CostSettings } from '../../analytics/cost/types';

function numberField(json: Record<string, unknown>, name: string, def: number, min: number, max: number): number {
  const v = json[name];
  if (v === undefined || v === null || v === '') return def;
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new QueryError(`datasource setting jsonData.${name} must be a number between ${min} and ${max} (got ${JSON.stringify(v)})`, 400);
  }
  return n;
}

export function costSettings(settings: DatasourceSettings, jsonData: Record<string, unknown> | undefined): CostSettings {
  const json = jsonData ?? {};
  return {
    gpuHourlyPrices: settings.gpuHourlyPrices,
    apiPrices: settings.apiPrices,
    electricityPricePerKwh: settings.electricityPricePerKwh,
    currency: settings.currency,
    gridCarbonIntensity: numberField(json, 'gridCarbonIntensity', DEFAULT_COST_SETTINGS.gridCarbonIntensity, 0, 5000),
    idleUtilizationThreshold: numberField(json, 'idleUtilizationThreshold', DEFAULT_COST_SETTINGS.idleUtilizationThreshold, 0, 100),
    outputTokenWeight: numberField(json, 'outputTokenWeight', DEFAULT_COST_SETTINGS.outputTokenWeight, 0, 1000),
  };
}

/** jsonData.gpuCounts: GPU model → count, for GPUs without DCGM metrics. */
export function configuredGpuCounts(jsonData: Record<string, unknown> | undefined): Record<string, number> | undefined {
  const v = jsonData?.gpuCounts;
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw new QueryError('datasource setting jsonData.gpuCounts must be an object: GPU model → number of GPUs, e.g. {"H100": 8}', 400);
  const out: Record<string, number> = {};
  for (const [k, n] of Object.entries(v)) {
    const c = typeof n === 'number' ? n : Number(n);
    if (!Number.isFinite(c) || c < 0) throw new QueryError(`jsonData.gpuCounts["${k}"] must be a number ≥ 0 (got ${JSON.stringify(n)})`, 400);
    out[k] = c;
  }
  return out;
}
