/**
 * Every shipped dashboard (dashboards/*.json) rendered as Grafana lays it out (harness/dashboard.tsx:
 * scenes' grid of 24 columns and 30 px rows, each panel at its gridPos with its queries run through the
 * datasource against the built backend and the real Prometheus holding the simulator's history), in
 * both themes: dark on load, then light and dark again by Grafana's live theme change (one round of
 * queries per dashboard). Full-page screenshots go to the ignored .tmp/screenshots/dashboards/.
 *
 * Fails when: a panel is missing (rendered count ≠ the JSON's), a panel shows an error, a panel is
 * blank (neither a visualization nor Grafana's "No data"), a panel shows "No data" that is not listed
 * in EXPECTED_NO_DATA, or the page logs an error. Every collapsed row is opened at the end, so the
 * panels inside collapsed rows are checked the same way.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';

import { startPageClock, type Theme } from './open-harness';
import { screenshotPath } from './screenshots';

const VIEWPORT = { width: 1600, height: 1000 };

/**
 * Panels that show Grafana's "No data" for the browser scenario's history, and why. Every other panel
 * must draw something: a panel that silently matches no field (a field filter or a calculation naming
 * a field the datasource calls otherwise) fails here.
 */
const EXPECTED_NO_DATA: Record<string, string[]> = {
  // The simulator's spans break no policy.
  'security-compliance': ['Compliance findings'],
  // The simulator's traces carry no span tagged error=true (none in the whole 6 h history).
  traces: ['Failed traces'],
};
const DASHBOARD_DIR = path.resolve(__dirname, '..', '..', 'dashboards');

interface PanelJson {
  id: number;
  type: string;
  title?: string;
  collapsed?: boolean;
  panels?: PanelJson[];
}

const dashboards = fs
  .readdirSync(DASHBOARD_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => ({ name: f.replace(/\.json$/, ''), panels: (JSON.parse(fs.readFileSync(path.join(DASHBOARD_DIR, f), 'utf8')) as { panels: PanelJson[] }).panels }));

/** Panels (not rows) shown when the dashboard opens, and those inside collapsed rows. */
function expectedPanels(panels: PanelJson[]) {
  const rows = panels.filter((p) => p.type === 'row');
  return {
    visible: panels.filter((p) => p.type !== 'row'),
    collapsedRows: rows.filter((r) => r.collapsed),
    inCollapsed: rows.filter((r) => r.collapsed).flatMap((r) => r.panels ?? []),
    rows,
  };
}

/** Records what must fail the test on this page: console errors, page errors, HTTP errors. */
function recordErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('response', (r) => r.status() >= 400 && errors.push(`HTTP ${r.status()} ${r.url()}`));
  return errors;
}

async function openDashboard(page: Page, name: string, theme: Theme) {
  await page.goto(`${process.env.HARNESS_URL}/harness/?view=dashboard&dashboard=${name}&theme=${theme}`);
  await expect(page.getByTestId('harness-dashboard')).toBeVisible();
  await expect(page.locator(`body[data-theme=${theme}]`)).toHaveCount(1);
}

/**
 * Grafana's live theme change (harness/dashboard.tsx switchTheme): the same scene and query results,
 * field colours resolved again in the new theme.
 */
async function switchTheme(page: Page, name: string, theme: Theme) {
  await page.evaluate(([n, t]) => (window as unknown as { llmops: { renderDashboard(n: string, t: string): Promise<void> } }).llmops.renderDashboard(n, t), [name, theme]);
  await expect(page.locator(`body[data-theme=${theme}]`)).toHaveCount(1);
}

/** Waits until no query is running and no panel is loading. */
async function settled(page: Page) {
  await page.waitForLoadState('networkidle');
  await expect(page.getByLabel('Panel loading bar')).toHaveCount(0);
  await page.waitForTimeout(300);
}

/**
 * The whole dashboard in one picture: the viewport is made as tall as the page and that viewport is
 * captured (Playwright's fullPage capture beyond the viewport sometimes caught the grid's panels unpainted).
 */
async function screenshotWholePage(page: Page, file: string) {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: VIEWPORT.width, height });
  // Taller, not wider: no panel queries again (their data points follow the width); the grid re-lays out.
  await expect(page.getByLabel('Panel loading bar')).toHaveCount(0);
  await page.waitForTimeout(200);
  await page.screenshot({ path: screenshotPath(file) });
  await page.setViewportSize(VIEWPORT);
}

interface PanelState {
  key: string;
  title: string;
  error: boolean;
  noData: boolean;
  /** Drawn content: a plot canvas, a table, a value, a heatmap … (not just the empty chrome). */
  drawn: boolean;
}

async function panelStates(panels: Locator): Promise<PanelState[]> {
  return panels.evaluateAll((els) =>
    els.map((el) => {
      const title = el.querySelector('[data-testid^="data-testid Panel header"] h2, h2')?.textContent?.trim() ?? '';
      const body = el.querySelector('[data-testid="data-testid panel content"]') ?? el;
      const text = (body.textContent ?? '').trim();
      return {
        key: el.getAttribute('data-viz-panel-key') ?? '',
        title,
        error: Boolean(el.querySelector('[data-testid="data-testid Panel status error"]')),
        noData: text === 'No data',
        drawn: text !== 'No data' && (Boolean(body.querySelector('canvas, svg, [role=table], [role=grid], table')) || text.length > 0),
      };
    })
  );
}

function problems(states: PanelState[]) {
  return states.filter((s) => s.error || !(s.drawn || s.noData)).map((s) => `${s.title || s.key}: ${s.error ? 'error' : 'blank'}`);
}

async function checkPanels(page: Page, panels: Locator, what: string): Promise<PanelState[]> {
  await settled(page);
  const states = await panelStates(panels);
  expect(problems(states), `${what}: panels in an error state or blank`).toEqual([]);
  return states;
}

for (const d of dashboards) {
  test(`dashboard ${d.name}: every panel rendered, dark and light`, async ({ page }) => {
    await page.setViewportSize(VIEWPORT);
    await startPageClock(page);
    const errors = recordErrors(page);
    const want = expectedPanels(d.panels);
    const panels = page.locator('[data-viz-panel-key]');
    for (const theme of ['dark', 'light'] as Theme[]) {
      if (theme === 'dark') {
        await openDashboard(page, d.name, theme);
      } else {
        await switchTheme(page, d.name, theme);
      }
      await expect(panels).toHaveCount(want.visible.length);
      for (const r of want.rows) {
        await expect(page.getByTestId(`data-testid dashboard-row-title-${r.title}`)).toBeVisible();
      }
      const shown = await checkPanels(page, panels, theme);
      await screenshotWholePage(page, `dashboards/${d.name}-${theme}.png`);
      const noData = shown.filter((s) => s.noData).map((s) => s.title);
      expect(noData.sort(), `${theme}: panels showing "No data"`).toEqual([...(EXPECTED_NO_DATA[d.name] ?? [])].sort());
    }

    // Back in the dark theme, every collapsed row opened, its panels checked the same way.
    if (want.collapsedRows.length) {
      await switchTheme(page, d.name, 'dark');
      for (const r of want.collapsedRows) {
        await page.getByTestId(`data-testid dashboard-row-title-${r.title}`).click();
      }
      await expect(panels).toHaveCount(want.visible.length + want.inCollapsed.length);
      const all = await checkPanels(page, panels, 'collapsed rows opened');
      await screenshotWholePage(page, `dashboards/${d.name}-expanded-dark.png`);
      const expected = EXPECTED_NO_DATA[d.name] ?? [];
      expect(all.filter((s) => s.noData && !expected.includes(s.title)).map((s) => s.title), 'panels of collapsed rows showing "No data"').toEqual([]);
    }
    expect(errors).toEqual([]);
  });
}
