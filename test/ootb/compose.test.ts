// docker-compose.yaml: valid against (a subset of) the Compose Specification, pinned images, and
// wired so `docker compose up` from a fresh clone builds the plugin and loads it with provisioning.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import schema from './compose-schema.json';

const ROOT = path.resolve(__dirname, '../..');
const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yaml'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string } | string;
  volumes?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  command?: string[] | string;
}
const services = compose.services as Record<string, Service>;

/** Every plugin id in the repo: the app and its nested datasource and panels. */
function pluginIds(): string[] {
  const files = [path.join(ROOT, 'plugin.json'), path.join(ROOT, 'src/datasource/plugin.json')];
  const panels = path.join(ROOT, 'src/panels');
  for (const p of readdirSync(panels)) files.push(path.join(panels, p, 'plugin.json'));
  return files.filter((f) => existsSync(f)).map((f) => JSON.parse(readFileSync(f, 'utf8')).id as string);
}

describe('docker-compose.yaml', () => {
  it('validates against the Compose Specification subset', () => {
    const ok = validate(compose);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 1)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema rejects mistakes Compose would reject', () => {
    const broken = structuredClone(compose);
    broken.services.grafana.depends_on['plugin-build'].condition = 'service_done';
    broken.services.grafana.restart = 'sometimes';
    broken.services.prometheus.imagee = 'typo';
    expect(validate(broken)).toBe(false);
    expect(validate.errors!.length).toBeGreaterThanOrEqual(3);
  });

  it('pins every image to a version (no latest, no bare name)', () => {
    for (const [name, s] of Object.entries(services)) {
      if (!s.image) {
        expect(s.build, `${name} has neither image nor build`).toBeDefined();
        continue;
      }
      const tag = s.image.split('/').pop()!.split(':')[1];
      expect(tag, `${name}: ${s.image}`).toBeDefined();
      expect(tag, `${name}: ${s.image}`).not.toBe('latest');
      if (!s.build) expect(tag, `${name}: ${s.image}`).toMatch(/\d+\.\d+/);
    }
  });

  it('refers only to services that exist', () => {
    for (const [name, s] of Object.entries(services)) {
      for (const dep of Object.keys(s.depends_on ?? {}))
        expect(Object.keys(services), `${name} depends on ${dep}`).toContain(dep);
    }
  });

  it('builds the plugin first with node 20 and starts Grafana only when the build succeeded', () => {
    const build = services['plugin-build']!;
    expect(build.image).toMatch(/^node:20(\.|-|$)/);
    expect(String(build.command)).toMatch(/npm ci.*&&.*npm run build/);
    expect(build.volumes).toContain('./:/src');
    expect(services.grafana!.depends_on!['plugin-build']).toEqual({ condition: 'service_completed_successfully' });
  });

  it('loads the built plugin unsigned, with every plugin id allowed, and mounts provisioning and dashboards', () => {
    const g = services.grafana!;
    // Grafana's default (Alpine, musl) image: the linux launcher brings its own glibc.
    expect(g.image).toMatch(/^grafana\/grafana:\d+\.\d+\.\d+$/);
    expect(g.volumes).toContain('./dist:/var/lib/grafana/plugins/llmops-observability-app:ro');
    expect(g.volumes).toContain('./provisioning:/etc/grafana/provisioning:ro');
    const allowed = g.environment!.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS!.split(',');
    const ids = pluginIds();
    expect(ids).toEqual(
      expect.arrayContaining([
        'llmops-observability-app',
        'llmops-observability-datasource',
        'llmops-cost-panel',
        'llmops-rootcause-panel',
      ])
    );
    expect(allowed.sort()).toEqual([...ids].sort());
    const provider = parse(readFileSync(path.join(ROOT, 'provisioning/dashboards/llmops.yaml'), 'utf8'));
    expect(g.volumes).toContain(`./dashboards:${provider.providers[0].options.path}:ro`);
  });

  it('runs Prometheus with our config, Jaeger v2 and the simulator', () => {
    expect(services.prometheus!.volumes).toContain('./prometheus:/etc/prometheus:ro');
    expect(services.prometheus!.command).toContain('--config.file=/etc/prometheus/prometheus.yml');
    expect(services.jaeger!.image).toMatch(/^jaegertracing\/jaeger:2\.\d+\.\d+$/);
    const sim = services.simulator!.build as { context: string; dockerfile: string };
    expect(sim.dockerfile).toBe('simulator/Dockerfile');
    expect(
      existsSync(path.join(ROOT, sim.context, sim.dockerfile)),
      'simulator/Dockerfile (written by the simulator work)'
    ).toBe(true);
  });
});
