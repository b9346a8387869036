// The arm64 executable: a real aarch64 ELF, and (through qemu user emulation) a working plugin.
import { execFileSync } from 'node:child_process';
import { existsSync, openSync, readSync, closeSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { arm64Executable, requireExecutable, startPlugin } from '../host';

const AARCH64_SYSROOT = '/usr/aarch64-linux-gnu';

function hasCommand(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('arm64 executable', () => {
  it('is an executable 64-bit little-endian ELF for aarch64 (e_machine 183)', () => {
    const file = requireExecutable(arm64Executable);
    const header = Buffer.alloc(20);
    const fd = openSync(file, 'r');
    readSync(fd, header, 0, 20, 0);
    closeSync(fd);
    expect(header.subarray(0, 4)).toEqual(Buffer.from([0x7f, 0x45, 0x4c, 0x46])); // \x7fELF
    expect(header[4]).toBe(2); // ELFCLASS64
    expect(header[5]).toBe(1); // little endian
    expect(header.readUInt16LE(16)).toBe(2); // ET_EXEC
    expect(header.readUInt16LE(18)).toBe(183); // EM_AARCH64
  });

  it('passes the handshake and answers a query under qemu-aarch64-static when qemu is installed', async () => {
    if (!hasCommand('qemu-aarch64-static')) {
      console.log('qemu-aarch64-static not installed: the arm64 run check does not apply on this machine');
      expect(hasCommand('qemu-aarch64-static')).toBe(false);
      return;
    }
    // Dynamic aarch64 binaries need the target's glibc and libstdc++ (Debian: libc6-arm64-cross, libstdc++6-arm64-cross).
    expect(
      existsSync(`${AARCH64_SYSROOT}/lib/ld-linux-aarch64.so.1`),
      `install libc6-arm64-cross and libstdc++6-arm64-cross`
    ).toBe(true);
    const plugin = await startPlugin({
      executable: requireExecutable(arm64Executable),
      runner: ['qemu-aarch64-static'],
      env: { QEMU_LD_PREFIX: AARCH64_SYSROOT },
    });
    try {
      console.log(`arm64 handshake under qemu: ${plugin.handshakeMs.toFixed(0)} ms`);
      expect(plugin.handshake).toMatchObject({ core: 1, app: 2, network: 'tcp', protocol: 'grpc' });
      expect(await plugin.health()).toBe('SERVING');
      const json = await plugin.queryJson([{ refId: 'A', queryType: 'test', model: { seriesCount: 2, points: 10 } }]);
      expect(json.results.A!.frames).toHaveLength(2);
      const res = await plugin.shutdown();
      expect(res.graceful).toBe(true);
    } finally {
      await plugin.close();
    }
  });
});
