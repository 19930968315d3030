// The words of the memory map: headers with totals per heap, memory type and pool, block labels,
// the one-line summary, and the hover text of an allocation. Shared by the map and the diff picture.

import { formatBytes } from '../../model/units.js';
import { memoryPropertyNames } from '../../model/profile.js';
import type { Block, Snapshot, Suballocation } from '../../model/snapshot.js';
import { statsOf } from './stats.js';

export function pct(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 100)}%` : '–';
}

export interface Totals {
  blocks: number;
  blockBytes: number;
  allocations: number;
  allocBytes: number;
  free: number;
  dedicated: number;
}

export function totals(blocks: readonly Block[]): Totals {
  const t: Totals = { blocks: 0, blockBytes: 0, allocations: 0, allocBytes: 0, free: 0, dedicated: 0 };
  for (const b of blocks) {
    t.blocks++;
    t.blockBytes += b.size;
    if (b.dedicated) t.dedicated++;
    const x = statsOf(b);
    t.free += x.free;
    t.allocations += x.allocations;
    t.allocBytes += x.allocBytes;
  }
  return t;
}

export function describeSub(s: Suballocation, b: Block): string {
  const kind = s.type === 'free' ? 'free' : s.type.replace('-', ' ');
  const parts = [s.name !== undefined ? `${s.name}` : s.type === 'free' ? 'free range' : '(unnamed)', `${formatBytes(s.size)} (${s.size} B)`, kind];
  if (!b.dedicated) parts.push(`offset ${s.offsetExact ?? s.offset}`);
  else parts.push('dedicated');
  if (s.usage) parts.push(`usage 0x${s.usage.toString(16)}`);
  if (s.customData) parts.push(`user data ${s.customData}`);
  return parts.join(' · ');
}

/** "256 MiB", "1.5 GiB", "48 KiB": labels under 100 px wide. */
export function shortBytes(n: number): string {
  return formatBytes(n, 1).replace('.0 ', ' ');
}

export function blockLabel(b: Block): string {
  return `#${b.id} ${shortBytes(b.size)} ${pct(statsOf(b).allocBytes, b.size)}`;
}

export function heapHeader(s: Snapshot, h: number, blocks: readonly Block[]): string {
  const heap = s.profile.heaps[h];
  const t = totals(blocks);
  const flags = heap && heap.flags & 1 ? 'DEVICE_LOCAL' : 'host';
  const usage = s.heapUsage?.[h];
  const parts = [`Heap ${h} · ${heap ? formatBytes(heap.size) : '?'} ${flags}`];
  parts.push(`${t.blocks} block${t.blocks === 1 ? '' : 's'} ${formatBytes(t.blockBytes)} (${pct(t.blockBytes, heap?.size ?? 0)} of heap)`);
  parts.push(`allocated ${formatBytes(t.allocBytes)} in ${t.allocations} (${pct(t.allocBytes, t.blockBytes)} of blocks)`);
  if (usage?.budget !== undefined) parts.push(`budget ${formatBytes(usage.budget)}${usage.usage !== undefined ? `, usage ${formatBytes(usage.usage)}` : ''}`);
  return parts.join(' · ');
}

export function typeHeader(s: Snapshot, t: number, blocks: readonly Block[]): string {
  const tt = totals(blocks);
  const flags = memoryPropertyNames(s.profile.memoryTypes[t]?.propertyFlags ?? 0);
  return `Memory type ${t} · ${flags} · ${tt.blocks} block${tt.blocks === 1 ? '' : 's'} ${formatBytes(tt.blockBytes)}${tt.dedicated ? ` (${tt.dedicated} dedicated)` : ''} · ${tt.allocations} allocations ${formatBytes(tt.allocBytes)} · ${tt.free} free ranges`;
}

export function poolHeader(s: Snapshot, t: number, key: string, blocks: readonly Block[]): string {
  const tt = totals(blocks);
  const sum = `${tt.blocks} block${tt.blocks === 1 ? '' : 's'} ${formatBytes(tt.blockBytes)}, ${pct(tt.allocBytes, tt.blockBytes)} used`;
  if (key === '') {
    const pref = s.preferredBlockSize?.[t];
    return `Default pool${pref ? ` · preferred block ${formatBytes(pref, 0)}` : ''} · ${sum}`;
  }
  const p = s.pools?.find((x) => x.key === key);
  const algo = p?.algorithm ?? blocks.find((b) => b.algorithm)?.algorithm;
  return `Custom pool "${key}"${algo ? ` (${algo})` : ''}${p?.blockSize ? ` · block size ${formatBytes(p.blockSize, 0)}` : ''} · ${sum}`;
}

export function snapshotSummary(s: Snapshot): string {
  const t = totals(s.blocks);
  let largestFree = 0;
  for (const b of s.blocks) largestFree = Math.max(largestFree, statsOf(b).largestFree);
  return `${t.blocks} blocks ${formatBytes(t.blockBytes)} (${t.dedicated} dedicated) · ${t.allocations} allocations ${formatBytes(t.allocBytes)} (${pct(t.allocBytes, t.blockBytes)}) · ${t.free} free ranges, largest ${formatBytes(largestFree)}`;
}
