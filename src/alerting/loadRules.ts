// Reads the LLM Ops rules and their state from Grafana: the Alerts page and the landing page's
// firing-alerts column share this one request path.
import { getBackendSrv } from '@grafana/runtime';

import { DATASOURCE_TYPE } from '../constants';
import { ALERT_PACK } from './pack.generated';
import { ruleRows, type PromRulesResponse, type RuleRow, type RulerResponse } from './ruleState';

export const PROM_RULES_URL = '/api/prometheus/grafana/api/v1/rules';
export const RULER_RULES_URL = '/api/ruler/grafana/api/v1/rules';

/**
 * Rule state from the Prometheus-compatible rules API, which every Viewer can read. With
 * `definitions`, the ruler API too (Editors; a Viewer's 403 is not an error), for thresholds as tuned.
 * Throws when the state itself cannot be read (alerting disabled, no permission, Grafana down).
 */
export async function loadRuleRows(llmOpsUids: string[], o: { definitions: boolean }): Promise<RuleRow[]> {
  const opts = { showErrorAlert: false };
  const [prom, ruler] = await Promise.all([
    getBackendSrv().get<PromRulesResponse>(PROM_RULES_URL, undefined, undefined, opts),
    o.definitions
      ? getBackendSrv()
          .get<RulerResponse>(RULER_RULES_URL, undefined, undefined, opts)
          .catch(() => undefined)
      : Promise.resolve(undefined),
  ]);
  if (!prom || typeof prom !== 'object' || !prom.data || !Array.isArray(prom.data.groups)) {
    throw new Error(`unexpected answer from ${PROM_RULES_URL}`);
  }
  return ruleRows(prom, ruler, ALERT_PACK, llmOpsUids, DATASOURCE_TYPE);
}
