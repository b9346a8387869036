import type { DataFrame } from '@grafana/data';
import { toDataQueryResponse, type BackendDataSourceResponse } from '@grafana/runtime';

/** Decodes a recorded /api/ds/query response into DataFrames exactly as Grafana's frontend does. */
export function framesFromResponse(json: unknown): DataFrame[] {
  return toDataQueryResponse({ data: json as BackendDataSourceResponse }).data as DataFrame[];
}
