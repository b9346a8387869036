import React, { useState } from 'react';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import type { Settings } from './update';
import { ConfigEditor } from './ConfigEditor';

function baseOptions(patch: Partial<Settings> = {}): Settings {
  return {
    id: 1,
    uid: 'llmops',
    orgId: 1,
    name: 'LLM Ops',
    type: 'llmops-observability-datasource',
    typeName: 'LLM Ops',
    typeLogoUrl: '',
    access: 'proxy',
    url: 'http://prometheus:9090',
    user: '',
    database: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: false,
    readOnly: false,
    withCredentials: false,
    jsonData: { currency: 'USD', gpuHourlyPrices: { H100: 2.5 } },
    secureJsonFields: {},
    ...patch,
  } as Settings;
}

/** Keeps options in state like Grafana's settings page, and records every change. */
function Harness({ initial, spy }: { initial: Settings; spy: (o: Settings) => void }) {
  const [options, setOptions] = useState(initial);
  return (
    <ConfigEditor
      options={options}
      onOptionsChange={(o) => {
        spy(o);
        setOptions(o);
      }}
    />
  );
}

describe('ConfigEditor', () => {
  it('validates the URL and shows what to fix', async () => {
    const spy = vi.fn();
    render(<Harness initial={baseOptions()} spy={spy} />);
    const url = screen.getByRole('textbox', { name: 'Prometheus URL' });
    await userEvent.clear(url);
    await userEvent.type(url, 'prometheus:9090');
    expect(screen.getAllByText(/Not a valid URL|must start with http/).length).toBeGreaterThan(0);
    expect(screen.getByText(/1 setting needs attention/)).toBeInTheDocument();
    expect(spy.mock.lastCall?.[0].url).toBe('prometheus:9090');
  });

  it('stores number fields as numbers and drops cleared ones', async () => {
    const spy = vi.fn();
    render(<Harness initial={baseOptions()} spy={spy} />);
    await userEvent.type(screen.getByLabelText('Timeout in seconds'), '45');
    expect(spy.mock.lastCall?.[0].jsonData.timeoutSeconds).toBe(45);
    await userEvent.clear(screen.getByLabelText('Timeout in seconds'));
    expect(spy.mock.lastCall?.[0].jsonData.timeoutSeconds).toBeUndefined();
    await userEvent.type(screen.getByLabelText('TTFT SLO seconds'), '1.5');
    expect(spy.mock.lastCall?.[0].jsonData.degradationThresholds).toEqual({ ttftSloSeconds: 1.5 });
    await userEvent.clear(screen.getByLabelText('TTFT SLO seconds'));
    expect(spy.mock.lastCall?.[0].jsonData.degradationThresholds).toBeUndefined();
  });

  it('stores the analytics load settings as numbers', async () => {
    const spy = vi.fn();
    render(<Harness initial={baseOptions()} spy={spy} />);
    await userEvent.type(screen.getByLabelText('Analytic queries at once'), '4');
    await userEvent.type(screen.getByLabelText('Analytics queue seconds'), '20');
    await userEvent.type(screen.getByLabelText('Analytic upstream requests at once'), '3');
    expect(spy.mock.lastCall?.[0].jsonData).toMatchObject({ maxConcurrentAnalytics: 4, analyticsQueueSeconds: 20, maxAnalyticsUpstreamRequests: 3 });
  });

  it('stores the target jobs regex, and drops it when cleared', async () => {
    const spy = vi.fn();
    render(<Harness initial={baseOptions()} spy={spy} />);
    await userEvent.type(screen.getByRole('textbox', { name: 'Target jobs' }), 'vllm|sglang');
    expect(spy.mock.lastCall?.[0].jsonData.targetJobs).toBe('vllm|sglang');
    await userEvent.clear(screen.getByRole('textbox', { name: 'Target jobs' }));
    expect(spy.mock.lastCall?.[0].jsonData.targetJobs).toBeUndefined();
  });

  it('stores secrets only in secureJsonData and resets configured ones', async () => {
    const spy = vi.fn();
    render(<Harness initial={baseOptions({ secureJsonFields: { jaegerBearerToken: true } })} spy={spy} />);
    await userEvent.type(screen.getByLabelText('Prometheus bearer token'), 's3cret');
    const last = spy.mock.lastCall?.[0] as Settings;
    expect(last.secureJsonData?.prometheusBearerToken).toBe('s3cret');
    expect(JSON.stringify(last.jsonData)).not.toContain('s3cret');
    // Only the Jaeger token is stored, so it is the only secret offering a reset.
    await userEvent.click(screen.getByRole('button', { name: /reset/i }));
    expect((spy.mock.lastCall?.[0] as Settings).secureJsonFields.jaegerBearerToken).toBe(false);
  });

  it('shows basic auth fields only when enabled', async () => {
    const spy = vi.fn();
    render(<Harness initial={baseOptions()} spy={spy} />);
    expect(screen.queryByLabelText('Basic auth password')).toBeNull();
    await userEvent.click(screen.getByLabelText('Basic auth'));
    await userEvent.type(screen.getByLabelText('Basic auth user'), 'alice');
    await userEvent.type(screen.getByLabelText('Basic auth password'), 'pw');
    const last = spy.mock.lastCall?.[0] as Settings;
    expect(last.jsonData).toMatchObject({ basicAuth: true, basicAuthUser: 'alice' });
    expect(last.secureJsonData?.basicAuthPassword).toBe('pw');
  });

  it('adds custom headers with secret values', async () => {
    const spy = vi.fn();
    render(<Harness initial={baseOptions()} spy={spy} />);
    await userEvent.click(screen.getByRole('button', { name: 'Add header' }));
    await userEvent.type(screen.getByLabelText('Header 1 name'), 'X-Scope-OrgID');
    await userEvent.type(screen.getByLabelText('Header 1 value'), 'tenant-a');
    const last = spy.mock.lastCall?.[0] as Settings;
    expect(last.jsonData.httpHeaderName1).toBe('X-Scope-OrgID');
    expect(last.secureJsonData?.httpHeaderValue1).toBe('tenant-a');
  });

  it('edits the GPU price table as rows and reports duplicates', async () => {
    const spy = vi.fn();
    render(<Harness initial={baseOptions()} spy={spy} />);
    const table = screen.getByRole('table', { name: 'GPU-hour prices' });
    expect(within(table).getByDisplayValue('H100')).toBeInTheDocument();
    await userEvent.click(within(table.parentElement!).getByRole('button', { name: 'Add row' }));
    await userEvent.type(screen.getByLabelText('GPU-hour prices row 2 GPU model'), 'L4');
    await userEvent.type(screen.getByLabelText('GPU-hour prices row 2 USD per GPU-hour'), '0.8');
    expect((spy.mock.lastCall?.[0] as Settings).jsonData.gpuHourlyPrices).toEqual({ H100: 2.5, L4: 0.8 });
    await userEvent.clear(screen.getByLabelText('GPU-hour prices row 2 GPU model'));
    await userEvent.type(screen.getByLabelText('GPU-hour prices row 2 GPU model'), 'H100');
    expect(screen.getByRole('alert')).toHaveTextContent('"H100" is listed twice');
  });

  it('edits API prices per 1M tokens', async () => {
    const spy = vi.fn();
    render(<Harness initial={baseOptions()} spy={spy} />);
    const table = screen.getByRole('table', { name: 'API prices' });
    await userEvent.click(within(table.parentElement!).getByRole('button', { name: 'Add row' }));
    await userEvent.type(screen.getByLabelText('API prices row 1 Model'), 'llama-70b');
    await userEvent.type(screen.getByLabelText('API prices row 1 Input USD / 1M tokens'), '0.6');
    await userEvent.type(screen.getByLabelText('API prices row 1 Output USD / 1M tokens'), '0.9');
    expect((spy.mock.lastCall?.[0] as Settings).jsonData.apiPrices).toEqual({ 'llama-70b': { input: 0.6, output: 0.9 } });
  });

  it('sets TLS for Prometheus and Jaeger: certificates and key go to secureJsonData only', async () => {
    const spy = vi.fn();
    render(<Harness initial={baseOptions()} spy={spy} />);
    const last = () => spy.mock.lastCall?.[0] as Settings;
    expect(screen.queryByLabelText('Prometheus CA certificate')).not.toBeInTheDocument();
    await userEvent.click(screen.getByLabelText('Prometheus With CA cert'));
    expect(screen.getByText('CA certificate is empty: paste the PEM text')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Prometheus CA certificate'), 'CA-PEM');
    await userEvent.click(screen.getByLabelText('Prometheus TLS client auth'));
    await userEvent.type(screen.getByLabelText('Prometheus Client certificate'), 'CERT-PEM');
    await userEvent.type(screen.getByLabelText('Prometheus Client key'), 'KEY-PEM');
    await userEvent.type(screen.getByLabelText('Prometheus TLS server name'), 'prom.internal');
    await userEvent.click(screen.getByLabelText('Jaeger Skip TLS verify'));
    expect(last().jsonData).toMatchObject({ tlsAuthWithCACert: true, tlsAuth: true, serverName: 'prom.internal', jaegerTlsSkipVerify: true });
    expect(last().secureJsonData).toEqual({ tlsCACert: 'CA-PEM', tlsClientCert: 'CERT-PEM', tlsClientKey: 'KEY-PEM' });
    expect(JSON.stringify(last().jsonData)).not.toMatch(/PEM/);
  });

  it('shows a stored client key as configured, and Reset clears it', async () => {
    const spy = vi.fn();
    render(<Harness initial={baseOptions({ jsonData: { jaegerTlsAuth: true }, secureJsonFields: { jaegerTlsClientCert: true, jaegerTlsClientKey: true } })} spy={spy} />);
    const key = screen.getByLabelText('Jaeger Client key');
    expect(key).toHaveValue('configured');
    expect(key).toBeDisabled();
    const group = screen.getByRole('group', { name: 'Jaeger TLS' });
    await userEvent.click(within(group).getAllByRole('button', { name: 'Reset' })[1]);
    const o = spy.mock.lastCall?.[0] as Settings;
    expect(o.secureJsonFields).toMatchObject({ jaegerTlsClientKey: false, jaegerTlsClientCert: true });
    expect(o.secureJsonData).toEqual({ jaegerTlsClientKey: '' });
  });
});
