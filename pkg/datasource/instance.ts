import type { Scrub } from '../grafana/secret-scrubber';
import type { DataSourceInstanceSettings } from '../grafana/types';
import { analyticsAdmission, type AnalyticsAdmission } from './admission';
import { createDataContextFactory, type DataContext } from './data-context';
import { scrubberFor } from './secrets';
import type { SettingsResult } from './settings';

/**
 * Per-datasource state, created when Grafana first uses a datasource and re-created when its settings
 * change (the runtime caches by uid + lastUpdatedMS). Holds parsed settings and upstream clients.
 */
export interface DatasourceInstance {
  uid: string;
  name: string;
  /** Raw settings as Grafana sent them (secrets included: never log or return them). */
  raw: DataSourceInstanceSettings | undefined;
  /** Validated settings (or the list of problems). */
  settings: SettingsResult;
  /** Upstream clients + detection cache; throws a QueryError when the settings are invalid. */
  data(): DataContext;
  /** Removes this datasource's secrets from a text; applied to everything sent back to Grafana. */
  scrub: Scrub;
  /** Admission of the analytic query types (admission.ts). */
  analytics: AnalyticsAdmission;
  dispose(): void;
}

export function createDatasourceInstance(settings: DataSourceInstanceSettings | undefined): DatasourceInstance {
  const scrub = scrubberFor(settings);
  const data = createDataContextFactory(settings, scrub);
  return {
    uid: settings?.uid ?? '',
    name: settings?.name ?? '',
    raw: settings,
    settings: data.settings,
    data: data.get,
    scrub,
    analytics: analyticsAdmission(data.settings),
    dispose() {},
  };
}
