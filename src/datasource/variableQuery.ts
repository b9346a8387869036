/**
 * Variable queries. The editor saves an object; a short text form is also accepted so dashboards
 * written by hand stay readable: `label_values(model)`, `label_values(ttft, model)`, `labels()`,
 * `signals()`, `engines()`, `services()`, `operations(checkout)`.
 */
import type { LlmOpsVariableQuery } from './types';
import type { Resources } from './resources';

const refId = 'variable';
/** What a new or empty variable query lists: every model. */
export const DEFAULT_VARIABLE_QUERY: LlmOpsVariableQuery = { refId, kind: 'label-values', label: 'model' };
const TEXT_FORM = /^\s*(label_values|labels|signals|engines|services|operations)\s*\(\s*([^)]*)\)\s*$/;

export function parseVariableQuery(raw: LlmOpsVariableQuery | string | undefined): LlmOpsVariableQuery {
  if (raw === undefined || raw === '') {
    return { ...DEFAULT_VARIABLE_QUERY };
  }
  if (typeof raw !== 'string') {
    return raw;
  }
  const m = TEXT_FORM.exec(raw);
  if (!m) {
    throw new Error(
      `Unrecognised variable query "${raw}". Use label_values(label), label_values(signal, label), labels(), signals(), engines(), services() or operations(service).`
    );
  }
  const args = m[2]
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  switch (m[1]) {
    case 'label_values':
      if (args.length === 0) {
        throw new Error('label_values() needs a label, e.g. label_values(model)');
      }
      return args.length === 1 ? { refId, kind: 'label-values', label: args[0] } : { refId, kind: 'label-values', signal: args[0], label: args[1] };
    case 'labels':
      return { refId, kind: 'labels', signal: args[0] };
    case 'operations':
      return { refId, kind: 'operations', service: args[0] };
    default:
      return { refId, kind: m[1] as LlmOpsVariableQuery['kind'] };
  }
}

/** Runs a variable query against the backend resources; values come back sorted and unique. */
export async function runVariableQuery(q: LlmOpsVariableQuery, resources: Resources): Promise<string[]> {
  let values: string[];
  switch (q.kind) {
    case 'label-values':
      if (!q.label) {
        throw new Error('Choose a label to list its values');
      }
      values = await resources.labelValues(q.label, q.signal || undefined);
      break;
    case 'labels':
      values = await resources.labels(q.signal || undefined);
      break;
    case 'signals':
      values = (await resources.signals()).filter((s) => s.available).map((s) => s.id);
      break;
    case 'engines':
      values = (await resources.engines()).engines.map((e) => e.engine);
      break;
    case 'services':
      values = await resources.services();
      break;
    case 'operations':
      if (!q.service) {
        throw new Error('Choose a service to list its operations');
      }
      values = await resources.operations(q.service);
      break;
    default:
      throw new Error(`Unknown variable query kind "${(q as { kind: string }).kind}"`);
  }
  return Array.from(new Set(values)).sort((a, b) => a.localeCompare(b));
}
