// Input as an abstraction: a name, the total size when known, and a stream of byte chunks with gzip
// already undone. Readers never touch the file system, so the same reader runs in Node and in the
// web viewer's worker. `lines()` splits chunks into lines without decoding them to strings: readers
// parse numbers straight from bytes, which is what makes the recording reader fast.

import { Gunzip } from 'fflate';
import { SourceError } from '../model/diagnostics.js';

export interface Source {
  readonly name: string;
  /** Bytes as stored (compressed size for .gz), when known; for progress. */
  readonly storedSize?: number;
  /**
   * Decompressed chunks, in order. `onStored` is told how many stored bytes were consumed so far;
   * `onProblem` hears about damage the source recovered from (a cut gzip stream).
   */
  chunks(onStored?: (storedBytes: number) => void, onProblem?: (message: string) => void): AsyncIterable<Uint8Array>;
}

export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** A source over bytes already in memory (tests, stdin). Gzip is detected by magic. */
export function bytesSource(name: string, bytes: Uint8Array, chunkSize = 1 << 20): Source {
  return storedChunksSource(name, bytes.length, async function* () {
    for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
  });
}

/** Stored chunks in order, gunzipped when the first bytes say gzip; progress counts stored bytes. */
export function storedChunksSource(name: string, storedSize: number, stored: () => AsyncIterable<Uint8Array>): Source {
  return {
    name,
    storedSize,
    async *chunks(onStored, onProblem) {
      let gz: Gunzip | undefined;
      let first = true;
      let done = 0;
      /** Bytes gunzipped so far, and the last four stored bytes (a whole gzip stream ends with ISIZE). */
      let decoded = 0;
      const tail = new Uint8Array(4);
      const out: Uint8Array[] = [];
      for await (const chunk of stored()) {
        if (first && isGzip(chunk))
          gz = new Gunzip((c) => {
            out.push(c);
            decoded += c.length;
          });
        first = false;
        done += chunk.length;
        if (!gz) {
          onStored?.(done);
          yield chunk;
          continue;
        }
        keepTail(tail, chunk);
        try {
          gz.push(chunk, done >= storedSize);
        } catch (e) {
          // A cut .gz: keep everything decoded so far, as for a cut text file.
          while (out.length) yield out.shift()!;
          onProblem?.(`gzip stream is cut short (${(e as Error).message}); read what it held`);
          return;
        }
        onStored?.(done);
        while (out.length) yield out.shift()!;
      }
      // fflate's streaming gunzip does not always throw when the input stops between two deflate
      // blocks (a .gz cut at 60 % decoded 2 064 of 4 866 bytes without a word; zlib, on the CLI's
      // path, says so). The trailer's ISIZE (size mod 2^32) then does not match what was decoded.
      // It also differs for a stream of several gzip members (ISIZE is the last member's), which
      // is read whole: the warning names both.
      if (gz && done >= 4 && (tail[0]! | (tail[1]! << 8) | (tail[2]! << 16) | (tail[3]! << 24)) >>> 0 !== decoded % 2 ** 32) {
        onProblem?.('gzip stream is cut short, or holds several gzip members (its trailer does not match what was decoded); read what it held');
      }
    },
  };
}

/** Shifts the last bytes of `chunk` into `tail` (the last four bytes of everything seen). */
function keepTail(tail: Uint8Array, chunk: Uint8Array): void {
  if (chunk.length >= 4) {
    tail.set(chunk.subarray(chunk.length - 4));
    return;
  }
  tail.copyWithin(0, chunk.length);
  tail.set(chunk, 4 - chunk.length);
}

/** `buf[start, end)` is the line without its `\n` or `\r\n`. `line` is 1-based. */
export type LineVisitor = (buf: Uint8Array, start: number, end: number, line: number) => void;

export interface LineStats {
  readonly lines: number;
  readonly bytes: number;
  /** False when the last line had no terminating newline: the file may have been cut mid-line. */
  readonly endedWithNewline: boolean;
}

/**
 * Comma positions found while looking for each line's end (CSV readers): `cols[0]` is the line's
 * start and `cols[k]` the byte after its k-th comma, for up to `max` commas; `n` is the number of
 * columns found (commas + 1), or -1 for a line the scan did not split (one that spans two chunks),
 * which the visitor splits itself. One pass over the bytes instead of two: a line's end and its
 * columns cost one loop, where `indexOf` then a comma loop cost 1.5–2× as much (see BENCHMARKS.md).
 */
export interface LineSplit {
  readonly cols: Int32Array;
  readonly max: number;
  n: number;
}

/** Visits every line of a source. A visitor may throw `StopReading` to end early. */
export async function forEachLine(
  src: Source,
  visit: LineVisitor,
  onStored?: (n: number) => void,
  onProblem?: (message: string) => void,
  maxLine = MAX_LINE_BYTES,
  split?: LineSplit,
): Promise<LineStats> {
  // The unfinished line at a chunk's end, as pieces: joined once when its newline arrives, so a long
  // line costs its length, not its length squared, and stops at `maxLine` bytes.
  let carry: Uint8Array[] = [];
  let carried = 0;
  let line = 0;
  let bytes = 0;
  let lastByte = 0x0a;
  try {
    for await (const chunk of src.chunks(onStored, onProblem)) {
      if (chunk.length === 0) continue;
      const start = bytes;
      bytes += chunk.length;
      lastByte = chunk[chunk.length - 1]!;
      const buf = chunk;
      let pos = 0;
      if (carried) {
        const nl = chunk.indexOf(0x0a);
        if (nl < 0) {
          // Copied (a Node Buffer's slice() would be a view): the source may reuse its chunk buffer.
          carry.push(new Uint8Array(chunk));
          carried += chunk.length;
          if (carried > maxLine) tooLong(start + chunk.length);
          continue;
        }
        carry.push(chunk.subarray(0, nl));
        const joined = join(carry, carried + nl);
        carry = [];
        carried = 0;
        if (split) split.n = -1;
        emit(joined, 0, joined.length);
        pos = nl + 1;
      }
      for (;;) {
        const nl = split ? scanLine(buf, pos, split) : buf.indexOf(0x0a, pos);
        if (nl < 0) break;
        emit(buf, pos, nl);
        pos = nl + 1;
      }
      if (pos < buf.length) {
        // Copied: the source may reuse its chunk buffer.
        carry = [concat(EMPTY, buf.subarray(pos))];
        carried = buf.length - pos;
        if (carried > maxLine) tooLong(start + buf.length);
      }
    }
    if (carried) {
      if (split) split.n = -1;
      emit(join(carry, carried), 0, carried);
    }
  } catch (e) {
    if (!(e instanceof StopReading)) throw e;
  }

  function tooLong(offset: number): never {
    // Where the first NUL byte of the over-long line is, if any: text lines never hold one, so a
    // run of zeros (a hole a crash or a full disk leaves) is named as such, at its offset.
    let at = offset - carried;
    let firstZero = -1;
    for (const c of carry) {
      const z = c.indexOf(0);
      if (z >= 0) {
        firstZero = at + z;
        break;
      }
      at += c.length;
    }
    throw new SourceError(
      firstZero >= 0
        ? `line ${line + 1} runs into zero bytes from byte ${firstZero} (still no line end at byte ${offset}): the file is damaged (a hole, as a crash or a full disk leaves); lines 1–${line} were read`
        : `line ${line + 1} is longer than ${maxLine} bytes (no line end by byte ${offset}): not a line-based text file, or damaged`,
      { file: src.name, line: line + 1 },
    );
  }
  return { lines: line, bytes, endedWithNewline: lastByte === 0x0a };

  function emit(b: Uint8Array, s: number, e: number): void {
    line++;
    if (e > s && b[e - 1] === 0x0d) e--; // CRLF
    visit(b, s, e, line);
  }
}

/**
 * The end of the line that starts at `pos` (its `\n`), its columns noted in `sp` on the way; -1 when
 * `buf` ends first. Per line, not per chunk: a function called a million times is optimized as a
 * whole, where a loop over a whole chunk ran in on-stack-replaced code that V8 left again at every
 * call (in Chromium that loop cost 4–5 ns a byte).
 */
function scanLine(buf: Uint8Array, pos: number, sp: LineSplit): number {
  const cols = sp.cols,
    max = sp.max,
    len = buf.length;
  let n = 0;
  cols[0] = pos;
  for (let i = pos; i < len; i++) {
    const c = buf[i]!;
    // Digits, letters and most punctuation are above ',': one compare for nearly every byte.
    if (c > 0x2c) continue;
    if (c === 0x2c) {
      if (n < max) cols[++n] = i + 1;
    } else if (c === 0x0a) {
      sp.n = n + 1;
      return i;
    }
  }
  return -1;
}

export class StopReading extends Error {}

/** The longest line a line-based reader accepts (64 MiB): memory stays bounded on any input. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

function join(parts: Uint8Array[], n: number): Uint8Array {
  if (parts.length === 1 && parts[0]!.length === n) return parts[0]!;
  const out = NodeBuffer ? NodeBuffer.allocUnsafe(n) : new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const EMPTY = new Uint8Array(0);

const NodeBuffer = (globalThis as { Buffer?: { allocUnsafe(n: number): Uint8Array } }).Buffer;

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  // A Buffer where Node has one, so that text() takes its native path on joined lines too.
  const out = NodeBuffer ? NodeBuffer.allocUnsafe(a.length + b.length) : new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

const decoder = new TextDecoder('utf-8');
/** Character codes of one short run, reused from call to call (see `text`). */
const codes: number[] = [];
/** Decodes `buf[start, end)` as UTF-8 (names, strings). Short ASCII runs skip the decoder, which dominates otherwise. */
export function text(buf: Uint8Array, start: number, end: number): string {
  // Node's Buffer decodes natively, at half the cost of building the string in JS: the reader
  // decodes a handle and a name per create, so this is on the hot path.
  const utf8Slice = (buf as { utf8Slice?: (s: number, e: number) => string }).utf8Slice;
  if (utf8Slice !== undefined) return utf8Slice.call(buf, start, end);
  if (end - start <= 64) {
    let ascii = 0;
    codes.length = end - start;
    for (let i = start; i < end; i++) ascii |= codes[i - start] = buf[i]!;
    if (ascii >= 0x80) return decoder.decode(buf.subarray(start, end));
    // One String.fromCharCode call for the whole run makes one flat string. Built from pieces, a
    // string of 13 characters or more is a rope in V8, which its first read (a handle parsed back
    // into a number, a name looked up in a Map) flattens again: a million 14-character handles
    // decoded and parsed back took 72–79 ms this way against 112–125 ms by eight characters per
    // call, and faster than TextDecoder for short runs (a Chromium worker; BENCHMARKS.md).
    return String.fromCharCode.apply(null, codes);
  }
  return decoder.decode(buf.subarray(start, end));
}
