// Gorilla/XOR chunk encoding exactly as Prometheus' chunkenc.XORChunk writes it: a 2-byte sample count,
// then the first timestamp as a varint and value as 64 raw bits, the second timestamp as a uvarint delta,
// then delta-of-delta timestamps and XOR-compressed values.

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
// Little-endian platforms (x86, arm64): u32[1] is the high word.
const HI = 1;
const LO = 0;

function ctz32(x: number): number {
  return x === 0 ? 32 : 31 - Math.clz32(x & -x);
}

export class XorChunk {
  /** Bytes 0–1 hold the sample count; the bit stream starts at byte 2. */
  buf = new Uint8Array(4096);
  private pos = 2;
  /** Free bits in the last byte written (0 → next write starts a new byte). */
  private free = 0;
  num = 0;
  minT = 0;
  maxT = 0;
  private t = 0;
  private tDelta = 0;
  private vHi = 0;
  private vLo = 0;
  private leading = 0xff;
  private trailing = 0;

  reset(): void {
    this.pos = 2;
    this.free = 0;
    this.num = 0;
    this.leading = 0xff;
    this.trailing = 0;
  }

  private grow(): void {
    if (this.pos + 16 < this.buf.length) return;
    const b = new Uint8Array(this.buf.length * 2);
    b.set(this.buf);
    this.buf = b;
  }

  private bit(on: boolean): void {
    if (this.free === 0) {
      this.grow();
      this.buf[this.pos++] = 0;
      this.free = 8;
    }
    if (on) this.buf[this.pos - 1] |= 1 << (this.free - 1);
    this.free--;
  }

  /** Writes the low `n` (≤ 32) bits of `u`, most significant first. */
  private bits(u: number, n: number): void {
    while (n > 0) {
      if (this.free === 0) {
        this.grow();
        this.buf[this.pos++] = 0;
        this.free = 8;
      }
      const take = n < this.free ? n : this.free;
      const chunk = (u >>> (n - take)) & ((1 << take) - 1);
      this.buf[this.pos - 1] |= chunk << (this.free - take);
      this.free -= take;
      n -= take;
    }
  }

  /** Writes `n` (≤ 64) low bits of the 64-bit value hi:lo. */
  private bits64(hi: number, lo: number, n: number): void {
    if (n > 32) {
      this.bits(hi, n - 32);
      this.bits(lo, 32);
    } else this.bits(lo, n);
  }

  private byteOut(b: number): void {
    this.bits(b, 8);
  }

  private uvarint(x: number): void {
    while (x >= 128) {
      this.byteOut((x % 128) | 0x80);
      x = Math.floor(x / 128);
    }
    this.byteOut(x);
  }

  private writeValue(hi: number, lo: number): void {
    const dHi = (hi ^ this.vHi) >>> 0;
    const dLo = (lo ^ this.vLo) >>> 0;
    if (dHi === 0 && dLo === 0) {
      this.bit(false);
      return;
    }
    this.bit(true);
    let leading = dHi !== 0 ? Math.clz32(dHi) : 32 + Math.clz32(dLo);
    const trailing = dLo !== 0 ? ctz32(dLo) : 32 + ctz32(dHi);
    if (leading >= 32) leading = 31;
    let sig: number;
    let shift: number;
    if (this.leading !== 0xff && leading >= this.leading && trailing >= this.trailing) {
      this.bit(false);
      sig = 64 - this.leading - this.trailing;
      shift = this.trailing;
    } else {
      this.leading = leading;
      this.trailing = trailing;
      this.bit(true);
      this.bits(leading, 5);
      sig = 64 - leading - trailing;
      this.bits(sig & 63, 6);
      shift = trailing;
    }
    // (dHi:dLo) >> shift
    let sHi: number;
    let sLo: number;
    if (shift === 0) {
      sHi = dHi;
      sLo = dLo;
    } else if (shift >= 32) {
      sHi = 0;
      sLo = dHi >>> (shift - 32);
    } else {
      sHi = dHi >>> shift;
      sLo = ((dLo >>> shift) | (dHi << (32 - shift))) >>> 0;
    }
    this.bits64(sHi, sLo, sig);
  }

  /** Appends a sample; timestamps (ms) must increase. */
  append(tMs: number, v: number): void {
    f64[0] = v;
    const hi = u32[HI];
    const lo = u32[LO];
    if (this.num === 0) {
      const z = tMs >= 0 ? tMs * 2 : -tMs * 2 - 1;
      this.uvarint(z);
      this.bits(hi, 32);
      this.bits(lo, 32);
      this.minT = tMs;
    } else if (this.num === 1) {
      this.tDelta = tMs - this.t;
      this.uvarint(this.tDelta);
      this.writeValue(hi, lo);
    } else {
      const tDelta = tMs - this.t;
      const dod = tDelta - this.tDelta;
      if (dod === 0) this.bit(false);
      else if (dod >= -8191 && dod <= 8192) {
        this.bits(0b10, 2);
        this.bits(dod & 0x3fff, 14);
      } else if (dod >= -65535 && dod <= 65536) {
        this.bits(0b110, 3);
        this.bits(dod & 0x1ffff, 17);
      } else if (dod >= -524287 && dod <= 524288) {
        this.bits(0b1110, 4);
        this.bits(dod & 0xfffff, 20);
      } else {
        this.bits(0b1111, 4);
        const dhi = Math.floor(dod / 4294967296);
        this.bits64(dhi >>> 0, dod >>> 0, 64);
      }
      this.tDelta = tDelta;
      this.writeValue(hi, lo);
    }
    this.t = tMs;
    this.maxT = tMs;
    this.vHi = hi;
    this.vLo = lo;
    this.num++;
  }

  /** The chunk bytes (count header + stream). */
  bytes(): Uint8Array {
    this.buf[0] = (this.num >>> 8) & 0xff;
    this.buf[1] = this.num & 0xff;
    return this.buf.subarray(0, this.pos);
  }
}
