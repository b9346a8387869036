// CheckHealth ("Save & test"). Grafana shows `message`; `details` must be a JSON object.
import type { CheckHealthResult } from '../grafana/types';
import { checkDataEngineHealth } from './health-check';
import type { DatasourceInstance } from './instance';

export async function checkHealth(instance: DatasourceInstance): Promise<CheckHealthResult> {
  return checkDataEngineHealth(instance);
}
