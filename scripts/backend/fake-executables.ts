// Tiny stand-ins for the backend executables, for tests of the dist checks: real headers (ELF, Mach-O
// with a valid ad hoc signature, PE) and the real linux launchers, a few KiB instead of 500 MiB.
import fs from 'node:fs';
import path from 'node:path';
import { launcherScript } from './launcher';
import { adhocSign, CPU_TYPE } from './macho';
import { LINUX_PROGRAM, LINUX_RUNTIMES, PLATFORMS, entryName, linuxLibs, type Goarch } from './platforms';
import { MACHO_SEA_SECTION, MACHO_SEA_SEGMENT, SEA_BLOB_MAGIC, SEA_SENTINEL_FUSE } from './sea-resource';

export function fakeElf(arch: Goarch): Buffer {
  const b = Buffer.alloc(64);
  b.writeUInt32BE(0x7f454c46, 0);
  b[4] = 2; // 64-bit
  b[5] = 1; // little endian
  b.writeUInt16LE(2, 16); // ET_EXEC
  b.writeUInt16LE(arch === 'amd64' ? 62 : 183, 18);
  return b;
}

/**
 * A Node SEA as the build leaves it, in miniature: one page of __TEXT (load commands and the flipped SEA
 * fuse), a NODE_SEA segment with a blob that starts with Node's magic, then __LINKEDIT holding the code
 * signature, signed ad hoc. `signed: false` leaves it as postject does: no LC_CODE_SIGNATURE at all.
 */
export function fakeMachO(arch: Goarch, opts: { signed?: boolean; fuse?: '0' | '1' } = {}): Buffer {
  const b = Buffer.alloc(2 * 4096 + 16);
  b.writeUInt32LE(0xfeedfacf, 0);
  b.writeInt32LE(arch === 'amd64' ? CPU_TYPE.x86_64 : CPU_TYPE.arm64, 4);
  b.writeUInt32LE(2, 12); // MH_EXECUTE
  b.writeUInt32LE(3, 16); // ncmds
  b.writeUInt32LE(72 + 152 + 72, 20);
  const segment = (at: number, name: string, fileoff: number, filesize: number, nsects = 0) => {
    b.writeUInt32LE(0x19, at);
    b.writeUInt32LE(72 + 80 * nsects, at + 4);
    b.write(name, at + 8, 'latin1');
    b.writeBigUInt64LE(BigInt(Math.ceil(filesize / 0x4000) * 0x4000), at + 32);
    b.writeBigUInt64LE(BigInt(fileoff), at + 40);
    b.writeBigUInt64LE(BigInt(filesize), at + 48);
    b.writeUInt32LE(nsects, at + 64);
  };
  segment(32, '__TEXT', 0, 4096);
  segment(104, MACHO_SEA_SEGMENT, 4096, 16, 1);
  b.write(MACHO_SEA_SECTION, 176, 'latin1'); // section_64: sectname, segname, addr, size, offset
  b.write(MACHO_SEA_SEGMENT, 192, 'latin1');
  b.writeBigUInt64LE(16n, 216);
  b.writeUInt32LE(4096, 224);
  segment(256, '__LINKEDIT', 8192, 16);
  b.write(`${SEA_SENTINEL_FUSE}:${opts.fuse ?? '1'}`, 2048, 'latin1');
  b.writeUInt32LE(SEA_BLOB_MAGIC, 4096);
  const unsigned = b.subarray(0, 8192 + 16);
  return opts.signed === false ? unsigned : adhocSign(unsigned, 'gpx_llmops');
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
