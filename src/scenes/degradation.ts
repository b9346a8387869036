/**
 * The degradation level's one vocabulary (the backend's LEVEL_NAMES: 0 normal … 4 emergency) as
 * Grafana value mappings, so every table cell and stat reads the same word and colour.
 */
import { MappingType, type ValueMapping } from '@grafana/data';

import { LEVEL_NAMES } from '../../pkg/analytics/degradation/degradation';

const COLORS = ['green', 'yellow', 'orange', 'red', 'dark-red'] as const;

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "Normal", "Light", "Moderate", "Heavy", "Emergency" for levels 0–4. */
export const DEGRADATION_LABELS: string[] = LEVEL_NAMES.map(capitalize);

export const DEGRADATION_MAPPINGS: ValueMapping[] = [
  {
    type: MappingType.ValueToText,
    options: Object.fromEntries(DEGRADATION_LABELS.map((text, level) => [String(level), { text, color: COLORS[level], index: level }])),
  },
];
