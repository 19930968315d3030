// Alias groups: resources the app bound over each other inside one VkDeviceMemory while both were
// alive (transient render targets, VMA_ALLOCATION_CREATE_CAN_ALIAS_BIT). Placing each on its own would
// count their shared bytes several times and make a target look fuller than the app needs, so
// `retarget` keeps each group in one allocation with the captured relative offsets, as lavatube's
// prepare_alias_groups() does. Ranges that overlap at different times are plain reuse, not aliasing.

import type { CaptureEvent, CreateEvent } from '../../model/events.js';

export interface AliasGroup {
  /** The member created first; the group's allocation is keyed by it. */
  readonly leader: number;
  /** Members in creation order. */
  readonly members: readonly CreateEvent[];
  /** Lowest capture offset of the members: relative offsets are taken from it. */
  readonly base: number;
}

export function findAliasGroups(events: readonly CaptureEvent[]): Map<number, AliasGroup> {
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    for (let y = x; parent.get(y) !== r; ) {
      const n = parent.get(y)!;
      parent.set(y, r);
      y = n;
    }
    return r;
  };
  const creates = new Map<number, CreateEvent>();
  // Live bound ranges per VkDeviceMemory, sorted by offset: [offset, end, id].
  const ranges = new Map<number, number[][]>();
  const where = new Map<number, { mem: number; offset: number }>();
  let any = false;
  for (const e of events) {
    if (e.op === 'create' && e.kind !== 'deviceMemory' && e.placement?.memoryId !== undefined && e.placement.size > 0) {
      const mem = e.placement.memoryId;
      let list = ranges.get(mem);
      if (!list) {
        list = [];
        ranges.set(mem, list);
      }
      const start = e.placement.offset,
        end = start + e.placement.size;
      let lo = 0,
        hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid]![0]! < start) lo = mid + 1;
        else hi = mid;
      }
      const overlaps: number[] = [];
      for (let i = lo - 1; i >= 0 && list[i]![1]! > start; i--) overlaps.push(list[i]![2]!);
      for (let i = lo; i < list.length && list[i]![0]! < end; i++) overlaps.push(list[i]![2]!);
      list.splice(lo, 0, [start, end, e.id]);
      where.set(e.id, { mem, offset: start });
      creates.set(e.id, e);
      if (overlaps.length) {
        any = true;
        if (!parent.has(e.id)) parent.set(e.id, e.id);
        for (const o of overlaps) {
          if (!parent.has(o)) parent.set(o, o);
          const a = find(e.id),
            b = find(o);
          if (a !== b) parent.set(a, b);
        }
      }
    } else if (e.op === 'destroy') {
      const at = where.get(e.id);
      if (!at) continue;
      where.delete(e.id);
      const list = ranges.get(at.mem)!;
      let lo = 0,
        hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid]![0]! < at.offset) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < list.length && list[i]![0] === at.offset; i++)
        if (list[i]![2] === e.id) {
          list.splice(i, 1);
          break;
        }
    }
  }
  const groups = new Map<number, AliasGroup>();
  if (!any) return groups;
  const byRoot = new Map<number, CreateEvent[]>();
  for (const id of parent.keys()) {
    const root = find(id);
    let list = byRoot.get(root);
    if (!list) {
      list = [];
      byRoot.set(root, list);
    }
    list.push(creates.get(id)!);
  }
  for (const members of byRoot.values()) {
    members.sort((a, b) => a.seq - b.seq);
    const group: AliasGroup = { leader: members[0]!.id, members, base: Math.min(...members.map((m) => m.placement!.offset)) };
    for (const m of members) groups.set(m.id, group);
  }
  return groups;
}
