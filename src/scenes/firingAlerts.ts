/**
 * The landing table's "Firing alerts" column: firing and pending alert instances of the LLM Ops rules
 * per model, read from Grafana's rule-state API (Viewers can read it) and joined onto the table frame.
 * When the API fails, the column says "alerting not available" and the rest of the table is unchanged.
 */
import { FieldType, type DataFrame, type Field } from '@grafana/data';
import { from, map, switchMap, type MonoTypeOperatorFunction } from 'rxjs';

import { loadRuleRows } from '../alerting/loadRules';
import { activeAlertsByModel } from '../alerting/ruleState';
import { errorText, llmOpsDatasources } from '../shared/api';

export const FIRING_COLUMN = 'Firing alerts';
export const ALERTING_UNAVAILABLE = 'unavailable';

export type AlertCounts = { counts: Map<string, number> } | { error: string };

/** Counts per model, or the reason they cannot be read; never throws. */
export async function loadAlertCounts(): Promise<AlertCounts> {
  try {
    const rows = await loadRuleRows(
      llmOpsDatasources().map((d) => d.uid),
      { definitions: false }
    );
    return { counts: activeAlertsByModel(rows) };
  } catch (err) {
    return { error: errorText(err) };
  }
}

/** The table frame with the column added after the others: a count per row (0 when none), or no values and the reason. */
export function withAlertColumn(frame: DataFrame, keyHeader: string, result: AlertCounts): DataFrame {
  const keys = (frame.fields.find((f) => f.name === keyHeader)?.values ?? []) as string[];
  const field: Field =
    'counts' in result
      ? {
          name: FIRING_COLUMN,
          type: FieldType.number,
          config: {
            description:
              'Firing and pending instances of the LLM Ops alert rules that name this model (GPU, host and scrape-target alerts are on the Alerts page). Opens the Alerts page for the model.',
          },
          values: keys.map((k) => result.counts.get(k) ?? 0),
        }
      : {
          name: FIRING_COLUMN,
          type: FieldType.number,
          config: { noValue: ALERTING_UNAVAILABLE, description: `Alerting not available: ${result.error}` },
          values: keys.map(() => null),
        };
  const notices =
    'error' in result
      ? [...(frame.meta?.notices ?? []), { severity: 'warning' as const, text: `Alerting not available: ${result.error}` }]
      : frame.meta?.notices;
  return { ...frame, fields: [...frame.fields, field], meta: { ...frame.meta, notices } };
}

/** SceneDataTransformer operator: reads the counts each time the table's queries answer. */
export const alertColumnOperator =
  (keyHeader: string, load: () => Promise<AlertCounts> = loadAlertCounts): (() => MonoTypeOperatorFunction<DataFrame[]>) =>
  () =>
    switchMap((frames: DataFrame[]) => from(load()).pipe(map((result) => frames.map((f) => withAlertColumn(f, keyHeader, result)))));
