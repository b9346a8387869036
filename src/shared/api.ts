/** Grafana HTTP API calls the app pages make (all through Grafana's backendSrv). */
import { getBackendSrv, getDataSourceSrv, toDataQueryResponse, type BackendDataSourceResponse } from '@grafana/runtime';
import type { DataFrame, DataSourceInstanceSettings } from '@grafana/data';
import { lastValueFrom } from 'rxjs';

import { DATASOURCE_TYPE, PLUGIN_ID } from '../constants';
import type { LlmOpsQuery } from '../datasource/types';

export interface HealthResult {
  status: string;
  message: string;
  details?: unknown;
}

export interface PluginDashboard {
  title: string;
  path: string;
  imported: boolean;
  importedUrl?: string;
  uid?: string;
}

export function llmOpsDatasources(): DataSourceInstanceSettings[] {
  return getDataSourceSrv().getList({ type: DATASOURCE_TYPE });
}

/** The datasource the app should use: the configured one if it still exists, else the first found. */
export function pickDatasource(preferredUid?: string): DataSourceInstanceSettings | undefined {
  const all = llmOpsDatasources();
  return all.find((d) => d.uid === preferredUid) ?? all[0];
}

export async function checkHealth(uid: string): Promise<HealthResult> {
  try {
    return await lastValueFrom(getBackendSrv().fetch<HealthResult>({ url: `/api/datasources/uid/${uid}/health`, showErrorAlert: false })).then((r) => r.data);
  } catch (err) {
    // Grafana answers 400 with the same body when the check fails.
    const data = (err as { data?: HealthResult }).data;
    if (data?.status) {
      return data;
    }
    throw err;
  }
}

export function getResource<T>(uid: string, path: string, params?: Record<string, string | number | undefined>): Promise<T> {
  params = params && Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== ''));
  return getBackendSrv().get<T>(`/api/datasources/uid/${uid}/resources/${path}`, params, undefined, { showErrorAlert: false });
}

export async function pluginDashboards(): Promise<PluginDashboard[]> {
  return getBackendSrv().get<PluginDashboard[]>(`/api/plugins/${PLUGIN_ID}/dashboards`, undefined, undefined, { showErrorAlert: false });
}

/** Runs queries against one LLM Ops datasource for an absolute range; returns all frames or throws the first error. */
export async function runQueries(uid: string, queries: Array<Omit<LlmOpsQuery, 'datasource'>>, from: number, to: number): Promise<DataFrame[]> {
  const res = await lastValueFrom(
    getBackendSrv().fetch<BackendDataSourceResponse>({
      url: '/api/ds/query',
      method: 'POST',
      showErrorAlert: false,
      data: {
        from: String(from),
        to: String(to),
        queries: queries.map((q) => ({ ...q, datasource: { type: DATASOURCE_TYPE, uid }, intervalMs: 60000, maxDataPoints: 500 })),
      },
    })
  );
  const parsed = toDataQueryResponse(res);
  if (parsed.errors?.length) {
    throw new Error(parsed.errors.map((e) => `${e.refId ? `${e.refId}: ` : ''}${e.message}`).join('; '));
  }
  return parsed.data as DataFrame[];
}

/** The message of a backendSrv error (`data.message`), an Error or a failed response, for display. */
export function errorText(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { data?: { message?: string }; message?: string; statusText?: string };
    return e.data?.message ?? e.message ?? e.statusText ?? 'Request failed';
  }
  return String(err);
}
