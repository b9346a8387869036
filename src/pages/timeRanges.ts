/** Relative ranges offered by the Cost and Root cause pages. */
export const RANGE_OPTIONS = [
  { label: 'Last 1 hour', value: 3600_000 },
  { label: 'Last 6 hours', value: 6 * 3600_000 },
  { label: 'Last 24 hours', value: 24 * 3600_000 },
  { label: 'Last 7 days', value: 7 * 24 * 3600_000 },
  { label: 'Last 30 days', value: 30 * 24 * 3600_000 },
];
