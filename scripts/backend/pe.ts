// PE (Windows) executables: npm's node.exe carries Node's Authenticode signature, which injecting the SEA
// blob invalidates ("The signature seems corrupted!"). A broken signature is worse than none: the build
// drops it before injecting, as Node's SEA guide does with signtool, then the file is simply unsigned.
const SECURITY_DIRECTORY = 4; // IMAGE_DIRECTORY_ENTRY_SECURITY: file offset and size of the certificates

function securityEntryOffset(pe: Buffer): number {
  if (pe.toString('latin1', 0, 2) !== 'MZ') throw new Error('not a PE file (no MZ header)');
  const header = pe.readUInt32LE(0x3c);
  if (pe.readUInt32BE(header) !== 0x50450000) throw new Error('not a PE file (no PE signature)');
  const optional = header + 24;
  const magic = pe.readUInt16LE(optional);
  if (magic !== 0x20b) throw new Error(`not a PE32+ file (optional header magic ${magic.toString(16)})`);
  return optional + 112 + SECURITY_DIRECTORY * 8;
}

/** The signature's certificate table, if any: [file offset, size]. */
export function authenticodeRange(pe: Buffer): [number, number] | undefined {
  const entry = securityEntryOffset(pe);
  const offset = pe.readUInt32LE(entry);
  const size = pe.readUInt32LE(entry + 4);
  return size === 0 ? undefined : [offset, size];
}

/** The file without its Authenticode signature (the certificate table ends the file, as signtool writes it). */
export function removeAuthenticode(pe: Buffer): Buffer {
  const range = authenticodeRange(pe);
  if (!range) return pe;
  const [offset, size] = range;
  if (offset + size !== pe.length) throw new Error('the certificate table does not end the file: cannot drop it');
  const out = Buffer.from(pe.subarray(0, offset));
  out.fill(0, securityEntryOffset(out), securityEntryOffset(out) + 8);
  return out;
}
