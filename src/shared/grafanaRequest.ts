/** The installer's HTTP layer in the app: Grafana's backendSrv, errors carrying the HTTP status. */
import { getBackendSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';

import type { GrafanaRequest, HttpError } from '../alerting/install';
import { errorText } from './api';

export const grafanaRequest: GrafanaRequest = async <T>(req: {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}) => {
  try {
    const res = await lastValueFrom(
      getBackendSrv().fetch<T>({
        url: req.url,
        method: req.method,
        data: req.body,
        headers: req.headers,
        showErrorAlert: false,
      })
    );
    return res.data;
  } catch (err) {
    const e = new Error(errorText(err)) as HttpError;
    e.status = (err as { status?: number }).status;
    throw e;
  }
};
