// "Install alert rules" (src/alerting/install.ts) over real HTTP against a STAND-IN for Grafana's
// alerting provisioning API (test/support/grafana-provisioning-standin.ts: Grafana's field names and
// semantics, stricter on unknown fields and the provenance header). No Grafana server runs here.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  applyInstall,
  createFolder,
  forFolder,
  listFolders,
  planInstall,
  toApiRule,
  type GrafanaRequest,
  type HttpError,
} from '../../src/alerting/install';
import { PACK_HASH_ANNOTATION, packHash } from '../../src/alerting/packHash';
import { ALERT_PACK } from '../../src/alerting/pack.generated';
import {
  QUERY_FIELDS,
  RULE_FIELDS,
  RULE_REQUIRED,
  startProvisioningStandIn,
  type StandIn,
} from '../support/grafana-provisioning-standin';

let grafana: StandIn;

/** The app's request shape over fetch (in Grafana it goes through backendSrv). */
function requester(base: string): GrafanaRequest {
  return async <T>(req: { method: string; url: string; body?: unknown; headers?: Record<string, string> }) => {
    const res = await fetch(base + req.url, {
      method: req.method,
      headers: { ...(req.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...req.headers },
      body: req.body !== undefined ? JSON.stringify(req.body) : undefined,
    });
    const data = (await res.json()) as T & { message?: string };
    if (!res.ok) {
      const e = new Error(data.message ?? res.statusText) as HttpError;
      e.status = res.status;
      throw e;
    }
    return data;
  };
}

const allPackRules = () => ALERT_PACK.groups.flatMap((g) => g.rules);
const target = (folderUid: string) => ({ folderUid, orgId: 1, datasourceUid: 'my-llmops' });

beforeEach(async () => {
  grafana = await startProvisioningStandIn();
});
afterEach(async () => {
  await grafana.close();
});

describe('the rule JSON the installer sends', () => {
  it("uses only Grafana's ProvisionedAlertRule and AlertQuery fields, with every required one", () => {
    for (const g of ALERT_PACK.groups) {
      for (const r of g.rules) {
        const api = toApiRule(r, g.name, ALERT_PACK, target('f1'));
        expect(
          Object.keys(api).filter((k) => !(RULE_FIELDS as readonly string[]).includes(k)),
          r.uid
        ).toEqual([]);
        for (const k of RULE_REQUIRED) expect(api[k], `${r.uid}.${k}`).toBeDefined();
        for (const q of api.data) expect(Object.keys(q).sort()).toEqual([...QUERY_FIELDS].sort());
        // File-provisioning fields do not exist in the API: the panel link travels as annotations.
        expect(api).not.toHaveProperty('dashboardUid');
        expect(api.annotations!.__dashboardUid__).toBe(r.annotations.__dashboardUid__);
        expect(api.annotations!.__panelId__).toMatch(/^\d+$/);
      }
    }
  });

  it("puts the user's datasource where the pack names its provisioned one, and fingerprints the rule", () => {
    const r = allPackRules().find((x) => x.uid === 'llmops-queue-time-high')!;
    const api = toApiRule(r, 'llmops-serving', ALERT_PACK, target('f1'));
    const query = api.data.find((q) => q.datasourceUid !== '__expr__')!;
    expect(query.datasourceUid).toBe('my-llmops');
    expect((query.model.datasource as { uid: string }).uid).toBe('my-llmops');
    expect(api.data.filter((q) => q.datasourceUid === '__expr__').length).toBeGreaterThan(0);
    expect(JSON.stringify(api)).not.toContain(ALERT_PACK.datasourceUid);
    expect(api.annotations![PACK_HASH_ANNOTATION]).toBe(packHash(api));
  });
});

describe('installing into Grafana (stand-in)', () => {
  it('creates a folder, then every rule of the pack with X-Disable-Provenance, editable (no provenance)', async () => {
    const req = requester(grafana.url);
    const folder = await createFolder(req, 'LLM Ops alerts');
    expect(await listFolders(req)).toEqual([folder]);
    const plan = await planInstall(req, ALERT_PACK, target(folder.uid));
    expect(new Set(plan.rules.map((r) => r.action))).toEqual(new Set(['create']));
    const result = await applyInstall(req, ALERT_PACK, plan);
    expect(result.created.sort()).toEqual(
      allPackRules()
        .map((r) => r.uid)
        .sort()
    );
    const puts = grafana.log.filter((l) => l.method === 'PUT');
    expect(puts).toHaveLength(ALERT_PACK.groups.length);
    for (const p of puts) expect(p.headers['x-disable-provenance']).toBe('true');
    const stored = [...grafana.groups.values()].flatMap((g) => g.rules);
    expect(stored).toHaveLength(allPackRules().length);
    for (const r of stored) expect(r.provenance).toBe('');
    const serving = grafana.groups.get(`${folder.uid}\u0000llmops-serving`)!;
    expect(serving.interval).toBe(60);
  });

  it('a second run changes nothing when nothing changed (Grafana-added model defaults do not count as edits)', async () => {
    const req = requester(grafana.url);
    const folder = await createFolder(req, 'LLM Ops');
    await applyInstall(req, ALERT_PACK, await planInstall(req, ALERT_PACK, target(folder.uid)));
    const writes = grafana.log.filter((l) => l.method === 'PUT').length;
    const again = await planInstall(req, ALERT_PACK, target(folder.uid));
    expect(again.rules.filter((r) => r.action !== 'unchanged').map((r) => `${r.uid}: ${r.action}`)).toEqual([]);
    await applyInstall(req, ALERT_PACK, again);
    expect(grafana.log.filter((l) => l.method === 'PUT').length).toBe(writes);
  });

  it("updates rules it installed when the pack changed, keeps a rule a person edited, and keeps the team's own rules", async () => {
    const req = requester(grafana.url);
    const folder = await createFolder(req, 'LLM Ops');
    await applyInstall(req, ALERT_PACK, await planInstall(req, ALERT_PACK, target(folder.uid)));

    // A person raises a threshold in Grafana's UI and adds a rule of their own to the group.
    grafana.editRule('llmops-queue-time-high', (r) => {
      const data = r.data as Array<{
        model: { type?: string; conditions?: Array<{ evaluator: { params: number[] } }> };
      }>;
      data.find((q) => q.model.type === 'threshold')!.model.conditions![0]!.evaluator.params = [5];
    });
    const group = grafana.groups.get(`${folder.uid}\u0000llmops-serving`)!;
    const own = { ...group.rules[0]!, uid: 'team-own-rule', title: 'Our own rule', annotations: {} };
    group.rules.push(own);

    // A newer pack version: the KV-cache rule's pending period changed.
    const newer = structuredClone(ALERT_PACK);
    const kv = newer.groups.flatMap((g) => g.rules).find((r) => r.uid === 'llmops-kv-cache-critical')!;
    kv.for = '10m';

    const plan = await planInstall(req, newer, target(folder.uid));
    const action = (uid: string) => plan.rules.find((r) => r.uid === uid)!.action;
    expect(action('llmops-kv-cache-critical')).toBe('update');
    expect(action('llmops-queue-time-high')).toBe('conflict');
    expect(plan.rules.find((r) => r.uid === 'llmops-queue-time-high')!.detail).toContain('queries or thresholds');
    expect(action('llmops-ttft-slo-burn-fast')).toBe('unchanged');

    const result = await applyInstall(req, newer, plan);
    expect(result.updated).toEqual(['llmops-kv-cache-critical']);
    expect(result.kept).toEqual(['llmops-queue-time-high']);
    const after = () => grafana.groups.get(`${folder.uid}\u0000llmops-serving`)!.rules;
    const threshold = (uid: string) =>
      (
        after().find((r) => r.uid === uid)!.data as Array<{
          model: { type?: string; conditions?: Array<{ evaluator: { params: number[] } }> };
        }>
      ).find((q) => q.model.type === 'threshold')!.model.conditions![0]!.evaluator.params;
    expect(threshold('llmops-queue-time-high')).toEqual([5]);
    expect(after().find((r) => r.uid === 'llmops-kv-cache-critical')!.for).toBe('10m');
    expect(after().find((r) => r.uid === 'team-own-rule')?.title).toBe('Our own rule');

    // Asked, the user chooses to overwrite the edited rule.
    const plan2 = await planInstall(req, newer, target(folder.uid));
    expect(plan2.rules.filter((r) => r.action === 'conflict').map((r) => r.uid)).toEqual(['llmops-queue-time-high']);
    const r2 = await applyInstall(req, newer, plan2, ['llmops-queue-time-high']);
    expect(r2.overwritten).toEqual(['llmops-queue-time-high']);
    expect(threshold('llmops-queue-time-high')).toEqual([2]);
  });

  it('plans for a new folder without writing anything, and creates the folder only on install', async () => {
    const req = requester(grafana.url);
    const plan = await planInstall(
      req,
      ALERT_PACK,
      { folderUid: '', orgId: 1, datasourceUid: 'my-llmops' },
      { newFolder: true }
    );
    expect(new Set(plan.rules.map((r) => r.action))).toEqual(new Set(['create']));
    expect(grafana.log.filter((l) => l.method !== 'GET')).toEqual([]);
    expect(grafana.log.some((l) => l.path.includes('/rule-groups/'))).toBe(false);
    const folder = await createFolder(req, 'Fresh');
    const result = await applyInstall(req, ALERT_PACK, forFolder(plan, folder.uid));
    expect(result.created).toHaveLength(allPackRules().length);
    expect([...grafana.groups.keys()].every((k) => k.startsWith(folder.uid))).toBe(true);
    // And a second run sees them as its own.
    const again = await planInstall(req, ALERT_PACK, target(folder.uid));
    expect(new Set(again.rules.map((r) => r.action))).toEqual(new Set(['unchanged']));
  });

  it('leaves a rule whose uid lives in another folder alone', async () => {
    const req = requester(grafana.url);
    const a = await createFolder(req, 'A');
    const b = await createFolder(req, 'B');
    await applyInstall(req, ALERT_PACK, await planInstall(req, ALERT_PACK, target(a.uid)));
    const plan = await planInstall(req, ALERT_PACK, target(b.uid));
    expect(new Set(plan.rules.map((r) => r.action))).toEqual(new Set(['elsewhere']));
    const result = await applyInstall(req, ALERT_PACK, plan);
    expect(result.skipped).toHaveLength(allPackRules().length);
    expect([...grafana.groups.keys()].every((k) => k.startsWith(a.uid))).toBe(true);
  });

  it('the stand-in is strict: it rejects unknown fields, a missing provenance header and file-only fields', async () => {
    const req = requester(grafana.url);
    const folder = await createFolder(req, 'LLM Ops');
    const rule = toApiRule(allPackRules()[0]!, 'llmops-serving', ALERT_PACK, target(folder.uid));
    const put = (body: unknown, headers: Record<string, string> = { 'X-Disable-Provenance': 'true' }) =>
      req({
        method: 'PUT',
        url: `/api/v1/provisioning/folder/${folder.uid}/rule-groups/llmops-serving`,
        body,
        headers,
      });
    const group = { title: 'llmops-serving', folderUid: folder.uid, interval: 60, rules: [rule] };
    await expect(put(group, {})).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('X-Disable-Provenance'),
    });
    await expect(put({ ...group, rules: [{ ...rule, dashboardUid: 'x' }] })).rejects.toThrow(
      /unknown field\(s\) dashboardUid/
    );
    await expect(
      put({ ...group, rules: [{ ...rule, data: [{ ...rule.data[0], datasourceUID: 'x' }] }] })
    ).rejects.toThrow(/unknown field/);
    await expect(put({ ...group, rules: [{ ...rule, noDataState: 'Ok' }] })).rejects.toThrow(/noDataState/);
    await expect(put({ ...group, interval: '1m' })).rejects.toThrow(/interval/);
    await expect(put(group)).resolves.toBeDefined();
  });
});
