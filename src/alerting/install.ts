// "Install alert rules": puts the LLM Ops pack into a Grafana folder through Grafana's alerting
// provisioning HTTP API with `X-Disable-Provenance: true`, so the rules stay editable in Grafana's UI
// (file-provisioned rules are locked there). Running it again updates what it installed and never
// overwrites a rule a person edited: each installed rule carries the fingerprint of what was installed
// (annotation llmops_pack_hash); a rule whose content no longer matches it is a conflict, kept unless
// the user says otherwise. The HTTP layer is injected: backendSrv in the app, fetch in the tests.
import { PACK_HASH_ANNOTATION, packHash } from './packHash';
import type { AlertPack, PackRule } from './types';

/** Grafana's ProvisionedAlertRule (pkg/services/ngalert/api/tooling/definitions/provisioning_alert_rules.go). */
export interface ApiAlertRule {
  id?: number;
  uid: string;
  orgID: number;
  folderUID: string;
  ruleGroup: string;
  title: string;
  condition: string;
  data: Array<{
    refId: string;
    queryType: string;
    relativeTimeRange: { from: number; to: number };
    datasourceUid: string;
    model: Record<string, unknown>;
  }>;
  updated?: string;
  noDataState: string;
  execErrState: string;
  for: string;
  keep_firing_for?: string;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  provenance?: string;
  isPaused: boolean;
  notification_settings?: unknown;
  record?: unknown;
  missingSeriesEvalsToResolve?: number;
}

/** Grafana's AlertRuleGroup (same file): `interval` in seconds. */
export interface ApiRuleGroup {
  title: string;
  folderUid: string;
  interval: number;
  rules: ApiAlertRule[];
}

export interface HttpError extends Error {
  status?: number;
}

/** One JSON request to Grafana; rejects with `status` set on a non-2xx answer. */
export type GrafanaRequest = <T>(req: {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}) => Promise<T>;

export const DISABLE_PROVENANCE = { 'X-Disable-Provenance': 'true' } as const;

export interface InstallTarget {
  folderUid: string;
  orgId: number;
  /** The user's LLM Ops datasource, put where the pack names its provisioned one. */
  datasourceUid: string;
}

/** A pack rule in the provisioning API's shape for `target`, with its fingerprint annotation. */
export function toApiRule(rule: PackRule, group: string, pack: AlertPack, target: InstallTarget): ApiAlertRule {
  const ds = (uid: string | undefined) => (uid === pack.datasourceUid ? target.datasourceUid : (uid ?? ''));
  const data = rule.data.map((q) => {
    const model = { ...(q.model ?? {}) };
    const mds = model.datasource as { type?: string; uid?: string } | undefined;
    if (mds?.uid === pack.datasourceUid) {
      model.datasource = { ...mds, uid: target.datasourceUid };
    }
    return {
      refId: q.refId,
      queryType: q.queryType ?? '',
      relativeTimeRange: { from: q.relativeTimeRange?.from ?? 0, to: q.relativeTimeRange?.to ?? 0 },
      datasourceUid: ds(q.datasourceUid),
      model,
    };
  });
  const rule0: ApiAlertRule = {
    uid: rule.uid,
    orgID: target.orgId,
    folderUID: target.folderUid,
    ruleGroup: group,
    title: rule.title,
    condition: rule.condition,
    data,
    noDataState: rule.noDataState,
    execErrState: rule.execErrState,
    for: rule.for,
    annotations: { ...rule.annotations },
    labels: { ...rule.labels },
    isPaused: rule.isPaused,
  };
  rule0.annotations![PACK_HASH_ANNOTATION] = packHash(rule0);
  return rule0;
}

export type RuleAction =
  /** Not in Grafana yet. */
  | 'create'
  /** Installed by us, untouched since, and the pack changed: replaced. */
  | 'update'
  /** Installed by us, untouched, same as the pack. */
  | 'unchanged'
  /** Edited in Grafana since it was installed (or never installed by us): kept unless overwritten. */
  | 'conflict'
  /** The uid is used by a rule in another folder or group: left alone. */
  | 'elsewhere';

export interface RulePlan {
  uid: string;
  title: string;
  group: string;
  action: RuleAction;
  /** For conflicts and rules elsewhere: what differs or where it is. */
  detail?: string;
  desired: ApiAlertRule;
  existing?: ApiAlertRule;
}

export interface InstallPlan {
  target: InstallTarget;
  rules: RulePlan[];
  /** Existing groups by name (undefined = group does not exist yet). */
  groups: Record<string, ApiRuleGroup | undefined>;
}

const enc = encodeURIComponent;

function groupUrl(folderUid: string, group: string): string {
  return `/api/v1/provisioning/folder/${enc(folderUid)}/rule-groups/${enc(group)}`;
}

async function getOrUndefined<T>(request: GrafanaRequest, url: string): Promise<T | undefined> {
  try {
    return await request<T>({ method: 'GET', url });
  } catch (e) {
    if ((e as HttpError).status === 404) {
      return undefined;
    }
    throw e;
  }
}

/** Which fields of an installed rule differ from what was installed: for the conflict list. */
function whatChanged(existing: ApiAlertRule, desired: ApiAlertRule): string {
  if (!existing.annotations?.[PACK_HASH_ANNOTATION]) {
    return 'not installed by LLM Ops (no llmops_pack_hash annotation)';
  }
  const parts: string[] = [];
  if (existing.title !== desired.title) {
    parts.push('title');
  }
  if (JSON.stringify(existing.data) !== JSON.stringify(desired.data)) {
    parts.push('queries or thresholds');
  }
  if (existing.for !== desired.for) {
    parts.push(`pending period (${existing.for})`);
  }
  if (existing.isPaused) {
    parts.push('paused');
  }
  if (JSON.stringify(existing.labels ?? {}) !== JSON.stringify(desired.labels ?? {})) {
    parts.push('labels');
  }
  if (existing.noDataState !== desired.noDataState || existing.execErrState !== desired.execErrState) {
    parts.push('no-data/error handling');
  }
  return `edited in Grafana${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

/**
 * Reads what is in Grafana now and decides, per pack rule, what installing would do. Changes nothing.
 * For a folder that does not exist yet (`newFolder`), no group is read; `forFolder` then points the plan
 * at the folder once it is created.
 */
export async function planInstall(
  request: GrafanaRequest,
  pack: AlertPack,
  target: InstallTarget,
  opts: { newFolder?: boolean } = {}
): Promise<InstallPlan> {
  const groups: InstallPlan['groups'] = {};
  const rules: RulePlan[] = [];
  for (const g of pack.groups) {
    const existingGroup = opts.newFolder
      ? undefined
      : await getOrUndefined<ApiRuleGroup>(request, groupUrl(target.folderUid, g.name));
    groups[g.name] = existingGroup;
    for (const rule of g.rules) {
      const desired = toApiRule(rule, g.name, pack, target);
      const existing = existingGroup?.rules.find((r) => r.uid === rule.uid);
      const base = { uid: rule.uid, title: rule.title, group: g.name, desired };
      if (!existing) {
        // The uid is unique per organization: it may live in another folder or group.
        const other = await getOrUndefined<ApiAlertRule>(request, `/api/v1/provisioning/alert-rules/${enc(rule.uid)}`);
        rules.push(
          other
            ? {
                ...base,
                action: 'elsewhere',
                existing: other,
                detail: `already in folder ${other.folderUID}, group ${other.ruleGroup}`,
              }
            : { ...base, action: 'create' }
        );
        continue;
      }
      const stored = existing.annotations?.[PACK_HASH_ANNOTATION];
      const untouched = stored !== undefined && stored === packHash(existing);
      if (!untouched) {
        rules.push({ ...base, action: 'conflict', existing, detail: whatChanged(existing, desired) });
      } else if (stored === desired.annotations![PACK_HASH_ANNOTATION]) {
        rules.push({ ...base, action: 'unchanged', existing });
      } else {
        rules.push({ ...base, action: 'update', existing });
      }
    }
  }
  return { target, rules, groups };
}

/** The plan of a new folder, pointed at the folder once created (the fingerprint does not include the folder). */
export function forFolder(plan: InstallPlan, folderUid: string): InstallPlan {
  return {
    ...plan,
    target: { ...plan.target, folderUid },
    rules: plan.rules.map((r) => ({ ...r, desired: { ...r.desired, folderUID: folderUid } })),
  };
}

/** Fields Grafana sets itself; sent back they would only be ignored. */
function withoutServerFields(r: ApiAlertRule): ApiAlertRule {
  const { id: _id, updated: _updated, provenance: _provenance, ...rest } = r;
  return rest;
}

export interface InstallResult {
  created: string[];
  updated: string[];
  kept: string[];
  overwritten: string[];
  skipped: string[];
}

/**
 * Writes each affected group with one PUT (Grafana replaces the whole group, so the user's own rules in
 * it are sent back unchanged). `overwrite` lists conflicting rule uids the user chose to replace.
 */
export async function applyInstall(
  request: GrafanaRequest,
  pack: AlertPack,
  plan: InstallPlan,
  overwrite: string[] = []
): Promise<InstallResult> {
  const result: InstallResult = { created: [], updated: [], kept: [], overwritten: [], skipped: [] };
  for (const g of pack.groups) {
    const planned = plan.rules.filter((r) => r.group === g.name);
    const existing = plan.groups[g.name];
    const replace = new Map<string, ApiAlertRule>();
    const append: ApiAlertRule[] = [];
    for (const p of planned) {
      if (p.action === 'create') {
        append.push(p.desired);
        result.created.push(p.uid);
      } else if (p.action === 'update') {
        replace.set(p.uid, p.desired);
        result.updated.push(p.uid);
      } else if (p.action === 'conflict' && overwrite.includes(p.uid)) {
        replace.set(p.uid, p.desired);
        result.overwritten.push(p.uid);
      } else if (p.action === 'conflict') {
        result.kept.push(p.uid);
      } else if (p.action === 'elsewhere') {
        result.skipped.push(p.uid);
      }
    }
    if (replace.size === 0 && append.length === 0) {
      continue;
    }
    const body: ApiRuleGroup = {
      title: g.name,
      folderUid: plan.target.folderUid,
      // A team may have changed the group's evaluation interval: keep theirs.
      interval: existing?.interval ?? g.intervalSeconds,
      rules: [...(existing?.rules ?? []).map((r) => replace.get(r.uid) ?? withoutServerFields(r)), ...append],
    };
    await request({
      method: 'PUT',
      url: groupUrl(plan.target.folderUid, g.name),
      body,
      headers: { ...DISABLE_PROVENANCE },
    });
  }
  return result;
}

export interface Folder {
  uid: string;
  title: string;
}

/** Folders the user can pick (Grafana's folder API). */
export function listFolders(request: GrafanaRequest): Promise<Folder[]> {
  return request<Folder[]>({ method: 'GET', url: '/api/folders?limit=1000' });
}

/** A new folder for the rules. */
export function createFolder(request: GrafanaRequest, title: string): Promise<Folder> {
  return request<Folder>({ method: 'POST', url: '/api/folders', body: { title } });
}
