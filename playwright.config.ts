import { defineConfig } from '@playwright/test';

/**
 * Browser tests: the built dist/**\/module.js loaded through SystemJS in Debian's Chromium, against a
 * harness server backed by the built backend executable and a real Prometheus (test/browser/).
 * Run `npm run build` first.
 */
export default defineConfig({
  testDir: './test/browser',
  testMatch: '**/*.spec.ts',
  globalSetup: './test/browser/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: './test-results',
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 900 },
    // Times on the pages read the same on every machine (the page clock is set by the tests).
    timezoneId: 'UTC',
    launchOptions: {
      executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
    trace: 'off',
  },
});
