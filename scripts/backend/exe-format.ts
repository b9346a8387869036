// Tells what an executable is from its first bytes: the checks Grafana's loader cannot make for us
// (a darwin build that is really an ELF starts nowhere). ELF e_machine, Mach-O cputype, PE machine.
import { closeSync, openSync, readSync } from 'node:fs';

export type ExeKind =
  | { format: 'sh'; interpreter: string }
  | { format: 'elf'; arch: 'amd64' | 'arm64' | 'other'; machine: number }
  | { format: 'macho'; arch: 'amd64' | 'arm64' | 'other'; cputype: number }
  | { format: 'pe'; arch: 'amd64' | 'arm64' | 'other'; machine: number }
  | { format: 'unknown' };

export function readHead(file: string, bytes = 4096): Buffer {
  const buf = Buffer.alloc(bytes);
  const fd = openSync(file, 'r');
  try {
    return buf.subarray(0, readSync(fd, buf, 0, bytes, 0));
  } finally {
    closeSync(fd);
  }
}

export function exeKind(head: Buffer): ExeKind {
  if (head.length >= 2 && head.toString('latin1', 0, 2) === '#!') {
    return { format: 'sh', interpreter: head.toString('utf8', 2, head.indexOf(10) < 0 ? head.length : head.indexOf(10)).trim() };
  }
  if (head.length >= 20 && head.readUInt32BE(0) === 0x7f454c46 && head[4] === 2 && head[5] === 1) {
    const machine = head.readUInt16LE(18);
    return { format: 'elf', machine, arch: machine === 62 ? 'amd64' : machine === 183 ? 'arm64' : 'other' };
  }
  if (head.length >= 8 && head.readUInt32LE(0) === 0xfeedfacf) {
    const cputype = head.readInt32LE(4);
    return { format: 'macho', cputype, arch: cputype === 0x01000007 ? 'amd64' : cputype === 0x0100000c ? 'arm64' : 'other' };
  }
  if (head.length >= 64 && head.toString('latin1', 0, 2) === 'MZ') {
    const pe = head.readUInt32LE(0x3c);
    if (pe + 6 <= head.length && head.readUInt32BE(pe) === 0x50450000) {
      const machine = head.readUInt16LE(pe + 4);
      return { format: 'pe', machine, arch: machine === 0x8664 ? 'amd64' : machine === 0xaa64 ? 'arm64' : 'other' };
    }
  }
  return { format: 'unknown' };
}
