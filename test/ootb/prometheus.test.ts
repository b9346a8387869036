// The Prometheus side: config and rule files pass promtool's own checks, and the rule unit tests
// (each fault fires its alert, the healthy fleet fires nothing) pass.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin } from '../support/services';

const ROOT = path.resolve(__dirname, '../..');
const PROM_DIR = path.join(ROOT, 'prometheus');

function promtool(args: string[], cwd = PROM_DIR) {
  const res = spawnSync(bin.promtool, args, { cwd, encoding: 'utf8', timeout: 120_000 });
  if (res.error) throw new Error(`cannot run ${bin.promtool}: ${res.error.message}`);
  return { status: res.status, out: `${res.stdout}\n${res.stderr}` };
}

describe('promtool', () => {
  it('check config prometheus/prometheus.yml (and the rule files it loads)', () => {
    const r = promtool(['check', 'config', 'prometheus.yml']);
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain('rules/llmops.rules.yml');
  });

  it('check rules prometheus/rules/llmops.rules.yml', () => {
    const r = promtool(['check', 'rules', 'rules/llmops.rules.yml']);
    expect(r.status, r.out).toBe(0);
    expect(r.out).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('test rules prometheus/rules/llmops.rules.test.yml', () => {
    const r = promtool(['test', 'rules', 'llmops.rules.test.yml'], path.join(PROM_DIR, 'rules'));
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain('SUCCESS');
  });

  it('the unit tests fail when an alert threshold is broken (they can catch regressions)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'llmops-rules-'));
    try {
      cpSync(path.join(PROM_DIR, 'rules'), dir, { recursive: true });
      const file = path.join(dir, 'llmops.rules.yml');
      const rules = readFileSync(file, 'utf8');
      const broken = rules.replace(
        'avg_over_time(DCGM_FI_DEV_GPU_TEMP[5m]) > 85',
        'avg_over_time(DCGM_FI_DEV_GPU_TEMP[5m]) > 95'
      );
      expect(broken).not.toBe(rules);
      writeFileSync(file, broken);
      const r = promtool(['test', 'rules', 'llmops.rules.test.yml'], dir);
      expect(r.status).not.toBe(0);
      expect(r.out).toContain('GPUTemperatureHigh');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
