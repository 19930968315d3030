// Feeds a real run's gold.csv (create infos + the driver's real requirements) into the allocator
// model, so placements can be compared row by row with what VMA itself did.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAllocator, type Allocator, type AllocatorOptions } from '../../src/alloc/index.js';
import { profileFromDeviceJson } from '../../src/devices/device-json.js';
import { parseCsv } from '../helpers/data.js';

export interface TypeTotals {
  blockBytes: number;
  allocationBytes: number;
  allocations: number;
  unusedRanges: number;
}

export interface GoldRun {
  rows: Array<Record<string, string>>;
  summary: any;
  allocator: Allocator;
  /** Per create row: [memoryType, block, offset, dedicated] from the model, or a failure reason. */
  placed: Map<number, [number, number, number, boolean] | string>;
  /** Stats label → per memory type { blockBytes, allocationBytes } from the model at the dump point. */
  stats: Map<string, Map<number, TypeTotals>>;
}

export function replayGold(dir: string, options: AllocatorOptions = {}): GoldRun {
  const rows = parseCsv(readFileSync(join(dir, 'gold.csv'), 'utf8'));
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
  const profile = profileFromDeviceJson(JSON.parse(readFileSync(join(dir, 'device.json'), 'utf8')), join(dir, 'device.json'));
  const allocator = createAllocator(profile, options);
  const pools = new Map<string, number>();
  for (const p of summary.pools ?? []) {
    const id = allocator.createPool({
      memoryTypeIndex: p.memoryTypeIndex,
      flags: p.flags,
      blockSize: p.blockSize,
      minBlockCount: p.minBlockCount,
      maxBlockCount: p.maxBlockCount,
    });
    if (typeof id === 'string') throw new Error(`pool ${p.name}: ${id}`);
    allocator.setPoolName(id, p.name);
    pools.set(p.name, id);
  }
  const dumps = new Map<number, string[]>();
  for (const d of summary.statsDumps ?? []) {
    const [file, , seq] = String(d).split('@');
    const k = Number(seq!.replace('goldSeq', ''));
    dumps.set(k, [...(dumps.get(k) ?? []), file!]);
  }
  const ids = new Map<string, number>();
  const placed = new Map<number, [number, number, number, boolean] | string>();
  const stats = new Map<string, Map<number, TypeTotals>>();
  const takeStats = (k: number) => {
    for (const file of dumps.get(k) ?? []) {
      const snap = allocator.snapshot(file);
      const per = new Map<number, TypeTotals>();
      for (const b of snap.blocks) {
        const t = per.get(b.memoryType) ?? { blockBytes: 0, allocationBytes: 0, allocations: 0, unusedRanges: 0 };
        t.blockBytes += b.size;
        for (const s of b.suballocations) {
          if (s.type !== 'free') {
            t.allocationBytes += s.size;
            t.allocations++;
          } else t.unusedRanges++;
        }
        per.set(b.memoryType, t);
      }
      stats.set(file, per);
    }
  };
  rows.forEach((r, i) => {
    takeStats(i);
    if (r.op === 'create') {
      const res = allocator.allocate({
        requirements: {
          size: Number(r.reqSize),
          alignment: Number(r.reqAlignment),
          memoryTypeBits: Number(r.memoryTypeBits),
          prefersDedicated: r.prefersDedicated === '1',
          requiresDedicated: r.requiresDedicated === '1',
        },
        createInfo: { usage: Number(r.usage), flags: Number(r.allocFlags) },
        kind: r.kind === 'image' ? 'image' : 'buffer',
        tiling: r.kind === 'image' ? Number(r.tiling) : undefined,
        usage: Number(r.kind === 'image' ? r.imageUsage : r.bufferUsage),
        pool: r.poolName ? pools.get(r.poolName)! : null,
        name: r.name,
      });
      if (res.ok) {
        ids.set(r.id!, res.id);
        placed.set(Number(r.seq), [res.placement.memoryType, res.placement.block, res.placement.offset, res.placement.dedicated]);
      } else placed.set(Number(r.seq), res.reason);
    } else if (r.op === 'destroy') {
      const id = ids.get(r.id!);
      if (id !== undefined) allocator.free(id);
    }
  });
  takeStats(rows.length);
  return { rows, summary, allocator, placed, stats };
}

/** Pairs of live linear/optimal allocations on one bufferImageGranularity page, from VMA's own gold.csv placements. */
/** Create rows of gold.csv whose (memory type, block, offset, dedicated) the model reproduced; the first misses, described. */
export function comparePlacements(g: GoldRun): { n: number; same: number; wrong: string[] } {
  let n = 0,
    same = 0;
  const wrong: string[] = [];
  for (const r of g.rows) {
    if (r.op !== 'create') continue;
    n++;
    const p = g.placed.get(Number(r.seq));
    const want = [Number(r.memoryType), Number(r.block), Number(r.offset), r.dedicated === '1'];
    if (Array.isArray(p) && p.every((v, k) => v === want[k])) same++;
    else if (wrong.length < 5) wrong.push(`seq ${r.seq} ${r.name}: VMA ${want.join('/')} model ${Array.isArray(p) ? p.join('/') : p}`);
  }
  return { n, same, wrong };
}

export function realConflicts(rows: Array<Record<string, string>>, granularity: number): Set<string> {
  const live = new Map<string, { block: number; offset: number; size: number; linear: boolean; seq: number }>();
  const out = new Set<string>();
  for (const r of rows) {
    if (r.op === 'destroy') {
      live.delete(r.id!);
      continue;
    }
    if (r.dedicated === '1') continue;
    const me = {
      block: Number(r.block),
      offset: Number(r.offset),
      size: Number(r.size),
      linear: !(r.kind === 'image' && r.tiling === '0'),
      seq: Number(r.seq),
    };
    for (const o of live.values()) {
      if (o.block !== me.block || o.linear === me.linear) continue;
      const [a, b] = o.offset < me.offset ? [o, me] : [me, o];
      const aEndPage = Math.floor((a.offset + a.size - 1) / granularity);
      if (aEndPage === Math.floor(b.offset / granularity)) out.add(`${me.seq}`);
    }
    live.set(r.id!, me);
  }
  return out;
}
