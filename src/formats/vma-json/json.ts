// JSON for VMA stats dumps. `vmaBuildStatsString` writes uint64 sizes as plain decimals, and
// `JSON.parse` rounds anything above 2^53. The fast path is `JSON.parse`; when a reader meets a
// number at or above 2^53 there (or the text is not valid JSON) it asks for `exact`: a strict
// byte-level parser that keeps integers above 2^53 as `bigint` and locates errors. Errors carry line and column, so a cut or hand-edited dump points at its
// own spot.

import { SourceError } from '../../model/diagnostics.js';

export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** 1-based line and column of byte `offset` (columns count bytes, as editors do for ASCII). */
export function lineColumn(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, bytes.length);
  for (let i = 0; i < end; i++)
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  return { line, column: end - lineStart + 1 };
}

const MAX_DEPTH = 256;
const decoder = new TextDecoder('utf-8', { fatal: false });

/**
 * Parses JSON bytes. With `exact`, integers above 2^53 come back as `bigint`; everything else as
 * `JSON.parse` would give it. Throws `SourceError` with file, line and column on malformed or cut input.
 */
export function parseJson(bytes: Uint8Array, file?: string, opts: { exact?: boolean } = {}): JsonValue {
  if (!opts.exact) {
    try {
      return JSON.parse(decoder.decode(bytes)) as JsonValue;
    } catch {
      // Fall through: the strict parser finds the position and says what is wrong there.
    }
  }
  return new Parser(bytes, file).parseDocument();
}

class Parser {
  private pos = 0;
  constructor(
    private readonly b: Uint8Array,
    private readonly file?: string,
  ) {}

  parseDocument(): JsonValue {
    if (this.b[0] === 0xef && this.b[1] === 0xbb && this.b[2] === 0xbf) this.pos = 3; // UTF-8 BOM
    this.ws();
    if (this.pos >= this.b.length) this.fail('empty input: expected a JSON object');
    const v = this.value(0);
    this.ws();
    if (this.pos < this.b.length) this.fail(`unexpected ${this.what()} after the end of the JSON value`);
    return v;
  }

  private fail(message: string, at = this.pos): never {
    const { line, column } = lineColumn(this.b, at);
    throw new SourceError(`invalid JSON at line ${line}, column ${column}: ${message}`, {
      file: this.file,
      line,
      column,
      offset: at,
    });
  }

  private what(): string {
    if (this.pos >= this.b.length) return 'end of input';
    const c = this.b[this.pos]!;
    return c >= 0x20 && c < 0x7f ? `'${String.fromCharCode(c)}'` : `byte 0x${c.toString(16).padStart(2, '0')}`;
  }

  private cut(expected: string): never {
    this.fail(`the input ends while ${expected} — the file looks truncated`);
  }

  private ws(): void {
    const b = this.b;
    let p = this.pos;
    while (p < b.length) {
      const c = b[p]!;
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) p++;
      else break;
    }
    this.pos = p;
  }

  private value(depth: number): JsonValue {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels`);
    const c = this.b[this.pos];
    switch (c) {
      case 0x7b:
        return this.object(depth);
      case 0x5b:
        return this.array(depth);
      case 0x22:
        return this.string();
      case 0x74:
        return this.literal('true', true);
      case 0x66:
        return this.literal('false', false);
      case 0x6e:
        return this.literal('null', null);
      case undefined:
        return this.cut('a value was expected');
      default:
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
        return this.fail(`unexpected ${this.what()}: expected a value`);
    }
  }

  private literal(word: string, v: JsonValue): JsonValue {
    for (let i = 0; i < word.length; i++) {
      if (this.pos + i >= this.b.length) this.cut(`reading '${word}'`);
      if (this.b[this.pos + i] !== word.charCodeAt(i)) this.fail(`unexpected ${this.what()}: expected a value`);
    }
    this.pos += word.length;
    return v;
  }

  private object(depth: number): JsonObject {
    const start = this.pos;
    this.pos++;
    const out: JsonObject = {};
    this.ws();
    if (this.b[this.pos] === 0x7d) {
      this.pos++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.pos >= this.b.length) this.cut(`inside the object opened at ${this.where(start)}`);
      if (this.b[this.pos] !== 0x22) this.fail(`unexpected ${this.what()}: expected a "key" string`);
      const key = this.string();
      this.ws();
      if (this.pos >= this.b.length) this.cut(`inside the object opened at ${this.where(start)}`);
      if (this.b[this.pos] !== 0x3a) this.fail(`unexpected ${this.what()}: expected ':' after key "${key}"`);
      this.pos++;
      this.ws();
      if (this.pos >= this.b.length) this.cut(`inside the object opened at ${this.where(start)}`);
      // Own property even for "__proto__": dumps are data, never prototypes.
      Object.defineProperty(out, key, { value: this.value(depth + 1), enumerable: true, writable: true, configurable: true });
      this.ws();
      const c = this.b[this.pos];
      if (c === 0x2c) {
        this.pos++;
        continue;
      }
      if (c === 0x7d) {
        this.pos++;
        return out;
      }
      if (c === undefined) this.cut(`inside the object opened at ${this.where(start)}`);
      this.fail(`unexpected ${this.what()}: expected ',' or '}' in the object opened at ${this.where(start)}`);
    }
  }

  private array(depth: number): JsonValue[] {
    const start = this.pos;
    this.pos++;
    const out: JsonValue[] = [];
    this.ws();
    if (this.b[this.pos] === 0x5d) {
      this.pos++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.pos >= this.b.length) this.cut(`inside the array opened at ${this.where(start)}`);
      out.push(this.value(depth + 1));
      this.ws();
      const c = this.b[this.pos];
      if (c === 0x2c) {
        this.pos++;
        continue;
      }
      if (c === 0x5d) {
        this.pos++;
        return out;
      }
      if (c === undefined) this.cut(`inside the array opened at ${this.where(start)}`);
      this.fail(`unexpected ${this.what()}: expected ',' or ']' in the array opened at ${this.where(start)}`);
    }
  }

  private where(offset: number): string {
    const { line, column } = lineColumn(this.b, offset);
    return `line ${line}, column ${column}`;
  }

  private number(): number | bigint {
    const b = this.b;
    const start = this.pos;
    let p = start;
    if (b[p] === 0x2d) p++;
    if (p >= b.length) {
      this.pos = p;
      this.cut('reading a number');
    }
    if (b[p] === 0x30) p++;
    else if (b[p]! >= 0x31 && b[p]! <= 0x39) while (p < b.length && b[p]! >= 0x30 && b[p]! <= 0x39) p++;
    else {
      this.pos = p;
      this.fail(`unexpected ${this.what()} in a number`);
    }
    let integer = true;
    if (b[p] === 0x2e) {
      integer = false;
      p++;
      const d = p;
      while (p < b.length && b[p]! >= 0x30 && b[p]! <= 0x39) p++;
      if (p === d) {
        this.pos = p;
        if (p >= b.length) this.cut('reading a number');
        this.fail(`unexpected ${this.what()}: expected a digit after '.'`);
      }
    }
    if (b[p] === 0x65 || b[p] === 0x45) {
      integer = false;
      p++;
      if (b[p] === 0x2b || b[p] === 0x2d) p++;
      const d = p;
      while (p < b.length && b[p]! >= 0x30 && b[p]! <= 0x39) p++;
      if (p === d) {
        this.pos = p;
        if (p >= b.length) this.cut('reading a number');
        this.fail(`unexpected ${this.what()}: expected a digit in the exponent`);
      }
    }
    this.pos = p;
    let s = '';
    for (let i = start; i < p; i++) s += String.fromCharCode(b[i]!);
    if (integer && p - start >= 16) {
      const big = BigInt(s);
      if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < -BigInt(Number.MAX_SAFE_INTEGER)) return big;
      return Number(big);
    }
    return Number(s);
  }

  private string(): string {
    const b = this.b;
    const start = this.pos;
    let p = start + 1;
    let ascii = true;
    // Fast scan: no escapes, no control characters.
    while (p < b.length) {
      const c = b[p]!;
      if (c === 0x22 || c === 0x5c || c < 0x20) break;
      if (c >= 0x80) ascii = false;
      p++;
    }
    if (p >= b.length) {
      this.pos = p;
      this.cut(`inside the string opened at ${this.where(start)}`);
    }
    if (b[p] === 0x22) {
      this.pos = p + 1;
      if (ascii && p - start - 1 < 64) {
        let s = '';
        for (let i = start + 1; i < p; i++) s += String.fromCharCode(b[i]!);
        return s;
      }
      return decoder.decode(b.subarray(start + 1, p));
    }
    // Slow path with escapes.
    let out = decoder.decode(b.subarray(start + 1, p));
    let chunkStart = p;
    for (;;) {
      if (p >= b.length) {
        this.pos = p;
        this.cut(`inside the string opened at ${this.where(start)}`);
      }
      const c = b[p]!;
      if (c === 0x22) {
        out += decoder.decode(b.subarray(chunkStart, p));
        this.pos = p + 1;
        return out;
      }
      if (c < 0x20) {
        this.pos = p;
        this.fail(`control character 0x${c.toString(16).padStart(2, '0')} inside a string (must be escaped)`);
      }
      if (c !== 0x5c) {
        p++;
        continue;
      }
      out += decoder.decode(b.subarray(chunkStart, p));
      p++;
      if (p >= b.length) {
        this.pos = p;
        this.cut(`inside the string opened at ${this.where(start)}`);
      }
      const e = b[p]!;
      switch (e) {
        case 0x22:
          out += '"';
          break;
        case 0x5c:
          out += '\\';
          break;
        case 0x2f:
          out += '/';
          break;
        case 0x62:
          out += '\b';
          break;
        case 0x66:
          out += '\f';
          break;
        case 0x6e:
          out += '\n';
          break;
        case 0x72:
          out += '\r';
          break;
        case 0x74:
          out += '\t';
          break;
        case 0x75: {
          let code = 0;
          for (let i = 1; i <= 4; i++) {
            if (p + i >= b.length) {
              this.pos = p + i;
              this.cut('reading a \\u escape');
            }
            const h = b[p + i]!;
            const v = h >= 0x30 && h <= 0x39 ? h - 0x30 : h >= 0x61 && h <= 0x66 ? h - 0x57 : h >= 0x41 && h <= 0x46 ? h - 0x37 : -1;
            if (v < 0) {
              this.pos = p + i;
              this.fail(`unexpected ${this.what()} in a \\u escape`);
            }
            code = code * 16 + v;
          }
          out += String.fromCharCode(code);
          p += 4;
          break;
        }
        default:
          this.pos = p;
          this.fail(`unknown escape '\\${String.fromCharCode(e)}'`);
      }
      p++;
      chunkStart = p;
    }
  }
}
