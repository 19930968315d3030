// Retarget, stage 3 — placement policy, one target: each object's memory type chosen from its intent
// within the target's memoryTypeBits, placed by the policy (VMA, lavatube's object pools, or the
// capture verbatim), alias groups kept together, and every allocation and free counted per heap.

import type { CreateEvent } from '../../model/events.js';
import { memoryPropertyNames, type DeviceProfile } from '../../model/profile.js';
import type { AliasGroup } from './alias.js';
import { candidateTypes, type Intent, type IntentClass } from './intent.js';
import { startPolicy, type FailureReason, type PolicyName, type PolicyRun } from './policies.js';
import { requirementsOn } from './requirements.js';
import { EstimateTally } from '../../devices/estimates.js';
import type { Subject, Subjects } from './subject.js';
import type { Explanation, Failure } from './types.js';
import { HeapTracker, type Clock } from './heap-tracker.js';
import { failure, sameDevice } from './failure.js';

export type { Clock } from './heap-tracker.js';

interface GroupPlacement {
  readonly ok: boolean;
  readonly memoryType?: number;
  readonly heap?: number;
  readonly size: number;
  /** Member id → offset within the group's allocation (target alignment applied), and its own size there. */
  readonly offsets: Map<number, number>;
  readonly sizes: Map<number, number>;
  readonly reason?: FailureReason;
  readonly detail?: string;
  remaining: number;
}

/** What every target run shares: the capture's device, the policy, the alias groups and the subjects. */
export interface RunContext {
  readonly capture: DeviceProfile | undefined;
  readonly policy: PolicyName;
  readonly explain: boolean;
  readonly aliases: ReadonlyMap<number, AliasGroup>;
  readonly subjects: Subjects;
  readonly clock: Clock;
}

const flagNames = new Map<number, string>();
function propertyNamesCached(f: number): string {
  let n = flagNames.get(f);
  if (n === undefined) {
    n = memoryPropertyNames(f);
    flagNames.set(f, n);
  }
  return n;
}

export class TargetRun {
  readonly heaps: HeapTracker;
  readonly run: PolicyRun;
  readonly sameDevice: boolean;
  /** Placed objects by model id: heap + 1 (0: not placed) and bytes, so frees can be counted per heap. */
  readonly placedHeap: number[] = [];
  readonly placedSize: number[] = [];
  readonly failures: Failure[] = [];
  readonly explanations: Explanation[] = [];
  readonly rules = new Map<string, { rule: string; intent: IntentClass; captureType: number | null; type: number | null; count: number; bytes: number }>();
  readonly typeObjects: number[];
  /** Alias groups placed on this target, by leader id: one allocation shared by the members. */
  readonly groups = new Map<number, GroupPlacement>();
  /** candidateTypes per (intent, memoryTypeBits): intents are shared objects, so this stays small. */
  readonly candidates = new Map<Intent, Map<number, { list: number[]; relaxed: boolean }>>();
  grew = 0;
  grewBytes = 0;
  readonly estimates = new EstimateTally();
  objects = 0;
  private readonly policy: PolicyName;
  private readonly explain: boolean;
  private readonly aliases: ReadonlyMap<number, AliasGroup>;
  private readonly subjects: Subjects;
  private readonly propertyNames = propertyNamesCached;

  constructor(
    readonly profile: DeviceProfile,
    ctx: RunContext,
  ) {
    this.policy = ctx.policy;
    this.explain = ctx.explain;
    this.aliases = ctx.aliases;
    this.subjects = ctx.subjects;
    this.heaps = new HeapTracker(profile, ctx.clock);
    this.run = startPolicy(ctx.policy, profile, this.heaps.observe);
    this.sameDevice = sameDevice(ctx.capture, profile);
    this.typeObjects = profile.memoryTypes.map(() => 0);
  }

  /** A VkDeviceMemory of the capture, kept as is (verbatim policy). */
  captureMemory(e: CreateEvent, memoryType: number, flags: number): void {
    const r = this.run.captureMemory?.('alloc', e.id, memoryType, e.size, flags);
    if (r && !r.ok) this.failures.push(failure(e, 'deviceMemory', e.size, r.reason, r.detail, r.memoryType, r.heap));
  }

  /** A placed buffer or image is destroyed (alias-group members go through releaseMember). */
  free(id: number, thread: number): void {
    const heap = this.placedHeap[id];
    if (!heap) return;
    this.placedHeap[id] = 0;
    this.heaps.used[heap - 1] = (this.heaps.used[heap - 1] ?? 0) - this.placedSize[id]!;
    this.run.free(id, thread);
  }

  place(sub: Subject): void {
    const e = sub.create;
    this.objects++;
    const group = this.aliases.get(e.id);
    if (group) {
      this.placeMember(sub, group);
      return;
    }
    const found = requirementsOn(this, sub);
    if (typeof found === 'string') {
      this.failures.push(failure(e, sub.kind, 0, 'unknown-requirements', found, undefined, undefined, sub.intent.intent));
      return;
    }
    const req = found;
    const choice = this.choose(sub.intent, req.memoryTypeBits);
    const candidates = choice.list;
    if (candidates.length === 0 && this.policy !== 'verbatim') {
      const detail = `no target memory type has ${sub.intent.required ? memoryPropertyNames(sub.intent.required) : 'a usable type'} within memoryTypeBits 0x${(req.memoryTypeBits >>> 0).toString(16)} (${sub.intent.rule})`;
      this.failures.push(failure(e, sub.kind, req.size, 'no-compatible-type', detail, undefined, undefined, sub.intent.intent));
      return;
    }
    const r = this.run.place({
      key: e.id,
      kind: sub.kind,
      thread: e.thread,
      size: req.size,
      alignment: req.alignment || 1,
      memoryTypeBits: req.memoryTypeBits,
      prefersDedicated: req.prefersDedicated,
      requiresDedicated: req.requiresDedicated,
      tiling: sub.tiling,
      usage: sub.usage,
      candidates,
      requiredFlags: sub.intent.required,
      preferredFlags: sub.intent.preferred,
      capture:
        sub.captureMemoryKey !== undefined && sub.captureOffset !== undefined && e.placement
          ? { memoryKey: sub.captureMemoryKey, memoryType: e.placement.memoryType, offset: sub.captureOffset }
          : undefined,
    });
    if (!r.ok) {
      this.failures.push(failure(e, sub.kind, req.size, r.reason, r.detail, r.memoryType, r.heap, sub.intent.intent));
      return;
    }
    const heap = this.profile.memoryTypes[r.memoryType]?.heapIndex ?? 0;
    this.placedHeap[e.id] = heap + 1;
    this.placedSize[e.id] = req.size;
    this.addUsed(heap, req.size);
    this.recordPlacement(
      sub,
      r.memoryType,
      req.size,
      r.note || choice.relaxed
        ? [
            choice.relaxed
              ? `the target allows no ${this.propertyNames(sub.intent.required)} type for this ${sub.kind} (memoryTypeBits 0x${(req.memoryTypeBits >>> 0).toString(16)}): placed without it, the app would need a staging copy`
              : '',
            r.note ?? '',
          ]
            .filter(Boolean)
            .join('; ')
        : undefined,
    );
  }

  private addUsed(heap: number, bytes: number): void {
    this.heaps.used[heap] = (this.heaps.used[heap] ?? 0) + bytes;
    // While the heap's memory stays at its peak, objects bound into it count towards that moment.
    if (bytes > 0 && this.heaps.live[heap] === this.heaps.peak[heap] && this.heaps.used[heap]! > this.heaps.usedAtPeak[heap]!)
      this.heaps.usedAtPeak[heap] = this.heaps.used[heap]!;
  }

  /**
   * Candidate target types for an intent within memoryTypeBits, relaxed when the target rules the
   * needed flags out (e.g. NVIDIA keeps optimal images out of host-visible types): the object is then
   * placed where it can go and the note says the app needs a copy, as GFXReconstruct's rebind adjusts.
   */
  private choose(intent: Intent, bits: number): { list: number[]; relaxed: boolean } {
    let byBits = this.candidates.get(intent);
    if (!byBits) {
      byBits = new Map();
      this.candidates.set(intent, byBits);
    }
    let choice = byBits.get(bits);
    if (!choice) {
      choice = { list: candidateTypes(this.profile, intent, bits), relaxed: false };
      if (!choice.list.length && intent.required)
        choice = {
          list: candidateTypes(this.profile, { ...intent, required: 0, preferred: intent.preferred | intent.required }, bits),
          relaxed: true,
        };
      byBits.set(bits, choice);
    }
    return choice;
  }

  /**
   * A member of an alias group: the first one created places the whole group (every member's target
   * requirements at the captured relative offsets, aligned up); the others take their place in it.
   */
  private placeMember(sub: Subject, group: AliasGroup): void {
    const e = sub.create;
    let g = this.groups.get(group.leader);
    if (!g) {
      const offsets = new Map<number, number>();
      const sizes = new Map<number, number>();
      let size = 0,
        alignment = 1,
        bits = 0xffffffff,
        prefers = false,
        requires = false,
        problem: string | undefined;
      for (const m of group.members) {
        const ms = m.id === e.id ? sub : this.subjects.member(m);
        const req = ms ? requirementsOn(this, ms) : 'no capture placement';
        if (typeof req === 'string') {
          problem = `member ${m.name ?? m.handle}: ${req}`;
          break;
        }
        const at = Math.ceil((m.placement!.offset - group.base) / (req.alignment || 1)) * (req.alignment || 1);
        offsets.set(m.id, at);
        sizes.set(m.id, req.size);
        size = Math.max(size, at + req.size);
        alignment = Math.max(alignment, req.alignment || 1);
        bits &= req.memoryTypeBits;
        prefers ||= req.prefersDedicated === true;
        requires ||= req.requiresDedicated === true;
      }
      const label = `alias group of ${group.members.length} objects (bound over each other in one VkDeviceMemory while alive)`;
      if (problem)
        g = {
          ok: false,
          size: 0,
          offsets,
          sizes,
          reason: 'unknown-requirements',
          detail: `${label}: ${problem}`,
          remaining: group.members.length,
        };
      else {
        const choice = this.choose(sub.intent, bits >>> 0);
        if (!choice.list.length)
          g = {
            ok: false,
            size,
            offsets,
            sizes,
            reason: 'no-compatible-type',
            detail: `${label}: no target memory type allowed for every member (memoryTypeBits 0x${(bits >>> 0).toString(16)})`,
            remaining: group.members.length,
          };
        else {
          const r = this.run.place({
            key: group.leader,
            kind: sub.kind,
            thread: e.thread,
            size,
            alignment,
            memoryTypeBits: bits >>> 0,
            prefersDedicated: prefers,
            requiresDedicated: requires,
            tiling: sub.tiling,
            usage: sub.usage,
            candidates: choice.list,
            requiredFlags: sub.intent.required,
            preferredFlags: sub.intent.preferred,
          });
          g = r.ok
            ? {
                ok: true,
                memoryType: r.memoryType,
                heap: this.profile.memoryTypes[r.memoryType]?.heapIndex ?? 0,
                size,
                offsets,
                sizes,
                remaining: group.members.length,
              }
            : {
                ok: false,
                size,
                offsets,
                sizes,
                reason: r.reason,
                detail: `${label}, ${size} B together: ${r.detail}`,
                remaining: group.members.length,
              };
          if (r.ok) this.addUsed(g.heap!, size);
        }
      }
      this.groups.set(group.leader, g);
    }
    if (!g.ok) {
      this.failures.push(failure(e, sub.kind, g.size, g.reason!, g.detail!, undefined, undefined, sub.intent.intent));
      return;
    }
    this.placedHeap[e.id] = g.heap! + 1;
    this.placedSize[e.id] = 0;
    this.recordPlacement(
      sub,
      g.memoryType!,
      g.sizes.get(e.id) ?? 0,
      `aliased in the capture with ${group.members.length - 1} other object(s): shares one ${g.size} B allocation on the target, at +${g.offsets.get(e.id) ?? 0}`,
    );
  }

  /** A member is destroyed: the group's allocation goes when its last member does. */
  releaseMember(group: AliasGroup): void {
    const g = this.groups.get(group.leader);
    if (!g) return;
    if (--g.remaining > 0) return;
    this.groups.delete(group.leader);
    if (!g.ok) return;
    this.heaps.used[g.heap!] = (this.heaps.used[g.heap!] ?? 0) - g.size;
    this.run.free(group.leader, 0);
  }

  private recordPlacement(sub: Subject, memoryType: number, bytes: number, note: string | undefined): void {
    const e = sub.create;
    this.typeObjects[memoryType] = (this.typeObjects[memoryType] ?? 0) + 1;
    const rule = this.policy === 'verbatim' ? `verbatim: capture type ${memoryType} kept` : sub.intent.rule;
    const key = `${rule}\u0000${sub.intent.captureType}\u0000${memoryType}`;
    const g = this.rules.get(key);
    if (g) {
      g.count++;
      g.bytes += bytes;
    } else
      this.rules.set(key, {
        rule,
        intent: sub.intent.intent,
        captureType: sub.intent.captureType ?? null,
        type: memoryType,
        count: 1,
        bytes,
      });
    if (this.explain) {
      this.explanations.push({
        object: e.id,
        handle: e.handle,
        name: null,
        kind: sub.kind,
        size: bytes,
        captureType: sub.intent.captureType ?? null,
        captureFlags: sub.intent.captureFlags !== undefined ? this.propertyNames(sub.intent.captureFlags) : null,
        type: memoryType,
        flags: this.propertyNames(this.profile.memoryTypes[memoryType]?.propertyFlags ?? 0),
        intent: sub.intent.intent,
        rule,
        ...(sub.intent.ambiguous ? { ambiguous: true } : {}),
        ...(note ? { note } : {}),
      });
    }
  }
}
