// A minimal zip writer (deflate, Unix modes), enough for plugin archives: Grafana's installer takes each
// entry's mode from its Unix external attributes, so helper executables keep their exec bit. Entries are
// compressed once and can go into several archives (per-platform and all-platform).
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  /** Path inside the archive, with forward slashes. */
  name: string;
  mode: number;
  crc: number;
  size: number;
  data: Buffer;
  method: 0 | 8;
}

/**
 * libdeflate's strongest level (Debian's libdeflate-tools): plain deflate, which any zip reader (Grafana's
 * Go archive/zip too) inflates, about 7 % smaller than zlib's level 9 on the executables. Used when
 * installed (scripts/install-test-deps.sh apt installs it), else zlib.
 */
const LIBDEFLATE = 'libdeflate-gzip';
let libdeflate: boolean | undefined;

export function strongDeflateAvailable(): boolean {
  libdeflate ??= spawnSync(LIBDEFLATE, ['-V'], { stdio: 'ignore' }).status === 0;
  return libdeflate;
}

/** The raw deflate stream inside a gzip member (RFC 1952), checked against the content it must hold. */
function gzipPayload(gz: Buffer, content: Buffer): Buffer {
  if (gz[0] !== 0x1f || gz[1] !== 0x8b || gz[2] !== 8) throw new Error(`${LIBDEFLATE} wrote no gzip data`);
  const flags = gz[3]!;
  let at = 10;
  if (flags & 4) at += 2 + gz.readUInt16LE(at);
  if (flags & 8) at = gz.indexOf(0, at) + 1;
  if (flags & 16) at = gz.indexOf(0, at) + 1;
  if (flags & 2) at += 2;
  const raw = gz.subarray(at, gz.length - 8);
  if (!inflateRawSync(raw).equals(content)) throw new Error(`${LIBDEFLATE}'s output does not inflate to its input`);
  return raw;
}

function deflate(content: Buffer): Buffer {
  if (content.length < 4096 || !strongDeflateAvailable()) return deflateRawSync(content, { level: 9 });
  const gz = execFileSync(LIBDEFLATE, ['-12', '-c'], { input: content, maxBuffer: content.length * 2 + 2 ** 20 });
  return gzipPayload(gz, content);
}

/** Deflates a file's bytes (stores them when deflate does not help). */
export function zipEntry(name: string, content: Buffer, mode: number): ZipEntry {
  const deflated = deflate(content);
  const stored = deflated.length >= content.length;
  return { name, mode, crc: crc32(content), size: content.length, data: stored ? content : deflated, method: stored ? 0 : 8 };
}

const DOS_DATE_1980 = (0 << 9) | (1 << 5) | 1; // 1980-01-01: fixed, so archives of the same files are identical

function localHeader(e: ZipEntry, name: Buffer): Buffer {
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4); // version needed
  h.writeUInt16LE(0x0800, 6); // UTF-8 names
  h.writeUInt16LE(e.method, 8);
  h.writeUInt16LE(0, 10);
  h.writeUInt16LE(DOS_DATE_1980, 12);
  h.writeUInt32LE(e.crc >>> 0, 14);
  h.writeUInt32LE(e.data.length, 18);
  h.writeUInt32LE(e.size, 22);
  h.writeUInt16LE(name.length, 26);
  h.writeUInt16LE(0, 28);
  return h;
}

function centralHeader(e: ZipEntry, name: Buffer, offset: number): Buffer {
  const h = Buffer.alloc(46);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so the external attributes carry st_mode
  h.writeUInt16LE(20, 6);
  h.writeUInt16LE(0x0800, 8);
  h.writeUInt16LE(e.method, 10);
  h.writeUInt16LE(0, 12);
  h.writeUInt16LE(DOS_DATE_1980, 14);
  h.writeUInt32LE(e.crc >>> 0, 16);
  h.writeUInt32LE(e.data.length, 20);
  h.writeUInt32LE(e.size, 24);
  h.writeUInt16LE(name.length, 28);
  h.writeUInt32LE((((e.name.endsWith('/') ? 0o040000 : 0o100000) | e.mode) << 16) >>> 0, 38);
  h.writeUInt32LE(offset, 42);
  return h;
}

/** Writes the entries as one zip file; returns its size in bytes. Sizes stay under 4 GiB (no zip64). */
export function writeZip(file: string, entries: ZipEntry[]): number {
  const fd = openSync(file, 'w');
  let offset = 0;
  const central: Buffer[] = [];
  const put = (b: Buffer) => {
    writeSync(fd, b);
    offset += b.length;
  };
  try {
    for (const e of entries) {
      const name = Buffer.from(e.name, 'utf8');
      central.push(centralHeader(e, name, offset), name);
      put(localHeader(e, name));
      put(name);
      put(e.data);
    }
    const cdStart = offset;
    for (const b of central) put(b);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(offset - cdStart, 12);
    end.writeUInt32LE(cdStart, 16);
    put(end);
  } finally {
    closeSync(fd);
  }
  if (offset >= 2 ** 32) throw new Error(`${file}: ${offset} bytes needs zip64, which this writer does not write`);
  return offset;
}
