// The query editors in Chromium with the real @grafana/ui (Monaco included) against the built backend
// and the simulator's Prometheus: PromQL with highlighting and metric completion, and the signal
// picker grouped by area.
import { expect, test, type Page } from '@playwright/test';

import { startPageClock } from './open-harness';
import { screenshotPath } from './screenshots';

test.use({ actionTimeout: 15_000 });

async function openEditor(page: Page, query: Record<string, unknown>) {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await startPageClock(page);
  await page.goto(`${process.env.HARNESS_URL}/harness/?theme=dark`);
  await expect(page.locator('body[data-harness=ready]')).toHaveCount(1);
  await page.evaluate((q) => (window as any).llmops.renderQueryEditor(q, 'dark'), query);
  return errors;
}

test('PromQL: Monaco highlights the expression and completes metric names from Prometheus; blur runs it', async ({ page }) => {
  const errors = await openEditor(page, { refId: 'A', queryType: 'promql', expr: '' });
  const editor = page.getByLabel('PromQL editor').locator('.monaco-editor[role="code"]');
  await expect(editor).toBeVisible({ timeout: 30_000 });
  await editor.click();
  await page.keyboard.type('sum(rate(vllm:num_requests_r');
  await page.keyboard.press('Control+Space');
  const suggestion = page.locator('.suggest-widget .monaco-list-row', { hasText: 'vllm:num_requests_running' });
  await expect(suggestion.first()).toBeVisible();
  await page.keyboard.press('Enter');
  await page.keyboard.type('[5m]))');
  const text = await editor.locator('.view-lines').innerText();
  expect(text.replace(/\u00a0/g, ' ')).toBe('sum(rate(vllm:num_requests_running[5m]))');
  // Highlighting: the aggregation, the function, the metric and the duration each get a token class.
  const classOf = (word: string) => editor.locator('.view-line span span', { hasText: new RegExp(`^${word.replace(/[:[\]]/g, '\\$&')}$`) }).first().getAttribute('class');
  const classes = await Promise.all(['sum', 'rate', 'vllm:num_requests_running', '5m'].map(classOf));
  expect(new Set(classes).size, JSON.stringify(classes)).toBe(4);
  await page.screenshot({ path: screenshotPath('promql-editor-dark.png') });
  // Leaving the editor runs the query: one series per vLLM instance's sum.
  await page.getByTestId('harness-result').click();
  await expect(page.getByTestId('harness-result')).toHaveText(/^frames: 1\n/);
  expect(errors).toEqual([]);
});

test('PromQL: completion offers label names inside a selector and values after the operator', async ({ page }) => {
  const errors = await openEditor(page, { refId: 'A', queryType: 'promql', expr: '' });
  const editor = page.getByLabel('PromQL editor').locator('.monaco-editor[role="code"]');
  await expect(editor).toBeVisible({ timeout: 30_000 });
  await editor.click();
  await page.keyboard.type('vllm:num_requests_running{model_n');
  await page.keyboard.press('Control+Space');
  await expect(page.locator('.suggest-widget .monaco-list-row', { hasText: 'model_name' }).first()).toBeVisible();
  await page.keyboard.press('Enter');
  await page.keyboard.type('="');
  await page.keyboard.press('Control+Space');
  await expect(page.locator('.suggest-widget .monaco-list-row', { hasText: 'llama-3.1-70b-instruct' }).first()).toBeVisible();
  expect(errors).toEqual([]);
});

test('signal picker: signals grouped by area', async ({ page }) => {
  const errors = await openEditor(page, { refId: 'A', queryType: 'signal', signal: 'ttft', aggregation: 'p95', groupBy: ['model'] });
  await page.getByLabel('Signal name').click();
  const menu = page.getByLabel('Select options menu');
  for (const area of ['Health', 'Latency', 'Throughput', 'Errors', 'Scheduler and KV cache', 'GPU', 'Energy and cost', 'Host']) {
    await expect(menu.getByText(area, { exact: true })).toHaveCount(1);
  }
  const text = (await menu.innerText()).split('\n');
  expect(text.indexOf('Latency')).toBeLessThan(text.indexOf('Time to first token'));
  expect(text.indexOf('Time to first token')).toBeLessThan(text.indexOf('Throughput'));
  await page.screenshot({ path: screenshotPath('signal-picker-dark.png') });
  await page.keyboard.press('Escape');
  expect(errors).toEqual([]);
});
