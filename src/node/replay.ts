// Replay a recording file on a device: the summary `vramscope replay` prints (per heap and memory
// type: block and allocation bytes, peaks with line and frame, blocks, unused ranges, largest free
// range, fragmentation; failures; granularity conflicts), the placements file, and snapshots at any
// line or frame for the renderer, the differ and the VMA JSON writer.

import type { EstimateSummary } from '../devices/estimates.js';
import { writeSync } from 'node:fs';
import { openOutput, type OutputFile } from './output.js';
import { Diagnostics, type Diagnostic } from '../model/diagnostics.js';
import type { DeviceProfile } from '../model/profile.js';
import type { Snapshot } from '../model/snapshot.js';
import { openInput } from './open.js';
import { ReplayEngine, ReplayStop, type Peak, type ReplayConflict, type ReplayFailure } from '../engines/replay/engine.js';
import type { AllocatorOptions } from '../alloc/index.js';
import { writeVmaJson } from '../formats/vma-json/writer.js';

export interface ReplayFileOptions {
  device?: DeviceProfile;
  at?: { line?: number; frame?: number };
  /** Write one row per allocation (seq,memoryType,block,offset,size) to this file. */
  placements?: string;
  allocator?: AllocatorOptions;
  onProgress?: (bytes: number) => void;
  /** Rows of failures and conflicts kept in the summary (all are counted). */
  maxListed?: number;
}

export interface MemoryTypeSummary {
  memoryType: number;
  heap: number;
  flags: number;
  blockCount: number;
  blockBytes: number;
  allocationCount: number;
  allocationBytes: number;
  unusedRanges: number;
  largestFreeRange: number;
  /** 1 − largest free range / all free bytes inside blocks (0 = all free space in one range). */
  fragmentation: number;
  dedicatedBlocks: number;
  peakBlockBytes: Peak;
  peakAllocationBytes: Peak;
  deviceMemoryAllocations: number;
}

export interface HeapSummary {
  heap: number;
  size: number;
  budget: number;
  blockBytes: number;
  allocationBytes: number;
  blockCount: number;
  peakBlockBytes: Peak;
  /** Peak block bytes above the heap size (over-subscription). */
  overHeapBy: number;
}

export interface ReplaySummary {
  input: string;
  /** VMA version modelled: '3.3' or '2.3'. */
  vma: string;
  format?: string;
  device: { name: string; deviceName: string; source: string };
  /** Where the state below was taken. */
  at: { line: number; frame: number; label: string };
  complete: boolean;
  creates: number;
  destroys: number;
  modelledRequirements: number;
  /** Placements whose modelled requirements are estimates: no rule of the driver covers their create info. */
  estimatedRequirements: EstimateSummary;
  peakBlockBytes: Peak;
  peakAllocationBytes: Peak;
  heaps: HeapSummary[];
  memoryTypes: MemoryTypeSummary[];
  failures: { count: number; list: ReplayFailure[] };
  granularityConflicts: { count: number; list: ReplayConflict[] };
  warnings: Diagnostic[];
  warningsOverflow: string[];
}

/** Buffered writer for the placements CSV (no per-row syscalls). */
class RowWriter {
  private readonly out: OutputFile;
  private readonly fd: number;
  private buf: string[] = [];
  private size = 0;
  constructor(path: string, header: string) {
    this.out = openOutput(path);
    this.fd = this.out.fd;
    this.push(header);
  }
  push(line: string): void {
    this.buf.push(line);
    this.size += line.length + 1;
    if (this.size > 1 << 16) this.flush();
  }
  flush(): void {
    if (this.buf.length) {
      writeSync(this.fd, this.buf.join('\n') + '\n');
      this.buf = [];
      this.size = 0;
    }
  }
  close(): void {
    this.flush();
    this.out.keep();
  }
  /** The replay failed: no placements file is left behind. */
  discard(): void {
    this.out.discard();
  }
}

async function run(path: string, opts: ReplayFileOptions, diag: Diagnostics): Promise<ReplayEngine> {
  const f = openInput(path);
  const rows = opts.placements ? new RowWriter(opts.placements, 'seq,memoryType,block,offset,size') : null;
  const engine = new ReplayEngine(diag, {
    device: opts.device,
    allocator: opts.allocator,
    stopAt: opts.at,
    maxListed: opts.maxListed,
    abortOnStop: true,
    onPlacement: rows ? (seq, t, b, o, s) => rows.push(`${seq},${t},${b},${o},${s}`) : undefined,
  });
  try {
    await f.read(engine, diag, { onProgress: opts.onProgress });
  } catch (e) {
    if (!(e instanceof ReplayStop)) {
      rows?.discard();
      throw e;
    }
  }
  if (!engine.allocator) {
    rows?.discard();
    throw engine.missingDevice(path);
  }
  rows?.close();
  return engine;
}

export function summarize(path: string, engine: ReplayEngine, diag: Diagnostics): ReplaySummary {
  const a = engine.allocator!;
  const p = a.profile;
  const model = a.model;
  const types: MemoryTypeSummary[] = engine.types.map((t) => ({
    memoryType: t.memoryType,
    heap: t.heap,
    flags: p.memoryTypes[t.memoryType]!.propertyFlags,
    blockCount: 0,
    blockBytes: 0,
    allocationCount: 0,
    allocationBytes: 0,
    unusedRanges: 0,
    largestFreeRange: 0,
    fragmentation: 0,
    dedicatedBlocks: 0,
    peakBlockBytes: t.peakBlockBytes,
    peakAllocationBytes: t.peakAllocationBytes,
    deviceMemoryAllocations: t.deviceMemoryAllocations,
  }));
  // Straight from the model (no Snapshot objects): a state with 100 k live allocations stays cheap.
  const freeBytes = new Float64Array(types.length);
  let cur: MemoryTypeSummary;
  let curType = 0;
  const visit = (_offset: number, size: number, user: number) => {
    if (user < 0) {
      cur.unusedRanges++;
      freeBytes[curType]! += size;
      if (size > cur.largestFreeRange) cur.largestFreeRange = size;
    } else {
      cur.allocationCount++;
      cur.allocationBytes += size;
    }
  };
  const vectors = [...model.vectors.filter((v) => v !== null), ...[...model.pools.values()].map((x) => x.vector)];
  for (const v of vectors) {
    for (const b of v!.blocks) {
      curType = b.memoryType;
      cur = types[curType]!;
      cur.blockCount++;
      cur.blockBytes += b.size;
      b.meta.forEachRange(visit);
    }
  }
  const dedicatedSets = [...model.dedicated, ...[...model.pools.values()].map((x) => x.dedicated)];
  for (const set of dedicatedSets) {
    for (const id of set) {
      const t = types[model.memoryTypeOf(id)]!;
      const size = model.sizeOf(id);
      t.blockCount++;
      t.blockBytes += size;
      t.dedicatedBlocks++;
      t.allocationCount++;
      t.allocationBytes += size;
    }
  }
  types.forEach((t, i) => {
    t.fragmentation = freeBytes[i]! > 0 ? 1 - t.largestFreeRange / freeBytes[i]! : 0;
  });
  const heaps: HeapSummary[] = p.heaps.map((h, hi) => {
    const ts = types.filter((t) => t.heap === hi);
    // The heap's peak is tracked through its memory types' device-memory events.
    const peak = engine.heapPeaks[hi] ?? { bytes: 0, line: 0, frame: 0 };
    return {
      heap: hi,
      size: h.size,
      budget: a.heapBudget(hi).budget,
      blockBytes: ts.reduce((s, t) => s + t.blockBytes, 0),
      allocationBytes: ts.reduce((s, t) => s + t.allocationBytes, 0),
      blockCount: ts.reduce((s, t) => s + t.blockCount, 0),
      peakBlockBytes: peak,
      overHeapBy: Math.max(0, peak.bytes - h.size),
    };
  });
  return {
    input: path,
    vma: model.v2 ? '2.3' : '3.3',
    format: engine.info?.format,
    device: { name: p.name, deviceName: p.deviceName, source: p.source },
    at: { line: engine.line, frame: engine.frame, label: engine.stateLabel },
    complete: engine.end_?.complete ?? false,
    creates: engine.creates,
    destroys: engine.destroys,
    modelledRequirements: engine.modelledRequirements,
    estimatedRequirements: engine.estimates.summary(),
    peakBlockBytes: engine.peakBlockBytes,
    peakAllocationBytes: engine.peakAllocationBytes,
    heaps,
    memoryTypes: types,
    failures: { count: engine.failureCount, list: engine.failures },
    granularityConflicts: { count: a.conflictCount, list: engine.conflictList },
    warnings: diag.list,
    warningsOverflow: diag.overflow(),
  };
}

/** The replay's current (or --dump-at) state as a VMA 3.x JSON stats dump, with VMA's block ids, map counts and block sizes. */
export function replayVmaJson(engine: ReplayEngine): string {
  const model = engine.allocator!.model;
  const snap = engine.snapshotAtStop ?? engine.snapshot();
  const poolSizes = new Map<string, number>();
  const mapRef = new Map<number, number>();
  // Snapshot blocks carry VMA's per-vector id; the map-reference count is kept by ordinal.
  const visit = (blocks: readonly { ordinal: number; vectorId: number; mapRefCount: number }[]) => {
    for (const b of blocks) mapRef.set(b.ordinal, b.mapRefCount);
  };
  for (const v of model.vectors) if (v) visit(v.blocks);
  for (const p of model.pools.values()) {
    poolSizes.set(p.info.name ?? `pool ${p.id}`, p.vector.preferredBlockSize);
    visit(p.vector.blocks);
  }
  return writeVmaJson(snap, {
    preferredBlockSize: (t, pool) => (pool !== undefined ? poolSizes.get(pool) : undefined) ?? model.preferredBlockSizeOf(t),
    mapRefCount: (id, ordinal) => mapRef.get(ordinal ?? id) ?? 0,
  });
}

/** Replays `path` and returns the summary, the engine (allocator, snapshot) and the diagnostics. */
export async function replayFile(path: string, opts: ReplayFileOptions = {}): Promise<{ summary: ReplaySummary; engine: ReplayEngine; diag: Diagnostics }> {
  const diag = new Diagnostics(path);
  const engine = await run(path, opts, diag);
  return { summary: summarize(path, engine, diag), engine, diag };
}

/** The memory of the replayed recording after line `at.line`, or at the end of frame `at.frame`. */
export async function replayToSnapshot(
  path: string,
  at: { line?: number; frame?: number },
  opts: Omit<ReplayFileOptions, 'at' | 'placements'> = {},
): Promise<Snapshot> {
  const diag = new Diagnostics(path);
  const engine = await run(path, { ...opts, at }, diag);
  return engine.snapshotAtStop ?? engine.snapshot();
}
