// A protobuf wire-format writer for one job: long streams of small messages (Perfetto trace packets)
// without an object per message. Bytes go into one growing buffer; a nested message reserves one
// length byte and is shifted in place on the rare occasion it outgrows 127 bytes, so every length
// is a minimal varint. Wire format: https://protobuf.dev/programming-guides/encoding/

enum Wire {
  Varint = 0,
  Fixed64 = 1,
  Len = 2,
}

export class ProtoWriter {
  buf: Uint8Array;
  pos = 0;
  private readonly open: number[] = [];
  private readonly f64 = new DataView(new ArrayBuffer(8));
  private readonly utf8 = new TextEncoder();

  constructor(capacity = 1 << 20) {
    this.buf = new Uint8Array(capacity);
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.buf.subarray(0, this.pos));
    this.buf = b;
  }

  /** An unsigned varint of a non-negative integer up to 2^53. */
  varint(v: number): void {
    this.room(10);
    const b = this.buf;
    let p = this.pos;
    if (v < 0x80000000) {
      // The common case, in 32-bit integer arithmetic.
      while (v >= 0x80) {
        b[p++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      b[p++] = v;
      this.pos = p;
      return;
    }
    while (v >= 0x80) {
      b[p++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    b[p++] = v;
    this.pos = p;
  }

  private tag(field: number, wire: Wire): void {
    this.varint(field * 8 + wire);
  }

  /** uint64/uint32/enum/bool field. */
  uint(field: number, v: number): void {
    this.tag(field, Wire.Varint);
    this.varint(v);
  }

  /** int64 field: negative values as ten-byte two's complement, as protobuf encodes them. */
  int(field: number, v: number): void {
    if (v >= 0) return this.uint(field, v);
    this.tag(field, Wire.Varint);
    let x = BigInt.asUintN(64, BigInt(Math.trunc(v)));
    this.room(10);
    while (x >= 0x80n) {
      this.buf[this.pos++] = Number(x & 0x7fn) | 0x80;
      x >>= 7n;
    }
    this.buf[this.pos++] = Number(x);
  }

  double(field: number, v: number): void {
    this.tag(field, Wire.Fixed64);
    this.room(8);
    this.f64.setFloat64(0, v, true);
    for (let i = 0; i < 8; i++) this.buf[this.pos++] = this.f64.getUint8(i);
  }

  string(field: number, s: string): void {
    this.tag(field, Wire.Len);
    // At most 3 bytes per UTF-16 unit: reserve, encode in place, then write the real length before it.
    const max = s.length * 3;
    const lenBytes = max < 0x80 ? 1 : max < 0x4000 ? 2 : max < 0x200000 ? 3 : 4;
    this.room(lenBytes + max);
    const start = this.pos + lenBytes;
    const n = this.utf8.encodeInto(s, this.buf.subarray(start, start + max)).written;
    const need = varintSize(n);
    if (need < lenBytes) this.buf.copyWithin(this.pos + need, start, start + n);
    this.varint(n);
    this.pos += n;
  }

  /** A bytes field (or an already encoded message). */
  bytes(field: number, b: Uint8Array): void {
    this.tag(field, Wire.Len);
    this.varint(b.length);
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** Starts a nested message (or a packed repeated field); close it with `end()`. */
  begin(field: number): void {
    this.tag(field, Wire.Len);
    this.room(1);
    this.open.push(this.pos);
    this.pos++;
  }

  end(): void {
    const at = this.open.pop()!;
    const len = this.pos - at - 1;
    if (len < 0x80) {
      this.buf[at] = len;
      return;
    }
    // Outgrew the reserved byte: move the body up to make room for a longer length.
    const extra = varintSize(len) - 1;
    this.room(extra);
    this.buf.copyWithin(at + 1 + extra, at + 1, this.pos);
    const end = this.pos + extra;
    this.pos = at;
    this.varint(len);
    this.pos = end;
  }

  /** Hands out the bytes written so far and starts over (the buffer is reused: copy or write them at once). */
  take(): Uint8Array {
    const out = this.buf.subarray(0, this.pos);
    this.pos = 0;
    return out;
  }
}

function varintSize(v: number): number {
  let n = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 0x80);
    n++;
  }
  return n;
}
