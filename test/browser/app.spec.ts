/**
 * The fleet status app (a SceneApp) in the built plugin, with data from the built backend and a real
 * Prometheus holding the simulator's history. Pages are opened at their app URLs, as a shared link
 * would open them; the page clock starts at the end of the history (SCENARIO_END_MS).
 */
import { expect, test, type Page } from '@playwright/test';

import { smallFleet } from '../../simulator/src';
import { startPageClock, type Theme } from './open-harness';
import { screenshotPath } from './screenshots';

const APP = '/a/llmops-observability-app';
const appUrl = (path: string, theme: Theme = 'dark') => `${process.env.HARNESS_URL}${APP}/${path}${path.includes('?') ? '&' : '?'}theme=${theme}`;

/** Opens an app URL and records what must fail the test: console errors, page errors, HTTP errors. */
async function openApp(page: Page, path: string, theme: Theme = 'dark') {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('response', (r) => r.status() >= 400 && errors.push(`HTTP ${r.status()} ${r.url()}`));
  await startPageClock(page);
  await page.goto(appUrl(path, theme));
  await expect(page.locator('body[data-harness=ready]')).toHaveCount(1);
  return errors;
}

const modelsOfFleet = () => [...new Set(smallFleet().instances.map((i) => i.model))].sort();

/** Rows of the table a panel titled `title` draws (header row excluded), as cell texts. */
async function tableRows(page: Page, title: string): Promise<string[][]> {
  const table = page.getByRole('table', { name: title });
  await expect(table.getByRole('row').nth(1)).toBeVisible();
  return table.getByRole('row').evaluateAll((rows) => rows.slice(1).map((r) => Array.from(r.querySelectorAll('[role=cell]')).map((c) => (c.textContent ?? '').trim())));
}

type QueryAnswer = { results: Record<string, { frames: Array<{ schema: { fields: Array<{ labels?: Record<string, string> }> }; data: { values: number[][] } }> }> };

/** Last value per model of an /api/ds/query answer (series of the same model added up). */
function ratesByModel(body: QueryAnswer): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of body.results.rps.frames) {
    const model = f.schema.fields.find((x) => x.labels?.model)!.labels!.model;
    out[model] = (out[model] ?? 0) + f.data.values.at(-1)![0];
  }
  return out;
}

/** The instances of the rule-state API's answer per model (firing and pending ones of the LLM Ops rules). */
function activeAlertsByModel(body: RulesAnswer): Record<string, number> {
  const out: Record<string, number> = {};
  for (const g of body.data.groups) {
    for (const r of g.rules) {
      for (const a of r.alerts ?? []) {
        const model = a.labels.model ?? a.labels.model_name;
        if (model && /alerting|pending/i.test(a.state)) {
          out[model] = (out[model] ?? 0) + 1;
        }
      }
    }
  }
  return out;
}

type RulesAnswer = { data: { groups: Array<{ rules: Array<{ uid: string; severity?: string; labels?: Record<string, string>; alerts?: Array<{ state: string; labels: Record<string, string> }> }> }> } };

const RULES_API = '/api/prometheus/grafana/api/v1/rules';
/** The simulated incident still going on at the end of the history (test/browser/environment.ts). */
const INCIDENT_MODEL = 'llama-3.1-8b-instruct';

test('the landing page shows one row per model with the backend’s numbers, firing alerts, and fleet tiles', async ({ page }) => {
  // The page's own requests/s query (refId "rps"), answered by the backend: the table must show exactly that.
  const rpsAnswer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/ds/query' && (r.request().postData() ?? '').includes('"refId":"rps"'));
  const rulesAnswer = page.waitForResponse((r) => new URL(r.url()).pathname === RULES_API);
  const errors = await openApp(page, 'overview');
  await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
  const rows = await tableRows(page, 'Models');
  const headers = await page.getByRole('table', { name: 'Models' }).getByRole('columnheader').allTextContents();
  expect(headers.map((h) => h.trim())).toEqual(['Model', 'Status', 'SLO attainment', 'Requests/s', 'TTFT p95', 'E2E p95', 'Error ratio', 'Cost / 1M tokens', 'Firing alerts']);
  expect(rows.map((r) => r[0])).toEqual(modelsOfFleet());
  // Status in the one vocabulary: the model with the ongoing incident is degraded, the others are normal.
  for (const r of rows) {
    if (r[0] === INCIDENT_MODEL) {
      expect(['Heavy', 'Emergency']).toContain(r[1].replace(/^\d /, ''));
    } else {
      expect(r[1], r[0]).toBe('Normal');
    }
  }
  // Requests/s per row equals the backend's per-model rate (summed over engines), as the table formats it.
  const rates = ratesByModel(await (await rpsAnswer).json());
  expect(Object.keys(rates).sort()).toEqual(modelsOfFleet());
  for (const r of rows) {
    expect(r[3], `requests/s of ${r[0]}`).toBe(`${rates[r[0]].toFixed(2)} req/s`);
  }
  // SLO attainment is a percentage never above 100 %, cost a currency amount.
  for (const r of rows) {
    if (r[2] !== '–') {
      expect(Number(r[2].replace('%', ''))).toBeLessThanOrEqual(100);
    }
    expect(r[7]).toMatch(/^\$\d+\.\d\d$/);
  }
  // Firing alerts: per model, the firing and pending instances the rule-state API reports (the harness
  // evaluates the provisioned rules through the backend at the page's "now"): the incident's model has
  // some, every other model none.
  const active = activeAlertsByModel(await (await rulesAnswer).json());
  expect(active[INCIDENT_MODEL]).toBeGreaterThan(0);
  for (const r of rows) {
    expect(r[8], `firing alerts of ${r[0]}`).toBe(String(active[r[0]] ?? 0));
  }
  // Fleet tiles: one number each.
  for (const title of ['Requests/s', 'Output tokens/s', 'GPUs', 'GPU cost / hour']) {
    await expect(page.getByTestId(`data-testid Panel header ${title}`)).toBeVisible();
  }
  await expect(page.getByTestId('data-testid Panel header GPUs')).toContainText('12');
  // The app's dashboards, linked under the panels (the harness lists dashboards/*.json as imported).
  await expect(page.getByRole('navigation', { name: 'Dashboards' }).getByRole('link')).not.toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a model’s firing-alerts count opens the Alerts page for that model: firing first, P0 first, conditions in words, runbooks', async ({ page }) => {
  const errors = await openApp(page, 'overview');
  const row = page.getByRole('table', { name: 'Models' }).getByRole('row').filter({ hasText: INCIDENT_MODEL });
  await row.getByRole('link', { name: /^\d+$/ }).click();
  await expect(page).toHaveURL(new RegExp(`${APP}/alerts\\?.*var-model=${INCIDENT_MODEL}`));
  // The same page chrome as the other pages: title, variables, refresh picker; no time picker.
  await expect(page.getByRole('heading', { name: 'Alerts', level: 1 })).toBeVisible();
  await expect(page.getByTestId('data-testid TimePicker Open Button')).toHaveCount(0);
  await expect(page.getByTestId('data-testid llmops alerts filter')).toContainText(INCIDENT_MODEL);
  const table = page.getByRole('table', { name: 'Alert rules' });
  const rules = await table.getByRole('row').evaluateAll((rs) => rs.slice(1).map((r) => Array.from(r.children).map((c) => (c.textContent ?? '').trim())));
  expect(rules.length).toBeGreaterThan(0);
  // Every listed rule has an alert on this model, firing ones first, and within them P0 before P1 before P2.
  const order = rules.map((r) => `${r[0] === 'Firing' ? 0 : 1}${r[2]}`);
  expect(order).toEqual([...order].sort());
  for (const r of rules) {
    expect(r[4], r[1]).toContain(`model ${INCIDENT_MODEL}`);
    // The condition in words from the rule's own expressions, never a bare "> 0" or template text.
    expect(r[3]).not.toMatch(/^> 0|\{\{|\$labels/);
  }
  expect(rules.find((r) => r[1].startsWith('KV cache saturated'))![3]).toBe('KV-cache usage > 98 % (5 min mean) for 5 m');
  // A rule's runbook opens on the page.
  await table.getByRole('row').filter({ hasText: 'KV cache saturated' }).getByRole('link', { name: 'runbook' }).click();
  await expect(page.getByTestId('data-testid llmops runbook')).toContainText('Runbook: KV cache saturated (P2)');
  await page.goto(appUrl(`alerts?var-model=${INCIDENT_MODEL}`));
  await expect(page.getByRole('table', { name: 'Alert rules' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: screenshotPath('app-alerts-model-dark.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('without alerting (the rule-state API fails), the table stays whole and says alerting is not available', async ({ page }) => {
  await page.route(`**${RULES_API}`, (route) => route.fulfill({ status: 403, contentType: 'application/json', body: JSON.stringify({ message: 'Access denied to alert rules' }) }));
  const errors = (await openApp(page, 'overview')).filter((e) => !e.includes(RULES_API));
  const rows = await tableRows(page, 'Models');
  expect(rows.map((r) => r[0])).toEqual(modelsOfFleet());
  for (const r of rows) {
    expect(r[8], r[0]).toBe('unavailable');
    // The other columns are unaffected.
    expect(r[3]).toMatch(/req\/s$/);
  }
  await page.goto(appUrl('alerts'));
  await expect(page.getByText('Alerting not available: could not read alert rule state')).toBeVisible();
  await expect(page.getByText('Access denied to alert rules')).toBeVisible();
  expect(errors.filter((e) => !e.includes(RULES_API))).toEqual([]);
});

test('a Viewer, who may not read rule definitions, sees the state and the shipped thresholds', async ({ page }) => {
  await page.route('**/api/ruler/grafana/api/v1/rules', (route) => route.fulfill({ status: 403, contentType: 'application/json', body: JSON.stringify({ message: 'permission denied' }) }));
  const errors = (await openApp(page, 'alerts')).filter((e) => !e.includes('/api/ruler/'));
  const table = page.getByRole('table', { name: 'Alert rules' });
  await expect(table.getByRole('row').filter({ hasText: 'KV cache saturated' })).toContainText('KV-cache usage > 98 % (5 min mean) for 5 m (as shipped)');
  await expect(table.getByRole('row').nth(1)).toContainText('Firing');
  expect(errors).toEqual([]);
});

test('the time picker and variables live in the URL', async ({ page }) => {
  const errors = await openApp(page, 'overview');
  await expect(page).toHaveURL(/from=now-6h&to=now/);
  await page.getByTestId('data-testid TimePicker Open Button').click();
  await page.getByText('Last 1 hour', { exact: true }).click();
  await expect(page).toHaveURL(/from=now-1h&to=now/);
  // The page reads its state back from the URL: a reload keeps the range.
  await page.reload();
  await expect(page.getByTestId('data-testid TimePicker Open Button')).toContainText('Last 1 hour');
  await expect(page).toHaveURL(/var-ttft_slo=1/);
  expect(errors).toEqual([]);
});

test('drill-down: model → instance → its GPUs, host, traces and root cause, each a URL that opens again', async ({ page }) => {
  const errors = await openApp(page, 'overview');
  await page.getByRole('table', { name: 'Models' }).getByRole('link', { name: 'llama-3.1-70b-instruct' }).click();
  await expect(page).toHaveURL(new RegExp(`${APP}/overview/model/llama-3.1-70b-instruct\\?`));
  await expect(page.getByRole('heading', { name: 'llama-3.1-70b-instruct', level: 1 })).toBeVisible();
  const instances = await tableRows(page, 'Instances');
  const expected = smallFleet().instances.filter((i) => i.model === 'llama-3.1-70b-instruct');
  expect(instances.map((r) => r[0])).toEqual(expected.map((i) => `${i.name}:8000`).sort());

  const instance = expected[0];
  await page.getByRole('table', { name: 'Instances' }).getByRole('link', { name: `${instance.name}:8000` }).click();
  await expect(page).toHaveURL(new RegExp(`${APP}/overview/model/llama-3.1-70b-instruct/instance/${instance.name}:8000\\?`));
  await expect(page.getByRole('heading', { name: `${instance.name}:8000`, level: 1 })).toBeVisible();
  const identity = page.getByRole('region', { name: 'Instance identity' });
  await expect(identity).toContainText(instance.name);
  await expect(identity).toContainText(instance.host);
  // Pod and host resolved into the URL: the link can be shared.
  await expect(page).toHaveURL(new RegExp(`var-pod=${instance.name}&var-hostname=${instance.host}`));
  // GPU and host panels draw series of this instance's GPUs and host (legends name them).
  await expect(page.getByTestId('data-testid Panel header GPU utilisation').getByText('GPU 0')).toBeVisible();
  await expect(page.getByTestId('data-testid Panel header Host CPU').getByText(instance.host)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Recent traces of this pod' }).getByRole('row').nth(1)).toBeVisible();
  // The scripted incident of the history is on this instance: the root cause names it.
  await expect(page.getByTestId('data-testid llmops rootcause-panel hypothesis').first().getByRole('heading')).toContainText('KV-cache saturation');

  const shared = page.url();
  await page.goto(shared);
  await expect(page.getByRole('heading', { name: `${instance.name}:8000`, level: 1 })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Breadcrumbs' })).toContainText('llama-3.1-70b-instruct');
  expect(errors).toEqual([]);
});

test('cost and root cause use the same time picker, their state in the URL', async ({ page }) => {
  const errors = await openApp(page, 'cost?from=now-3h&to=now');
  await expect(page.getByTestId('data-testid TimePicker Open Button')).toContainText('Last 3 hours');
  const byModel = await tableRows(page, 'Cost by model');
  expect(byModel.map((r) => r[0])).toEqual(modelsOfFleet());
  // (The harness's uninitialised i18next HTML-escapes the "/" in the header's accessible name.)
  await expect(page.getByRole('table', { name: 'Cost by model' }).getByRole('columnheader', { name: /Cost (\/|&#x2F;) 1M tokens/ })).toBeVisible();
  await expect(page.getByTestId('data-testid Panel header Cost in range')).toContainText('$');

  await page.goto(appUrl('root-cause?from=now-6h&to=now'));
  // Per model by default.
  await expect(page).toHaveURL(/var-per=model/);
  await expect(page.getByTestId('data-testid llmops rootcause-panel hypothesis').first()).toBeVisible();
  await page.getByRole('combobox', { name: /Explain|signal/ }).or(page.getByTestId(/variable signal/)).first().click();
  await page.getByRole('option', { name: 'End-to-end latency' }).click();
  await expect(page).toHaveURL(/var-signal=e2e_latency/);
  expect(errors).toEqual([]);
});

const PAGES: Array<[string, string]> = [
  ['overview', 'overview'],
  ['model', 'overview/model/llama-3.1-70b-instruct'],
  ['instance', 'overview/model/llama-3.1-70b-instruct/instance/vllm-llama-70b-0:8000'],
  ['cost', 'cost'],
  ['root-cause', 'root-cause'],
  ['alerts', 'alerts'],
];

for (const theme of ['dark', 'light'] as Theme[]) {
  test(`every app page in the ${theme} theme (screenshots)`, async ({ page }) => {
    test.setTimeout(120_000);
    const errors = await openApp(page, 'overview', theme);
    for (const [name, path] of PAGES) {
      await page.goto(appUrl(path, theme));
      await expect(page.getByRole('heading', { level: 1 }).or(page.getByRole('heading', { name: 'Alert rules using LLM Ops' })).first()).toBeVisible();
      // Every query answered (the instance page queries again once its pod and host are known) and no
      // panel still loading before the picture is taken.
      if (name === 'instance') {
        await expect(page.getByTestId('data-testid llmops rootcause-panel hypothesis').first()).toBeVisible();
      }
      await page.waitForLoadState('networkidle');
      await expect(page.getByLabel('Panel loading bar')).toHaveCount(0);
      await page.waitForTimeout(500);
      await page.screenshot({ path: screenshotPath(`app-${name}-${theme}.png`), fullPage: true });
    }
    expect(errors).toEqual([]);
  });
}
