// Start-up exactly as Grafana does it: environment, working directory, handshake parsing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { amd64Executable, HANDSHAKE_TIMEOUT_MS, requireExecutable, startPlugin, type PluginHandle } from '../host';

let plugin: PluginHandle | undefined;
afterEach(async () => {
  await plugin?.close();
  plugin = undefined;
});

function expectHclogLines(lines: string[]) {
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    const entry = JSON.parse(line) as Record<string, unknown>;
    expect(['trace', 'debug', 'info', 'warn', 'error']).toContain(entry['@level']);
    expect(typeof entry['@message']).toBe('string');
    if ('@timestamp' in entry) expect(entry['@timestamp']).toMatch(/\.\d{6}(Z|[+-]\d\d:\d\d)$/);
  }
}

// Grafana waits StartTimeout = 1 minute (HANDSHAKE_TIMEOUT_MS) for the handshake line; how fast it comes is
// measured in `npm run bench runtime`, not asserted here (a timed assertion fails on a loaded machine, not on
// a bug).

describe('handshake', () => {
  it('with Grafana\'s environment: valid first line within Grafana\'s start timeout, health "plugin" SERVING', async () => {
    plugin = await startPlugin();
    console.log(`handshake (host env): ${plugin.handshakeMs.toFixed(0)} ms`);
    expect(plugin.handshake).toMatchObject({ core: 1, app: 2, network: 'tcp', protocol: 'grpc' });
    expect(plugin.handshake.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(plugin.handshakeMs).toBeLessThan(HANDSHAKE_TIMEOUT_MS);
    expect(await plugin.health('plugin')).toBe('SERVING');
    expect(plugin.stdoutAfterHandshake()).toEqual([]);
    expectHclogLines(plugin.stderrLines());
  });

  it('with an empty host environment (no PATH, no HOME) and a foreign working directory', async () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'grafana-cwd-'));
    try {
      plugin = await startPlugin({ hostEnv: false, cwd });
      console.log(`handshake (empty env): ${plugin.handshakeMs.toFixed(0)} ms`);
      expect(plugin.handshakeMs).toBeLessThan(HANDSHAKE_TIMEOUT_MS);
      const json = await plugin.queryJson([{ refId: 'A', queryType: 'test', model: { points: 3 } }]);
      expect(json.results.A!.status).toBe(200);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('run by hand: clear message on stderr, nothing on stdout, exit code 1', () => {
    const exe = requireExecutable(amd64Executable);
    const byHand = spawnSync(exe, [], { env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', timeout: 30_000 });
    expect(byHand.status).toBe(1);
    expect(byHand.stdout).toBe('');
    expect(byHand.stderr).toMatch(/This binary is a Grafana backend plugin\. It is not meant to be executed directly/);

    const wrongVersion = spawnSync(exe, [], {
      env: { grafana_plugin_type: 'datasource', PLUGIN_PROTOCOL_VERSIONS: '1' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(wrongVersion.status).toBe(1);
    expect(wrongVersion.stdout).toBe('');
    expect(wrongVersion.stderr).toMatch(/protocol version 2.*PLUGIN_PROTOCOL_VERSIONS="1"/);
  });

  it('the host fails clearly when the process exits before the handshake', async () => {
    await expect(startPlugin({ env: { PLUGIN_PROTOCOL_VERSIONS: '' }, executable: '/bin/false' })).rejects.toThrow(
      /plugin exited before we could connect/
    );
  });
});
