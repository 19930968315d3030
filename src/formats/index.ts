// The reader registry and format detection, in a fixed order: sniff on the first bytes (gunzipped),
// then the file name. Reports which reader won.

import { Diagnostics, SourceError } from '../model/diagnostics.js';
import type { CaptureSink } from '../model/capture.js';
import { CaptureBuilder, type Capture } from '../model/capture.js';
import type { ReadOptions, Reader } from './reader.js';
import type { Source } from './source.js';
import { guardSink } from './guard.js';
import { vmaRecordingReader } from './vma-recording/reader.js';
import { vmaJsonReader } from './vma-json/reader.js';
import { gfxrReader } from './gfxr/reader.js';
import { lavatubeReader } from './lavatube/reader.js';
import { traceReader } from './trace/reader.js';

const readers: Reader[] = [vmaRecordingReader, vmaJsonReader, traceReader, gfxrReader, lavatubeReader];

/** Adds a reader (later issues register theirs here). Earlier readers win ties. */
export function registerReader(r: Reader): void {
  if (!readers.some((x) => x.id === r.id)) readers.push(r);
}

export function listReaders(): readonly Reader[] {
  return readers;
}

export function detectReader(name: string, head: Uint8Array): Reader | undefined {
  return readers.find((r) => r.sniff(name, head));
}

/** Reads a source with the reader that recognises it into `sink`; throws `SourceError` when none does. */
export async function readSource(
  src: Source,
  head: Uint8Array,
  sink: CaptureSink,
  diag: Diagnostics,
  opts?: ReadOptions & { format?: string },
): Promise<Reader> {
  const reader = opts?.format ? readers.find((r) => r.id === opts.format) : detectReader(src.name, head);
  if (!reader) {
    if (opts?.format) throw new SourceError(`unknown format "${opts.format}"; known: ${readers.map((r) => r.id).join(', ')}`);
    throw new SourceError(`unrecognised input: ${describeHead(head)}; vramscope reads: ${readers.map((r) => r.description).join('; ')}`, {
      file: src.name,
      line: 1,
    });
  }
  await reader.read(src, guardSink(sink, diag), diag, opts);
  return reader;
}

/** What the input starts with, for the "unrecognised input" message. */
function describeHead(head: Uint8Array): string {
  if (head.length === 0) return 'the file is empty';
  const nl = head.indexOf(0x0a);
  const first = new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(0, nl < 0 ? Math.min(head.length, 80) : Math.min(nl, 80))).replace(/\r$/, '');
  const binary = /[\x00-\x08\x0e-\x1f]/.test(first);
  return binary ? `binary data (first bytes ${[...head.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ')})` : `line 1 is "${first}"`;
}

/** Reads a whole source into memory as a `Capture` (small inputs, tests, the viewer). */
export async function readCapture(src: Source, head: Uint8Array, diag = new Diagnostics(src.name)): Promise<Capture> {
  const b = new CaptureBuilder();
  await readSource(src, head, b, diag);
  return b.build();
}

export type { Reader, ReadOptions } from './reader.js';
