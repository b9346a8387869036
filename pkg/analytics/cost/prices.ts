// Price tables and name matching. DCGM reports long GPU names ("NVIDIA H100 80GB HBM3",
// "NVIDIA A100-SXM4-80GB"); users write short keys ("H100", "A100 80GB"). A key matches a name when all
// of the key's tokens appear among the name's tokens; the key with the most tokens wins, so
// "A100 80GB" beats "A100" for an 80 GB card, and "L4" never matches "L40S".

/**
 * Default on-demand prices per GPU-hour (USD). These are round placeholders in the range of public
 * cloud list prices in 2025–2026; they exist so a fresh install shows plausible numbers. Set your own
 * in the datasource settings (`gpuHourlyPrices`): your contract price is what matters.
 */
export const DEFAULT_GPU_HOURLY_PRICES: Readonly<Record<string, number>> = {
  B200: 6.0,
  H200: 4.0,
  GH200: 3.5,
  H100: 3.0,
  'A100 80GB': 1.8,
  A100: 1.5,
  L40S: 1.0,
  L40: 0.9,
  A6000: 0.8,
  A10G: 0.75,
  A10: 0.7,
  L4: 0.5,
  V100: 0.9,
  T4: 0.35,
  '4090': 0.4,
};

export interface ApiPrice {
  /** Price per 1M input tokens. */
  input: number;
  /** Price per 1M output tokens. */
  output: number;
}

/**
 * Default API comparison price for any model without an entry (`*`): a typical hosted-API price for a
 * mid-size open-weights model, per 1M tokens. Configure `apiPrices` per served model for a real
 * comparison (the API you would otherwise call for that workload).
 */
export const DEFAULT_API_PRICES: Readonly<Record<string, ApiPrice>> = {
  '*': { input: 0.5, output: 1.5 },
};

/** Upper-case alphanumeric tokens without vendor/brand words. */
export function gpuNameTokens(name: string): string[] {
  return name
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((t) => t !== '' && !['NVIDIA', 'TESLA', 'GEFORCE', 'RTX', 'PCIE', 'SXM', 'SXM4', 'SXM5'].includes(t));
}

export interface PriceMatch {
  key: string;
  price: number;
  /** Where the price came from: the user's table or the built-in defaults. */
  origin: 'settings' | 'default';
}

function bestKey(table: Record<string, number>, name: string): string | undefined {
  const lower = name.toLowerCase();
  const exact = Object.keys(table).find((k) => k.toLowerCase() === lower);
  if (exact) return exact;
  const nameTokens = new Set(gpuNameTokens(name));
  let best: string | undefined;
  let bestLen = 0;
  for (const key of Object.keys(table)) {
    const kt = gpuNameTokens(key);
    if (kt.length > 0 && kt.every((t) => nameTokens.has(t)) && kt.length > bestLen) {
      best = key;
      bestLen = kt.length;
    }
  }
  return best;
}

/** Price per GPU-hour for a DCGM model name: the user's table first, then the defaults. */
export function gpuHourlyPrice(name: string, user: Record<string, number> = {}): PriceMatch | undefined {
  const u = bestKey(user, name);
  if (u !== undefined) return { key: u, price: user[u], origin: 'settings' };
  // A user's `*` entry prices every GPU the table does not name, before the built-in defaults.
  if (user['*'] !== undefined) return { key: '*', price: user['*'], origin: 'settings' };
  const d = bestKey(DEFAULT_GPU_HOURLY_PRICES as Record<string, number>, name);
  if (d !== undefined) return { key: d, price: DEFAULT_GPU_HOURLY_PRICES[d], origin: 'default' };
  return undefined;
}

export interface ApiPriceMatch extends ApiPrice {
  key: string;
  origin: 'settings' | 'default';
}

/** API price for a served model: exact key, case-insensitive key, last path segment, then `*`. */
export function apiPriceFor(model: string, user: Record<string, ApiPrice> = {}): ApiPriceMatch | undefined {
  const tables: Array<[Record<string, ApiPrice>, 'settings' | 'default']> = [
    [user, 'settings'],
    [DEFAULT_API_PRICES as Record<string, ApiPrice>, 'default'],
  ];
  const short = model.split('/').pop()!.toLowerCase();
  for (const [table, origin] of tables) {
    const key =
      Object.keys(table).find((k) => k === model) ??
      Object.keys(table).find((k) => k.toLowerCase() === model.toLowerCase()) ??
      Object.keys(table).find((k) => k !== '*' && k.split('/').pop()!.toLowerCase() === short) ??
      (table['*'] ? '*' : undefined);
    if (key !== undefined) return { key, ...table[key], origin };
  }
  return undefined;
}
