// Mach-O code signatures, ad hoc: macOS on Apple silicon refuses to run an unsigned executable, and an
// executable whose signature no longer matches its pages is killed. Injecting the SEA blob into Node's
// darwin binary (postject) drops Node's own signature, so the build signs the result here. Format: Apple's
// cs_blobs.h (SuperBlob → CodeDirectory + empty Requirements, SHA-256, 4 KiB pages).
import { createHash } from 'node:crypto';

const MH_MAGIC_64 = 0xfeedfacf;
const LC_SEGMENT_64 = 0x19;
const LC_CODE_SIGNATURE = 0x1d;
const CSMAGIC_EMBEDDED_SIGNATURE = 0xfade0cc0;
const CSMAGIC_CODEDIRECTORY = 0xfade0c02;
const CSMAGIC_REQUIREMENTS = 0xfade0c01;
const CS_ADHOC = 0x2;
const CS_EXECSEG_MAIN_BINARY = 0x1;
const CD_VERSION_EXECSEG = 0x20400;
const CD_HEADER_BYTES = 88; // through execSegFlags, for version 0x20400
const PAGE_SHIFT = 12;
const PAGE = 1 << PAGE_SHIFT;
const HASH_SHA256 = 2;
const HASH_BYTES = 32;

export const CPU_TYPE = { x86_64: 0x01000007, arm64: 0x0100000c } as const;

interface Section {
  name: string;
  offset: number;
  size: number;
}

interface Segment {
  name: string;
  cmdOffset: number;
  fileoff: number;
  filesize: number;
  vmsize: number;
  sections: Section[];
}

export interface MachO {
  cputype: number;
  filetype: number;
  /** Where the load commands end, and where the first section's data begins (the room between is padding). */
  commandsEnd: number;
  firstSectionOffset: number;
  segments: Segment[];
  /** Offset of the LC_CODE_SIGNATURE command and the blob it points at, if any. */
  signature?: { cmdOffset: number; dataoff: number; datasize: number };
}

export function parseMachO(buf: Buffer): MachO {
  if (buf.length < 32 || buf.readUInt32LE(0) !== MH_MAGIC_64) {
    throw new Error('not a 64-bit little-endian Mach-O file (fat binaries are not handled)');
  }
  const ncmds = buf.readUInt32LE(16);
  const segments: Segment[] = [];
  let signature: MachO['signature'];
  let off = 32;
  for (let i = 0; i < ncmds; i++) {
    const cmd = buf.readUInt32LE(off);
    const size = buf.readUInt32LE(off + 4);
    if (cmd === LC_SEGMENT_64) {
      const sections: Section[] = [];
      for (let s = 0, at = off + 72; s < buf.readUInt32LE(off + 64); s++, at += 80) {
        sections.push({ name: cstring(buf, at, 16), size: Number(buf.readBigUInt64LE(at + 40)), offset: buf.readUInt32LE(at + 48) });
      }
      segments.push({
        name: cstring(buf, off + 8, 16),
        cmdOffset: off,
        vmsize: Number(buf.readBigUInt64LE(off + 32)),
        fileoff: Number(buf.readBigUInt64LE(off + 40)),
        filesize: Number(buf.readBigUInt64LE(off + 48)),
        sections,
      });
    } else if (cmd === LC_CODE_SIGNATURE) {
      signature = { cmdOffset: off, dataoff: buf.readUInt32LE(off + 8), datasize: buf.readUInt32LE(off + 12) };
    }
    off += size;
  }
  const offsets = segments.flatMap((g) => g.sections.map((c) => c.offset)).filter((o) => o > 0);
  const firstSectionOffset = offsets.length ? Math.min(...offsets) : off;
  return { cputype: buf.readInt32LE(4), filetype: buf.readUInt32LE(12), commandsEnd: off, firstSectionOffset, segments, signature };
}

function cstring(buf: Buffer, at: number, max: number): string {
  const end = buf.indexOf(0, at);
  return buf.toString('latin1', at, end < 0 || end > at + max ? at + max : end);
}

/** The bytes of section `segment`/`section`, or undefined when the file has none. */
export function sectionData(buf: Buffer, segment: string, section: string): Buffer | undefined {
  const s = parseMachO(buf).segments.find((g) => g.name === segment)?.sections.find((c) => c.name === section);
  return s && s.offset + s.size <= buf.length ? buf.subarray(s.offset, s.offset + s.size) : undefined;
}

/**
 * Adds an empty LC_CODE_SIGNATURE (at the end of the file, inside __LINKEDIT) to a file that has none, as
 * postject leaves Node's binary: adhocSign then fills it. The command takes 16 bytes of the zero padding
 * between the load commands and the first section, as Apple's codesign does.
 */
export function withSignatureCommand(input: Buffer): Buffer {
  const m = parseMachO(input);
  if (m.signature) return input;
  const linkedit = m.segments.find((s) => s.name === '__LINKEDIT');
  if (!linkedit || linkedit.fileoff + linkedit.filesize !== input.length) throw new Error('Mach-O file does not end with __LINKEDIT');
  if (m.commandsEnd + 16 > m.firstSectionOffset || input.subarray(m.commandsEnd, m.commandsEnd + 16).some((b) => b !== 0)) {
    throw new Error('no room after the load commands for LC_CODE_SIGNATURE');
  }
  const dataoff = Math.ceil(input.length / 16) * 16;
  const out = Buffer.alloc(dataoff);
  input.copy(out);
  out.writeUInt32LE(out.readUInt32LE(16) + 1, 16); // ncmds
  out.writeUInt32LE(out.readUInt32LE(20) + 16, 20); // sizeofcmds
  out.writeUInt32LE(LC_CODE_SIGNATURE, m.commandsEnd);
  out.writeUInt32LE(16, m.commandsEnd + 4);
  out.writeUInt32LE(dataoff, m.commandsEnd + 8);
  out.writeUInt32LE(0, m.commandsEnd + 12);
  out.writeBigUInt64LE(BigInt(dataoff - linkedit.fileoff), linkedit.cmdOffset + 48);
  return out;
}

function sha256(data: Buffer): Buffer {
  return createHash('sha256').update(data).digest();
}

function pageHashes(buf: Buffer, codeLimit: number): Buffer[] {
  const hashes: Buffer[] = [];
  for (let at = 0; at < codeLimit; at += PAGE) hashes.push(sha256(buf.subarray(at, Math.min(at + PAGE, codeLimit))));
  return hashes;
}

function codeDirectory(buf: Buffer, codeLimit: number, identifier: string, text: Segment, requirements: Buffer): Buffer {
  const ident = Buffer.from(identifier + '\0', 'utf8');
  const nSpecial = 2; // slot 1: Info.plist (none), slot 2: requirements
  const code = pageHashes(buf, codeLimit);
  const hashOffset = CD_HEADER_BYTES + ident.length + nSpecial * HASH_BYTES;
  const cd = Buffer.alloc(hashOffset + code.length * HASH_BYTES);
  cd.writeUInt32BE(CSMAGIC_CODEDIRECTORY, 0);
  cd.writeUInt32BE(cd.length, 4);
  cd.writeUInt32BE(CD_VERSION_EXECSEG, 8);
  cd.writeUInt32BE(CS_ADHOC, 12);
  cd.writeUInt32BE(hashOffset, 16);
  cd.writeUInt32BE(CD_HEADER_BYTES, 20); // identOffset
  cd.writeUInt32BE(nSpecial, 24);
  cd.writeUInt32BE(code.length, 28);
  cd.writeUInt32BE(codeLimit, 32);
  cd.writeUInt8(HASH_BYTES, 36);
  cd.writeUInt8(HASH_SHA256, 37);
  cd.writeUInt8(0, 38); // platform
  cd.writeUInt8(PAGE_SHIFT, 39);
  // 40 spare2, 44 scatterOffset, 48 teamOffset, 52 spare3, 56 codeLimit64: all zero
  cd.writeBigUInt64BE(BigInt(text.fileoff), 64); // execSegBase
  cd.writeBigUInt64BE(BigInt(text.filesize), 72); // execSegLimit
  cd.writeBigUInt64BE(BigInt(CS_EXECSEG_MAIN_BINARY), 80);
  ident.copy(cd, CD_HEADER_BYTES);
  sha256(requirements).copy(cd, hashOffset - 2 * HASH_BYTES); // special slot 2 (slot 1 stays zero)
  code.forEach((h, i) => h.copy(cd, hashOffset + i * HASH_BYTES));
  return cd;
}

function superBlob(blobs: Array<{ type: number; data: Buffer }>): Buffer {
  const headerBytes = 12 + 8 * blobs.length;
  const header = Buffer.alloc(headerBytes);
  header.writeUInt32BE(CSMAGIC_EMBEDDED_SIGNATURE, 0);
  header.writeUInt32BE(headerBytes + blobs.reduce((n, b) => n + b.data.length, 0), 4);
  header.writeUInt32BE(blobs.length, 8);
  let at = headerBytes;
  blobs.forEach((b, i) => {
    header.writeUInt32BE(b.type, 12 + 8 * i);
    header.writeUInt32BE(at, 16 + 8 * i);
    at += b.data.length;
  });
  return Buffer.concat([header, ...blobs.map((b) => b.data)]);
}

/**
 * Replaces the executable's code signature with an ad hoc one over its current contents. Needs an
 * LC_CODE_SIGNATURE whose blob ends the file inside __LINKEDIT (what linkers produce), or none (one is added).
 */
export function adhocSign(unsigned: Buffer, identifier: string): Buffer {
  const input = withSignatureCommand(unsigned);
  const m = parseMachO(input);
  const sig = m.signature;
  const linkedit = m.segments.find((s) => s.name === '__LINKEDIT');
  const text = m.segments.find((s) => s.name === '__TEXT');
  if (!sig || !linkedit || !text) throw new Error('Mach-O file has no LC_CODE_SIGNATURE, __LINKEDIT or __TEXT');
  if (sig.dataoff + sig.datasize !== input.length || linkedit.fileoff + linkedit.filesize !== input.length) {
    throw new Error('the code signature does not end the file inside __LINKEDIT');
  }
  const codeLimit = sig.dataoff;
  const requirements = Buffer.alloc(12);
  requirements.writeUInt32BE(CSMAGIC_REQUIREMENTS, 0);
  requirements.writeUInt32BE(12, 4);
  // The signature's size is known before hashing: header + identifier + slots depend only on codeLimit.
  const nCode = Math.ceil(codeLimit / PAGE);
  const cdBytes = CD_HEADER_BYTES + Buffer.byteLength(identifier + '\0') + (2 + nCode) * HASH_BYTES;
  const datasize = Math.ceil((12 + 16 + cdBytes + requirements.length) / 16) * 16;
  const out = Buffer.alloc(codeLimit + datasize);
  input.copy(out, 0, 0, codeLimit);
  // Load commands are inside the hashed range: fix the sizes first, then hash.
  out.writeUInt32LE(datasize, sig.cmdOffset + 12);
  const linkeditSize = codeLimit + datasize - linkedit.fileoff;
  out.writeBigUInt64LE(BigInt(linkeditSize), linkedit.cmdOffset + 48);
  out.writeBigUInt64LE(BigInt(Math.max(linkedit.vmsize, Math.ceil(linkeditSize / 0x4000) * 0x4000)), linkedit.cmdOffset + 32);
  const blob = superBlob([
    { type: 0, data: codeDirectory(out, codeLimit, identifier, text, requirements) },
    { type: 2, data: requirements },
  ]);
  blob.copy(out, codeLimit);
  return out;
}

export interface SignatureCheck {
  signed: boolean;
  adhoc: boolean;
  identifier?: string;
  /** The signer's team (Developer ID signatures; none for ad hoc). */
  teamId?: string;
  /** Pages whose SHA-256 differs from the CodeDirectory's (0 for a valid signature). */
  badPages: number;
  problem?: string;
}

/** Checks the CodeDirectory's page hashes against the file, as the kernel does when it pages code in. */
export function checkSignature(buf: Buffer): SignatureCheck {
  const m = parseMachO(buf);
  if (!m.signature) return { signed: false, adhoc: false, badPages: 0, problem: 'no LC_CODE_SIGNATURE' };
  const base = m.signature.dataoff;
  if (buf.readUInt32BE(base) !== CSMAGIC_EMBEDDED_SIGNATURE) {
    return { signed: false, adhoc: false, badPages: 0, problem: 'the signature is not an embedded SuperBlob' };
  }
  const count = buf.readUInt32BE(base + 8);
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32BE(base + 12 + 8 * i) !== 0) continue;
    const cd = base + buf.readUInt32BE(base + 16 + 8 * i);
    if (buf.readUInt32BE(cd) !== CSMAGIC_CODEDIRECTORY) break;
    const flags = buf.readUInt32BE(cd + 12);
    const hashOffset = buf.readUInt32BE(cd + 16);
    const identOffset = buf.readUInt32BE(cd + 20);
    const nCode = buf.readUInt32BE(cd + 28);
    const codeLimit = buf.readUInt32BE(cd + 32);
    const hashSize = buf.readUInt8(cd + 36);
    const hashType = buf.readUInt8(cd + 37);
    const pageSize = 1 << buf.readUInt8(cd + 39);
    const identifier = buf.toString('utf8', cd + identOffset, buf.indexOf(0, cd + identOffset));
    const teamOffset = buf.readUInt32BE(cd + 8) >= 0x20200 ? buf.readUInt32BE(cd + 48) : 0;
    const teamId = teamOffset ? buf.toString('utf8', cd + teamOffset, buf.indexOf(0, cd + teamOffset)) : undefined;
    const res = { signed: true, adhoc: (flags & CS_ADHOC) !== 0, identifier, ...(teamId ? { teamId } : {}), badPages: 0 };
    if (hashType !== HASH_SHA256 || hashSize !== HASH_BYTES) return { ...res, problem: `hash type ${hashType} not checked` };
    if (codeLimit !== m.signature.dataoff) return { ...res, problem: `codeLimit ${codeLimit} does not reach the signature at ${m.signature.dataoff}` };
    for (let p = 0; p < nCode; p++) {
      const page = buf.subarray(p * pageSize, Math.min((p + 1) * pageSize, codeLimit));
      const want = buf.subarray(cd + hashOffset + p * hashSize, cd + hashOffset + (p + 1) * hashSize);
      if (!sha256(page).equals(want)) res.badPages++;
    }
    return res.badPages ? { ...res, problem: `${res.badPages} of ${nCode} pages do not match their hashes` } : res;
  }
  return { signed: false, adhoc: false, badPages: 0, problem: 'no CodeDirectory in the signature' };
}
