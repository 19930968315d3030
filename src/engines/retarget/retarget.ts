// `retarget`: replay a capture's buffers and images onto other devices, offline, the way a portable
// replayer would — memory type re-chosen from intent, requirements re-derived for the target, placement
// by a chosen policy — and say per target whether it fits, the per-heap peak against heap size and
// budget, every object that could not be placed (with a reason code, never stopping at the first), and
// why each object got its memory type.

//
// The work is four stages, each its own module: intent (subject.ts: what each object needs, once),
// requirements (requirements.ts: the target driver's answer), placement policy (target.ts: memory
// type and placement per target), verdict (verdict.ts: fits or not, and why). This file drives them
// over the capture's events.

import type { Capture } from '../../model/capture.js';
import type { DeviceProfile } from '../../model/profile.js';
import { findAliasGroups, type AliasGroup } from './alias.js';
import { Subjects, type Subject } from './subject.js';
import { TargetRun, type Clock, type RunContext } from './target.js';
import type { RetargetOptions, RetargetResult, TargetResult } from './types.js';
import { targetResult } from './verdict.js';

export type * from './types.js';

export function retarget(capture: Capture, targets: readonly DeviceProfile[], opts: RetargetOptions = {}): RetargetResult {
  const policy = opts.policy ?? 'vma';
  const explain = opts.explain !== false;
  const cap = capture.profile;
  const events = capture.events;

  // Pass 1: which VkDeviceMemory the host mapped, and each memory's capture type (for flags).
  const mapped = new Set<number>();
  const memType = new Map<number, { type: number; size: number }>();
  for (const e of events) {
    if (e.op === 'map') mapped.add(e.id);
    else if (e.op === 'create' && e.kind === 'deviceMemory' && e.placement) memType.set(e.id, { type: e.placement.memoryType, size: e.size });
  }

  // Verbatim keeps the capture's own memory, aliasing included; the other policies place alias groups whole.
  const aliases = policy === 'verbatim' ? new Map<number, AliasGroup>() : findAliasGroups(events);
  const clock: Clock = { frame: 0, seq: 0 };
  const subjects = new Subjects(cap, mapped);
  const ctx: RunContext = { capture: cap, policy, explain, aliases, subjects, clock };
  const runs = targets.map((profile) => new TargetRun(profile, ctx));

  const names = new Map<number, string>();
  const live = new Map<number, Subject>();
  let ambiguous = 0,
    objects = 0;
  const capHeapLive = (cap?.heaps ?? []).map(() => 0);
  const capHeapPeak = capHeapLive.slice();

  // Pass 2: every target follows the capture's creates and destroys in order.
  for (const e of events) {
    clock.frame = e.frame;
    clock.seq = e.seq;
    switch (e.op) {
      case 'name':
        names.set(e.id, e.name);
        break;
      case 'create': {
        if (e.name !== undefined) names.set(e.id, e.name);
        if (e.kind === 'deviceMemory') {
          const t = e.placement?.memoryType;
          const heap = t !== undefined ? cap?.memoryTypes[t]?.heapIndex : undefined;
          if (heap !== undefined && heap < capHeapLive.length) {
            capHeapLive[heap]! += e.size;
            if (capHeapLive[heap]! > capHeapPeak[heap]!) capHeapPeak[heap] = capHeapLive[heap]!;
          }
          if (policy === 'verbatim' && t !== undefined) {
            const flags = cap?.memoryTypes[t]?.propertyFlags ?? 0;
            for (const r of runs) r.captureMemory(e, t, flags);
          }
          break;
        }
        if (e.kind !== 'buffer' && e.kind !== 'image') break;
        const sub = subjects.take(e);
        if (!sub) break;
        live.set(e.id, sub);
        objects++;
        if (sub.intent.ambiguous) ambiguous++;
        for (const r of runs) r.place(sub);
        break;
      }
      case 'destroy': {
        if (live.delete(e.id)) {
          const group = aliases.get(e.id);
          for (const r of runs) {
            if (group) r.releaseMember(group);
            else r.free(e.id, e.thread);
          }
          break;
        }
        const mem = memType.get(e.id);
        if (!mem) break;
        if (policy === 'verbatim') for (const r of runs) r.run.captureMemory?.('free', e.id, 0, 0, 0);
        const heap = cap?.memoryTypes[mem.type]?.heapIndex;
        if (heap !== undefined && heap < capHeapLive.length) capHeapLive[heap]! -= mem.size;
        break;
      }
      default:
        break;
    }
  }
  for (const r of runs) r.run.finish();

  // Names often arrive after the create (vkSetDebugUtilsObjectNameEXT follows the bind): filled in last, in place.
  const withName = <T extends { object: number; name: string | null }>(x: T): T => {
    (x as { name: string | null }).name = names.get(x.object) ?? x.name;
    return x;
  };
  const results: TargetResult[] = runs.map((r) => targetResult(r, policy, explain, withName));
  return {
    tool: 'vramscope',
    command: 'retarget',
    input: { source: capture.info.source, format: capture.info.format },
    capture: {
      device: cap?.deviceName ?? 'unknown',
      heaps: (cap?.heaps ?? []).map((h, i) => ({ index: i, size: h.size, peak: capHeapPeak[i] ?? 0 })),
    },
    policy,
    objects,
    skipped: { unbound: subjects.unbound, noMemory: subjects.noMemory },
    ambiguous,
    aliasGroups: { groups: new Set([...aliases.values()].map((g) => g.leader)).size, objects: aliases.size },
    targets: results,
    fitsAll: results.every((r) => r.fits),
  };
}

/** Several runs of one capture (one per policy) as one result: targets side by side, device by device. */
export function mergeRetargets(results: readonly RetargetResult[]): RetargetResult {
  if (results.length === 1) return results[0]!;
  const first = results[0]!;
  const targets: TargetResult[] = [];
  for (let i = 0; i < first.targets.length; i++) for (const r of results) targets.push(r.targets[i]!);
  return { ...first, policy: results.map((r) => r.policy).join(','), targets, fitsAll: targets.every((t) => t.fits) };
}
