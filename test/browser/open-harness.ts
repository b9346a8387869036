/**
 * Opens the harness page for a test and records everything that must fail it: console errors,
 * uncaught page errors and HTTP responses >= 400 (the same guard plugins.spec.ts uses). Response
 * bodies of the harness API are kept too, so tests can assert that no secret ever reaches the page.
 */
import { expect, type Page } from '@playwright/test';

import { SCENARIO_END_MS } from '../../simulator/src/scenario-time';

export type Theme = 'light' | 'dark';

export const harnessUrl = () => `${process.env.HARNESS_URL}/harness/`;

export interface OpenedHarness {
  errors: string[];
  /** Bodies of every /api/ response the page received, read when asked (after the page settled). */
  apiBodies(): Promise<string[]>;
}

/**
 * The page's clock starts at the end of the simulated history (SCENARIO_END_MS) and then runs in real
 * time, so "the last 6 hours" of every page and panel is the same range whatever the hour the tests run.
 */
export async function startPageClock(page: Page): Promise<void> {
  await page.clock.install({ time: SCENARIO_END_MS });
}

export async function openHarness(page: Page, theme: Theme = 'dark'): Promise<OpenedHarness> {
  await startPageClock(page);
  const errors: string[] = [];
  const bodies: Array<Promise<string>> = [];
  // Failed requests are reported with their URL below; Chromium's console line for them has none.
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) {
      errors.push(`HTTP ${r.status()} ${r.url()}`);
    }
    if (new URL(r.url()).pathname.startsWith('/api/')) {
      bodies.push(r.text().catch(() => ''));
    }
  });
  await page.goto(`${harnessUrl()}?theme=${theme}`);
  await expect(page.locator('body[data-harness=ready]')).toHaveCount(1);
  return { errors, apiBodies: () => Promise.all(bodies) };
}

/** Average of the body background's RGB channels: > 200 on the light canvas, < 60 on the dark one. */
export async function canvasLightness(page: Page): Promise<number> {
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  return bg.match(/\d+/g)!.slice(0, 3).reduce((a, b) => a + Number(b), 0) / 3;
}
