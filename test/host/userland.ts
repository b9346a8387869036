// Foreign userlands for the linux executables, built from Debian packages: a root with musl and no glibc
// (what Grafana's default Alpine image offers a plugin), entered with bubblewrap; arm64 through qemu
// user emulation inside such a root. The plugin folder is bound read-only at /plugin.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { distDatasource } from './paths';

export const MUSL_LOADER_SOURCE = '/usr/lib/x86_64-linux-musl/libc.so'; // Debian: musl
export const STATIC_SHELL_SOURCE = '/bin/busybox'; // Debian: busybox-static
export const QEMU_AARCH64 = '/usr/bin/qemu-aarch64-static'; // Debian: qemu-user-static
export const PLUGIN_MOUNT = '/plugin';

export function hasCommand(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** What the userland tests need from Debian, with the package to install for each missing piece. */
export function missingUserlandTools(): string[] {
  const missing: string[] = [];
  if (!hasCommand('bwrap')) missing.push('bwrap (bubblewrap)');
  if (!existsSync(MUSL_LOADER_SOURCE)) missing.push(`${MUSL_LOADER_SOURCE} (musl)`);
  if (!existsSync(STATIC_SHELL_SOURCE)) missing.push(`${STATIC_SHELL_SOURCE} (busybox-static)`);
  return missing;
}

/**
 * A root directory with musl's loader as /lib/ld-musl-x86_64.so.1, a statically linked /bin/sh and
 * nothing else: no glibc, no libstdc++.
 */
export function makeMuslRoot(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'llmops-musl-root-'));
  for (const d of ['lib', 'bin', 'tmp', 'proc', 'dev', 'usr/bin', PLUGIN_MOUNT.slice(1)]) mkdirSync(path.join(root, d), { recursive: true });
  copyFileSync(MUSL_LOADER_SOURCE, path.join(root, 'lib', 'ld-musl-x86_64.so.1'));
  copyFileSync(STATIC_SHELL_SOURCE, path.join(root, 'bin', 'sh'));
  return root;
}

/** Every file in the root, relative to it (the plugin mount point is empty until bwrap binds it). */
export function rootFiles(root: string, rel = ''): string[] {
  return readdirSync(path.join(root, rel)).flatMap((name) => {
    const r = path.join(rel, name);
    return statSync(path.join(root, r)).isDirectory() ? rootFiles(root, r) : [r];
  });
}

/** bwrap arguments entering `root` with the plugin at /plugin, host networking (loopback) and a fresh /tmp. */
export function bwrapRunner(root: string, extraBinds: string[] = []): string[] {
  return [
    'bwrap',
    '--bind', root, '/',
    '--ro-bind', distDatasource, PLUGIN_MOUNT,
    ...extraBinds.flatMap((f) => ['--ro-bind', f, f]),
    '--proc', '/proc',
    '--dev', '/dev',
    '--tmpfs', '/tmp',
    '--chdir', '/tmp',
    '--die-with-parent',
    '--',
  ];
}
