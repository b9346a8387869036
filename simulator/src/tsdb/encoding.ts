// Byte-level helpers for the Prometheus TSDB formats: CRC32 (Castagnoli), varints, big-endian ints, a
// growable byte buffer, and ULIDs for block directory names.

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC32-C (Castagnoli), as Go's crc32.MakeTable(crc32.Castagnoli). */
export function crc32c(buf: Uint8Array, start = 0, end = buf.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A growable byte buffer with the encodings the index and chunk formats use. */
export class ByteBuf {
  buf: Uint8Array;
  len = 0;
  constructor(cap = 1024) {
    this.buf = new Uint8Array(cap);
  }
  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
  }
  reset(): void {
    this.len = 0;
  }
  byte(b: number): void {
    this.ensure(1);
    this.buf[this.len++] = b & 0xff;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  be32(x: number): void {
    this.ensure(4);
    const b = this.buf;
    const i = this.len;
    b[i] = (x >>> 24) & 0xff;
    b[i + 1] = (x >>> 16) & 0xff;
    b[i + 2] = (x >>> 8) & 0xff;
    b[i + 3] = x & 0xff;
    this.len += 4;
  }
  be64(x: number): void {
    this.be32(Math.floor(x / 4294967296));
    this.be32(x >>> 0);
  }
  /** Unsigned LEB128 for non-negative integers up to 2^53. */
  uvarint(x: number): void {
    if (x < 0) throw new Error(`uvarint of negative ${x}`);
    while (x >= 128) {
      this.byte((x % 128) | 0x80);
      x = Math.floor(x / 128);
    }
    this.byte(x);
  }
  /** Zig-zag signed varint (Go binary.PutVarint). */
  varint(x: number): void {
    this.uvarint(x >= 0 ? x * 2 : -x * 2 - 1);
  }
  str(s: string): void {
    const b = Buffer.from(s, 'utf8');
    this.uvarint(b.length);
    this.bytes(b);
  }
  padTo(align: number): void {
    while (this.len % align !== 0) this.byte(0);
  }
  view(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** ULID string from a ms timestamp and 80 bits of (deterministic) entropy given as 10 bytes. */
export function ulid(timeMs: number, entropy: Uint8Array): string {
  let time = '';
  let t = timeMs;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  // 80 bits → 16 base32 chars, most significant first.
  let bits = 0;
  let acc = 0;
  let out = '';
  for (const byte of entropy) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
  }
  return time + out;
}
