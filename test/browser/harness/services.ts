/** backendSrv, dataSourceSrv and templateSrv for the harness: the real HTTP calls Grafana's frontend makes. */
import type { DataSourceApi, DataSourceInstanceSettings } from '@grafana/data';
import { getTemplateSrv, setBackendSrv, setDataSourceSrv, setTemplateSrv, type BackendSrv, type BackendSrvRequest, type DataSourceSrv, type TemplateSrv } from '@grafana/runtime';
import { lastValueFrom, Observable } from 'rxjs';

import { bootData, DATASOURCE_UID } from './boot';

export const instanceSettings = bootData('dark').settings.datasources['LLM Ops'] as unknown as DataSourceInstanceSettings;

function withParams(url: string, params?: Record<string, unknown>): string {
  if (!params) {
    return url;
  }
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null) {
      (Array.isArray(v) ? v : [v]).forEach((x) => qs.append(k, String(x)));
    }
  }
  const s = qs.toString();
  return s ? `${url}${url.includes('?') ? '&' : '?'}${s}` : url;
}

function fetchObservable<T>(options: BackendSrvRequest): Observable<{ data: T; status: number; ok: boolean; statusText: string; url: string; headers: Headers; redirected: boolean; type: ResponseType; config: BackendSrvRequest }> {
  return new Observable((sub) => {
    const ctrl = new AbortController();
    const url = withParams(options.url, options.params as Record<string, unknown>);
    const hasBody = options.data !== undefined && options.method && options.method !== 'GET';
    fetch(url, {
      method: options.method ?? 'GET',
      headers: { Accept: 'application/json', ...(hasBody ? { 'Content-Type': 'application/json' } : {}), ...(options.headers ?? {}) },
      body: hasBody ? JSON.stringify(options.data) : undefined,
      signal: ctrl.signal,
    })
      .then(async (res) => {
        const text = await res.text();
        let data: unknown = text;
        try {
          data = text ? JSON.parse(text) : undefined;
        } catch {
          // not JSON: keep text
        }
        const response = { data: data as T, status: res.status, ok: res.ok, statusText: res.statusText, url: res.url, headers: res.headers, redirected: res.redirected, type: res.type, config: options };
        if (!res.ok) {
          sub.error({ ...response, message: (data as { message?: string })?.message ?? res.statusText });
          return;
        }
        sub.next(response);
        sub.complete();
      })
      .catch((err) => sub.error(err));
    return () => ctrl.abort();
  });
}

export function installServices(getInstance: () => Promise<DataSourceApi>) {
  const srv = {
    fetch: fetchObservable,
    request: (o: BackendSrvRequest) => lastValueFrom(fetchObservable(o)).then((r) => r.data),
    datasourceRequest: (o: BackendSrvRequest) => lastValueFrom(fetchObservable(o)),
    get: (url: string, params?: unknown, _id?: string, opts?: Partial<BackendSrvRequest>) =>
      lastValueFrom(fetchObservable({ ...opts, url, params: params as Record<string, unknown>, method: 'GET' })).then((r) => r.data),
    post: (url: string, data?: unknown, opts?: Partial<BackendSrvRequest>) => lastValueFrom(fetchObservable({ ...opts, url, data, method: 'POST' })).then((r) => r.data),
    put: (url: string, data?: unknown) => lastValueFrom(fetchObservable({ url, data, method: 'PUT' })).then((r) => r.data),
    patch: (url: string, data?: unknown) => lastValueFrom(fetchObservable({ url, data, method: 'PATCH' })).then((r) => r.data),
    delete: (url: string) => lastValueFrom(fetchObservable({ url, method: 'DELETE' })).then((r) => r.data),
    resolveCancelerIfExists: () => undefined,
  };
  setBackendSrv(srv as unknown as BackendSrv);

  // Like Grafana's DatasourceSrv, a reference may name a dashboard variable (`${datasource}`): interpolated first.
  const resolve = (ref: unknown, scopedVars?: unknown): unknown => {
    const uid = typeof ref === 'object' && ref !== null ? (ref as { uid?: string }).uid : ref;
    return typeof uid === 'string' && uid.includes('$') ? getTemplateSrv().replace(uid, scopedVars as never) : uid;
  };
  const matches = (ref: unknown, scopedVars?: unknown) => {
    const uid = resolve(ref, scopedVars);
    return uid === undefined || uid === null || uid === DATASOURCE_UID || uid === instanceSettings.name;
  };
  setDataSourceSrv({
    get: async (ref?: unknown, scopedVars?: unknown) => {
      if (!matches(ref, scopedVars)) {
        throw new Error(`Unknown datasource ${JSON.stringify(ref)}`);
      }
      return getInstance();
    },
    getList: (filter?: { type?: string }) => (!filter?.type || filter.type === instanceSettings.type ? [instanceSettings] : []),
    getInstanceSettings: (ref?: unknown, scopedVars?: unknown) => (matches(ref, scopedVars) ? instanceSettings : undefined),
    reload: () => undefined,
    registerRuntimeDataSource: () => undefined,
  } as unknown as DataSourceSrv);

  const templateSrv = {
    getVariables: () => [],
    replace: (text?: string) => text ?? '',
    containsTemplate: () => false,
    updateTimeRange: () => undefined,
  } as unknown as TemplateSrv;
  setTemplateSrv(templateSrv);
  return templateSrv;
}
