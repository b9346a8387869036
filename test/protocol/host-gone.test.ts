// The plugin never outlives Grafana: it exits within 2 s when its parent dies, or when the host closes
// its end of stdout, stderr or (when it is a pipe) stdin — without waiting for its next log line.
// Node hosts (the test host) give socket pairs, Go hosts (go-plugin: os.Pipe) give real pipes; both.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { grafanaEnvironment, requireExecutable, startPlugin, type PluginHandle } from '../host';

const EXIT_WITHIN_MS = 2000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function track(p: PluginHandle): PluginHandle {
  cleanups.push(() => p.kill('SIGKILL'));
  return p;
}

/** Resolves with the time from now until the plugin exited, or 'still running' after the limit. */
async function exitTime(p: PluginHandle, limitMs = 4000): Promise<number | 'still running'> {
  const t0 = performance.now();
  const r = await Promise.race([p.exited(), sleep(limitMs).then(() => 'still running' as const)]);
  return r === 'still running' ? r : performance.now() - t0;
}

/** A process is gone when kill(pid, 0) fails or only its zombie is left. */
function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

async function waitGone(pid: number, limitMs = 4000): Promise<number | 'still running'> {
  const t0 = performance.now();
  while (performance.now() - t0 < limitMs) {
    if (processGone(pid)) return performance.now() - t0;
    await sleep(25);
  }
  return 'still running';
}

describe('exit with Grafana (socket pairs, as the test host spawns it)', () => {
  for (const streams of [['stdout'], ['stderr'], ['stdout', 'stderr']] as const) {
    it(`exits within 2 s when the host closes ${streams.join(' and ')}, with nothing written meanwhile`, async () => {
      const p = track(await startPlugin());
      expect(await p.health()).toBe('SERVING');
      p.closeStdio([...streams]);
      const ms = await exitTime(p);
      console.log(`${streams.join('+')} closed → exit: ${typeof ms === 'number' ? ms.toFixed(0) + ' ms' : ms}`);
      expect(ms).toBeLessThan(EXIT_WITHIN_MS);
    });
  }

  it('exits within 2 s when its stdin pipe closes (Grafana passes its stdin through)', async () => {
    const p = track(await startPlugin({ stdinPipe: true }));
    await sleep(1200); // past the start-up grace for a stdin that is closed from the beginning
    expect(p.isRunning()).toBe(true);
    p.closeStdio(['stdin']);
    const ms = await exitTime(p);
    expect(ms).toBeLessThan(EXIT_WITHIN_MS);
  });

  it('keeps serving while the host keeps its pipes open', async () => {
    const p = track(await startPlugin({ stdinPipe: true }));
    await sleep(1500); // three parent/pipe polls
    expect(p.isRunning()).toBe(true);
    expect(await p.health()).toBe('SERVING');
  });
});

describe('exit with Grafana (real pipes, as go-plugin gives them)', () => {
  it('exits within 2 s when the host closes the read end of its stdout/stderr pipe', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'llmops-fifo-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const fifo = path.join(dir, 'out');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const readFd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const writeFd = openSync(fifo, constants.O_WRONLY);
    const child: ChildProcess = spawn(requireExecutable(), [], {
      cwd: tmpdir(),
      env: grafanaEnvironment(),
      stdio: ['ignore', writeFd, writeFd],
    });
    cleanups.push(() => child.kill('SIGKILL'));
    closeSync(writeFd);
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    const reader = new net.Socket({ fd: readFd, readable: true, writable: false });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no handshake: ${out}`)), 10_000);
      reader.on('data', (b: Buffer) => {
        out += b.toString();
        if (/^1\|2\|tcp\|/m.test(out)) {
          clearTimeout(t);
          resolve();
        }
      });
    });
    await sleep(700); // the plugin has seen the pipe held by its parent at least once
    expect(child.exitCode).toBeNull();
    const t0 = performance.now();
    reader.destroy(); // closes the read end, as a dying Grafana does
    const r = await Promise.race([exited.then(() => performance.now() - t0), sleep(4000).then(() => 'still running')]);
    console.log(`pipe read end closed → exit: ${typeof r === 'number' ? r.toFixed(0) + ' ms' : r}`);
    expect(r).toBeLessThan(EXIT_WITHIN_MS);
  });
});

describe('exit with Grafana (parent dies)', () => {
  it('exits within 2 s of its parent being killed, even with stdout/stderr going to a file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'llmops-parent-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const log = path.join(dir, 'plugin.log');
    // An intermediate "Grafana": starts the plugin with its output in a file (no pipe can tell the plugin
    // anything), prints the plugin's pid, then waits to be killed.
    const script = `
      const { spawn } = require('node:child_process');
      const fs = require('node:fs');
      const fd = fs.openSync(${JSON.stringify(log)}, 'w');
      const c = spawn(${JSON.stringify(requireExecutable())}, [], { cwd: ${JSON.stringify(tmpdir())}, env: JSON.parse(process.env.PLUGIN_ENV), stdio: ['ignore', fd, fd] });
      process.stdout.write(c.pid + '\\n');
      setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['-e', script], {
      env: { ...process.env, PLUGIN_ENV: JSON.stringify(grafanaEnvironment()) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    cleanups.push(() => parent.kill('SIGKILL'));
    const pid = await new Promise<number>((resolve) => parent.stdout!.once('data', (b: Buffer) => resolve(Number(b))));
    cleanups.push(() => {
      if (!processGone(pid)) process.kill(pid, 'SIGKILL');
    });
    const deadline = Date.now() + 10_000;
    while (!/^1\|2\|tcp\|/m.test(safeRead(log)) && Date.now() < deadline) await sleep(50);
    expect(safeRead(log)).toMatch(/^1\|2\|tcp\|/m);
    await sleep(700);
    expect(processGone(pid)).toBe(false);
    parent.kill('SIGKILL');
    const ms = await waitGone(pid);
    console.log(`parent killed → plugin exit: ${typeof ms === 'number' ? ms.toFixed(0) + ' ms' : ms}`);
    expect(ms).toBeLessThan(EXIT_WITHIN_MS);
    expect(safeRead(log)).toMatch(/"@message":"plugin shutting down".*parent process \d+ exited/);
  });
});

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
