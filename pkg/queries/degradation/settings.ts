// jsonData.degradationThresholds: partial overrides of the documented defaults
// (pkg/analytics/degradation DEFAULT_DEGRADATION_THRESHOLDS). Bad values fail the query with a message
// naming the key and what is expected, instead of silently computing nonsense levels.
import {
  DEFAULT_DEGRADATION_THRESHOLDS,
  mergeThresholds,
  type DegradationThresholds,
  type LevelThresholds,
} from '../../analytics/degradation';
import { QueryError } from '../../grafana/errors';

const SLO_KEYS = ['ttftSloSeconds', 'e2eSloSeconds'] as const;
const LEVEL_KEYS = Object.keys(DEFAULT_DEGRADATION_THRESHOLDS).filter(
  (k) => !(SLO_KEYS as readonly string[]).includes(k)
) as Array<Exclude<keyof DegradationThresholds, (typeof SLO_KEYS)[number]>>;

function fail(message: string): never {
  throw new QueryError(`datasource setting jsonData.degradationThresholds: ${message}`, 400, 'plugin');
}

function levels(key: string, v: unknown): LevelThresholds {
  if (!Array.isArray(v) || v.length !== 4) {
    fail(`${key} must be a list of 4 thresholds for levels 1–4 (null = never), e.g. [0.005, 0.02, 0.05, 0.2]`);
  }
  let last = -Infinity;
  return v.map((x, i) => {
    if (x === null) return null;
    const n = typeof x === 'string' && x.trim() !== '' ? Number(x) : x;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) fail(`${key}[${i}] must be a number ≥ 0 or null`);
    if (n < last) fail(`${key} thresholds must not decrease from level 1 to level 4 (got ${JSON.stringify(v)})`);
    last = n;
    return n;
  }) as LevelThresholds;
}

/** Thresholds for this datasource: the defaults with the user's overrides. */
export function degradationThresholds(jsonData: Record<string, unknown> | undefined): DegradationThresholds {
  const raw = jsonData?.degradationThresholds;
  if (raw === undefined || raw === null || raw === '') return DEFAULT_DEGRADATION_THRESHOLDS;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    fail('must be an object, e.g. {"ttftSloSeconds": 1, "errorRatio": [0.01, 0.02, 0.05, 0.2]}');
  }
  const overrides: Partial<DegradationThresholds> = {};
  for (const [key, v] of Object.entries(raw as Record<string, unknown>)) {
    if ((SLO_KEYS as readonly string[]).includes(key)) {
      const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
      if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) fail(`${key} must be a number of seconds > 0`);
      overrides[key as (typeof SLO_KEYS)[number]] = n;
    } else if ((LEVEL_KEYS as string[]).includes(key)) {
      overrides[key as (typeof LEVEL_KEYS)[number]] = levels(key, v);
    } else {
      fail(`unknown key "${key}" (known: ${[...SLO_KEYS, ...LEVEL_KEYS].join(', ')})`);
    }
  }
  return mergeThresholds(overrides);
}
