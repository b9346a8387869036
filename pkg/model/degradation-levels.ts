// The degradation level's one vocabulary: what each value 0–4 is called and how it is coloured. The
// backend (pkg/analytics/degradation), the dashboards' value mappings, the app and the README use it.

export const DEGRADATION_LEVELS = [
  { value: 0, name: 'normal', color: 'green', meaning: 'within SLOs and thresholds' },
  { value: 1, name: 'light', color: 'yellow', meaning: 'an early sign: one input past its first threshold' },
  { value: 2, name: 'moderate', color: 'orange', meaning: 'users may notice' },
  { value: 3, name: 'heavy', color: 'red', meaning: 'users are clearly affected' },
  { value: 4, name: 'emergency', color: 'dark-red', meaning: 'the service is failing' },
] as const;

export type DegradationLevelName = (typeof DEGRADATION_LEVELS)[number]['name'];

/** "0 normal, 1 light, 2 moderate, 3 heavy, 4 emergency" (for descriptions). */
export const DEGRADATION_VOCABULARY = DEGRADATION_LEVELS.map((l) => `${l.value} ${l.name}`).join(', ');
