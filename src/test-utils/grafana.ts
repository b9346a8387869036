/**
 * Test doubles for the Grafana services the app pages use, installed through @grafana/runtime's own
 * setters (setBackendSrv/setDataSourceSrv), which is how Grafana itself wires them at boot.
 */
import type { DataSourceInstanceSettings } from '@grafana/data';
import { setBackendSrv, setDataSourceSrv, type BackendSrv, type BackendSrvRequest, type DataSourceSrv } from '@grafana/runtime';
import { of, throwError } from 'rxjs';

export type Route = (req: BackendSrvRequest) => unknown;

/** A backendSrv whose responses come from `routes` (url prefix -> handler); records every request. */
export function installBackendSrv(routes: Record<string, Route>) {
  const requests: BackendSrvRequest[] = [];
  const handle = (req: BackendSrvRequest) => {
    requests.push(req);
    const key = Object.keys(routes)
      .sort((a, b) => b.length - a.length)
      .find((k) => req.url.startsWith(k));
    if (!key) {
      return { error: { status: 404, data: { message: `no route for ${req.url}` } } };
    }
    try {
      return { data: routes[key](req) };
    } catch (err) {
      return { error: err };
    }
  };
  const srv = {
    fetch: (req: BackendSrvRequest) => {
      const r = handle(req);
      return r.error ? throwError(() => r.error) : of({ data: r.data, status: 200, ok: true, headers: new Headers(), url: req.url, redirected: false, statusText: 'OK', type: 'basic', config: req });
    },
    get: async (url: string, params?: unknown) => {
      const r = handle({ url, params: params as Record<string, unknown> | undefined, method: 'GET' });
      if (r.error) {
        throw r.error;
      }
      return r.data;
    },
    post: async (url: string, data?: unknown) => {
      const r = handle({ url, data, method: 'POST' });
      if (r.error) {
        throw r.error;
      }
      return r.data;
    },
  };
  setBackendSrv(srv as unknown as BackendSrv);
  return requests;
}

export function installDataSources(list: Array<Partial<DataSourceInstanceSettings>>) {
  const srv = {
    getList: (filter?: { type?: string }) => list.filter((d) => !filter?.type || d.type === filter.type),
    getInstanceSettings: (uid: string) => list.find((d) => d.uid === uid),
    get: async () => {
      throw new Error('not used');
    },
    reload: () => undefined,
  };
  setDataSourceSrv(srv as unknown as DataSourceSrv);
}

export const LLMOPS_DS = { uid: 'llmops', name: 'LLM Ops', type: 'llmops-observability-datasource', meta: { id: 'llmops-observability-datasource' } } as Partial<DataSourceInstanceSettings>;
