/** Validation of the datasource settings; returns one message per problem, keyed by field. */
import type { LlmOpsJsonData } from './types';

export interface PriceRow {
  name: string;
  price: string;
}

export interface ApiPriceRow {
  name: string;
  input: string;
  output: string;
}

export type SettingsErrors = Partial<
  Record<
    | 'url'
    | 'jaegerUrl'
    | 'timeoutSeconds'
    | 'maxSeries'
    | 'maxConcurrentAnalytics'
    | 'analyticsQueueSeconds'
    | 'maxAnalyticsUpstreamRequests'
    | 'electricityPricePerKwh'
    | 'gridCarbonIntensity'
    | 'ttftSloSeconds'
    | 'e2eSloSeconds'
    | 'currency',
    string
  >
>;

export function urlError(value: string | undefined, required: boolean): string | undefined {
  if (!value) {
    return required ? 'Enter the URL of a Prometheus-compatible API, e.g. http://prometheus:9090' : undefined;
  }
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:' ? undefined : 'The URL must start with http:// or https://';
  } catch {
    return 'Not a valid URL; include the scheme, e.g. http://prometheus:9090';
  }
}

function positiveNumberError(v: number | undefined, what: string, max?: number): string | undefined {
  if (v === undefined) {
    return undefined;
  }
  if (!Number.isFinite(v) || v <= 0) {
    return `${what} must be a positive number`;
  }
  return max !== undefined && v > max ? `${what} must be at most ${max}` : undefined;
}

/** A whole number from 1 to `max` (the backend's bounds), or unset. */
function countError(v: number | undefined, what: string, max: number): string | undefined {
  if (v === undefined) {
    return undefined;
  }
  return Number.isInteger(v) && v >= 1 && v <= max ? undefined : `${what} must be a whole number from 1 to ${max}`;
}

export function validateSettings(url: string | undefined, jsonData: LlmOpsJsonData): SettingsErrors {
  const errors: SettingsErrors = {
    url: urlError(url, true),
    jaegerUrl: urlError(jsonData.jaegerUrl, false),
    timeoutSeconds: positiveNumberError(jsonData.timeoutSeconds, 'Timeout', 600),
    maxSeries: positiveNumberError(jsonData.maxSeries, 'Max series', 100000),
    maxConcurrentAnalytics: countError(jsonData.maxConcurrentAnalytics, 'Analytic queries at once', 256),
    analyticsQueueSeconds:
      jsonData.analyticsQueueSeconds !== undefined &&
      !(Number.isFinite(jsonData.analyticsQueueSeconds) && jsonData.analyticsQueueSeconds >= 0 && jsonData.analyticsQueueSeconds <= 3600)
        ? 'Longest wait must be between 0 and 3600 seconds'
        : undefined,
    maxAnalyticsUpstreamRequests: countError(jsonData.maxAnalyticsUpstreamRequests, 'Analytic requests at once', 256),
    electricityPricePerKwh:
      jsonData.electricityPricePerKwh !== undefined && (!Number.isFinite(jsonData.electricityPricePerKwh) || jsonData.electricityPricePerKwh < 0)
        ? 'Electricity price must be zero or more'
        : undefined,
    gridCarbonIntensity:
      jsonData.gridCarbonIntensity !== undefined && (!Number.isFinite(jsonData.gridCarbonIntensity) || jsonData.gridCarbonIntensity < 0 || jsonData.gridCarbonIntensity > 5000)
        ? 'Grid carbon intensity must be between 0 and 5000 g CO2e per kWh'
        : undefined,
    ttftSloSeconds: positiveNumberError(jsonData.degradationThresholds?.ttftSloSeconds, 'TTFT SLO'),
    e2eSloSeconds: positiveNumberError(jsonData.degradationThresholds?.e2eSloSeconds, 'E2E latency SLO'),
    currency: jsonData.currency && !/^[A-Z]{3}$/.test(jsonData.currency) ? 'Use a 3-letter ISO currency code, e.g. USD or EUR' : undefined,
  };
  return Object.fromEntries(Object.entries(errors).filter(([, v]) => v)) as SettingsErrors;
}

function parsePrice(text: string): number | undefined {
  if (text.trim() === '') {
    return undefined;
  }
  const n = Number(text);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** Row-level messages for a price table (index -> message). */
export function priceRowErrors(rows: Array<{ name: string; values: string[] }>): Record<number, string> {
  const errors: Record<number, string> = {};
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const name = row.name.trim();
    if (!name && row.values.every((v) => v.trim() === '')) {
      return;
    }
    if (!name) {
      errors[i] = 'Enter a model name';
    } else if (seen.has(name)) {
      errors[i] = `"${name}" is listed twice`;
    } else if (row.values.some((v) => parsePrice(v) === undefined)) {
      errors[i] = 'Prices must be numbers, zero or more';
    }
    seen.add(name);
  });
  return errors;
}

export function gpuRowsToPrices(rows: PriceRow[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) {
    const p = parsePrice(r.price);
    if (r.name.trim() && p !== undefined && !(r.name.trim() in out)) {
      out[r.name.trim()] = p;
    }
  }
  return out;
}

export function apiRowsToPrices(rows: ApiPriceRow[]): Record<string, { input: number; output: number }> {
  const out: Record<string, { input: number; output: number }> = {};
  for (const r of rows) {
    const input = parsePrice(r.input);
    const output = parsePrice(r.output);
    if (r.name.trim() && input !== undefined && output !== undefined && !(r.name.trim() in out)) {
      out[r.name.trim()] = { input, output };
    }
  }
  return out;
}
