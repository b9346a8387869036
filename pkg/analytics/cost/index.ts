export * from './types';
export { computeCost, DEFAULT_METRIC_NAMES, UNATTRIBUTED } from './compute';
export { HOURS_PER_MONTH } from './constants';
export { gpuHourlyPrice, apiPriceFor, gpuNameTokens, DEFAULT_GPU_HOURLY_PRICES, DEFAULT_API_PRICES, type ApiPrice } from './prices';
export { inputOutputSplit } from './split';
export { findOpportunities, TARGET_UTILIZATION, UNDERUSED_UTILIZATION, TARGET_KV_USAGE } from './opportunities';
export { DEFAULT_COST_SETTINGS } from './defaults';
