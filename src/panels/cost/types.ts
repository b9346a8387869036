import type { Grouping, Period } from './shape';

export interface CostOptions {
  /** ISO currency code; empty = the currency the cost query reports. */
  currency: string;
  /** Stack the over-time chart by model or by GPU model. */
  grouping: Grouping;
  /** Period the projected cost is shown for. */
  period: Period;
  showOpportunities: boolean;
}

/** Choices for `grouping`, shared by the panel options and the Cost page. */
export const GROUPING_OPTIONS: Array<{ value: Grouping; label: string }> = [
  { value: 'model', label: 'Model' },
  { value: 'gpu_model', label: 'GPU model' },
];

export const DEFAULT_OPTIONS: CostOptions = { currency: '', grouping: 'model', period: 'month', showOpportunities: true };
