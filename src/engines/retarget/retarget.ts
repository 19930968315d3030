// `retarget`: replay a capture's buffers and images onto other devices, offline, the way a portable
// replayer would — memory type re-chosen from intent, requirements re-derived for the target, placement
// by a chosen policy — and say per target whether it fits, the per-heap peak against heap size and
// budget, every object that could not be placed (with a reason code, never stopping at the first), and
// why each object got its memory type.

import type { Capture } from '../../model/capture.js';
import type { CreateEvent } from '../../model/events.js';
import type { MemoryRequirements } from '../../model/objects.js';
import { MemoryHeapFlag, memoryPropertyNames, type DeviceProfile } from '../../model/profile.js';
import { modelRequirements } from '../../devices/requirements.js';
import { candidateTypes, inferIntent, type Intent, type IntentClass } from './intent.js';
import { findAliasGroups, type AliasGroup } from './alias.js';
import { refusesOverHeap, startPolicy, type FailureReason, type PolicyName, type PolicyRun } from './policies.js';

export interface RetargetOptions {
  readonly policy?: PolicyName;
  /** Per-object explanations in the result (default true; the CLI's text view shows them grouped). */
  readonly explain?: boolean;
}

export interface HeapResult {
  readonly index: number;
  readonly size: number;
  readonly deviceLocal: boolean;
  /** VK_EXT_memory_budget's budget when the profile has one, else VMA's estimate (80 % of the heap). */
  readonly budget: number;
  readonly budgetSource: 'device' | 'estimate';
  /** Highest live VkDeviceMemory bytes the policy held in this heap, and where. */
  readonly peak: number;
  readonly peakFrame: number;
  readonly peakSeq: number;
  readonly overBudget: boolean;
  readonly overSize: boolean;
  /** size − peak (negative when over-committed). */
  readonly headroom: number;
  /** At the peak: bytes objects occupied, and the rest (free block space, pool slack, frees not yet carried out). */
  readonly usedAtPeak: number;
  readonly unusedAtPeak: number;
}

export interface Failure {
  readonly object: number;
  readonly handle: string;
  readonly name: string | null;
  readonly kind: string;
  /** Bytes the target requires for it (0 when unknown). */
  readonly size: number;
  readonly frame: number;
  readonly seq: number;
  /** Capture line of the object's create, when the format has lines. */
  readonly line: number;
  readonly reason: FailureReason;
  readonly detail: string;
  readonly memoryType?: number;
  readonly heap?: number;
  readonly intent?: IntentClass;
}

export interface Explanation {
  readonly object: number;
  readonly handle: string;
  readonly name: string | null;
  readonly kind: string;
  readonly size: number;
  readonly captureType: number | null;
  readonly captureFlags: string | null;
  readonly type: number | null;
  readonly flags: string | null;
  readonly intent: IntentClass;
  readonly rule: string;
  readonly ambiguous?: boolean;
  readonly note?: string;
}

export interface RuleGroup {
  readonly rule: string;
  readonly intent: IntentClass;
  readonly captureType: number | null;
  readonly type: number | null;
  readonly count: number;
  readonly bytes: number;
}

export interface TargetResult {
  readonly device: string;
  readonly deviceName: string;
  readonly source: string;
  readonly policy: PolicyName;
  readonly fits: boolean;
  /** One line: why it fits or not. */
  readonly verdict: string;
  readonly heaps: readonly HeapResult[];
  readonly memoryTypes: ReadonlyArray<{ index: number; heap: number; properties: string; objects: number; peak: number }>;
  readonly objects: number;
  readonly placed: number;
  readonly failures: readonly Failure[];
  readonly failureCounts: Readonly<Record<string, number>>;
  /** How requirements were found: the capture's own (same device) or the requirement model. */
  readonly requirements: 'capture' | 'model';
  readonly requirementsGrew: { readonly count: number; readonly bytes: number };
  /** VkDeviceMemory objects the policy made: live at the end, the most at once, and the device's limit. */
  readonly deviceMemory: { readonly allocations: number; readonly peakLive: number; readonly maxMemoryAllocationCount: number };
  /** vma policy: linear/optimal neighbours on one bufferImageGranularity page (what VMA 3.3.0 allows, issue #517). */
  readonly granularityConflicts?: number;
  readonly rules: readonly RuleGroup[];
  readonly explanations?: readonly Explanation[];
}

export interface RetargetResult {
  readonly tool: 'vramscope';
  readonly command: 'retarget';
  readonly input: { readonly source: string; readonly format: string };
  readonly capture: { readonly device: string; readonly heaps: ReadonlyArray<{ index: number; size: number; peak: number }> };
  /** The policy, or several joined by commas when policies are compared (each target names its own). */
  readonly policy: string;
  readonly objects: number;
  /** Buffers/images left out: never bound in the capture (hold no memory) or without any size. */
  readonly skipped: { readonly unbound: number; readonly noMemory: number };
  readonly ambiguous: number;
  /** Resources the capture bound over each other while both were alive: kept together on every target. */
  readonly aliasGroups: { readonly groups: number; readonly objects: number };
  readonly targets: readonly TargetResult[];
  readonly fitsAll: boolean;
}

/** What one capture object needs, computed once and shared by all targets. */
interface Subject {
  readonly create: CreateEvent;
  readonly kind: 'buffer' | 'image';
  readonly intent: Intent;
  readonly usage: number;
  readonly tiling: number;
  readonly captureReq?: MemoryRequirements;
  readonly captureMemoryKey?: number;
  readonly captureOffset?: number;
}

/** Where the replay is: one object shared by every target's tracker, updated once per event. */
interface Clock {
  frame: number;
  seq: number;
}

class HeapTracker {
  readonly live: number[];
  readonly peak: number[];
  readonly peakFrame: number[];
  readonly peakSeq: number[];
  readonly typeLive: number[];
  readonly typePeak: number[];
  allocations = 0;
  liveCount = 0;
  peakCount = 0;
  /** Bytes of placed objects per heap, and that figure at the heap's peak (the rest of the peak is waste). */
  readonly used: number[];
  readonly usedAtPeak: number[];
  constructor(
    p: DeviceProfile,
    private readonly clock: Clock,
  ) {
    this.live = p.heaps.map(() => 0);
    this.peak = p.heaps.map(() => 0);
    this.peakFrame = p.heaps.map(() => 0);
    this.peakSeq = p.heaps.map(() => -1);
    this.typeLive = p.memoryTypes.map(() => 0);
    this.typePeak = p.memoryTypes.map(() => 0);
    this.used = p.heaps.map(() => 0);
    this.usedAtPeak = p.heaps.map(() => 0);
  }
  observe = (op: 'alloc' | 'free', heap: number, type: number, size: number): void => {
    const d = op === 'alloc' ? size : -size;
    if (op === 'alloc') {
      this.allocations++;
      if (++this.liveCount > this.peakCount) this.peakCount = this.liveCount;
    } else this.liveCount--;
    this.live[heap] = (this.live[heap] ?? 0) + d;
    this.typeLive[type] = (this.typeLive[type] ?? 0) + d;
    if (this.live[heap]! > this.peak[heap]!) {
      this.peak[heap] = this.live[heap]!;
      this.peakFrame[heap] = this.clock.frame;
      this.peakSeq[heap] = this.clock.seq;
      // The allocation that set the peak is made for an object not yet counted: placeOn updates this after.
      this.usedAtPeak[heap] = this.used[heap]!;
    }
    if (this.typeLive[type]! > this.typePeak[type]!) this.typePeak[type] = this.typeLive[type]!;
  };
}

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

interface TargetState {
  readonly profile: DeviceProfile;
  readonly run: PolicyRun;
  readonly heaps: HeapTracker;
  readonly sameDevice: boolean;
  /** Placed objects by model id: heap + 1 (0: not placed) and bytes, so frees can be counted per heap. */
  readonly placedHeap: number[];
  readonly placedSize: number[];
  readonly failures: Failure[];
  readonly explanations: Explanation[];
  readonly rules: Map<
    string,
    { rule: string; intent: IntentClass; captureType: number | null; type: number | null; count: number; bytes: number }
  >;
  readonly typeObjects: number[];
  /** Alias groups placed on this target, by leader id: one allocation shared by the members. */
  readonly groups: Map<number, GroupPlacement>;
  /** candidateTypes per (intent, memoryTypeBits): intents are shared objects, so this stays small. */
  readonly candidates: Map<Intent, Map<number, { list: number[]; relaxed: boolean }>>;
  grew: number;
  grewBytes: number;
  objects: number;
}

function sameDevice(a: DeviceProfile | undefined, b: DeviceProfile): boolean {
  if (!a) return false;
  return (
    a.deviceName === b.deviceName &&
    a.vendorID === b.vendorID &&
    a.deviceID === b.deviceID &&
    a.memoryTypes.length === b.memoryTypes.length &&
    a.memoryTypes.every((t, i) => t.propertyFlags === b.memoryTypes[i]!.propertyFlags)
  );
}

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
    else if (e.op === 'create' && e.kind === 'deviceMemory' && e.placement)
      memType.set(e.id, { type: e.placement.memoryType, size: e.size });
  }

  // Verbatim keeps the capture's own memory, aliasing included; the other policies place alias groups whole.
  const aliases = policy === 'verbatim' ? new Map<number, AliasGroup>() : findAliasGroups(events);
  const clock: Clock = { frame: 0, seq: 0 };
  const states: TargetState[] = targets.map((profile) => {
    const heaps = new HeapTracker(profile, clock);
    return {
      profile,
      heaps,
      run: startPolicy(policy, profile, heaps.observe),
      sameDevice: sameDevice(cap, profile),
      placedHeap: [],
      placedSize: [],
      groups: new Map(),
      failures: [],
      explanations: [],
      rules: new Map(),
      typeObjects: profile.memoryTypes.map(() => 0),
      candidates: new Map(),
      grew: 0,
      grewBytes: 0,
      objects: 0,
    };
  });

  const names = new Map<number, string>();
  const intents = new Map<string, Intent>();
  const flagNames = new Map<number, string>();
  const propertyNames = (f: number) => {
    let n = flagNames.get(f);
    if (n === undefined) {
      n = memoryPropertyNames(f);
      flagNames.set(f, n);
    }
    return n;
  };
  const subjects = new Map<number, Subject>();
  /** Subjects of alias-group members, made when the group's first member is placed. */
  const aliasSubjects = new Map<number, Subject>();
  const subjectOf = (m: CreateEvent): Subject | undefined => {
    let sub = aliasSubjects.get(m.id);
    if (!sub) {
      sub = subject(m);
      if (sub) aliasSubjects.set(m.id, sub);
    }
    return sub;
  };
  let unbound = 0,
    noMemory = 0,
    ambiguous = 0,
    objects = 0;
  const capHeapLive = (cap?.heaps ?? []).map(() => 0);
  const capHeapPeak = capHeapLive.slice();

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
            for (const s of states) {
              const r = s.run.captureMemory?.('alloc', e.id, t, e.size, flags);
              if (r && !r.ok) s.failures.push(failure(e, 'deviceMemory', e.size, r.reason, r.detail, r.memoryType, r.heap));
            }
          }
          break;
        }
        if (e.kind !== 'buffer' && e.kind !== 'image') break;
        const sub = aliasSubjects.get(e.id) ?? subject(e);
        if (!sub) break;
        subjects.set(e.id, sub);
        objects++;
        if (sub.intent.ambiguous) ambiguous++;
        for (const s of states) placeOn(s, sub);
        break;
      }
      case 'destroy': {
        const sub = subjects.get(e.id);
        if (sub) {
          subjects.delete(e.id);
          const group = aliases.get(e.id);
          for (const s of states) {
            if (group) {
              releaseMember(s, group);
              continue;
            }
            const heap = s.placedHeap[e.id];
            if (!heap) continue;
            s.placedHeap[e.id] = 0;
            s.heaps.used[heap - 1] = (s.heaps.used[heap - 1] ?? 0) - s.placedSize[e.id]!;
            s.run.free(e.id, e.thread);
          }
          break;
        }
        const mem = memType.get(e.id);
        if (!mem) break;
        if (policy === 'verbatim') for (const s of states) s.run.captureMemory?.('free', e.id, 0, 0, 0);
        const heap = cap?.memoryTypes[mem.type]?.heapIndex;
        if (heap !== undefined && heap < capHeapLive.length) capHeapLive[heap]! -= mem.size;
        break;
      }
      default:
        break;
    }
  }
  for (const s of states) s.run.finish();

  function subject(e: CreateEvent): Subject | undefined {
    const kind = e.kind as 'buffer' | 'image';
    const captureType = e.placement?.memoryType;
    const captureFlags = captureType !== undefined ? cap?.memoryTypes[captureType]?.propertyFlags : e.memoryFlags;
    if (e.placement === undefined && e.memoryFlags === undefined) {
      // Never bound in the capture: it held no memory, so there is nothing to place.
      unbound++;
      return undefined;
    }
    if (!(e.size > 0) && !e.buffer && !e.image) {
      noMemory++;
      return undefined;
    }
    const usage = e.buffer?.usage ?? e.image?.usage ?? 0;
    const tiling = kind === 'buffer' ? 1 : (e.image?.tiling ?? 0);
    const wrote = (e.hostWrites ?? 0) > 0;
    const hostAccessed = (e.placement?.memoryId !== undefined && mapped.has(e.placement.memoryId)) || wrote;
    const hostAccessOwn = wrote || (hostAccessed && e.placement?.dedicated === true);
    // Objects with the same inputs share one Intent (and its rule text): 100 k objects have a few dozen.
    const intentKey = `${kind}|${usage}|${tiling}|${captureType}|${captureFlags}|${hostAccessed}|${hostAccessOwn}`;
    let intent = intents.get(intentKey);
    if (!intent) {
      intent = inferIntent({ kind, usage, tiling, captureType, captureFlags, hostAccessed, hostAccessOwn }, cap);
      intents.set(intentKey, intent);
    }
    return {
      create: e,
      kind,
      intent,
      usage,
      tiling,
      captureReq: e.requirements,
      captureMemoryKey: e.placement?.memoryId,
      captureOffset: e.placement?.offset,
    };
  }

  /**
   * Requirements on the target: the capture's own answer on the capture device; otherwise the model,
   * with lavatube's portability rules (buffers by used size, images at least the capture's size).
   */
  function requirementsOn(s: TargetState, sub: Subject): MemoryRequirements | string {
    const e = sub.create;
    if (s.sameDevice && sub.captureReq) return sub.captureReq;
    const subj = e.buffer
      ? { kind: 'buffer' as const, buffer: e.buffer }
      : e.image
        ? { kind: 'image' as const, image: e.image }
        : undefined;
    const modelled = modelRequirements(s.profile, subj);
    let req: MemoryRequirements;
    if (typeof modelled === 'string') {
      if (!sub.captureReq) return modelled;
      req = { ...sub.captureReq, memoryTypeBits: allTypes(s.profile) };
    } else req = modelled;
    if (sub.kind === 'image' && sub.captureReq && sub.captureReq.size > req.size) req = { ...req, size: sub.captureReq.size };
    if (sub.captureReq?.requiresDedicated) req = { ...req, requiresDedicated: true };
    if (sub.captureReq && req.size > sub.captureReq.size) {
      s.grew++;
      s.grewBytes += req.size - sub.captureReq.size;
    }
    return req;
  }

  function placeOn(s: TargetState, sub: Subject): void {
    const e = sub.create;
    s.objects++;
    const group = aliases.get(e.id);
    if (group) {
      placeMember(s, sub, group);
      return;
    }
    const found = requirementsOn(s, sub);
    if (typeof found === 'string') {
      s.failures.push(failure(e, sub.kind, 0, 'unknown-requirements', found, undefined, undefined, sub.intent.intent));
      return;
    }
    const req = found;
    let byBits = s.candidates.get(sub.intent);
    if (!byBits) {
      byBits = new Map();
      s.candidates.set(sub.intent, byBits);
    }
    let choice = byBits.get(req.memoryTypeBits);
    if (!choice) {
      choice = { list: candidateTypes(s.profile, sub.intent, req.memoryTypeBits), relaxed: false };
      if (!choice.list.length && sub.intent.required) {
        // The target rules the needed flags out for this resource (e.g. NVIDIA keeps optimal images out of
        // host-visible types): place it where it can go and say the app needs a copy, as GFXR's rebind adjusts.
        choice = {
          list: candidateTypes(
            s.profile,
            { ...sub.intent, required: 0, preferred: sub.intent.preferred | sub.intent.required },
            req.memoryTypeBits,
          ),
          relaxed: true,
        };
      }
      byBits.set(req.memoryTypeBits, choice);
    }
    const candidates = choice.list;
    if (candidates.length === 0 && policy !== 'verbatim') {
      const detail = `no target memory type has ${sub.intent.required ? memoryPropertyNames(sub.intent.required) : 'a usable type'} within memoryTypeBits 0x${(req.memoryTypeBits >>> 0).toString(16)} (${sub.intent.rule})`;
      s.failures.push(failure(e, sub.kind, req.size, 'no-compatible-type', detail, undefined, undefined, sub.intent.intent));
      return;
    }
    const r = s.run.place({
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
      s.failures.push(failure(e, sub.kind, req.size, r.reason, r.detail, r.memoryType, r.heap, sub.intent.intent));
      return;
    }
    const heap = s.profile.memoryTypes[r.memoryType]?.heapIndex ?? 0;
    s.placedHeap[e.id] = heap + 1;
    s.placedSize[e.id] = req.size;
    addUsed(s, heap, req.size);
    recordPlacement(
      s,
      sub,
      r.memoryType,
      req.size,
      r.note || choice.relaxed
        ? [
            choice.relaxed
              ? `the target allows no ${propertyNames(sub.intent.required)} type for this ${sub.kind} (memoryTypeBits 0x${(req.memoryTypeBits >>> 0).toString(16)}): placed without it, the app would need a staging copy`
              : '',
            r.note ?? '',
          ]
            .filter(Boolean)
            .join('; ')
        : undefined,
    );
  }

  function addUsed(s: TargetState, heap: number, bytes: number): void {
    s.heaps.used[heap] = (s.heaps.used[heap] ?? 0) + bytes;
    // While the heap's memory stays at its peak, objects bound into it count towards that moment.
    if (bytes > 0 && s.heaps.live[heap] === s.heaps.peak[heap] && s.heaps.used[heap]! > s.heaps.usedAtPeak[heap]!)
      s.heaps.usedAtPeak[heap] = s.heaps.used[heap]!;
  }

  /** Candidate target types for an intent within memoryTypeBits, relaxed when the target rules the needed flags out. */
  function choose(s: TargetState, intent: Intent, bits: number): { list: number[]; relaxed: boolean } {
    let byBits = s.candidates.get(intent);
    if (!byBits) {
      byBits = new Map();
      s.candidates.set(intent, byBits);
    }
    let choice = byBits.get(bits);
    if (!choice) {
      choice = { list: candidateTypes(s.profile, intent, bits), relaxed: false };
      if (!choice.list.length && intent.required)
        choice = {
          list: candidateTypes(s.profile, { ...intent, required: 0, preferred: intent.preferred | intent.required }, bits),
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
  function placeMember(s: TargetState, sub: Subject, group: AliasGroup): void {
    const e = sub.create;
    let g = s.groups.get(group.leader);
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
        const ms = m.id === e.id ? sub : subjectOf(m);
        const req = ms ? requirementsOn(s, ms) : 'no capture placement';
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
        const choice = choose(s, sub.intent, bits >>> 0);
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
          const r = s.run.place({
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
                heap: s.profile.memoryTypes[r.memoryType]?.heapIndex ?? 0,
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
          if (r.ok) addUsed(s, g.heap!, size);
        }
      }
      s.groups.set(group.leader, g);
    }
    if (!g.ok) {
      s.failures.push(failure(e, sub.kind, g.size, g.reason!, g.detail!, undefined, undefined, sub.intent.intent));
      return;
    }
    s.placedHeap[e.id] = g.heap! + 1;
    s.placedSize[e.id] = 0;
    recordPlacement(
      s,
      sub,
      g.memoryType!,
      g.sizes.get(e.id) ?? 0,
      `aliased in the capture with ${group.members.length - 1} other object(s): shares one ${g.size} B allocation on the target, at +${g.offsets.get(e.id) ?? 0}`,
    );
  }

  /** A member is destroyed: the group's allocation goes when its last member does. */
  function releaseMember(s: TargetState, group: AliasGroup): void {
    const g = s.groups.get(group.leader);
    if (!g) return;
    if (--g.remaining > 0) return;
    s.groups.delete(group.leader);
    if (!g.ok) return;
    s.heaps.used[g.heap!] = (s.heaps.used[g.heap!] ?? 0) - g.size;
    s.run.free(group.leader, 0);
  }

  function recordPlacement(s: TargetState, sub: Subject, memoryType: number, bytes: number, note: string | undefined): void {
    const e = sub.create;
    s.typeObjects[memoryType] = (s.typeObjects[memoryType] ?? 0) + 1;
    const rule = policy === 'verbatim' ? `verbatim: capture type ${memoryType} kept` : sub.intent.rule;
    const key = `${rule}\u0000${sub.intent.captureType}\u0000${memoryType}`;
    const g = s.rules.get(key);
    if (g) {
      g.count++;
      g.bytes += bytes;
    } else
      s.rules.set(key, {
        rule,
        intent: sub.intent.intent,
        captureType: sub.intent.captureType ?? null,
        type: memoryType,
        count: 1,
        bytes,
      });
    if (explain) {
      s.explanations.push({
        object: e.id,
        handle: e.handle,
        name: null,
        kind: sub.kind,
        size: bytes,
        captureType: sub.intent.captureType ?? null,
        captureFlags: sub.intent.captureFlags !== undefined ? propertyNames(sub.intent.captureFlags) : null,
        type: memoryType,
        flags: propertyNames(s.profile.memoryTypes[memoryType]?.propertyFlags ?? 0),
        intent: sub.intent.intent,
        rule,
        ...(sub.intent.ambiguous ? { ambiguous: true } : {}),
        ...(note ? { note } : {}),
      });
    }
  }

  // Names often arrive after the create (vkSetDebugUtilsObjectNameEXT follows the bind): filled in last, in place.
  const withName = <T extends { object: number; name: string | null }>(x: T): T => {
    (x as { name: string | null }).name = names.get(x.object) ?? x.name;
    return x;
  };
  const results: TargetResult[] = states.map((s) => {
    const p = s.profile;
    const heaps: HeapResult[] = p.heaps.map((h, i) => {
      const budget = h.budget ?? Math.floor(h.size * 0.8);
      const peak = s.heaps.peak[i] ?? 0;
      return {
        index: i,
        size: h.size,
        deviceLocal: (h.flags & MemoryHeapFlag.DEVICE_LOCAL) !== 0,
        budget,
        budgetSource: h.budget !== undefined ? 'device' : 'estimate',
        peak,
        peakFrame: s.heaps.peakFrame[i] ?? 0,
        peakSeq: s.heaps.peakSeq[i] ?? -1,
        overBudget: peak > budget,
        overSize: peak > h.size,
        headroom: h.size - peak,
        usedAtPeak: s.heaps.usedAtPeak[i] ?? 0,
        unusedAtPeak: Math.max(0, peak - (s.heaps.usedAtPeak[i] ?? 0)),
      };
    });
    const counts: Record<string, number> = {};
    for (const f of s.failures) counts[f.reason] = (counts[f.reason] ?? 0) + 1;
    const over = heaps.filter((h) => h.overSize);
    const fits = s.failures.length === 0 && over.length === 0;
    const verdict = fits
      ? `fits: all ${s.objects} objects placed; ${heaps.map((h) => `heap ${h.index} peak ${pct(h.peak, h.size)} of its size`).join(', ')}${
          heaps.some((h) => h.overBudget)
            ? ' (over budget in ' +
              heaps
                .filter((h) => h.overBudget)
                .map((h) => `heap ${h.index}`)
                .join(', ') +
              ')'
            : ''
        }`
      : [
          s.failures.length
            ? `${s.failures.length} object(s) could not be placed (${Object.entries(counts)
                .map(([r, n]) => `${n} ${r}`)
                .join(', ')})`
            : '',
          ...over.map(
            (h) =>
              `heap ${h.index} needs ${h.peak} B of its ${h.size} B${refusesOverHeap(p) ? '' : ' (this CPU driver over-commits instead of failing, as lavapipe and SwiftShader did in the real runs)'}`,
          ),
        ]
          .filter(Boolean)
          .join('; ')
          .replace(/^/, 'does not fit: ');
    return {
      device: p.name,
      deviceName: p.deviceName,
      source: p.source,
      policy,
      fits,
      verdict,
      heaps,
      memoryTypes: p.memoryTypes.map((t) => ({
        index: t.index,
        heap: t.heapIndex,
        properties: memoryPropertyNames(t.propertyFlags),
        objects: s.typeObjects[t.index] ?? 0,
        peak: s.heaps.typePeak[t.index] ?? 0,
      })),
      objects: s.objects,
      placed: s.objects - s.failures.filter((f) => f.kind !== 'deviceMemory').length,
      failures: s.failures.map(withName),
      failureCounts: counts,
      requirements: s.sameDevice ? 'capture' : 'model',
      requirementsGrew: { count: s.grew, bytes: s.grewBytes },
      deviceMemory: {
        allocations: s.heaps.allocations,
        peakLive: s.heaps.peakCount,
        maxMemoryAllocationCount: p.limits.maxMemoryAllocationCount,
      },
      ...(s.run.granularityConflicts ? { granularityConflicts: s.run.granularityConflicts() } : {}),
      rules: [...s.rules.values()].sort((a, b) => b.bytes - a.bytes),
      ...(explain ? { explanations: s.explanations.map(withName) } : {}),
    };
  });
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
    skipped: { unbound, noMemory },
    ambiguous,
    aliasGroups: { groups: new Set([...aliases.values()].map((g) => g.leader)).size, objects: aliases.size },
    targets: results,
    fitsAll: results.every((r) => r.fits),
  };
}

function failure(
  e: CreateEvent,
  kind: string,
  size: number,
  reason: FailureReason,
  detail: string,
  memoryType?: number,
  heap?: number,
  intent?: IntentClass,
): Failure {
  return {
    object: e.id,
    handle: e.handle,
    name: e.name ?? null,
    kind,
    size,
    frame: e.frame,
    seq: e.seq,
    line: e.line,
    reason,
    detail,
    ...(memoryType !== undefined ? { memoryType } : {}),
    ...(heap !== undefined ? { heap } : {}),
    ...(intent ? { intent } : {}),
  };
}

function allTypes(p: DeviceProfile): number {
  let bits = 0;
  for (const t of p.memoryTypes) bits |= 1 << t.index;
  return bits >>> 0;
}

function pct(a: number, b: number): string {
  return b > 0 ? `${((100 * a) / b).toFixed(1)} %` : 'n/a';
}

/** Several runs of one capture (one per policy) as one result: targets side by side, device by device. */
export function mergeRetargets(results: readonly RetargetResult[]): RetargetResult {
  if (results.length === 1) return results[0]!;
  const first = results[0]!;
  const targets: TargetResult[] = [];
  for (let i = 0; i < first.targets.length; i++) for (const r of results) targets.push(r.targets[i]!);
  return { ...first, policy: results.map((r) => r.policy).join(','), targets, fitsAll: targets.every((t) => t.fits) };
}
