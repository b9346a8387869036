// What makes a Node single executable application start its own code instead of plain Node: the preparation
// blob in the executable (on macOS the section NODE_SEA/__NODE_SEA_BLOB, where Node looks it up) and the
// sentinel fuse flipped to 1. Checked in dist so that a binary the injection missed is caught here, not on a Mac.
import { sectionData } from './macho';

export const SEA_SENTINEL_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
/** Node's SEA blob magic (src/node_sea.h kMagic), little-endian at the blob's start. */
export const SEA_BLOB_MAGIC = 0x0143da20;
export const MACHO_SEA_SEGMENT = 'NODE_SEA';
export const MACHO_SEA_SECTION = '__NODE_SEA_BLOB';

export type FuseState = 'flipped' | 'unflipped' | 'absent';

export function seaFuse(buf: Buffer): FuseState {
  const at = buf.indexOf(`${SEA_SENTINEL_FUSE}:`, 0, 'latin1');
  if (at < 0) return 'absent';
  return buf[at + SEA_SENTINEL_FUSE.length + 1] === 0x31 ? 'flipped' : 'unflipped';
}

/** Why a darwin Node SEA would start as plain Node (or not at all), or undefined when blob and fuse are right. */
export function machoSeaProblem(buf: Buffer): string | undefined {
  const blob = sectionData(buf, MACHO_SEA_SEGMENT, MACHO_SEA_SECTION);
  if (!blob) return `no ${MACHO_SEA_SEGMENT}/${MACHO_SEA_SECTION} section (the SEA blob was not injected)`;
  if (blob.length < 8 || blob.readUInt32LE(0) !== SEA_BLOB_MAGIC) return `${MACHO_SEA_SEGMENT}/${MACHO_SEA_SECTION} does not start with Node's SEA blob magic`;
  const fuse = seaFuse(buf);
  return fuse === 'flipped' ? undefined : `the SEA fuse is ${fuse === 'absent' ? 'missing' : 'not flipped'}`;
}
