import { describe, expect, it } from 'vitest';
import type { DataSourceInstanceSettings } from '../grafana/types';
import { parseDurationMs, parseSettings } from './settings';

function raw(over: Partial<DataSourceInstanceSettings> = {}): DataSourceInstanceSettings {
  return {
    id: 1,
    uid: 'u',
    name: 'n',
    url: 'http://prom:9090/',
    user: '',
    database: '',
    basicAuthEnabled: false,
    basicAuthUser: '',
    jsonData: {},
    decryptedSecureJsonData: {},
    lastUpdatedMS: 1,
    ...over,
  };
}

describe('datasource settings', () => {
  it('defaults', () => {
    const r = parseSettings(raw());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.settings.prometheus).toEqual({ url: 'http://prom:9090', headers: {}, auth: 'none' });
    expect(r.settings.jaeger).toBeUndefined();
    expect(r.settings).toMatchObject({
      timeoutMs: 30_000,
      maxSeries: 1000,
      scrapeIntervalMs: 15_000,
      currency: 'USD',
      gpuHourlyPrices: {},
      maxAnalyticsUpstreamRequests: 1,
    });
  });

  it('reads the analytics admission settings, naming the setting when one is invalid', () => {
    const d = parseSettings(raw());
    expect(d.ok && [d.settings.maxConcurrentAnalytics, d.settings.analyticsQueueMs]).toEqual([2, undefined]);
    const set = parseSettings(raw({ jsonData: { maxConcurrentAnalytics: 3, analyticsQueueSeconds: 2.5 } }));
    expect(set.ok && [set.settings.maxConcurrentAnalytics, set.settings.analyticsQueueMs]).toEqual([3, 2500]);
    for (const [key, bad] of [['maxConcurrentAnalytics', 0], ['maxConcurrentAnalytics', 1.5], ['analyticsQueueSeconds', -1], ['analyticsQueueSeconds', 'soon']] as const) {
      const r = parseSettings(raw({ jsonData: { [key]: bad } }));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors.join(' ')).toContain(`jsonData.${key}`);
    }
  });

  it('takes maxAnalyticsUpstreamRequests as a whole number from 1 to 256, naming the setting otherwise', () => {
    const ok = parseSettings(raw({ jsonData: { maxAnalyticsUpstreamRequests: '8' } }));
    expect(ok.ok && ok.settings.maxAnalyticsUpstreamRequests).toBe(8);
    for (const bad of [0, 2.5, 1000, 'many']) {
      const r = parseSettings(raw({ jsonData: { maxAnalyticsUpstreamRequests: bad } }));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors.join(' ')).toContain('jsonData.maxAnalyticsUpstreamRequests');
    }
  });

  it('builds auth headers from secure fields only', () => {
    const basic = parseSettings(
      raw({ basicAuthEnabled: true, basicAuthUser: 'u', decryptedSecureJsonData: { basicAuthPassword: 'p' } })
    );
    expect(basic.ok && basic.settings.prometheus.headers.Authorization).toBe(
      `Basic ${Buffer.from('u:p').toString('base64')}`
    );
    const bearer = parseSettings(
      raw({
        jsonData: { jaegerUrl: 'http://jaeger:16686', httpHeaderName1: 'X-Scope-OrgID' },
        decryptedSecureJsonData: { prometheusBearerToken: 'pt', jaegerBearerToken: 'jt', httpHeaderValue1: 'tenant-1' },
      })
    );
    expect(bearer.ok).toBe(true);
    if (!bearer.ok) return;
    expect(bearer.settings.prometheus.headers).toEqual({ Authorization: 'Bearer pt', 'X-Scope-OrgID': 'tenant-1' });
    expect(bearer.settings.jaeger).toEqual({
      url: 'http://jaeger:16686',
      headers: { Authorization: 'Bearer jt' },
      auth: 'bearer',
    });
  });

  it('explains every problem without echoing secrets', () => {
    const r = parseSettings(
      raw({
        url: 'ftp://x',
        basicAuthEnabled: true,
        basicAuthUser: '',
        jsonData: {
          timeoutSeconds: 'soon',
          maxSeries: 0,
          gpuHourlyPrices: { H100: -1 },
          currency: 'dollars',
          jaegerUrl: 'not a url',
          httpHeaderName1: 'Bad Header',
        },
        decryptedSecureJsonData: {
          basicAuthPassword: 'hunter2',
          prometheusBearerToken: 'tok-secret',
          httpHeaderValue1: 'v-secret',
        },
      })
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = r.errors.join('\n');
    expect(text).toMatch(/Prometheus URL must start with http/);
    expect(text).toMatch(/Jaeger URL .* is not a valid URL/);
    expect(text).toMatch(/user is empty/);
    expect(text).toMatch(/Both basic auth and a Prometheus bearer token/);
    expect(text).toMatch(/timeoutSeconds\) must be a number between 1 and 600/);
    expect(text).toMatch(/maxSeries\) must be a number between 1/);
    expect(text).toMatch(/GPU price for "H100"/);
    expect(text).toMatch(/3-letter ISO 4217/);
    expect(text).toMatch(/Custom header name 1 "Bad Header"/);
    for (const secret of ['hunter2', 'tok-secret', 'v-secret']) expect(text).not.toContain(secret);
  });

  it('requires the URL and rejects credentials in it', () => {
    const missing = parseSettings(raw({ url: '' }));
    expect(!missing.ok && missing.errors[0]).toMatch(/^Prometheus URL is not set\./);
    const creds = parseSettings(raw({ url: 'http://u:p@prom:9090' }));
    expect(!creds.ok && creds.errors[0]).toMatch(/must not contain credentials/);
  });

  it('parses prices for later analytics', () => {
    const r = parseSettings(
      raw({
        jsonData: {
          gpuHourlyPrices: { H100: 2.5, 'NVIDIA L4': '0.7' },
          apiPrices: { 'gpt-4o': { input: 2.5, output: 10 } },
          electricityPricePerKwh: 0.15,
          currency: 'EUR',
        },
      })
    );
    expect(r.ok && r.settings).toMatchObject({
      gpuHourlyPrices: { H100: 2.5, 'NVIDIA L4': 0.7 },
      apiPrices: { 'gpt-4o': { input: 2.5, output: 10 } },
      electricityPricePerKwh: 0.15,
      currency: 'EUR',
    });
    const bad = parseSettings(raw({ jsonData: { apiPrices: { m: { input: 1 } } } }));
    expect(!bad.ok && bad.errors[0]).toMatch(/API price for "m" needs "input" and "output"/);
  });

  it('parses Prometheus durations', () => {
    expect(parseDurationMs('15s')).toBe(15_000);
    expect(parseDurationMs('1m30s')).toBe(90_000);
    expect(parseDurationMs('500ms')).toBe(500);
    expect(parseDurationMs('soon')).toBeUndefined();
  });

  it('per-query caps: defaults, overrides and bounds', () => {
    const d = parseSettings(raw());
    expect(d.ok && d.settings).toMatchObject({ maxPointsPerQuery: 2_000_000, maxAnswerBytes: 64 * 1048576 });
    const o = parseSettings(raw({ jsonData: { maxPointsPerQuery: '50000', maxAnswerMB: 8 } }));
    expect(o.ok && o.settings).toMatchObject({ maxPointsPerQuery: 50_000, maxAnswerBytes: 8 * 1048576 });
    const bad = parseSettings(raw({ jsonData: { maxPointsPerQuery: 10, maxAnswerMB: 5000 } }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.join(' ')).toMatch(/maxPointsPerQuery.*maxAnswerMB/);
  });

  it('never echoes a password from an invalid URL, nor a huge value', () => {
    const r = parseSettings(raw({ url: 'http://user:s3cr3t-pw@host:99999/' }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.join(' ')).toContain('"http://host:99999/"');
    expect(r.errors.join(' ')).not.toContain('s3cr3t-pw');
    const huge = parseSettings(raw({ jsonData: { currency: 'X'.repeat(1_000_000) } }));
    expect(huge.ok).toBe(false);
    if (!huge.ok) expect(huge.errors.join(' ').length).toBeLessThan(1000);
  });
});
