// The windows executable (a Node SEA with a start-up snapshot) started under Wine (Debian's wine64) through the
// same test host as everywhere else: handshake, health, a health check against a real Prometheus, a query and
// a graceful stop. Wine is not Windows: this shows the PE, its injected blob and its snapshot work, not how
// fast it starts on Windows. Node under Wine 8 cannot open a pipe as its stdout or stderr (libuv's EBADF), so
// a shell wrapper gives it files and relays stdout to the host, as Grafana's pipe would.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exeKind, readHead } from '../../scripts/backend/exe-format';
import { WINE64, WINE_PREFIX_DIR } from '../../scripts/backend/node-sea';
import { authenticodeRange } from '../../scripts/backend/pe';
import { startPrometheus, type RunningService } from '../support/services';
import { distDatasource, requireExecutable, startPlugin } from '../host';

const exe = path.join(distDatasource, 'gpx_llmops_windows_amd64.exe');
const wineEnv = { WINEPREFIX: WINE_PREFIX_DIR, WINEDEBUG: '-all' };
const wineserver = path.join(path.dirname(WINE64), 'wineserver');

// $1: the executable. stdout/stderr go to files; tail relays stdout until Wine's process ends.
const WRAPPER = [
  'dir=$(mktemp -d); : >"$dir/out"; : >"$dir/err"', // both exist before tail looks
  `"${WINE64}" "$1" >"$dir/out" 2>"$dir/err" </dev/null &`,
  'pid=$!',
  'trap \'kill $pid 2>/dev/null\' TERM INT',
  'tail -n +1 -f --pid=$pid "$dir/out" &',
  'wait $pid; code=$?',
  'sleep 0.2; cat "$dir/err" >&2; rm -rf "$dir"; exit $code',
].join('\n');

let prometheus: RunningService;
let tmp: string;
beforeAll(async () => {
  expect(existsSync(WINE64), 'install Debian\'s wine64 (scripts/install-test-deps.sh apt)').toBe(true);
  expect(existsSync(path.join(WINE_PREFIX_DIR, 'system.reg')), 'the build makes the Wine prefix: run npm run build:backend').toBe(true);
  prometheus = await startPrometheus();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'llmops-wine-'));
});
afterAll(async () => {
  await prometheus?.stop();
  // Ends whatever is left in the build's own Wine prefix (a killed wrapper leaves Wine's process).
  if (existsSync(wineserver)) execFileSync(wineserver, ['-k'], { env: { ...process.env, ...wineEnv }, stdio: 'ignore' });
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('windows amd64 under Wine', () => {
  it('is a PE32+ x86-64 file without the signature its injection broke', () => {
    requireExecutable(exe);
    expect(exeKind(readHead(exe))).toMatchObject({ format: 'pe', arch: 'amd64' });
    expect(authenticodeRange(readFileSync(exe))).toBeUndefined();
  });

  it('handshake, health, a health check against Prometheus, a query, graceful stop', async () => {
    const plugin = await startPlugin({
      executable: exe,
      runner: ['sh', '-c', WRAPPER, 'sh'],
      env: wineEnv,
      cwd: tmp,
      handshakeTimeoutMs: 60_000,
    });
    try {
      expect(plugin.handshake).toMatchObject({ core: 1, app: 2, network: 'tcp', protocol: 'grpc' });
      expect(await plugin.health()).toBe('SERVING');
      const health = await plugin.checkHealth({ url: prometheus.url });
      expect(health.status, health.message).toBe('OK');
      const json = await plugin.queryJson([{ refId: 'A', queryType: 'test', model: { seriesCount: 2, points: 10 } }]);
      expect(json.results.A!.frames).toHaveLength(2);
      const res = await plugin.shutdown();
      expect(res.graceful).toBe(true);
      console.log(`windows amd64 under Wine: handshake ${plugin.handshakeMs.toFixed(0)} ms`);
    } finally {
      await plugin.close();
    }
  });
});
