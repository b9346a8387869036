import { PLUGIN_BASE_URL } from '../constants';

/** Absolute app URL for a route, e.g. `/a/llmops-observability-app/cost`. */
export function prefixRoute(route: string): string {
  return `${PLUGIN_BASE_URL}/${route}`;
}
