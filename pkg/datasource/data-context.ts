// What the data engine keeps per datasource instance: validated settings, upstream clients and the
// engine-detection cache. Built lazily on first use; invalid settings fail each query with the list
// of problems (and CheckHealth reports them).
import { QueryError } from '../grafana/errors';
import type { Scrub } from '../grafana/secret-scrubber';
import type { DataSourceInstanceSettings } from '../grafana/types';
import { FleetDetector } from '../signals/detect';
import { createUpstreams, type JaegerClient, type Upstreams } from '../upstream';
import { now } from './clock';
import { parseSettings, type DatasourceSettings, type SettingsResult } from './settings';

export interface DataContext extends Upstreams {
  settings: DatasourceSettings;
  detector: FleetDetector;
  uid: string;
  name: string;
}

export function createDataContextFactory(
  raw: DataSourceInstanceSettings | undefined,
  scrub?: Scrub
): {
  settings: SettingsResult;
  get(): DataContext;
} {
  const settings = parseSettings(raw);
  let ctx: DataContext | undefined;
  return {
    settings,
    get() {
      if (!settings.ok) {
        throw new QueryError(`datasource settings are invalid: ${settings.errors.join(' ')}`, 400, 'plugin');
      }
      if (!ctx) {
        const up = createUpstreams(settings.settings, scrub);
        ctx = {
          ...up,
          settings: settings.settings,
          detector: new FleetDetector(up.prometheus, settings.settings.detectionTtlMs, now),
          uid: raw?.uid ?? '',
          name: raw?.name ?? '',
        };
      }
      return ctx;
    },
  };
}

/** The Jaeger client, or a 400 that tells the user which setting to fill in. */
export function requireJaeger(data: DataContext): JaegerClient {
  if (!data.jaeger) {
    throw new QueryError(
      'Jaeger is not configured: set the Jaeger URL (jsonData.jaegerUrl) in the datasource settings.',
      400
    );
  }
  return data.jaeger;
}
