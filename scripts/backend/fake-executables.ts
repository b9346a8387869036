// Tiny stand-ins for the backend executables, for tests of the dist checks: real headers (ELF, Mach-O
// with a valid ad hoc signature, PE) and the real linux launchers, a few KiB instead of 500 MiB.
import fs from 'node:fs';
import path from 'node:path';
import { launcherScript } from './launcher';
import { adhocSign, CPU_TYPE } from './macho';
import { LINUX_PROGRAM, LINUX_RUNTIMES, PLATFORMS, entryName, linuxLibs, type Goarch } from './platforms';

export function fakeElf(arch: Goarch): Buffer {
  const b = Buffer.alloc(64);
  b.writeUInt32BE(0x7f454c46, 0);
  b[4] = 2; // 64-bit
  b[5] = 1; // little endian
  b.writeUInt16LE(2, 16); // ET_EXEC
  b.writeUInt16LE(arch === 'amd64' ? 62 : 183, 18);
  return b;
}

/** One page of __TEXT, then __LINKEDIT holding the code signature, signed ad hoc. */
export function fakeMachO(arch: Goarch): Buffer {
  const b = Buffer.alloc(4096 + 16);
  b.writeUInt32LE(0xfeedfacf, 0);
  b.writeInt32LE(arch === 'amd64' ? CPU_TYPE.x86_64 : CPU_TYPE.arm64, 4);
  b.writeUInt32LE(2, 12); // MH_EXECUTE
  b.writeUInt32LE(3, 16); // ncmds
  b.writeUInt32LE(72 + 72 + 16, 20);
  const segment = (at: number, name: string, fileoff: number, filesize: number) => {
    b.writeUInt32LE(0x19, at);
    b.writeUInt32LE(72, at + 4);
    b.write(name, at + 8, 'latin1');
    b.writeBigUInt64LE(BigInt(Math.ceil(filesize / 0x4000) * 0x4000), at + 32);
    b.writeBigUInt64LE(BigInt(fileoff), at + 40);
    b.writeBigUInt64LE(BigInt(filesize), at + 48);
  };
  segment(32, '__TEXT', 0, 4096);
  segment(104, '__LINKEDIT', 4096, 16);
  b.writeUInt32LE(0x1d, 176);
  b.writeUInt32LE(16, 180);
  b.writeUInt32LE(4096, 184);
  b.writeUInt32LE(16, 188);
  return adhocSign(b, 'gpx_llmops');
}

export function fakePe(arch: Goarch): Buffer {
  const b = Buffer.alloc(0x48);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x40, 0x3c);
  b.writeUInt32BE(0x50450000, 0x40);
  b.writeUInt16LE(arch === 'amd64' ? 0x8664 : 0xaa64, 0x44);
  return b;
}

/** Writes every platform's entry (and the linux runtimes) into a datasource folder. */
export function writeFakeBackend(dir: string): void {
  const put = (rel: string, data: Buffer | string, mode: number) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), data, { mode });
    fs.chmodSync(path.join(dir, rel), mode);
  };
  for (const p of PLATFORMS) {
    if (p.goos === 'linux') {
      const rt = LINUX_RUNTIMES[p.goarch];
      put(entryName(p), launcherScript(p.goarch), 0o755);
      put(`${rt.dir}/${rt.loader}`, fakeElf(p.goarch), 0o755);
      put(`${rt.dir}/${LINUX_PROGRAM}`, fakeElf(p.goarch), 0o755);
      for (const lib of linuxLibs(p)) put(`${rt.dir}/${lib}`, fakeElf(p.goarch), 0o644);
    } else {
      put(entryName(p), p.goos === 'darwin' ? fakeMachO(p.goarch) : fakePe(p.goarch), 0o755);
    }
  }
}
