// A minimal FlatBuffers builder: just what Arrow's IPC metadata needs (tables with scalar, offset and
// union fields, strings, vectors of offsets and of fixed-size structs). Like every FlatBuffers builder it
// writes back to front, so a child is always written before the object that points at it and forward
// (unsigned) offsets come out naturally. Positions are kept as "distance from the end of the buffer",
// which stays valid when the buffer grows (the used bytes move to the end of a bigger one).

export class FlatBufferBuilder {
  private buf: Buffer;
  private view: DataView;
  /** Index of the first used byte; bytes [head, buf.length) are the buffer built so far. */
  private head: number;
  private minAlign = 1;
  /** Per slot of the open table: end-relative position of the field, 0 = absent. */
  private slots = new Int32Array(16);
  private slotCount = 0;
  private tableStart = 0;

  constructor(initialSize = 1024) {
    this.buf = Buffer.allocUnsafe(initialSize);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    this.head = initialSize;
  }

  reset(): void {
    this.head = this.buf.length;
    this.minAlign = 1;
  }

  /** Bytes written so far, i.e. the end-relative position of the last thing written. */
  offset(): number {
    return this.buf.length - this.head;
  }

  /** Makes room for `additional` bytes plus padding so that, once they are written, we sit on a multiple of `size`. */
  private prep(size: number, additional: number): void {
    if (size > this.minAlign) this.minAlign = size;
    const pad = -(this.offset() + additional) & (size - 1);
    const needed = pad + additional;
    if (this.head < needed) this.grow(needed);
    // Padding must be zeros: the buffer is allocated unsafe.
    for (let i = 0; i < pad; i++) this.buf[--this.head] = 0;
  }

  private grow(needed: number): void {
    const used = this.offset();
    let size = this.buf.length * 2;
    while (size - used < needed) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, size - used, this.head);
    this.buf = next;
    this.view = new DataView(next.buffer, next.byteOffset, next.byteLength);
    this.head = size - used;
  }

  private putInt8(v: number) {
    this.view.setInt8(--this.head, v);
  }
  private putInt16(v: number) {
    this.head -= 2;
    this.view.setInt16(this.head, v, true);
  }
  private putInt32(v: number) {
    this.head -= 4;
    this.view.setInt32(this.head, v, true);
  }
  private putInt64(v: number) {
    this.head -= 8;
    this.setInt64At(this.head, v);
  }

  // --- tables -------------------------------------------------------------------------------------

  startTable(numSlots: number): void {
    this.slots.fill(0, 0, numSlots);
    this.slotCount = numSlots;
    this.tableStart = this.offset();
  }

  addBool(slot: number, v: boolean): void {
    this.addInt8(slot, v ? 1 : 0);
  }
  addInt8(slot: number, v: number): void {
    this.prep(1, 1);
    this.putInt8(v);
    this.slots[slot] = this.offset();
  }
  addInt16(slot: number, v: number): void {
    this.prep(2, 2);
    this.putInt16(v);
    this.slots[slot] = this.offset();
  }
  addInt32(slot: number, v: number): void {
    this.prep(4, 4);
    this.putInt32(v);
    this.slots[slot] = this.offset();
  }
  addInt64(slot: number, v: number): void {
    this.prep(8, 8);
    this.putInt64(v);
    this.slots[slot] = this.offset();
  }
  /** A reference to an object (table, string, vector) written earlier. */
  addOffset(slot: number, target: number): void {
    this.prep(4, 4);
    this.putInt32(this.offset() + 4 - target);
    this.slots[slot] = this.offset();
  }

  /** Closes the open table: writes its vtable just before it and returns the table's position. */
  endTable(): number {
    this.prep(4, 4);
    this.putInt32(0); // soffset to the vtable, patched below
    const table = this.offset();
    let count = this.slotCount;
    while (count > 0 && this.slots[count - 1] === 0) count--; // trailing absent fields need no slot
    this.prep(2, (count + 2) * 2);
    for (let i = count - 1; i >= 0; i--) {
      const at = this.slots[i]!;
      this.putInt16(at === 0 ? 0 : table - at);
    }
    this.putInt16(table - this.tableStart); // object size
    this.putInt16((count + 2) * 2); // vtable size
    const vtable = this.offset();
    // The table's first word: signed distance from the table back to its vtable (which sits before it).
    this.view.setInt32(this.buf.length - table, vtable - table, true);
    return table;
  }

  /** The last `n` bytes written (a view): with `embed`, lets a finished subtree be reused in another buffer. */
  tail(n: number): Uint8Array {
    return this.buf.subarray(this.buf.length - n);
  }

  /**
   * Copies a subtree taken with `tail` from a builder that started it at position 0. Its internal offsets are
   * all relative, so it stays valid at any 8-aligned position; returns where `position` (a table inside it)
   * now is.
   */
  embed(subtree: Uint8Array, position: number): number {
    this.prep(8, 0);
    const base = this.offset();
    if (this.head < subtree.length) this.grow(subtree.length);
    this.head -= subtree.length;
    this.buf.set(subtree, this.head);
    return base + position;
  }

  // --- strings and vectors ------------------------------------------------------------------------

  createString(s: string): number {
    const n = s.length <= 64 && isAscii(s) ? s.length : Buffer.byteLength(s, 'utf8');
    this.prep(4, n + 1);
    this.buf[--this.head] = 0; // FlatBuffers strings are NUL-terminated
    this.head -= n;
    if (n === s.length) {
      // ASCII (short, or long but pure ASCII): a byte loop is cheaper than a native call for short keys.
      for (let i = 0; i < n; i++) this.buf[this.head + i] = s.charCodeAt(i);
    } else {
      this.buf.write(s, this.head, n, 'utf8');
    }
    this.prep(4, 4);
    this.putInt32(n);
    return this.offset();
  }

  createOffsetVector(targets: readonly number[]): number {
    this.prep(4, 4 * targets.length);
    for (let i = targets.length - 1; i >= 0; i--) this.putInt32(this.offset() + 4 - targets[i]!);
    this.prep(4, 4);
    this.putInt32(targets.length);
    return this.offset();
  }

  /**
   * A vector of `count` fixed-size structs (Arrow's FieldNode, Buffer and Block: 8-byte aligned). The
   * space is zeroed (struct padding), then `write(i, at)` fills struct i at absolute index `at`.
   */
  createStructVector(structSize: number, count: number, write: (i: number, at: number) => void): number {
    this.prep(8, structSize * count);
    this.head -= structSize * count;
    this.buf.fill(0, this.head, this.head + structSize * count);
    for (let i = 0; i < count; i++) write(i, this.head + i * structSize);
    this.prep(4, 4);
    this.putInt32(count);
    return this.offset();
  }

  /**
   * Writes a non-negative int64 at an absolute index (createStructVector callbacks, putInt64): every int64
   * in Arrow metadata (lengths, offsets, counts) is a non-negative safe integer.
   */
  setInt64At(at: number, v: number): void {
    this.view.setUint32(at, v % 4294967296, true);
    this.view.setUint32(at + 4, Math.floor(v / 4294967296), true);
  }
  setInt32At(at: number, v: number): void {
    this.view.setInt32(at, v, true);
  }

  /**
   * Writes the root offset and returns the finished buffer (a multiple of the largest alignment used) as a
   * view into the builder: valid until the next reset.
   */
  finish(root: number): Uint8Array {
    this.prep(this.minAlign, 4);
    this.putInt32(this.offset() + 4 - root);
    return this.buf.subarray(this.head);
  }
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}
