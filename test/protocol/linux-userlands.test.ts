// The linux executables in the userlands Grafana gives them: this host (Debian, glibc) is covered by every
// other test; here a root with musl and no glibc (Grafana's default Alpine image), for amd64 natively and
// for arm64 under qemu user emulation. Handshake, health, a query against a real Prometheus by host name,
// and a graceful stop, through the same test host as everywhere else.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exeKind, readHead } from '../../scripts/backend/exe-format';
import { launcherScript } from '../../scripts/backend/launcher';
import { LINUX_PROGRAM, LINUX_RUNTIMES, type Goarch } from '../../scripts/backend/platforms';
import { startPrometheus, type RunningService } from '../support/services';
import { amd64Executable, arm64Executable, distDatasource, requireExecutable, startPlugin, type StartOptions } from '../host';
import { PLUGIN_MOUNT, QEMU_AARCH64, bwrapRunner, makeMuslRoot, missingUserlandTools, rootFiles } from '../host/userland';

const ELF_ARCH: Record<Goarch, 'amd64' | 'arm64'> = { amd64: 'amd64', arm64: 'arm64' };

let root: string;
let prometheus: RunningService;
beforeAll(async () => {
  expect(missingUserlandTools(), 'install with scripts/install-test-deps.sh apt').toEqual([]);
  root = makeMuslRoot();
  // Alpine's /etc/hosts, so "localhost" resolves as it does in Grafana's image.
  writeFileSync(path.join(root, 'etc-hosts'), '127.0.0.1\tlocalhost\n');
  prometheus = await startPrometheus();
});
afterAll(async () => {
  await prometheus?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

function hostsBind(): string[] {
  return ['--ro-bind', path.join(root, 'etc-hosts'), '/etc/hosts'];
}

async function exercise(opts: StartOptions) {
  const plugin = await startPlugin(opts);
  try {
    expect(plugin.handshake).toMatchObject({ core: 1, app: 2, network: 'tcp', protocol: 'grpc' });
    expect(await plugin.health()).toBe('SERVING');
    const url = prometheus.url.replace('127.0.0.1', 'localhost');
    const health = await plugin.checkHealth({ url });
    expect(health.status, health.message).toBe('OK');
    const json = await plugin.queryJson([{ refId: 'A', queryType: 'test', model: { seriesCount: 2, points: 10 } }]);
    expect(json.results.A!.frames).toHaveLength(2);
    const res = await plugin.shutdown();
    expect(res.graceful).toBe(true);
    return plugin.handshakeMs;
  } finally {
    await plugin.close();
  }
}

describe('linux launchers', () => {
  for (const goarch of ['amd64', 'arm64'] as const) {
    it(`${goarch}: the entry is the build's shell launcher, and the program it starts is an ${goarch} ELF`, () => {
      const entry = requireExecutable(goarch === 'amd64' ? amd64Executable : arm64Executable);
      expect(readFileSync(entry, 'utf8')).toBe(launcherScript(goarch));
      const rt = LINUX_RUNTIMES[goarch];
      const program = path.join(distDatasource, rt.dir, LINUX_PROGRAM);
      expect(exeKind(readHead(program))).toMatchObject({ format: 'elf', arch: ELF_ARCH[goarch] });
      expect(exeKind(readHead(path.join(distDatasource, rt.dir, rt.loader)))).toMatchObject({ format: 'elf', arch: ELF_ARCH[goarch] });
      expect(statSync(path.join(distDatasource, rt.dir, rt.loader)).mode & 0o111).not.toBe(0);
    });
  }
});

describe('in a root with musl and no glibc (Grafana\'s Alpine image)', () => {
  it('the root has musl\'s loader and no glibc or libstdc++ at all', () => {
    const files = rootFiles(root);
    expect(files).toContain('lib/ld-musl-x86_64.so.1');
    expect(files.filter((f) => /ld-linux|libc\.so\.6|libstdc\+\+|libgcc_s/.test(f))).toEqual([]);
  });

  it('control: the program started directly (its ELF asks for /lib64/ld-linux-x86-64.so.2) does not run there', () => {
    const [cmd, ...args] = bwrapRunner(root);
    const res = spawnSync(cmd!, [...args, `${PLUGIN_MOUNT}/${LINUX_RUNTIMES.amd64.dir}/${LINUX_PROGRAM}`], { encoding: 'utf8', timeout: 20_000 });
    expect(res.status).not.toBe(0);
    expect(res.stderr).toMatch(/No such file or directory/);
  });

  it('amd64: Grafana starts the launcher; handshake, health, a query by host name, graceful stop', async () => {
    const ms = await exercise({
      executable: amd64Executable,
      runner: bwrapRunner(root).slice(0, -1).concat(hostsBind(), ['--']),
      runnerPath: `${PLUGIN_MOUNT}/gpx_llmops_linux_amd64`,
    });
    console.log(`amd64 in the musl root: handshake ${ms.toFixed(0)} ms`);
  });

  it('arm64 under qemu-aarch64: the launcher\'s command (its shipped glibc loader) in the same root', async () => {
    // No binfmt_misc here, so the kernel cannot hand the launcher's aarch64 exec to qemu: run the exec
    // line the launcher holds (checked above) under qemu instead.
    const rt = LINUX_RUNTIMES.arm64;
    const dir = `${PLUGIN_MOUNT}/${rt.dir}`;
    expect(launcherScript('arm64')).toContain(`exec "$rt/${rt.loader}" --library-path "$rt" --argv0 "$0" "$rt/${LINUX_PROGRAM}" "$@"`);
    const ms = await exercise({
      executable: arm64Executable,
      runner: [
        ...bwrapRunner(root, [QEMU_AARCH64]).slice(0, -1),
        ...hostsBind(),
        '--',
        QEMU_AARCH64,
        `${dir}/${rt.loader}`,
        '--library-path',
        dir,
        '--argv0',
        `${PLUGIN_MOUNT}/gpx_llmops_linux_arm64`,
      ],
      runnerPath: `${dir}/${LINUX_PROGRAM}`,
      handshakeTimeoutMs: 60_000,
    });
    console.log(`arm64 under qemu in the musl root: handshake ${ms.toFixed(0)} ms`);
  });
});
