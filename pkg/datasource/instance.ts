import type { DataSourceInstanceSettings } from '../grafana/types';

/**
 * Per-datasource state, created when Grafana first uses a datasource and re-created when its settings
 * change (the runtime caches by uid + lastUpdatedMS). Holds parsed settings and upstream clients.
 */
export interface DatasourceInstance {
  uid: string;
  name: string;
  /** Raw settings as Grafana sent them (secrets included: never log or return them). */
  raw: DataSourceInstanceSettings | undefined;
  dispose(): void;
}

export function createDatasourceInstance(settings: DataSourceInstanceSettings | undefined): DatasourceInstance {
  return {
    uid: settings?.uid ?? '',
    name: settings?.name ?? '',
    raw: settings,
    dispose() {},
  };
}
