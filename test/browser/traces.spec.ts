import { expect, test } from '@playwright/test';

import { SCENARIO_END_MS } from '../../simulator/src/scenario-time';
import { openHarness } from './open-harness';
import { screenshotPath } from './screenshots';

test.use({ actionTimeout: 10_000 });

interface JaegerTrace {
  traceID: string;
  spans: Array<{ spanID: string; operationName: string; duration: number; references?: Array<{ refType: string }> }>;
}

async function jaeger<T>(apiPath: string): Promise<T> {
  const res = await fetch(`${process.env.JAEGER_URL}${apiPath}`);
  expect(res.status, apiPath).toBe(200);
  return ((await res.json()) as { data: T }).data;
}

const rootDurationUs = (t: JaegerTrace) => t.spans.find((s) => !s.references?.length)!.duration;

test('traces editor: service and operation from Jaeger, a results table, and one trace opened from its link', async ({ page }) => {
  const services = (await jaeger<string[]>('/api/services')).filter((s) => s !== 'jaeger').sort();
  const operations = [...new Set((await jaeger<Array<{ name: string }>>('/api/operations?service=llm-gateway')).map((o) => o.name))].sort();
  expect(services).toContain('llm-gateway');
  expect(operations).toContain('llm_inference_request');

  const h = await openHarness(page, 'dark');
  await page.evaluate(() => (window as any).llmops.renderQueryEditor({ refId: 'A', queryType: 'traces', limit: 20 }, 'dark', true));
  const result = page.getByTestId('harness-result');
  // Without a service the query is not runnable, so nothing is sent.
  await expect(result).toHaveText('frames: 0');

  // The service dropdown lists exactly what Jaeger knows, through the backend's jaeger/services resource.
  const options = page.getByTestId('data-testid Select option');
  await page.getByLabel('Service').click();
  await expect(options).toHaveCount(services.length);
  expect((await options.allTextContents()).sort()).toEqual(services);
  await options.filter({ hasText: /^llm-gateway$/ }).click();
  const table = page.getByRole('table', { name: 'Frame Traces' });
  await expect(table).toHaveAttribute('data-rows', '20');
  await expect(table.getByRole('row')).toHaveCount(21);

  await page.getByLabel('Operation').click();
  await expect(options).toHaveCount(operations.length);
  expect((await options.allTextContents()).sort()).toEqual(operations);
  await options.filter({ hasText: /^llm_inference_request$/ }).click();
  await expect(result).toContainText('frames: 1');

  // A minimum duration: the table holds exactly the traces whose root span is at least that long.
  // The editor's range is the last 6 hours before the page clock's start (the end of the history).
  const to = SCENARIO_END_MS;
  const all = await jaeger<JaegerTrace[]>(`/api/traces?service=llm-gateway&operation=llm_inference_request&limit=1500&start=${(to - 6 * 3600_000) * 1000}&end=${to * 1000}`);
  const durations = all.map(rootDurationUs).sort((a, b) => b - a);
  const minMs = Math.floor(durations[4]! / 1000);
  const want = all.filter((t) => rootDurationUs(t) >= minMs * 1000).map((t) => t.traceID).sort();
  expect(want.length).toBeGreaterThanOrEqual(5);
  expect(want.length).toBeLessThan(20);
  await page.getByLabel('Min duration').fill(`${minMs}ms`);
  await page.getByLabel('Min duration').blur();
  await expect(table).toHaveAttribute('data-rows', String(want.length));
  const traceCol = await table.locator('thead th').allTextContents();
  const idIndex = traceCol.findIndex((c) => /trace id/i.test(c));
  expect(idIndex).toBeGreaterThanOrEqual(0);
  const ids = await table.locator(`tbody tr td:nth-child(${idIndex + 1})`).allTextContents();
  expect(ids.sort()).toEqual(want);

  // The trace ID link opens the `trace` query for that trace; its frame is drawn as a span tree.
  const id = ids[0]!;
  const trace = (await jaeger<JaegerTrace[]>(`/api/traces/${id}`))[0]!;
  await table.getByRole('button', { name: new RegExp(`${id}$`) }).click();
  await expect(page.getByLabel('Trace ID')).toHaveValue(id);
  const tree = page.getByRole('tree', { name: `Trace ${id}` });
  await expect(tree).toHaveAttribute('data-spans', String(trace.spans.length));
  await expect(tree.getByRole('treeitem')).toHaveCount(trace.spans.length);
  expect(trace.spans.length).toBeGreaterThan(1);
  const root = tree.locator('[aria-level="1"]');
  await expect(root).toHaveCount(1);
  await expect(root).toContainText('llm-gateway: llm_inference_request');
  await expect(tree.locator('[aria-level="2"]').first()).toBeVisible();
  await page.screenshot({ path: screenshotPath('traces-dark.png') });
  expect(h.errors).toEqual([]);
});
