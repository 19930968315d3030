// Where a snapshot comes from: a VMA JSON dump, a point of a capture (GFXReconstruct, lavatube: as
// the app placed it), or a point of a recording (replayed through the VMA 3.3 placement model). Shared by `render` and `diff`. A point is `line:N`, `frame:N` or a bare
// line number; on the command line it follows the file as `--at POINT` or `file@POINT`.

import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { SourceError } from '../model/diagnostics.js';
import type { Snapshot } from '../model/snapshot.js';
import type { DeviceProfile } from '../model/profile.js';

/** Readers whose inputs carry real placements (VkDeviceMemory and bind offsets). */

export interface Point {
  readonly line?: number;
  readonly frame?: number;
}

/** "frame:60" → {frame: 60}; "line:1200" or "1200" → {line: 1200}; undefined when not a point. */
export function parsePoint(text: string): Point | undefined {
  const m = /^(?:(line|frame):)?(\d+)$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[2]);
  return m[1] === 'frame' ? { frame: n } : { line: n };
}

export function pointLabel(p: Point): string {
  return p.frame !== undefined ? `frame:${p.frame}` : `line:${p.line}`;
}

/** `rec.csv@frame:60` → the file and the point, unless a file of that very name exists. */
export function splitInput(arg: string): { path: string; at?: Point } {
  const i = arg.lastIndexOf('@');
  if (i > 0 && !existsSync(arg)) {
    const at = parsePoint(arg.slice(i + 1));
    if (at) return { path: arg.slice(0, i), at };
  }
  return { path: arg };
}

/** The first 4 KiB of a file, gunzipped when it is gzip. */
async function head(path: string): Promise<Uint8Array> {
  const { openSync, readSync, closeSync } = await import('node:fs');
  let raw: Uint8Array;
  try {
    const fd = openSync(path, 'r');
    try {
      const buf = new Uint8Array(64 * 1024);
      raw = buf.subarray(0, readSync(fd, buf, 0, buf.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    throw new SourceError(`cannot open: ${(e as Error).message}`, { file: path });
  }
  if (!(raw[0] === 0x1f && raw[1] === 0x8b)) return raw.subarray(0, 4096); // not gzip
  const { gunzipSync } = await import('node:zlib');
  try {
    return gunzipSync(raw, { finishFlush: 2 /* Z_SYNC_FLUSH: a partial member decodes up to its end */ }).subarray(0, 4096);
  } catch {
    return new Uint8Array(0);
  }
}

/**
 * A snapshot of `path`: a VMA JSON dump as it is, or a recording replayed up to `at` (to its end
 * when no point is given). `at` on a dump is an error: a dump is one moment.
 */
/** `device`: the device to replay a recording on when it names none (or to override its own). */
export async function loadSnapshot(path: string, at?: Point, device?: DeviceProfile): Promise<Snapshot> {
  // Only the VMA JSON reader is loaded to recognise a dump: the reader registry (every format)
  // is imported only for recordings, which keeps `render dump.json` quick to start.
  const { vmaJsonReader } = await import('../formats/vma-json/reader.js');
  if (vmaJsonReader.sniff(path, await head(path))) {
    if (at) throw new SourceError(`${basename(path)} is a VMA JSON dump, a single moment: --at / @${pointLabel(at)} applies to recordings`, { file: path });
    const { readVmaJson } = await import('./vma-json-file.js');
    return readVmaJson(path);
  }
  const label = `${basename(path)}${at ? `@${pointLabel(at)}` : ' (end)'}`;
  // Captures (GFXReconstruct, lavatube) say where the app's allocator put everything: take that.
  // Recordings only say what was asked for: replay them through the placement model.
  const { openInput, readFile } = await import('./open.js');
  const { detectReader } = await import('../formats/index.js');
  const f = openInput(path);
  const reader = detectReader(f.path, f.head);
  if (reader?.traits.model === 'objects') {
    const { CaptureSnapshotBuilder } = await import('../engines/capture/snapshot.js');
    const { Diagnostics } = await import('../model/diagnostics.js');
    const builder = new CaptureSnapshotBuilder(at ?? {});
    await readFile(path, builder, new Diagnostics(path));
    return builder.snapshot(label);
  }
  const { replayToSnapshot } = await import('./replay.js');
  const snap = await replayToSnapshot(path, at ?? {}, { device });
  return { ...snap, label };
}
