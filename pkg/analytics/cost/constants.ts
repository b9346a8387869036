/** Hours in an average month (365 × 24 / 12), used to project range costs to a month. */
export const HOURS_PER_MONTH = 730;
