import { describe, expect, it } from 'vitest';
import { tlsHint } from '../upstream/tls-errors';
import { parseTlsSettings, tlsKeys } from './tls-settings';

const parse = (json: Record<string, unknown>, secure: Record<string, string> = {}, prefix: '' | 'jaeger' = '') => {
  const errors: string[] = [];
  return { tls: parseTlsSettings(json, secure, prefix, prefix ? 'Jaeger' : 'Prometheus', errors), errors };
};

describe('TLS settings', () => {
  it("uses Grafana's names for Prometheus and jaeger-prefixed ones for Jaeger", () => {
    expect(tlsKeys('')).toEqual({ auth: 'tlsAuth', withCA: 'tlsAuthWithCACert', skipVerify: 'tlsSkipVerify', serverName: 'serverName', ca: 'tlsCACert', cert: 'tlsClientCert', key: 'tlsClientKey' });
    expect(tlsKeys('jaeger')).toMatchObject({ auth: 'jaegerTlsAuth', ca: 'jaegerTlsCACert', serverName: 'jaegerServerName' });
  });
  it('is absent when nothing is set, and a stored certificate is ignored while its switch is off', () => {
    expect(parse({})).toEqual({ tls: undefined, errors: [] });
    expect(parse({ tlsAuthWithCACert: false }, { tlsCACert: 'x' })).toEqual({ tls: undefined, errors: [] });
  });
  it('skip verify and server name alone', () => {
    expect(parse({ tlsSkipVerify: true, serverName: 'prom.example.com' }).tls).toEqual({ rejectUnauthorized: false, servername: 'prom.example.com' });
    expect(parse({ jaegerTlsSkipVerify: true }, {}, 'jaeger').tls).toEqual({ rejectUnauthorized: false });
  });
  it('names the empty or unreadable field, never its content', () => {
    const r = parse({ tlsAuth: true, tlsAuthWithCACert: true, serverName: 'bad name!' }, { tlsClientCert: 'secret-ish junk' });
    expect(r.errors).toEqual([
      'Prometheus TLS: "With CA cert" is on but the CA certificate (secureJsonData.tlsCACert) is empty: paste the PEM certificate or turn it off.',
      'Prometheus TLS: "TLS client auth" is on but the client key (secureJsonData.tlsClientKey) is empty.',
      'Prometheus TLS: server name (jsonData.serverName) must be a host name such as prometheus.example.com.',
      expect.stringMatching(/^Prometheus TLS: the client certificate \(secureJsonData\.tlsClientCert\) cannot be read as PEM/),
    ]);
    expect(r.errors.join(' ')).not.toContain('secret-ish');
  });
});

describe('TLS error hints', () => {
  it('says which setting to change', () => {
    expect(tlsHint('SELF_SIGNED_CERT_IN_CHAIN', '')).toMatch(/not trusted .*"With CA cert"/);
    expect(tlsHint('ERR_TLS_CERT_ALTNAME_INVALID', '')).toMatch(/"TLS server name"/);
    expect(tlsHint('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'alert certificate required')).toMatch(/"TLS client auth"/);
    expect(tlsHint('ECONNREFUSED', 'connect ECONNREFUSED')).toBeUndefined();
  });
});
