// A STAND-IN for Grafana's alerting provisioning and folder HTTP API (no Grafana server runs here), for
// testing the app's "Install alert rules" over real HTTP. Field names, required fields and enums are
// Grafana's (facts below, read from grafana/grafana
// pkg/services/ngalert/api/tooling/definitions/provisioning_alert_rules.go and ngalert/models AlertQuery);
// the semantics are the documented ones: PUT on a rule group replaces the whole group, the rule uid is
// unique in the organization, GET answers 404 for what does not exist, Grafana fills query-model defaults
// (intervalMs 1000, maxDataPoints 43200) on save. It is STRICTER than Grafana on purpose: unknown fields
// are rejected (Go's decoder would ignore them silently) and writes without `X-Disable-Provenance: true`
// are refused (Grafana would accept them but lock the rules in its UI, which is what the installer avoids).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** ProvisionedAlertRule JSON fields (Grafana ≥ 11; keep_firing_for, notification_settings, record, missingSeriesEvalsToResolve are newer). */
export const RULE_FIELDS = [
  'id',
  'uid',
  'orgID',
  'folderUID',
  'ruleGroup',
  'title',
  'condition',
  'data',
  'updated',
  'noDataState',
  'execErrState',
  'for',
  'keep_firing_for',
  'annotations',
  'labels',
  'provenance',
  'isPaused',
  'notification_settings',
  'record',
  'missingSeriesEvalsToResolve',
] as const;
/** `// required: true` in the definition. */
export const RULE_REQUIRED = [
  'orgID',
  'folderUID',
  'ruleGroup',
  'title',
  'condition',
  'data',
  'noDataState',
  'execErrState',
  'for',
] as const;
export const QUERY_FIELDS = ['refId', 'queryType', 'relativeTimeRange', 'datasourceUid', 'model'] as const;
export const GROUP_FIELDS = ['title', 'folderUid', 'interval', 'rules'] as const;
export const NO_DATA_STATES = ['NoData', 'Alerting', 'OK', 'KeepLast'];
export const EXEC_ERR_STATES = ['Alerting', 'Error', 'OK', 'KeepLast'];
/** uid: `maxLength: 40`, `pattern: ^[a-zA-Z0-9-_]+$`; title and group: 1–190 characters. */
const UID = /^[a-zA-Z0-9_-]{1,40}$/;
const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;

type Json = Record<string, unknown>;
export interface StoredRule extends Json {
  uid: string;
  folderUID: string;
  ruleGroup: string;
}
interface StoredGroup {
  title: string;
  folderUid: string;
  interval: number;
  rules: StoredRule[];
}

export interface StandIn {
  url: string;
  /** Every request: method, path, headers (lower-case), for assertions. */
  log: Array<{ method: string; path: string; headers: Record<string, string | string[] | undefined> }>;
  folders: Array<{ uid: string; title: string }>;
  groups: Map<string, StoredGroup>;
  /** A person editing a rule in Grafana's UI (the ruler API, not this one): changes it in place. */
  editRule(uid: string, edit: (r: StoredRule) => void): void;
  close(): Promise<void>;
}

class BadRequest extends Error {
  constructor(
    message: string,
    readonly status = 400
  ) {
    super(message);
  }
}

function unknownFields(obj: Json, allowed: readonly string[], where: string): void {
  const extra = Object.keys(obj).filter((k) => !allowed.includes(k));
  if (extra.length) {
    throw new BadRequest(`${where}: unknown field(s) ${extra.join(', ')}`);
  }
}

function isObject(v: unknown): v is Json {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function validateRule(rule: unknown, folderUid: string, group: string, where: string): StoredRule {
  if (!isObject(rule)) {
    throw new BadRequest(`${where}: not an object`);
  }
  unknownFields(rule, RULE_FIELDS, where);
  for (const k of RULE_REQUIRED) {
    if (rule[k] === undefined) {
      throw new BadRequest(`${where}: ${k} is required`);
    }
  }
  if (typeof rule.uid !== 'string' || !UID.test(rule.uid)) {
    throw new BadRequest(`${where}: uid must match ^[a-zA-Z0-9-_]+$, 1–40 characters`);
  }
  if (typeof rule.title !== 'string' || rule.title.length < 1 || rule.title.length > 190) {
    throw new BadRequest(`${where}: title must be 1–190 characters`);
  }
  if (rule.folderUID !== folderUid || rule.ruleGroup !== group) {
    throw new BadRequest(
      `${where}: folderUID/ruleGroup ${String(rule.folderUID)}/${String(rule.ruleGroup)} differ from the path ${folderUid}/${group}`
    );
  }
  if (typeof rule.orgID !== 'number') {
    throw new BadRequest(`${where}: orgID must be a number`);
  }
  if (!NO_DATA_STATES.includes(String(rule.noDataState))) {
    throw new BadRequest(
      `${where}: noDataState ${String(rule.noDataState)} is not one of ${NO_DATA_STATES.join(', ')}`
    );
  }
  if (!EXEC_ERR_STATES.includes(String(rule.execErrState))) {
    throw new BadRequest(
      `${where}: execErrState ${String(rule.execErrState)} is not one of ${EXEC_ERR_STATES.join(', ')}`
    );
  }
  if (typeof rule.for !== 'string' || !DURATION.test(rule.for)) {
    throw new BadRequest(`${where}: for must be a duration string such as "5m"`);
  }
  if (typeof rule.isPaused !== 'boolean' && rule.isPaused !== undefined) {
    throw new BadRequest(`${where}: isPaused must be a boolean`);
  }
  for (const key of ['labels', 'annotations'] as const) {
    const m = rule[key];
    if (m !== undefined && (!isObject(m) || Object.values(m).some((v) => typeof v !== 'string'))) {
      throw new BadRequest(`${where}: ${key} must map strings to strings`);
    }
  }
  const ann = (rule.annotations ?? {}) as Record<string, string>;
  if (!!ann.__dashboardUid__ !== !!ann.__panelId__) {
    throw new BadRequest(`${where}: both annotations __dashboardUid__ and __panelId__ must be specified`);
  }
  if (ann.__panelId__ !== undefined && !/^\d+$/.test(ann.__panelId__)) {
    throw new BadRequest(`${where}: __panelId__ must be an integer`);
  }
  if (!Array.isArray(rule.data) || rule.data.length === 0) {
    throw new BadRequest(`${where}: data must be a non-empty list`);
  }
  const refIds = new Set<string>();
  const data = rule.data.map((q, i) => {
    const w = `${where}.data[${i}]`;
    if (!isObject(q)) {
      throw new BadRequest(`${w}: not an object`);
    }
    unknownFields(q, QUERY_FIELDS, w);
    if (typeof q.refId !== 'string' || !q.refId) {
      throw new BadRequest(`${w}: refId is required`);
    }
    refIds.add(q.refId);
    if (typeof q.datasourceUid !== 'string' || !q.datasourceUid) {
      throw new BadRequest(`${w}: datasourceUid is required`);
    }
    const rtr = q.relativeTimeRange;
    if (rtr !== undefined && (!isObject(rtr) || typeof rtr.from !== 'number' || typeof rtr.to !== 'number')) {
      throw new BadRequest(`${w}: relativeTimeRange must be {from, to} in seconds`);
    }
    if (!isObject(q.model)) {
      throw new BadRequest(`${w}: model must be an object`);
    }
    // Grafana fills these defaults into every query model when it saves a rule.
    const model = { intervalMs: 1000, maxDataPoints: 43200, ...q.model };
    return { queryType: '', relativeTimeRange: { from: 0, to: 0 }, ...q, model };
  });
  if (!refIds.has(String(rule.condition))) {
    throw new BadRequest(`${where}: condition ${String(rule.condition)} names no refId in data`);
  }
  return { ...(rule as StoredRule), data, provenance: '', isPaused: rule.isPaused ?? false };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
    throw new BadRequest('Content-Type must be application/json', 415);
  }
  const chunks: Buffer[] = [];
  for await (const c of req) {
    chunks.push(c as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new BadRequest('body is not JSON');
  }
}

export async function startProvisioningStandIn(): Promise<StandIn> {
  const folders: StandIn['folders'] = [];
  const groups = new Map<string, StoredGroup>();
  const log: StandIn['log'] = [];
  let nextId = 1;
  const key = (folder: string, group: string) => `${folder}\u0000${group}`;
  const allRules = () => [...groups.values()].flatMap((g) => g.rules);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<unknown> => {
    const url = new URL(req.url ?? '/', 'http://x');
    const method = req.method ?? 'GET';
    log.push({ method, path: url.pathname, headers: { ...req.headers } });
    if (method !== 'GET' && req.headers['x-disable-provenance'] !== 'true') {
      // Stricter than Grafana: without the header the rules would be locked in the UI.
      if (url.pathname.startsWith('/api/v1/provisioning/')) {
        throw new BadRequest('X-Disable-Provenance: true is required (stand-in: rules must stay editable)');
      }
    }
    if (url.pathname === '/api/folders' && method === 'GET') {
      return folders;
    }
    if (url.pathname === '/api/folders' && method === 'POST') {
      const body = await readJson(req);
      if (!isObject(body)) {
        throw new BadRequest('folder: not an object');
      }
      unknownFields(body, ['title', 'uid', 'parentUid', 'description'], 'folder');
      if (typeof body.title !== 'string' || !body.title.trim()) {
        throw new BadRequest('folder title is required');
      }
      if (folders.some((f) => f.title === body.title)) {
        throw new BadRequest('a folder with the same name already exists', 409);
      }
      const folder = { uid: typeof body.uid === 'string' ? body.uid : `f${folders.length + 1}x`, title: body.title };
      folders.push(folder);
      return folder;
    }
    let m = /^\/api\/v1\/provisioning\/folder\/([^/]+)\/rule-groups\/([^/]+)$/.exec(url.pathname);
    if (m) {
      const folderUid = decodeURIComponent(m[1]!);
      const group = decodeURIComponent(m[2]!);
      if (method === 'GET') {
        const g = groups.get(key(folderUid, group));
        if (!g) {
          throw new BadRequest('rule group does not exist', 404);
        }
        return g;
      }
      if (method !== 'PUT') {
        throw new BadRequest('method not allowed', 405);
      }
      if (!folders.some((f) => f.uid === folderUid)) {
        throw new BadRequest(`folder ${folderUid} does not exist`, 404);
      }
      const body = await readJson(req);
      if (!isObject(body)) {
        throw new BadRequest('group: not an object');
      }
      unknownFields(body, GROUP_FIELDS, 'group');
      if (body.title !== group || body.folderUid !== folderUid) {
        throw new BadRequest('group title/folderUid differ from the path');
      }
      if (typeof body.interval !== 'number' || body.interval <= 0 || body.interval % 10 !== 0) {
        throw new BadRequest('interval must be a positive number of seconds, a multiple of 10 (the base interval)');
      }
      if (!Array.isArray(body.rules)) {
        throw new BadRequest('rules must be a list');
      }
      const rules = body.rules.map((r, i) => validateRule(r, folderUid, group, `rules[${i}]`));
      const uids = new Set<string>();
      for (const r of rules) {
        if (uids.has(r.uid)) {
          throw new BadRequest(`rule uid ${r.uid} appears twice`);
        }
        uids.add(r.uid);
        const other = allRules().find((x) => x.uid === r.uid && (x.folderUID !== folderUid || x.ruleGroup !== group));
        if (other) {
          throw new BadRequest(`rule uid ${r.uid} is already used in ${other.folderUID}/${other.ruleGroup}`, 409);
        }
      }
      const previous = groups.get(key(folderUid, group));
      const stored: StoredGroup = {
        title: group,
        folderUid,
        interval: body.interval,
        rules: rules.map((r) => ({
          ...r,
          id: previous?.rules.find((p) => p.uid === r.uid)?.id ?? nextId++,
          updated: '2026-01-07T22:00:00Z',
        })),
      };
      groups.set(key(folderUid, group), stored);
      return stored;
    }
    m = /^\/api\/v1\/provisioning\/alert-rules\/([^/]+)$/.exec(url.pathname);
    if (m && method === 'GET') {
      const rule = allRules().find((r) => r.uid === decodeURIComponent(m![1]!));
      if (!rule) {
        throw new BadRequest('rule not found', 404);
      }
      return rule;
    }
    throw new BadRequest(`no route ${method} ${url.pathname}`, 404);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res)
      .then((body) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      })
      .catch((e: unknown) => {
        const status = e instanceof BadRequest ? e.status : 500;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: (e as Error).message }));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    folders,
    groups,
    editRule(uid, edit) {
      const rule = allRules().find((r) => r.uid === uid);
      if (!rule) {
        throw new Error(`no rule ${uid}`);
      }
      edit(rule);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
