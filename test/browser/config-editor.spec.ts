import { expect, test, type Page } from '@playwright/test';
import { canvasLightness, openHarness, type Theme } from './open-harness';
import { screenshotPath } from './screenshots';
import { HARNESS_SECRETS, provisionedJsonData } from './server';

const provisioned = provisionedJsonData() as { gpuHourlyPrices: Record<string, number>; apiPrices: Record<string, { input: number; output: number }> };
test.use({ actionTimeout: 10_000 });

const SECRET_INPUTS = ['Prometheus bearer token', 'Jaeger bearer token', 'Header 1 value'];

interface EmittedOptions {
  url: string;
  jsonData: Record<string, unknown> & { gpuHourlyPrices?: Record<string, number>; apiPrices?: Record<string, { input: number; output: number }> };
  secureJsonData?: Record<string, string>;
  secureJsonFields: Record<string, boolean>;
}

/** The options object the editor emitted last (recorded by the harness's onOptionsChange). */
const lastOptions = (page: Page) => page.evaluate(() => (window as unknown as { llmopsConfigChanges: EmittedOptions[] }).llmopsConfigChanges.at(-1)!);

async function renderConfig(page: Page, theme: Theme) {
  await page.evaluate((t) => (window as any).llmops.renderConfigEditor(t), theme);
  await expect(page.getByRole('region', { name: 'Data source settings' })).toBeVisible();
}

for (const theme of ['light', 'dark'] as Theme[]) {
  test(`config editor renders in the ${theme} theme with stored secrets only as configured SecretInputs`, async ({ page }) => {
    const h = await openHarness(page, theme);
    await renderConfig(page, theme);
    await expect(page.getByLabel('Prometheus URL')).toHaveValue(/^http:\/\/127\.0\.0\.1:\d+$/);
    await expect(page.getByLabel('Jaeger URL')).toHaveValue(process.env.JAEGER_URL!);
    await expect(page.getByLabel('Header 1 name')).toHaveValue('X-Scope-OrgID');
    // A stored secret is a disabled SecretInput reading "configured", with a Reset button.
    for (const label of SECRET_INPUTS) {
      const input = page.getByLabel(label, { exact: true });
      await expect(input).toHaveValue('configured');
      await expect(input).toBeDisabled();
    }
    await expect(page.getByRole('button', { name: 'Reset' })).toHaveCount(SECRET_INPUTS.length);
    const gpu = page.getByRole('table', { name: 'GPU-hour prices' });
    await expect(gpu.getByRole('textbox')).toHaveCount(Object.keys(provisioned.gpuHourlyPrices).length);
    await expect(page.getByRole('table', { name: 'API prices' }).getByRole('textbox')).toHaveCount(Object.keys(provisioned.apiPrices).length);
    // Valid provisioned settings: no "needs attention" summary.
    await expect(page.getByText(/need(s)? attention before saving/)).toHaveCount(0);
    const lightness = await canvasLightness(page);
    expect(theme === 'light' ? lightness > 200 : lightness < 60).toBe(true);
    if (theme === 'light') {
      await page.screenshot({ path: screenshotPath('config-editor-light.png') });
    }

    // Grafana never sends secret values to the browser: neither the page nor any API response has them.
    const html = await page.content();
    const bodies = (await h.apiBodies()).join('\n');
    expect(bodies).toContain('"secureJsonFields"');
    for (const secret of Object.values(HARNESS_SECRETS)) {
      expect(html).not.toContain(secret);
      expect(bodies).not.toContain(secret);
    }
    expect(h.errors).toEqual([]);
  });
}

test('config editor: secrets, price tables and fields update the emitted options; bad values show messages', async ({ page }) => {
  const h = await openHarness(page, 'dark');
  await renderConfig(page, 'dark');

  // Reset a stored secret, then type a new one: it goes to secureJsonData only.
  await page
    .getByLabel('Prometheus bearer token', { exact: true })
    .locator('xpath=ancestor::*[.//button[normalize-space()="Reset"]][1]')
    .getByRole('button', { name: 'Reset' })
    .click();
  let o = await lastOptions(page);
  expect(o.secureJsonFields).toMatchObject({ prometheusBearerToken: false, jaegerBearerToken: true, httpHeaderValue1: true });
  expect(o.secureJsonData?.prometheusBearerToken).toBe('');
  await page.getByLabel('Prometheus bearer token', { exact: true }).fill('typed-token-123');
  o = await lastOptions(page);
  expect(o.secureJsonData).toEqual({ prometheusBearerToken: 'typed-token-123' });
  expect(JSON.stringify(o.jsonData)).not.toContain('typed-token-123');

  // GPU price table: edit one price, add a row, remove a row.
  const gpuNames = Object.keys(provisioned.gpuHourlyPrices);
  const gpuRow = (name: string) => gpuNames.indexOf(name) + 1;
  await page.getByLabel(`GPU-hour prices row ${gpuRow('H100')} USD per GPU-hour`).fill('2.75');
  expect((await lastOptions(page)).jsonData.gpuHourlyPrices).toEqual({ ...provisioned.gpuHourlyPrices, H100: 2.75 });
  const gpuTable = page.getByRole('table', { name: 'GPU-hour prices' });
  await gpuTable.locator('..').getByRole('button', { name: 'Add row' }).click();
  const added = gpuNames.length + 1;
  await page.getByLabel(`GPU-hour prices row ${added} GPU model`).fill('MI300X');
  await page.getByLabel(`GPU-hour prices row ${added} USD per GPU-hour`).fill('2.1');
  expect((await lastOptions(page)).jsonData.gpuHourlyPrices).toEqual({ ...provisioned.gpuHourlyPrices, H100: 2.75, MI300X: 2.1 });
  await page.getByRole('button', { name: `Remove GPU-hour prices row ${gpuRow('T4')}` }).click();
  const { T4: _removed, ...withoutT4 } = provisioned.gpuHourlyPrices;
  expect((await lastOptions(page)).jsonData.gpuHourlyPrices).toEqual({ ...withoutT4, H100: 2.75, MI300X: 2.1 });

  // API price table: change the fallback row's output price and add a model.
  const apiNames = Object.keys(provisioned.apiPrices);
  await page.getByLabel(`API prices row ${apiNames.indexOf('*') + 1} Output USD / 1M tokens`).fill('2');
  await page.getByRole('table', { name: 'API prices' }).locator('..').getByRole('button', { name: 'Add row' }).click();
  const apiAdded = apiNames.length + 1;
  await page.getByLabel(`API prices row ${apiAdded} Model`).fill('deepseek-v3');
  await page.getByLabel(`API prices row ${apiAdded} Input USD / 1M tokens`).fill('0.27');
  await page.getByLabel(`API prices row ${apiAdded} Output USD / 1M tokens`).fill('1.1');
  o = await lastOptions(page);
  expect(o.jsonData.apiPrices).toEqual({ ...provisioned.apiPrices, '*': { ...provisioned.apiPrices['*'], output: 2 }, 'deepseek-v3': { input: 0.27, output: 1.1 } });
  // Edits elsewhere kept the GPU table and the secret.
  expect(o.jsonData.gpuHourlyPrices).toMatchObject({ H100: 2.75, MI300X: 2.1 });
  expect(o.secureJsonData?.prometheusBearerToken).toBe('typed-token-123');

  // Validation: a bad URL and a bad number each show their message and the summary counts them.
  await page.getByLabel('Prometheus URL').fill('not a url');
  await expect(page.getByText('Not a valid URL; include the scheme', { exact: false }).first()).toBeVisible();
  expect((await lastOptions(page)).url).toBe('not a url');
  await page.getByLabel('Timeout in seconds').fill('-5');
  await expect(page.getByText('Timeout must be a positive number').first()).toBeVisible();
  expect((await lastOptions(page)).jsonData.timeoutSeconds).toBe(-5);
  await expect(page.getByText('2 settings need attention before saving')).toBeVisible();
  // A negative price marks its row and is not written to jsonData.
  await page.getByLabel(`GPU-hour prices row ${gpuRow('H100')} USD per GPU-hour`).fill('-1');
  await expect(gpuTable.getByRole('alert')).toHaveText('Prices must be numbers, zero or more');
  expect((await lastOptions(page)).jsonData.gpuHourlyPrices).not.toHaveProperty('H100');
  // Fixing the URL clears its message.
  await page.getByLabel('Prometheus URL').fill('http://prometheus:9090');
  await expect(page.getByText('1 setting needs attention before saving')).toBeVisible();
  await expect(page.getByText('Not a valid URL', { exact: false })).toHaveCount(0);
  expect(h.errors).toEqual([]);
});

test('config editor: TLS for Prometheus and Jaeger goes to jsonData switches and secureJsonData PEM fields', async ({ page }) => {
  const h = await openHarness(page, 'light');
  await renderConfig(page, 'light');
  // Grafana's Switch hides its checkbox under a styled label: click the label, then check the box.
  const toggle = async (id: string, name: string) => {
    await page.getByTestId('data-testid Switch container').locator(`label[for="llmops-${id}"]`).click();
    await expect(page.getByLabel(name, { exact: true })).toBeChecked();
  };
  const prom = page.getByRole('group', { name: 'Prometheus TLS' });
  const jaeger = page.getByRole('group', { name: 'Jaeger TLS' });
  // Nothing to paste until a switch asks for it.
  await expect(page.getByLabel('Prometheus CA certificate')).toHaveCount(0);
  await toggle('tlsAuthWithCACert', 'Prometheus With CA cert');
  await expect(prom.getByText('CA certificate is empty: paste the PEM text')).toBeVisible();
  await page.getByLabel('Prometheus CA certificate').fill('-----BEGIN CERTIFICATE-----\nCA-TEXT\n-----END CERTIFICATE-----');
  await toggle('tlsAuth', 'Prometheus TLS client auth');
  await page.getByLabel('Prometheus Client certificate').fill('-----BEGIN CERTIFICATE-----\nCLIENT-TEXT\n-----END CERTIFICATE-----');
  await page.getByLabel('Prometheus Client key').fill('-----BEGIN PRIVATE KEY-----\nKEY-TEXT\n-----END PRIVATE KEY-----');
  await page.getByLabel('Prometheus TLS server name').fill('prometheus.internal');
  await toggle('jaegerTlsSkipVerify', 'Jaeger Skip TLS verify');
  await jaeger.getByLabel('Jaeger TLS server name').fill('jaeger.internal');
  await expect(prom.getByText(/is empty: paste the PEM text/)).toHaveCount(0);
  const o = await lastOptions(page);
  expect(o.jsonData).toMatchObject({ tlsAuthWithCACert: true, tlsAuth: true, serverName: 'prometheus.internal', jaegerTlsSkipVerify: true, jaegerServerName: 'jaeger.internal' });
  expect(o.jsonData).not.toHaveProperty('jaegerTlsAuth');
  expect(o.secureJsonData).toMatchObject({ tlsCACert: expect.stringContaining('CA-TEXT'), tlsClientCert: expect.stringContaining('CLIENT-TEXT'), tlsClientKey: expect.stringContaining('KEY-TEXT') });
  expect(JSON.stringify(o.jsonData)).not.toMatch(/CA-TEXT|CLIENT-TEXT|KEY-TEXT/);
  await prom.screenshot({ path: screenshotPath('config-editor-tls-light.png') });
  expect(h.errors).toEqual([]);
});
