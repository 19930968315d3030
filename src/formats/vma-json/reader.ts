// VMA JSON stats dumps (`vmaBuildStatsString(…, detailedMap = VK_TRUE)`, VMA 2.x and 3.x) into a
// `Snapshot`. A dump is one moment, not a stream, so the whole document is parsed (the largest real
// dumps are a few MB). As a registered `Reader` it also feeds any `CaptureSink`: the device profile,
// then one create event per allocation with its placement, so `report` works on dumps too.

import type { CaptureSink, InputTraits } from '../../model/capture.js';
import { Diagnostics, SourceError } from '../../model/diagnostics.js';
import type { ObjectKind } from '../../model/objects.js';
import type { Snapshot, Suballocation } from '../../model/snapshot.js';
import type { Reader } from '../reader.js';
import type { Source } from '../source.js';
import { Ctx, NeedsExactNumbers, type VmaJsonReported } from './common.js';
import { parseJson, type JsonObject, type JsonValue } from './json.js';
import { readVma2 } from './vma2.js';
import { readVma3 } from './vma3.js';

export type { ReportedStats, VmaJsonReported } from './common.js';

/** The dump's own statistics of a snapshot read from VMA JSON (undefined for other snapshots). */
export function vmaJsonReported(s: Snapshot): VmaJsonReported | undefined {
  const r = s.reported as unknown as VmaJsonReported | undefined;
  return r && (r.vmaVersion === '2' || r.vmaVersion === '3') ? r : undefined;
}

const HEAP_KEY = /^Heap \d+$/;

/** Parses a whole dump. Throws `SourceError` (with line and column, or the JSON path) when it cannot. */
export function snapshotFromVmaJson(bytes: Uint8Array, label: string, diag?: Diagnostics): Snapshot {
  // Warnings go to a scratch list first: a second, exact pass must not repeat those of the first.
  let scratch = new Diagnostics(label);
  let snap: Snapshot;
  try {
    snap = fromDocument(parseJson(bytes, label), label, scratch);
  } catch (e) {
    if (!(e instanceof NeedsExactNumbers)) throw e;
    // A number reached 2^53 and JSON.parse may have rounded it: read again, keeping it exact.
    scratch = new Diagnostics(label);
    snap = fromDocument(parseJson(bytes, label, { exact: true }), label, scratch);
  }
  if (diag) {
    // Listed warnings pass as they are; those the scratch only counted stay counted (not listed).
    const listed = new Map<string, number>();
    for (const d of scratch.list) {
      diag.warn(d.code, d.message, d);
      listed.set(d.code, (listed.get(d.code) ?? 0) + 1);
    }
    for (const [code, n] of scratch.counts) {
      for (let i = listed.get(code) ?? 0; i < n; i++) diag.warn(code, `another '${code}' warning (past the first ${listed.get(code) ?? 0} listed)`);
    }
  }
  return snap;
}

function fromDocument(root: JsonValue, label: string, diag: Diagnostics): Snapshot {
  const top = { file: label, line: 1, column: 1 };
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    throw new SourceError(
      `not a VMA stats dump: the top level is ${Array.isArray(root) ? 'an array' : 'not an object'}; vmaBuildStatsString writes one object`,
      top,
    );
  }
  const ctx = new Ctx(label, diag);
  const keys = Object.keys(root);
  const general = root['General'];
  if (general !== undefined && general !== null && typeof general === 'object' && !Array.isArray(general)) {
    const api = (general as JsonObject)['API'];
    if (api === 'Direct3D 12') throw new SourceError('a D3D12 Memory Allocator dump (General.API is "Direct3D 12"); vramscope reads VMA (Vulkan) dumps', top);
    if (api !== 'Vulkan') throw new SourceError(`not a VMA stats dump: General.API is ${JSON.stringify(api) ?? 'missing'}, expected "Vulkan"`, top);
    if (root['MemoryInfo'] === undefined) throw new SourceError('a VMA 3.x dump without "MemoryInfo": cannot tell heaps and memory types', top);
    return readVma3(ctx, root, label);
  }
  if (root['Total'] !== undefined && keys.some((k) => HEAP_KEY.test(k))) return readVma2(ctx, root, label);
  if (root['Stats'] !== undefined && root['Details'] !== undefined) {
    throw new SourceError('a VMA virtual block dump (vmaBuildVirtualBlockStatsString): it has no heaps or memory types to draw', top);
  }
  const shown =
    keys
      .slice(0, 6)
      .map((k) => JSON.stringify(k))
      .join(', ') + (keys.length > 6 ? ', …' : '');
  throw new SourceError(
    `not a VMA stats dump (vmaBuildStatsString output): top-level keys are ${shown || 'none'}; expected "General", "Total", "MemoryInfo" (VMA 3.x) or "Total" and "Heap N" (VMA 2.x)`,
    top,
  );
}

/** Collects a source's (gunzipped) bytes. */
export async function sourceBytes(src: Source, onStored?: (n: number) => void, opts: { text?: boolean } = {}): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let n = 0;
  for await (const c of src.chunks(onStored)) {
    // A text format (JSON) never holds a NUL byte: the first one is damage (often a hole of zeros a
    // crash left), reported at its offset before the rest is buffered.
    if (opts.text) {
      const z = c.indexOf(0);
      if (z >= 0)
        throw new SourceError(`byte ${n + z} is a NUL byte, which a JSON dump never holds: the file is damaged (a hole of zeros, or not text)`, {
          file: src.name,
        });
    }
    parts.push(c);
    n += c.length;
  }
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Skips whitespace and a BOM; returns the index of the first significant byte. */
function firstByte(head: Uint8Array): number {
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09)) i++;
  return i;
}

const headDecoder = new TextDecoder('utf-8');

function kindOf(s: Suballocation): ObjectKind {
  return s.type === 'buffer' ? 'buffer' : s.type.startsWith('image') ? 'image' : 'allocation';
}

/** What this reader's inputs are (see InputTraits). */
export const VMA_JSON_TRAITS: InputTraits = {
  model: 'snapshot',
  kind: 'dump',
  hasPlacements: true,
  hasMemoryProperties: true,
  hasClock: false,
  hasFrames: false,
  moment: 'one',
  label: 'VMA JSON stats dump',
};

export const vmaJsonReader: Reader = {
  id: 'vma-json',
  traits: VMA_JSON_TRAITS,
  description: 'a VMA JSON stats dump (vmaBuildStatsString, 2.x or 3.x)',
  sniff(_name, head) {
    const i = firstByte(head);
    if (head[i] !== 0x7b) return false;
    // Both versions start with a fixed key: 3.x with "General" and its "API", 2.x with "Total" and StatInfo fields.
    const text = headDecoder.decode(head.subarray(i, Math.min(head.length, i + 2048)));
    return /^\{\s*"General"\s*:\s*\{\s*"API"/.test(text) || /^\{\s*"Total"\s*:\s*\{\s*"Blocks"\s*:/.test(text);
  },
  async readSnapshot(src: Source, diag?: Diagnostics) {
    return snapshotFromVmaJson(await sourceBytes(src, undefined, { text: true }), src.name, diag);
  },
  async read(src: Source, sink: CaptureSink, diag: Diagnostics, opts) {
    const bytes = await sourceBytes(src, opts?.onProgress, { text: true });
    const snap = snapshotFromVmaJson(bytes, src.name, diag);
    sink.begin?.({
      format: 'vma-json',
      traits: VMA_JSON_TRAITS,
      formatVersion: snap.format?.replace('vma-json ', ''),
      source: src.name,
      snapshot: true,
    });
    sink.profile?.(snap.profile);
    let seq = 0;
    for (const p of snap.pools ?? []) {
      sink.event({
        op: 'poolCreate',
        seq,
        line: 0,
        time: 0,
        frame: 0,
        thread: 0,
        fn: 'vmaBuildStatsString',
        pool: seq,
        handle: p.key,
        memoryTypeIndex: p.memoryType,
        flags: 0,
        blockSize: p.blockSize ?? 0,
        minBlockCount: p.minBlockCount ?? 0,
        maxBlockCount: p.maxBlockCount ?? 0,
      });
      if (p.name !== undefined)
        sink.event({
          op: 'poolName',
          seq: seq + 1,
          line: 0,
          time: 0,
          frame: 0,
          thread: 0,
          fn: 'vmaBuildStatsString',
          pool: seq,
          name: p.name,
        });
      seq += 2;
    }
    const poolIds = new Map((snap.pools ?? []).map((p, i) => [p.key, i * 2]));
    let ordinal = 0;
    for (const b of snap.blocks) {
      const block = ordinal++;
      for (const s of b.suballocations) {
        if (s.type === 'free') continue;
        const id = seq++;
        sink.event({
          op: 'create',
          seq: id,
          line: 0,
          time: 0,
          frame: s.frame ?? 0,
          thread: 0,
          id,
          kind: kindOf(s),
          handle: s.customData ?? '',
          fn: 'vmaBuildStatsString',
          size: s.size,
          sizeExact: s.sizeExact,
          name: s.name,
          placement: { memoryType: b.memoryType, block, offset: s.offset, size: s.size, dedicated: b.dedicated },
          pool: b.pool !== undefined ? poolIds.get(b.pool) : undefined,
        });
      }
    }
    sink.end?.({ lines: 0, bytes: bytes.length, complete: true, lastLine: 0 });
  },
};
