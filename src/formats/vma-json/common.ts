// Pieces both VMA dump versions share: typed access into the parsed JSON with paths in errors,
// suballocation and block conversion, memory-property flag names, and the stats the dump states
// about itself (kept to check our own sums against).

import { SourceError, type Diagnostics } from '../../model/diagnostics.js';
import { MemoryProperty, MemoryHeapFlag } from '../../model/profile.js';
import type { Block, Suballocation, SuballocationType } from '../../model/snapshot.js';
import type { JsonObject, JsonValue } from './json.js';

/** What a dump says about a heap, a memory type or the whole allocator (VMA 2.x StatInfo / 3.x Stats). */
export interface ReportedStats {
  readonly blockCount: number;
  readonly blockBytes: number;
  readonly allocationCount: number;
  readonly allocationBytes: number;
  readonly unusedRangeCount: number;
}

/** `Snapshot.reported` of a VMA JSON dump. */
export interface VmaJsonReported {
  readonly vmaVersion: '2' | '3';
  readonly total?: ReportedStats;
  readonly heaps: Readonly<Record<number, ReportedStats>>;
  readonly memoryTypes: Readonly<Record<number, ReportedStats>>;
}

export const EMPTY_STATS: ReportedStats = { blockCount: 0, blockBytes: 0, allocationCount: 0, allocationBytes: 0, unusedRangeCount: 0 };

/** Thrown for a structurally wrong dump: names the JSON path, since the JSON itself was valid. */
export function shapeError(file: string | undefined, path: string, message: string): never {
  throw new SourceError(`${path}: ${message}`, { file });
}

export class Ctx {
  constructor(readonly file: string | undefined, readonly diag: Diagnostics | undefined) {}

  obj(v: JsonValue | undefined, path: string): JsonObject {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) shapeError(this.file, path, `expected an object, found ${describe(v)}`);
    return v;
  }

  /** A uint64: `number`, plus the exact `bigint` when above 2^53. */
  u64(v: JsonValue | undefined, path: string): { n: number; exact?: bigint } {
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return { n: v };
    if (typeof v === 'bigint' && v >= 0n) return { n: Number(v), exact: v };
    return shapeError(this.file, path, `expected an unsigned integer, found ${describe(v)}`);
  }

  num(v: JsonValue | undefined, path: string): number {
    return this.u64(v, path).n;
  }

  optNum(v: JsonValue | undefined, path: string): number | undefined {
    return v === undefined ? undefined : this.num(v, path);
  }

  str(v: JsonValue | undefined, path: string): string {
    if (typeof v !== 'string') shapeError(this.file, path, `expected a string, found ${describe(v)}`);
    return v;
  }

  warn(code: string, message: string): void {
    this.diag?.warn(code, message);
  }
}

export function describe(v: JsonValue | undefined): string {
  if (v === undefined) return 'nothing (key missing)';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'bigint') return `the number ${v}`;
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  return `${typeof v} ${String(v)}`;
}

const TYPE_NAMES: Record<string, SuballocationType> = {
  FREE: 'free', UNKNOWN: 'unknown', BUFFER: 'buffer', IMAGE_UNKNOWN: 'image-unknown', IMAGE_LINEAR: 'image-linear', IMAGE_OPTIMAL: 'image-optimal',
};

/** Property-flag names of memory types and heaps; numbers in the arrays are bits VMA could not name. */
export function flagBits(ctx: Ctx, v: JsonValue | undefined, path: string, names: Record<string, number>): number {
  if (v === undefined) return 0;
  if (!Array.isArray(v)) shapeError(ctx.file, path, `expected an array of flag names, found ${describe(v)}`);
  let bits = 0;
  v.forEach((f, i) => {
    if (typeof f === 'number') bits |= f;
    else if (typeof f === 'string' && names[f] !== undefined) bits |= names[f]!;
    else ctx.warn('vma-json-unknown-flag', `${path}[${i}]: unknown flag ${describe(f)} (ignored)`);
  });
  return bits;
}

export const MEMORY_PROPERTY_NAMES: Record<string, number> = { ...MemoryProperty };
export const HEAP_FLAG_NAMES: Record<string, number> = { ...MemoryHeapFlag };

/** VMA 2.x prints non-string user data with `%p`: hex of 8–16 digits, `0x…` or glibc's `(nil)`. */
function looksLikePointer(s: string): boolean {
  return /^(?:0x[0-9a-fA-F]+|[0-9A-F]{8}|[0-9A-F]{16}|\(nil\))$/.test(s);
}

/** One suballocation entry of either version; `at` is the offset to use when the entry has none (dedicated). */
export function suballocation(ctx: Ctx, o: JsonObject, path: string, at: number): Suballocation {
  const typeName = ctx.str(o['Type'], `${path}.Type`);
  let type = TYPE_NAMES[typeName];
  if (!type) {
    ctx.warn('vma-json-unknown-type', `${path}.Type: unknown suballocation type "${typeName}", drawn as UNKNOWN`);
    type = 'unknown';
  }
  const size = ctx.u64(o['Size'], `${path}.Size`);
  const off = o['Offset'] === undefined ? { n: at } : ctx.u64(o['Offset'], `${path}.Offset`);
  const s: { -readonly [K in keyof Suballocation]: Suballocation[K] } = { offset: off.n, size: size.n, type };
  if (size.exact !== undefined) s.sizeExact = size.exact;
  if (off.exact !== undefined) s.offsetExact = off.exact;
  if (type === 'free') return s;
  const usage = o['Usage'];
  if (usage !== undefined) s.usage = ctx.num(usage, `${path}.Usage`);
  const name = o['Name'];
  if (name !== undefined) s.name = ctx.str(name, `${path}.Name`);
  const custom = o['CustomData'];
  if (custom !== undefined) s.customData = typeof custom === 'string' ? custom : String(custom);
  const user = o['UserData'];
  if (user !== undefined) {
    const u = typeof user === 'string' ? user : String(user);
    if (looksLikePointer(u)) s.customData = u;
    else s.name = u;
  }
  const created = o['CreationFrameIndex'];
  if (created !== undefined) s.frame = ctx.num(created, `${path}.CreationFrameIndex`);
  const used = o['LastUseFrameIndex'];
  if (used !== undefined) s.lastUseFrame = ctx.num(used, `${path}.LastUseFrameIndex`);
  return s;
}

/** A block (`Block2`/`Block3`): suballocations in the dump's order, checked against its own counts. */
export function block(ctx: Ctx, o: JsonObject, path: string, memoryType: number, id: number, pool: string | undefined, algorithm: string | undefined): Block {
  const total = ctx.u64(o['TotalBytes'], `${path}.TotalBytes`);
  const list = o['Suballocations'];
  const subs: Suballocation[] = [];
  if (list !== undefined) {
    if (!Array.isArray(list)) shapeError(ctx.file, `${path}.Suballocations`, `expected an array, found ${describe(list)}`);
    let next = 0;
    let sorted = true;
    let prev = -1;
    for (let i = 0; i < list.length; i++) {
      const p = `${path}.Suballocations[${i}]`;
      const s = suballocation(ctx, ctx.obj(list[i], p), p, next);
      if (s.offset < prev) sorted = false;
      prev = s.offset;
      next = s.offset + s.size;
      subs.push(s);
    }
    if (!sorted) subs.sort((a, b) => a.offset - b.offset);
    const last = subs[subs.length - 1];
    if (last && last.offset + last.size > total.n) ctx.warn('vma-json-past-block-end', `${path}: suballocations reach byte ${last.offset + last.size}, past the block's TotalBytes ${total.n}`);
  } else {
    ctx.warn('vma-json-no-detailed-map', `${path}: no Suballocations (dump written with detailedMap = false?)`);
  }
  const b: { -readonly [K in keyof Block]: Block[K] } = { id, memoryType, size: total.n, dedicated: false, suballocations: subs };
  if (total.exact !== undefined) b.sizeExact = total.exact;
  if (pool !== undefined) b.pool = pool;
  if (algorithm !== undefined) b.algorithm = algorithm;
  const map = o['MapRefCount'];
  if (map !== undefined) b.mapRefCount = ctx.num(map, `${path}.MapRefCount`);
  return b;
}

/** A dedicated allocation: its own VkDeviceMemory holding one suballocation at offset 0. */
export function dedicated(ctx: Ctx, o: JsonObject, path: string, memoryType: number, id: number, pool: string | undefined): Block {
  const s = suballocation(ctx, o, path, 0);
  const b: { -readonly [K in keyof Block]: Block[K] } = { id, memoryType, size: s.size, dedicated: true, suballocations: [{ ...s, offset: 0 }] };
  if (s.sizeExact !== undefined) b.sizeExact = s.sizeExact;
  if (pool !== undefined) b.pool = pool;
  return b;
}

/** Entries of a `{"<id>": …}` object, or of an array (VMA 2.0.0 wrote `Blocks` and `Pools` as arrays). */
export function idEntries(ctx: Ctx, v: JsonValue | undefined, path: string): Array<[string, JsonValue]> {
  if (v === undefined) return [];
  if (Array.isArray(v)) return v.map((x, i) => [String(i), x]);
  return Object.entries(ctx.obj(v, path));
}

/** "Type 3" → 3; undefined for other keys. */
export function indexKey(key: string, word: 'Heap' | 'Type'): number | undefined {
  const m = /^(Heap|Type) (\d+)$/.exec(key);
  return m && m[1] === word ? Number(m[2]) : undefined;
}

export function blockId(ctx: Ctx, key: string, path: string): number {
  const n = Number(key);
  if (!Number.isInteger(n) || n < 0) ctx.warn('vma-json-block-id', `${path}: block id "${key}" is not a number`);
  return Number.isInteger(n) && n >= 0 ? n : 0;
}
