import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

import type { GroundTruth, GroundTruthFault } from '../../simulator/src';

import { startPageClock } from './open-harness';
import { screenshotPath } from './screenshots';

const harness = () => `${process.env.HARNESS_URL}/harness/`;
type Theme = 'light' | 'dark';

/** Opens the harness and records console errors and uncaught exceptions for the test to assert on. */
async function open(page: Page, theme: Theme = 'dark') {
  const errors: string[] = [];
  // Failed requests are reported with their URL below; Chromium's console line for them has none.
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
  page.on('response', (r) => r.status() >= 400 && errors.push(`HTTP ${r.status()} ${r.url()}`));
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await startPageClock(page);
  await page.goto(`${harness()}?theme=${theme}`);
  await expect(page.locator('body[data-harness=ready]')).toHaveCount(1);
  return errors;
}

/**
 * The scripted incidents of the browser tests' 6 h history: KV-cache saturations, one on a 70B instance
 * three hours before the end, one on an 8B instance still going on at the end (environment.ts).
 */
function scriptedKvIncidents(): GroundTruthFault[] {
  const gt = JSON.parse(readFileSync(process.env.GROUND_TRUTH_FILE!, 'utf8')) as GroundTruth;
  const inRange = gt.faults.filter((f) => f.inRange);
  expect(inRange.map((f) => f.kind)).toEqual(['kv_cache_saturation', 'kv_cache_saturation']);
  return inRange;
}

const COST_QUERIES = ['summary', 'by_model', 'over_time', 'opportunities'].map((view, i) => ({ refId: String.fromCharCode(65 + i), queryType: 'cost', view }));
const ROOTCAUSE_QUERY = [{ refId: 'A', queryType: 'rootcause', target: { queryType: 'signal', signal: 'e2e_latency', aggregation: 'p95' } }];

test('all four module.js files load through SystemJS and export the right plugin objects', async ({ page }) => {
  const errors = await open(page);
  const described = await page.evaluate(async () => {
    const w = window as unknown as { llmops: { describePlugin(dir: string): Promise<Record<string, unknown>> } };
    const out: Record<string, Record<string, unknown>> = {};
    for (const dir of ['', 'datasource', 'panels/cost', 'panels/rootcause']) {
      out[dir || 'app'] = await w.llmops.describePlugin(dir);
    }
    return out;
  });
  expect(described.app).toMatchObject({ isAppPlugin: true, hasRootPage: true, configPages: ['Configuration'] });
  expect(described.datasource).toMatchObject({ isDataSourcePlugin: true, hasQueryEditor: true, hasConfigEditor: true });
  expect(described['panels/cost']).toMatchObject({ isPanelPlugin: true, isAppPlugin: false });
  expect(described['panels/rootcause']).toMatchObject({ isPanelPlugin: true, isDataSourcePlugin: false });
  expect(errors).toEqual([]);
});

test('every app page renders with data from the backend', async ({ page }) => {
  const errors = await open(page);
  const render = (route: string) => page.evaluate((r) => (window as any).llmops.renderApp(r, 'dark'), route);

  // The scene pages in depth: app.spec.ts. Here: each renders its first data through the same renderApp.
  await render('/overview');
  await expect(page.getByRole('table', { name: 'Models' }).getByRole('row')).not.toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Models' })).toContainText('llama-3.1-70b-instruct');
  await page.screenshot({ path: screenshotPath('app-overview.png') });

  await render('/cost');
  await expect(page.getByRole('table', { name: 'Cost by model' }).getByRole('row')).not.toHaveCount(1);
  await expect(page.getByTestId('data-testid Panel header Cost in range')).toContainText('$');

  await render('/root-cause');
  await expect(page.getByTestId('data-testid llmops rootcause-panel hypothesis').first()).toBeVisible();

  await render('/alerts');
  const rules = page.getByTestId('data-testid llmops alerts rules');
  await expect(rules.getByRole('row').nth(1)).toContainText('TTFT SLO burning fast');
  await expect(rules).toContainText('queue time p95 > 2 s for 5 m');
  expect(await rules.textContent()).not.toMatch(/\{\{|\$labels/);
  await expect(page.getByRole('heading', { name: 'Two ways to run the rules' })).toBeVisible();
  await page.screenshot({ path: screenshotPath('app-alerts.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('editing a query in the query editor changes the result', async ({ page }) => {
  const errors = await open(page);
  await page.evaluate(() => (window as any).llmops.renderQueryEditor({ refId: 'A', queryType: 'signal', signal: 'ttft', aggregation: 'p95', groupBy: ['model'] }, 'dark'));
  const result = page.getByTestId('harness-result');
  await expect(result).toContainText('"model":"llama-3.1-70b-instruct"');
  const before = await result.textContent();

  await page.getByLabel('Query type').click();
  await page.getByText('Cost', { exact: true }).click();
  await expect(result).toContainText('cost_summary');
  expect(await result.textContent()).not.toEqual(before);

  await page.getByLabel('Cost view').click();
  await page.getByText('By model', { exact: true }).click();
  await expect(result).toContainText('cost_by_model');
  expect(errors).toEqual([]);
});

for (const theme of ['light', 'dark'] as Theme[]) {
  test(`both panels render real frames in the ${theme} theme`, async ({ page }) => {
    const errors = await open(page, theme);
    const cost = await page.evaluate(([q, t]) => (window as any).llmops.renderPanel('panels/cost', q, t, { width: 960, height: 620 }), [COST_QUERIES, theme] as const);
    expect(cost.errors).toEqual([]);
    expect(cost.names).toEqual(expect.arrayContaining(['cost_summary', 'cost_by_model', 'over_time', 'opportunities']));
    await expect(page.getByRole('list', { name: 'Cost summary' })).toContainText('Projected per month');
    await expect(page.getByTestId('data-testid llmops cost-panel chart').locator('polygon')).not.toHaveCount(0);
    await expect(page.getByRole('table', { name: 'Savings opportunities' })).toBeVisible();
    // Theme tokens reach the page: a light canvas in light mode, a dark one in dark mode.
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const lightness = bg.match(/\d+/g)!.slice(0, 3).reduce((a, b) => a + Number(b), 0) / 3;
    expect(theme === 'light' ? lightness > 200 : lightness < 60).toBe(true);
    await page.getByRole('region', { name: 'Panel' }).screenshot({ path: screenshotPath(`cost-panel-${theme}.png`) });

    const rc = await page.evaluate(([q, t]) => (window as any).llmops.renderPanel('panels/rootcause', q, t, { width: 760, height: 620 }), [ROOTCAUSE_QUERY, theme] as const);
    expect(rc.errors).toEqual([]);
    expect(rc.names).toContain('rootcause');
    // Without a window the backend finds the incident itself: it must be one of the scripted ones, named by its cause and instance.
    const first = page.getByTestId('data-testid llmops rootcause-panel hypothesis').first();
    await expect(first.getByRole('heading')).toContainText('KV-cache saturation');
    const text = (await first.textContent()) ?? '';
    const named = scriptedKvIncidents().filter((f) => text.includes(f.target.pod!));
    expect(named, `hypothesis "${text}"`).toHaveLength(1);
    const fault = named[0]!;
    await expect(first.getByRole('meter')).toHaveAttribute('aria-label', /Confidence \d+%/);
    const window = await page.getByText(/^Incident window /).textContent();
    const [, day, start, end] = /^Incident window (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}) – (\d{2}:\d{2})$/.exec(window ?? '') ?? [];
    const shown = { startMs: Date.parse(`${day}T${start}:00Z`), endMs: Date.parse(`${day}T${end}:00Z`) };
    // The detected window lies on the scripted one (give or take a few minutes of onset and recovery).
    expect(Math.abs(shown.startMs - fault.startMs), `incident window "${window}" vs fault ${fault.start}–${fault.end}`).toBeLessThanOrEqual(5 * 60_000);
    expect(Math.abs(shown.endMs - fault.endMs), `incident window "${window}" vs fault ${fault.start}–${fault.end}`).toBeLessThanOrEqual(10 * 60_000);
    await expect(first.getByRole('img').first()).toHaveAttribute('aria-label', /from .* to .*/);
    await page.getByRole('region', { name: 'Panel' }).screenshot({ path: screenshotPath(`rootcause-panel-${theme}.png`) });
    expect(errors).toEqual([]);
  });
}
