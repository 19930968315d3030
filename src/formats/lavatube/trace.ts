// The JSON side of a lavatube `.api` trace: a zip holding metadata.json (application, device presented
// to the app, frame and thread counts), limits.json (object counts per Vulkan type), tracking.json (one
// record per object, with create info, capture requirements, memory flags, and the frame, thread and
// packet of creation and destruction), dictionary.json (function name → id) and frames_<thread>.json.
// The binary per-thread call streams (thread_N.bin) are not needed for memory and are never inflated.

import { unzipSync } from 'fflate';
import { SourceError } from '../../model/diagnostics.js';

export interface TrackedObject {
  readonly index: number;
  readonly frame_created?: number;
  readonly thread_created?: number;
  readonly packet_created?: number;
  readonly api_created?: number;
  readonly frame_destroyed?: number;
  readonly thread_destroyed?: number;
  readonly packet_destroyed?: number;
  readonly api_destroyed?: number;
  readonly [key: string]: unknown;
}

export interface LavatubeTrace {
  readonly metadata: Record<string, any>;
  readonly limits: Record<string, number>;
  readonly tracking: Record<string, TrackedObject[]>;
  /** Function id → name, from dictionary.json. */
  readonly functions: Map<number, string>;
  /** frames_<thread>.json, by thread index. */
  readonly frames: Map<number, { frames?: Array<{ global_frame: number; packet: number }>; thread_name?: string }>;
  /** Every entry in the zip, for error messages. */
  readonly entries: readonly string[];
}

const JSON_ENTRY = /^(metadata|limits|tracking|dictionary|frames_\d+)\.json$/;

/**
 * `PK` and a zip record signature. lavatube's traces start with a zip64 end-of-central-directory
 * record (`PK\x06\x06`) rather than a local file header, so every record kind is accepted.
 */
export function isZip(head: Uint8Array): boolean {
  if (head.length < 4 || head[0] !== 0x50 || head[1] !== 0x4b) return false;
  const a = head[2],
    b = head[3];
  return (a === 3 && b === 4) || (a === 5 && b === 6) || (a === 6 && b === 6) || (a === 7 && b === 8) || (a === 1 && b === 2);
}

/**
 * Checks the zip's central directory against the file before inflating anything: a cut or damaged
 * archive can claim millions of entries or a directory past its end, and the unzipper would then
 * allocate for what the claim says (gigabytes for a 151-byte file). Returns a problem, or undefined.
 */
export function zipDirectoryProblem(bytes: Uint8Array): string | undefined {
  const n = bytes.length;
  const u16 = (o: number) => bytes[o]! | (bytes[o + 1]! << 8);
  const u32 = (o: number) => (u16(o) + u16(o + 2) * 65536) >>> 0;
  const u64 = (o: number) => u32(o) + u32(o + 4) * 4294967296;
  let eocd = -1;
  for (let o = n - 22; o >= Math.max(0, n - 22 - 65535); o--) {
    if (bytes[o] === 0x50 && bytes[o + 1] === 0x4b && bytes[o + 2] === 5 && bytes[o + 3] === 6) {
      eocd = o;
      break;
    }
  }
  if (eocd < 0) return 'no end-of-central-directory record (the file is cut short or not a zip)';
  let entries = u16(eocd + 10);
  let cdSize = u32(eocd + 12);
  let cdOffset = u32(eocd + 16);
  // Zip64: the locator just before the record points at the zip64 record with the real numbers.
  const loc = eocd - 20;
  if (loc >= 0 && bytes[loc] === 0x50 && bytes[loc + 1] === 0x4b && bytes[loc + 2] === 6 && bytes[loc + 3] === 7) {
    const z = u64(loc + 8);
    if (z + 56 > n || !(bytes[z] === 0x50 && bytes[z + 1] === 0x4b && bytes[z + 2] === 6 && bytes[z + 3] === 6))
      return `the zip64 directory record it points at (byte ${z}) is not in the file`;
    entries = u64(z + 32);
    cdSize = u64(z + 40);
    cdOffset = u64(z + 48);
  }
  // Every central-directory entry takes at least 46 bytes.
  if (cdOffset + cdSize > n || entries * 46 > cdSize)
    return `its directory claims ${entries} entries in ${cdSize} bytes at byte ${cdOffset}, but the file has ${n} bytes (cut short or damaged)`;
  return undefined;
}

export function unpackTrace(name: string, bytes: Uint8Array): LavatubeTrace {
  const entries: string[] = [];
  let files: Record<string, Uint8Array>;
  const problem = zipDirectoryProblem(bytes);
  if (problem) throw new SourceError(`not a readable zip archive: ${problem}; a lavatube trace is a zip written by lavatube`, { file: name });
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        entries.push(f.name);
        return JSON_ENTRY.test(f.name);
      },
    });
  } catch (e) {
    throw new SourceError(`not a readable zip archive (${(e as Error).message}); a lavatube trace is a zip written by lavatube`, {
      file: name,
    });
  }
  const missing = ['tracking.json', 'metadata.json'].filter((f) => !files[f]);
  if (missing.length) {
    const shown = entries.slice(0, 8).join(', ') + (entries.length > 8 ? `, … (${entries.length} entries)` : '');
    throw new SourceError(`a zip archive, but not a lavatube trace: it has no ${missing.join(' and ')} (entries: ${shown || 'none'})`, { file: name });
  }
  const decoder = new TextDecoder();
  const parse = (entry: string): any => {
    const data = files[entry];
    if (!data) return undefined;
    try {
      return JSON.parse(decoder.decode(data));
    } catch (e) {
      throw new SourceError(`${entry} inside the trace is not valid JSON: ${(e as Error).message}`, { file: name });
    }
  };
  const tracking = parse('tracking.json') as Record<string, TrackedObject[]>;
  if (!tracking || typeof tracking !== 'object' || Array.isArray(tracking)) {
    throw new SourceError('tracking.json inside the trace is not an object of per-type record lists', { file: name });
  }
  const dictionary = (parse('dictionary.json') ?? {}) as Record<string, number>;
  const functions = new Map<number, string>();
  for (const [fn, id] of Object.entries(dictionary)) if (typeof id === 'number') functions.set(id, fn);
  const frames = new Map<number, any>();
  for (const entry of Object.keys(files)) {
    const m = /^frames_(\d+)\.json$/.exec(entry);
    if (m) frames.set(Number(m[1]), parse(entry));
  }
  return { metadata: parse('metadata.json') ?? {}, limits: parse('limits.json') ?? {}, tracking, functions, frames, entries };
}
