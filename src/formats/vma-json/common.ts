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

export const EMPTY_STATS: ReportedStats = {
  blockCount: 0,
  blockBytes: 0,
  allocationCount: 0,
  allocationBytes: 0,
  unusedRangeCount: 0,
};

/** Thrown for a structurally wrong dump: names the JSON path, since the JSON itself was valid. */
export function shapeError(file: string | undefined, path: string, message: string): never {
  throw new SourceError(`${path}: ${message}`, { file });
}

/** A path, or a function that builds it: paths are only needed for errors, and 100 k template strings are not free. */
export type JsonPath = string | (() => string);
const pathText = (p: JsonPath): string => (typeof p === 'string' ? p : p());

/**
 * Thrown when `JSON.parse` gave a number at or above 2^53 (it may have been rounded): the caller
 * parses again keeping such integers exact. Numbers below 2^53 are always exact, so nothing is scanned
 * up front.
 */
export class NeedsExactNumbers extends Error {}

export class Ctx {
  constructor(
    readonly file: string | undefined,
    readonly diag: Diagnostics | undefined,
  ) {}

  obj(v: JsonValue | undefined, path: JsonPath): JsonObject {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) shapeError(this.file, pathText(path), `expected an object, found ${describe(v)}`);
    return v;
  }

  /** A uint64 as a number (exact below 2^53); `exact(v)` gives the bigint above. */
  num(v: JsonValue | undefined, path: JsonPath): number {
    if (typeof v === 'number') {
      if (v >= 0 && Number.isSafeInteger(v)) return v;
      if (v >= 0 && Number.isInteger(v)) throw new NeedsExactNumbers();
    } else if (typeof v === 'bigint' && v >= 0n) return Number(v);
    return shapeError(this.file, pathText(path), `expected an unsigned integer, found ${describe(v)}`);
  }

  /** Same as `num`, plus the exact `bigint` when the value is above 2^53. */
  u64(v: JsonValue | undefined, path: JsonPath): { n: number; exact?: bigint } {
    return typeof v === 'bigint' ? { n: this.num(v, path), exact: v } : { n: this.num(v, path) };
  }

  optNum(v: JsonValue | undefined, path: JsonPath): number | undefined {
    return v === undefined ? undefined : this.num(v, path);
  }

  str(v: JsonValue | undefined, path: JsonPath): string {
    if (typeof v !== 'string') shapeError(this.file, pathText(path), `expected a string, found ${describe(v)}`);
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
  FREE: 'free',
  UNKNOWN: 'unknown',
  BUFFER: 'buffer',
  IMAGE_UNKNOWN: 'image-unknown',
  IMAGE_LINEAR: 'image-linear',
  IMAGE_OPTIMAL: 'image-optimal',
};

/** VMA's `Type` string → the model's type; undefined for anything else (own keys only: names are input). */
export function suballocationType(name: string): SuballocationType | undefined {
  return Object.hasOwn(TYPE_NAMES, name) ? TYPE_NAMES[name] : undefined;
}

/** Property-flag names of memory types and heaps; numbers in the arrays are bits VMA could not name. */
export function flagBits(ctx: Ctx, v: JsonValue | undefined, path: string, names: Record<string, number>): number {
  if (v === undefined) return 0;
  if (!Array.isArray(v)) shapeError(ctx.file, path, `expected an array of flag names, found ${describe(v)}`);
  let bits = 0;
  v.forEach((f, i) => {
    if (typeof f === 'number') bits |= f;
    else if (typeof f === 'string' && Object.hasOwn(names, f)) bits |= names[f]!;
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

/** `DefaultPools.Type 0.Blocks.3.Suballocations[17].Size`: built only when something is wrong. */
function fieldPath(base: string, index: number | undefined, field: string): string {
  return `${base}${index === undefined ? '' : `[${index}]`}.${field}`;
}

/** A plain uint below 2^53, the common case checked inline (no error-path closure per field). */
function plainU64(v: JsonValue | undefined): v is number {
  return typeof v === 'number' && v >= 0 && Number.isSafeInteger(v);
}

/**
 * One suballocation entry of either version: `base[index]` names it in errors; `at` is the offset
 * to use when the entry has none (dedicated allocations in 3.x). Runs once per allocation, so the
 * usual shapes are checked inline and `ctx` (with its JSON path) is consulted only on the odd ones.
 */
export function suballocation(ctx: Ctx, o: JsonObject, base: string, index: number | undefined, at: number): Suballocation {
  const typeName = o['Type'];
  let type = typeof typeName === 'string' ? suballocationType(typeName) : undefined;
  if (!type) {
    const name = ctx.str(typeName, () => fieldPath(base, index, 'Type'));
    ctx.warn('vma-json-unknown-type', `${fieldPath(base, index, 'Type')}: unknown suballocation type "${name}", drawn as UNKNOWN`);
    type = 'unknown';
  }
  const sizeV = o['Size'],
    offV = o['Offset'];
  const size = plainU64(sizeV) ? sizeV : ctx.num(sizeV, () => fieldPath(base, index, 'Size'));
  const offset = offV === undefined ? at : plainU64(offV) ? offV : ctx.num(offV, () => fieldPath(base, index, 'Offset'));
  const s: { -readonly [K in keyof Suballocation]: Suballocation[K] } = { offset, size, type };
  if (typeof sizeV === 'bigint') s.sizeExact = sizeV;
  if (typeof offV === 'bigint') s.offsetExact = offV;
  if (type === 'free') return s;
  const usage = o['Usage'];
  const name = o['Name'];
  const custom = o['CustomData'];
  const user = o['UserData'];
  const created = o['CreationFrameIndex'];
  const used = o['LastUseFrameIndex'];
  return withDetails(
    s,
    usage === undefined ? undefined : plainU64(usage) ? usage : ctx.num(usage, () => fieldPath(base, index, 'Usage')),
    name === undefined ? undefined : typeof name === 'string' ? name : ctx.str(name, () => fieldPath(base, index, 'Name')),
    custom === undefined ? undefined : typeof custom === 'string' ? custom : String(custom),
    user === undefined ? undefined : typeof user === 'string' ? user : String(user),
    created === undefined ? undefined : plainU64(created) ? created : ctx.num(created, () => fieldPath(base, index, 'CreationFrameIndex')),
    used === undefined ? undefined : plainU64(used) ? used : ctx.num(used, () => fieldPath(base, index, 'LastUseFrameIndex')),
  );
}

/** The optional fields of a non-free suballocation. VMA 2.x `UserData` is a name unless it looks like `%p`. */
function withDetails(
  s: { -readonly [K in keyof Suballocation]: Suballocation[K] },
  usage: number | undefined,
  name: string | undefined,
  custom: string | undefined,
  user: string | undefined,
  created: number | undefined,
  lastUse: number | undefined,
): Suballocation {
  if (usage !== undefined) s.usage = usage;
  if (name !== undefined) s.name = name;
  if (custom !== undefined) s.customData = custom;
  if (user !== undefined) {
    if (looksLikePointer(user)) s.customData = user;
    else s.name = user;
  }
  if (created !== undefined) s.frame = created;
  if (lastUse !== undefined) s.lastUseFrame = lastUse;
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
    const base = `${path}.Suballocations`;
    for (let i = 0; i < list.length; i++) {
      const item = list[i];
      const o = item !== null && typeof item === 'object' && !Array.isArray(item) ? item : ctx.obj(item, `${base}[${i}]`);
      const s = suballocation(ctx, o, base, i, next);
      if (s.offset < prev) sorted = false;
      prev = s.offset;
      next = s.offset + s.size;
      subs.push(s);
    }
    if (!sorted) subs.sort((a, b) => a.offset - b.offset);
    const last = subs[subs.length - 1];
    if (last && last.offset + last.size > total.n)
      ctx.warn('vma-json-past-block-end', `${path}: suballocations reach byte ${last.offset + last.size}, past the block's TotalBytes ${total.n}`);
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
  const s = suballocation(ctx, o, path, undefined, 0);
  const b: { -readonly [K in keyof Block]: Block[K] } = {
    id,
    memoryType,
    size: s.size,
    dedicated: true,
    suballocations: [{ ...s, offset: 0 }],
  };
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

/**
 * "Type 3" → 3; undefined for other keys, and for indices Vulkan cannot have (VK_MAX_MEMORY_HEAPS
 * 16, VK_MAX_MEMORY_TYPES 32): a damaged "Heap 2147483648" would otherwise size arrays by it.
 */
export function indexKey(key: string, word: 'Heap' | 'Type'): number | undefined {
  const m = /^(Heap|Type) (\d+)$/.exec(key);
  if (!m || m[1] !== word) return undefined;
  const n = Number(m[2]);
  return n < (word === 'Heap' ? 16 : 32) ? n : undefined;
}

export function blockId(ctx: Ctx, key: string, path: string): number {
  const n = Number(key);
  if (!Number.isInteger(n) || n < 0) ctx.warn('vma-json-block-id', `${path}: block id "${key}" is not a number`);
  return Number.isInteger(n) && n >= 0 ? n : 0;
}
