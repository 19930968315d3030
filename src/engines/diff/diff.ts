// What changed between two snapshots of the same allocator (two VMA dumps, two points of a
// recording), and over a series of them. Dumps carry no handles, so allocations are matched by
// what they are: first name + size at the same place (unchanged), then name + size anywhere
// (moved: defragmentation, or freed and made again elsewhere), and what is left is added (only in
// b) or removed (only in a). Totals per heap, memory type, pool and name group show growth; over a
// series, name groups whose live count rises at every step are the leak suspects — the signature of
// the resize leak, where each window resize leaves the old depth image behind.

import { nameGroup } from '../../model/names.js';
import type { Block, Snapshot, Suballocation, SuballocationType } from '../../model/snapshot.js';

/** One allocation and where it sits. */
export interface AllocationRef {
  readonly name?: string;
  readonly size: number;
  readonly type: SuballocationType;
  readonly usage?: number;
  readonly heap: number;
  readonly memoryType: number;
  /** Custom pool key; absent for default pools. */
  readonly pool?: string;
  readonly dedicated: boolean;
  /** Block id within its pool (for dedicated allocations, their index in the dump). */
  readonly block: number;
  readonly offset: number;
}

export interface MovedAllocation {
  readonly name?: string;
  readonly size: number;
  readonly from: AllocationRef;
  readonly to: AllocationRef;
}

export interface Totals {
  readonly blockCount: number;
  readonly blockBytes: number;
  readonly allocationCount: number;
  readonly allocationBytes: number;
}

export interface Growth {
  /** `heap 0`, `type 3`, `type 3 default pool`, `mesh_pool`, or a name group. */
  readonly key: string;
  readonly before: Totals;
  readonly after: Totals;
  readonly blockBytes: number;
  readonly allocationBytes: number;
  readonly allocationCount: number;
}

export interface BlockRef {
  readonly memoryType: number;
  readonly pool?: string;
  readonly block: number;
  readonly size: number;
  readonly dedicated: boolean;
}

export interface SnapshotDiff {
  readonly a: string;
  readonly b: string;
  readonly heaps: readonly Growth[];
  readonly memoryTypes: readonly Growth[];
  readonly pools: readonly Growth[];
  /** Name groups (digits folded) whose count or bytes changed, largest byte change first. */
  readonly nameGroups: readonly Growth[];
  readonly added: readonly AllocationRef[];
  readonly removed: readonly AllocationRef[];
  readonly moved: readonly MovedAllocation[];
  readonly unchanged: number;
  /** VkDeviceMemory blocks only in b / only in a (dedicated allocations included). */
  readonly blocksAdded: readonly BlockRef[];
  readonly blocksRemoved: readonly BlockRef[];
}

export interface Suspect {
  readonly group: string;
  /** Live allocations of the group in each snapshot. */
  readonly counts: readonly number[];
  readonly bytes: readonly number[];
  /** Every allocation of the group in the first snapshot is still there (by name and size) in the last: nothing of it was ever freed. */
  readonly retained: boolean;
}

export interface SeriesDiff extends SnapshotDiff {
  readonly snapshots: readonly string[];
  /** Consecutive steps; `added`/`removed`/… of the series itself compare the first and the last. */
  readonly steps: readonly SnapshotDiff[];
  readonly suspects: readonly Suspect[];
}

/** Every non-free suballocation of a snapshot with its place. */
export function allocationsOf(s: Snapshot): AllocationRef[] {
  const out: AllocationRef[] = [];
  const heapOf = (t: number) => s.profile.memoryTypes[t]?.heapIndex ?? 0;
  for (const b of s.blocks) {
    const heap = heapOf(b.memoryType);
    for (const x of b.suballocations) if (x.type !== 'free') out.push(ref(x, b, heap));
  }
  return out;
}

function ref(x: Suballocation, b: Block, heap: number): AllocationRef {
  const r: { -readonly [K in keyof AllocationRef]: AllocationRef[K] } = {
    size: x.size,
    type: x.type,
    heap,
    memoryType: b.memoryType,
    dedicated: b.dedicated,
    block: b.id,
    offset: x.offset,
  };
  if (x.name !== undefined) r.name = x.name;
  if (x.usage !== undefined) r.usage = x.usage;
  if (b.pool !== undefined) r.pool = b.pool;
  return r;
}

const identity = (r: AllocationRef) => `${r.name ?? '\u0000'}\u0001${r.size}`;
// Dedicated allocations are their own VkDeviceMemory: their index in a dump is no place.
const place = (r: AllocationRef) => `${r.memoryType}\u0001${r.pool ?? ''}\u0001${r.dedicated ? 'd' : `${r.block}\u0001${r.offset}`}`;

function emptyTotals(): { blockCount: number; blockBytes: number; allocationCount: number; allocationBytes: number } {
  return { blockCount: 0, blockBytes: 0, allocationCount: 0, allocationBytes: 0 };
}

type Agg = Map<string, ReturnType<typeof emptyTotals>>;

function aggregate(s: Snapshot): { heaps: Agg; types: Agg; pools: Agg; groups: Agg } {
  const heaps: Agg = new Map(),
    types: Agg = new Map(),
    pools: Agg = new Map(),
    groups: Agg = new Map();
  const at = (m: Agg, k: string) => {
    let t = m.get(k);
    if (!t) {
      t = emptyTotals();
      m.set(k, t);
    }
    return t;
  };
  for (const h of s.profile.heaps) at(heaps, `heap ${h.index}`);
  for (const b of s.blocks) {
    const heap = s.profile.memoryTypes[b.memoryType]?.heapIndex ?? 0;
    const keys = [at(heaps, `heap ${heap}`), at(types, `type ${b.memoryType}`), at(pools, b.pool ?? `type ${b.memoryType} default pool`)];
    for (const t of keys) {
      t.blockCount++;
      t.blockBytes += b.size;
    }
    for (const x of b.suballocations) {
      if (x.type === 'free') continue;
      for (const t of keys) {
        t.allocationCount++;
        t.allocationBytes += x.size;
      }
      const g = at(groups, nameGroup(x.name));
      g.allocationCount++;
      g.allocationBytes += x.size;
    }
  }
  return { heaps, types, pools, groups };
}

function growth(a: Agg, b: Agg, keepUnchanged: boolean): Growth[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  const out: Growth[] = [];
  for (const key of keys) {
    const before = a.get(key) ?? emptyTotals();
    const after = b.get(key) ?? emptyTotals();
    const g: Growth = {
      key,
      before,
      after,
      blockBytes: after.blockBytes - before.blockBytes,
      allocationBytes: after.allocationBytes - before.allocationBytes,
      allocationCount: after.allocationCount - before.allocationCount,
    };
    if (keepUnchanged || g.allocationBytes !== 0 || g.allocationCount !== 0 || g.blockBytes !== 0) out.push(g);
  }
  return out;
}

const byIndex = (g: Growth) => Number(/\d+/.exec(g.key)?.[0] ?? 0);

/** Allocations only in a, only in b, moved and unchanged, plus growth per heap, type, pool and name group. */
export function diffSnapshots(a: Snapshot, b: Snapshot): SnapshotDiff {
  const before = allocationsOf(a);
  const after = allocationsOf(b);
  // 1. Same identity at the same place.
  const atPlace = new Map<string, AllocationRef[]>();
  for (const r of before) {
    const k = place(r) + '\u0002' + identity(r);
    const l = atPlace.get(k);
    if (l) l.push(r);
    else atPlace.set(k, [r]);
  }
  let unchanged = 0;
  const restB: AllocationRef[] = [];
  const matched = new Set<AllocationRef>();
  for (const r of after) {
    const l = atPlace.get(place(r) + '\u0002' + identity(r));
    const m = l?.pop();
    if (m) {
      unchanged++;
      matched.add(m);
    } else restB.push(r);
  }
  // 2. Same identity elsewhere: moved. 3. The rest: added / removed.
  const byIdentity = new Map<string, AllocationRef[]>();
  for (const r of before) {
    if (matched.has(r)) continue;
    const k = identity(r);
    const l = byIdentity.get(k);
    if (l) l.push(r);
    else byIdentity.set(k, [r]);
  }
  for (const l of byIdentity.values()) l.reverse(); // pop() then takes them in dump order
  const moved: MovedAllocation[] = [];
  const added: AllocationRef[] = [];
  for (const r of restB) {
    const m = byIdentity.get(identity(r))?.pop();
    if (m) moved.push({ name: r.name, size: r.size, from: m, to: r });
    else added.push(r);
  }
  const removed: AllocationRef[] = [];
  for (const l of byIdentity.values()) for (let i = l.length - 1; i >= 0; i--) removed.push(l[i]!);
  removed.sort((x, y) => y.size - x.size);
  added.sort((x, y) => y.size - x.size);

  // Blocks: by (type, pool, id); dedicated ones by their allocation's identity.
  const blockKey = (blk: Block) =>
    `${blk.memoryType}\u0001${blk.pool ?? ''}\u0001${blk.dedicated ? 'd' + identity({ name: blk.suballocations[0]?.name, size: blk.size } as AllocationRef) : blk.id}`;
  const countKeys = (s: Snapshot) => {
    const m = new Map<string, Block[]>();
    for (const blk of s.blocks) {
      const k = blockKey(blk);
      const l = m.get(k);
      if (l) l.push(blk);
      else m.set(k, [blk]);
    }
    return m;
  };
  const ka = countKeys(a),
    kb = countKeys(b);
  const blockRef = (blk: Block): BlockRef => ({
    memoryType: blk.memoryType,
    ...(blk.pool !== undefined ? { pool: blk.pool } : {}),
    block: blk.id,
    size: blk.size,
    dedicated: blk.dedicated,
  });
  const blocksAdded: BlockRef[] = [],
    blocksRemoved: BlockRef[] = [];
  for (const [k, l] of kb) {
    const n = ka.get(k)?.length ?? 0;
    for (const blk of l.slice(n)) blocksAdded.push(blockRef(blk));
  }
  for (const [k, l] of ka) {
    const n = kb.get(k)?.length ?? 0;
    for (const blk of l.slice(n)) blocksRemoved.push(blockRef(blk));
  }

  const ga = aggregate(a),
    gb = aggregate(b);
  return {
    a: a.label,
    b: b.label,
    heaps: growth(ga.heaps, gb.heaps, true).sort((x, y) => byIndex(x) - byIndex(y)),
    memoryTypes: growth(ga.types, gb.types, true).sort((x, y) => byIndex(x) - byIndex(y)),
    pools: growth(ga.pools, gb.pools, true).sort((x, y) => (x.key < y.key ? -1 : 1)),
    nameGroups: growth(ga.groups, gb.groups, false).sort((x, y) => Math.abs(y.allocationBytes) - Math.abs(x.allocationBytes) || (x.key < y.key ? -1 : 1)),
    added,
    removed,
    moved,
    unchanged,
    blocksAdded,
    blocksRemoved,
  };
}

/**
 * A series of snapshots (in time order): each step, the whole span (first → last), and the name
 * groups whose live count rises at every step. Suspects that never freed anything of the group
 * (`retained`) come first, then by bytes gained.
 */
export function diffSeries(snapshots: readonly Snapshot[]): SeriesDiff {
  if (snapshots.length < 2) throw new RangeError('a diff needs at least two snapshots');
  const steps: SnapshotDiff[] = [];
  for (let i = 1; i < snapshots.length; i++) steps.push(diffSnapshots(snapshots[i - 1]!, snapshots[i]!));
  const whole = steps.length === 1 ? steps[0]! : diffSnapshots(snapshots[0]!, snapshots[snapshots.length - 1]!);
  const perSnapshot = snapshots.map((s) => aggregate(s).groups);
  const groups = new Set(perSnapshot.flatMap((m) => [...m.keys()]));
  const suspects: Suspect[] = [];
  for (const group of groups) {
    const counts = perSnapshot.map((m) => m.get(group)?.allocationCount ?? 0);
    if (!counts.every((c, i) => i === 0 || c > counts[i - 1]!)) continue;
    const bytes = perSnapshot.map((m) => m.get(group)?.allocationBytes ?? 0);
    suspects.push({ group, counts, bytes, retained: retainedAll(snapshots, group) });
  }
  const gain = (s: Suspect) => s.bytes[s.bytes.length - 1]! - s.bytes[0]!;
  suspects.sort((x, y) => Number(y.retained) - Number(x.retained) || gain(y) - gain(x) || (x.group < y.group ? -1 : 1));
  return { ...whole, snapshots: snapshots.map((s) => s.label), steps, suspects };
}

/** True when every allocation of `group` in the first snapshot is still alive (same name and size) in each later one. */
function retainedAll(snapshots: readonly Snapshot[], group: string): boolean {
  const first = allocationsOf(snapshots[0]!).filter((r) => nameGroup(r.name) === group);
  for (const s of snapshots.slice(1)) {
    const have = new Map<string, number>();
    for (const r of allocationsOf(s)) if (nameGroup(r.name) === group) have.set(identity(r), (have.get(identity(r)) ?? 0) + 1);
    for (const r of first) {
      const n = have.get(identity(r)) ?? 0;
      if (n === 0) return false;
      have.set(identity(r), n - 1);
    }
  }
  return true;
}
