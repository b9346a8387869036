// TLS settings reach every upstream request: a real Prometheus and a real Jaeger served over TLS with a
// private CA that require a client certificate (Prometheus --web.config.file with
// RequireAndVerifyClientCert; Jaeger's query API with client_ca_file), queried through the built
// executable. With the CA, client certificate and server name every query type, the health check and
// the resources work; without them each query fails alone with an error that names the setting to
// change; skip-verify works; the PEM text never comes back in any answer.
import https from 'node:https';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlugin, type DatasourceSettingsInput, type PluginHandle } from '../host';
import { createBlocksFromOpenMetrics, startJaeger, startPrometheus, type JaegerService, type RunningService } from '../support/services';
import { createTestPki, type TestPki } from '../support/test-pki';
import { SCENARIO_END_MS } from '../../simulator/src/scenario-time';

const SERVER_NAME = 'metrics.llmops.test';
const T0 = SCENARIO_END_MS - 3_600_000;

let pki: TestPki;
let prom: RunningService;
let jaeger: JaegerService;
let plugin: PluginHandle;
let blocks: string;

/** A readiness probe that presents the test client certificate. */
const probe = (apiPath: string) => (url: string) =>
  new Promise<void>((resolve, reject) => {
    const req = https.get(`${url}${apiPath}`, { ca: pki.caCert, cert: pki.clientCert, key: pki.clientKey, servername: SERVER_NAME }, (res) => {
      res.resume();
      if (res.statusCode === 200) resolve();
      else reject(new Error(`HTTP ${res.statusCode}`));
    });
    req.on('error', reject);
  });

beforeAll(async () => {
  pki = createTestPki(SERVER_NAME);
  const om = path.join(pki.dir, 'data.om');
  const lines = ['# TYPE vllm:num_requests_running gauge'];
  for (let i = 0; i <= 240; i++) lines.push(`vllm:num_requests_running{model_name="m",instance="a:8000",job="vllm"} ${i % 7} ${(T0 + i * 15_000) / 1000}`);
  writeFileSync(om, [...lines, '# EOF', ''].join('\n'));
  blocks = createBlocksFromOpenMetrics(om);
  const webConfig = path.join(pki.dir, 'web.yml');
  writeFileSync(
    webConfig,
    ['tls_server_config:', `  cert_file: ${pki.files.serverCert}`, `  key_file: ${pki.files.serverKey}`, '  client_auth_type: RequireAndVerifyClientCert', `  client_ca_file: ${pki.files.caCert}`, ''].join('\n')
  );
  [prom, jaeger, plugin] = await Promise.all([
    startPrometheus({ tsdbDir: blocks, webConfig: { file: webConfig, ready: probe('/-/ready') } }),
    startJaeger({ queryTls: { certFile: pki.files.serverCert, keyFile: pki.files.serverKey, clientCaFile: pki.files.caCert, ready: probe('/api/services') } }),
    startPlugin(),
  ]);
}, 180_000);

afterAll(async () => {
  await plugin?.close();
  await prom?.stop();
  await jaeger?.stop();
  pki?.remove();
});

/** Full TLS settings under Grafana's names; `patch` changes jsonData, `secure` secureJsonData. */
function settings(uid: string, patch: Record<string, unknown> = {}, secure: Record<string, string> = {}): DatasourceSettingsInput {
  return {
    uid,
    url: prom.url,
    jsonData: {
      timeInterval: '15s',
      jaegerUrl: jaeger.url,
      tlsAuth: true,
      tlsAuthWithCACert: true,
      serverName: SERVER_NAME,
      jaegerTlsAuth: true,
      jaegerTlsAuthWithCACert: true,
      jaegerServerName: SERVER_NAME,
      ...patch,
    },
    secureJsonData: {
      tlsCACert: pki.caCert,
      tlsClientCert: pki.clientCert,
      tlsClientKey: pki.clientKey,
      jaegerTlsCACert: pki.caCert,
      jaegerTlsClientCert: pki.clientCert,
      jaegerTlsClientKey: pki.clientKey,
      ...secure,
    },
  };
}

const range = { from: T0, to: T0 + 3_600_000, intervalMs: 15_000, maxDataPoints: 500 };
const queries = () => [
  { refId: 'PROMQL', queryType: 'promql', model: { refId: 'PROMQL', queryType: 'promql', expr: 'vllm:num_requests_running' }, ...range },
  { refId: 'SIGNAL', queryType: 'signal', model: { refId: 'SIGNAL', queryType: 'signal', signal: 'requests_running', aggregation: 'max', groupBy: ['model'] }, ...range },
  { refId: 'TRACES', queryType: 'traces', model: { refId: 'TRACES', queryType: 'traces', service: 'nothing-here' }, ...range },
];

/** No PEM block, and no line of a key or certificate, in anything that comes back. */
function expectNoPem(what: string, text: string) {
  expect(text, what).not.toMatch(/-----BEGIN [A-Z]/);
  for (const pem of [pki.clientKey, pki.clientCert, pki.caCert]) {
    const line = pem.split('\n')[1]!;
    expect(text.includes(line), `${what} contains PEM content`).toBe(false);
  }
}

describe('TLS to Prometheus and Jaeger (private CA, client certificates required)', () => {
  it('with CA, client certificate and server name: every query type, the health check and resources work', async () => {
    const s = settings('tls-ok');
    const json = await plugin.queryJson(queries(), { settings: s });
    for (const ref of ['PROMQL', 'SIGNAL', 'TRACES']) expect(json.results[ref]!.error, ref).toBeUndefined();
    const values = json.results.PROMQL!.frames![0]!.data.values[1] as number[];
    expect(values.length).toBeGreaterThan(100);
    expect(json.results.SIGNAL!.frames![0]!.schema.fields[1]!.labels).toMatchObject({ model: 'm' });
    const health = await plugin.checkHealth(s);
    expect(health.status, health.message).toBe('OK');
    const metrics = await plugin.callResource({ path: 'metrics', query: `start=${range.from}&end=${range.to}`, settings: s });
    expect(metrics.status).toBe(200);
    expect(String(metrics.body)).toContain('vllm:num_requests_running');
    const services = await plugin.callResource({ path: 'jaeger/services', settings: s });
    expect(services.status, String(services.body)).toBe(200);
    expectNoPem('answers', JSON.stringify(json) + JSON.stringify(health) + String(metrics.body));
  });

  it('without the CA: each query fails alone, naming the CA setting', async () => {
    const json = await plugin.queryJson(queries(), { settings: settings('tls-no-ca', { tlsAuthWithCACert: false, jaegerTlsAuthWithCACert: false }) });
    for (const ref of ['PROMQL', 'SIGNAL']) {
      expect(json.results[ref]!.error, ref).toMatch(/^Prometheus at https:\/\/127\.0\.0\.1:\d+: the server's certificate is not trusted \(\w+\): set its CA certificate under TLS settings/);
    }
    expect(json.results.TRACES!.error).toMatch(/^Jaeger at https:.*certificate is not trusted/);
  });

  it('without the client certificate, or with one from another CA: a clear per-query error', async () => {
    for (const [uid, patch, secure] of [
      ['tls-no-client', { tlsAuth: false }, {}],
      ['tls-other-client', {}, { tlsClientCert: pki.otherClientCert, tlsClientKey: pki.otherClientKey }],
    ] as const) {
      const json = await plugin.queryJson(queries().slice(0, 1), { settings: settings(uid, patch, secure) });
      expect(json.results.PROMQL!.error, uid).toMatch(/^Prometheus at https:.*client certificate it accepts .*turn on "TLS client auth"/);
    }
  });

  it('without the server name the certificate does not match 127.0.0.1', async () => {
    const json = await plugin.queryJson(queries().slice(0, 1), { settings: settings('tls-no-name', { serverName: '' }) });
    expect(json.results.PROMQL!.error).toMatch(/does not name this host \(ERR_TLS_CERT_ALTNAME_INVALID\): set "TLS server name"/);
  });

  it('skip verify: no CA and no server name needed (the client certificate still is)', async () => {
    const s = settings('tls-skip', { tlsAuthWithCACert: false, serverName: '', tlsSkipVerify: true, jaegerTlsAuthWithCACert: false, jaegerServerName: '', jaegerTlsSkipVerify: true });
    const json = await plugin.queryJson(queries(), { settings: s });
    for (const ref of ['PROMQL', 'SIGNAL', 'TRACES']) expect(json.results[ref]!.error, ref).toBeUndefined();
  });

  it('a bad paste fails the queries with the field name, not the content', async () => {
    const json = await plugin.queryJson(queries().slice(0, 1), { settings: settings('tls-bad-pem', {}, { tlsClientKey: 'not a key at all', tlsCACert: 'junk' }) });
    const error = json.results.PROMQL!.error!;
    expect(error).toContain('secureJsonData.tlsCACert');
    expect(error).toContain('secureJsonData.tlsClientKey');
    expect(error).not.toContain('not a key at all');
    const mismatch = await plugin.queryJson(queries().slice(0, 1), { settings: settings('tls-mismatch', {}, { tlsClientKey: pki.otherClientKey }) });
    expect(mismatch.results.PROMQL!.error).toMatch(/client key \(secureJsonData\.tlsClientKey\) does not belong to the client certificate/);
    expectNoPem('errors', JSON.stringify(json) + JSON.stringify(mismatch));
  });
});
