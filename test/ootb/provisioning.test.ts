// Provisioning files as Grafana reads them: the app enabled, our datasource with the fixed settings
// names and secrets only from the environment, and the dashboards provider.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseSettings } from '../../pkg/datasource/settings';

const ROOT = path.resolve(__dirname, '../..');
const text = (rel: string) => readFileSync(path.join(ROOT, rel), 'utf8');

/** Grafana's provisioning expansion: $VAR and ${VAR} from the environment, $$ for a literal $. */
function expandEnv(s: string, env: Record<string, string>): string {
  return s.replace(/\$\$|\$\{(\w+)\}|\$(\w+)/g, (m, a?: string, b?: string) =>
    m === '$$' ? '$' : (env[a ?? b ?? ''] ?? '')
  );
}

describe('provisioning/', () => {
  it('enables the app', () => {
    const app = parse(text('provisioning/plugins/app.yaml'));
    expect(app.apiVersion).toBe(1);
    expect(app.apps).toEqual([expect.objectContaining({ type: 'llmops-observability-app', disabled: false })]);
  });

  const dsFile = parse(text('provisioning/datasources/llmops.yaml'));
  const ours = dsFile.datasources.find((d: { type: string }) => d.type === 'llmops-observability-datasource');

  it('provisions our datasource with uid llmops-ds, Prometheus as url and Jaeger in jsonData', () => {
    expect(ours).toMatchObject({ uid: 'llmops-ds', url: 'http://prometheus:9090', access: 'proxy' });
    expect(ours.jsonData).toMatchObject({ jaegerUrl: 'http://jaeger:16686', currency: 'USD', timeoutSeconds: 30 });
    expect(ours.jsonData.gpuHourlyPrices).toMatchObject({
      H100: expect.any(Number),
      A100: expect.any(Number),
      L4: expect.any(Number),
    });
    for (const price of Object.values(ours.jsonData.gpuHourlyPrices as Record<string, number>)) {
      expect(price).toBeGreaterThan(0.1);
      expect(price).toBeLessThan(20);
    }
    const types = dsFile.datasources.map((d: { type: string }) => d.type).sort();
    expect(types).toEqual(['jaeger', 'llmops-observability-datasource', 'prometheus']);
  });

  it('keeps secrets out of the file: every secure value is an environment reference', () => {
    for (const d of dsFile.datasources) {
      for (const [key, value] of Object.entries((d.secureJsonData ?? {}) as Record<string, string>)) {
        expect(value, key).toMatch(/^\$\{?[A-Z][A-Z0-9_]*\}?$/);
      }
    }
  });

  it('passes the backend settings validation after Grafana expands the environment', () => {
    const expanded = parse(
      expandEnv(text('provisioning/datasources/llmops.yaml'), { LLMOPS_PROMETHEUS_BEARER_TOKEN: 'tok' })
    );
    const ds = expanded.datasources.find((d: { uid: string }) => d.uid === 'llmops-ds');
    const result = parseSettings({
      id: 1,
      uid: ds.uid,
      name: ds.name,
      url: ds.url,
      user: '',
      database: '',
      basicAuthEnabled: false,
      basicAuthUser: '',
      jsonData: ds.jsonData,
      decryptedSecureJsonData: ds.secureJsonData,
      lastUpdatedMS: 0,
    });
    expect(result).toMatchObject({ ok: true });
    if (result.ok) {
      expect(result.settings.gpuHourlyPrices.H100).toBe(ds.jsonData.gpuHourlyPrices.H100);
      expect(result.settings.apiPrices['llama-3.1-8b-instruct']).toEqual({ input: 0.18, output: 0.18 });
      expect(result.settings.prometheus.auth).toBe('bearer');
    }
  });

  it('loads the dashboards into the "LLM Ops" folder from a file provider', () => {
    const p = parse(text('provisioning/dashboards/llmops.yaml'));
    expect(p.providers).toEqual([
      expect.objectContaining({
        type: 'file',
        folder: 'LLM Ops',
        options: expect.objectContaining({ path: expect.stringMatching(/^\//) }),
      }),
    ]);
  });
});
