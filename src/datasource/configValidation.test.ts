import { describe, expect, it } from 'vitest';

import { apiRowsToPrices, gpuRowsToPrices, priceRowErrors, validateSettings } from './configValidation';

describe('settings validation', () => {
  it('requires a valid http(s) Prometheus URL', () => {
    expect(validateSettings('', {}).url).toMatch(/Enter the URL/);
    expect(validateSettings('prometheus:9090', {}).url).toMatch(/http/);
    expect(validateSettings('ftp://x', {}).url).toMatch(/must start with http/);
    expect(validateSettings('http://prometheus:9090', {})).toEqual({});
  });

  it('checks numbers and currency', () => {
    const e = validateSettings('http://p:9090', { timeoutSeconds: 0, maxSeries: -1, electricityPricePerKwh: -0.1, currency: 'usd', jaegerUrl: 'nope' });
    expect(Object.keys(e).sort()).toEqual(['currency', 'electricityPricePerKwh', 'jaegerUrl', 'maxSeries', 'timeoutSeconds']);
  });

  it('checks the analytics load settings against the backend bounds', () => {
    expect(validateSettings('http://p:9090', { maxConcurrentAnalytics: 3, analyticsQueueSeconds: 0, maxAnalyticsUpstreamRequests: 1 })).toEqual({});
    const e = validateSettings('http://p:9090', { maxConcurrentAnalytics: 1.5, analyticsQueueSeconds: 4000, maxAnalyticsUpstreamRequests: 0 });
    expect(e.maxConcurrentAnalytics).toMatch(/whole number from 1 to 256/);
    expect(e.analyticsQueueSeconds).toMatch(/between 0 and 3600/);
    expect(e.maxAnalyticsUpstreamRequests).toMatch(/whole number from 1 to 256/);
  });

  it('flags incomplete, duplicate and non-numeric price rows, ignoring blank ones', () => {
    expect(
      priceRowErrors([
        { name: 'H100', values: ['2.5'] },
        { name: 'H100', values: ['3'] },
        { name: '', values: ['1'] },
        { name: 'L4', values: ['abc'] },
        { name: '', values: [''] },
      ])
    ).toEqual({ 1: '"H100" is listed twice', 2: 'Enter a model name', 3: 'Prices must be numbers, zero or more' });
  });

  it('keeps only complete rows when writing price tables', () => {
    expect(gpuRowsToPrices([{ name: ' H100 ', price: '2.5' }, { name: 'A100', price: '' }])).toEqual({ H100: 2.5 });
    expect(apiRowsToPrices([{ name: 'gpt', input: '0.5', output: '1.5' }, { name: 'x', input: '1', output: '' }])).toEqual({ gpt: { input: 0.5, output: 1.5 } });
  });
});
