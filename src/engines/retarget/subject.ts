// Retarget, stage 1 — intent: what each captured buffer or image needs, independent of any target:
// its usage and tiling, the capture's requirements and placement, and the Intent (required and
// preferred memory properties, with the rule that gave them) inferred from how the app used it.
// Computed once per object and shared by every target.

import type { CreateEvent } from '../../model/events.js';
import type { MemoryRequirements } from '../../model/objects.js';
import type { DeviceProfile } from '../../model/profile.js';
import { inferIntent, type Intent } from './intent.js';

/** What one capture object needs, computed once and shared by all targets. */
export interface Subject {
  readonly create: CreateEvent;
  readonly kind: 'buffer' | 'image';
  readonly intent: Intent;
  readonly usage: number;
  readonly tiling: number;
  readonly captureReq?: MemoryRequirements;
  readonly captureMemoryKey?: number;
  readonly captureOffset?: number;
}

export class Subjects {
  /** Objects never bound in the capture: they held no memory, so there is nothing to place. */
  unbound = 0;
  /** Objects of size 0 with no create info. */
  noMemory = 0;
  /** Objects with the same inputs share one Intent (and its rule text): 100 k objects have a few dozen. */
  private readonly intents = new Map<string, Intent>();
  /** Subjects of alias-group members, made when the group's first member is placed. */
  private readonly members = new Map<number, Subject>();

  constructor(
    private readonly cap: DeviceProfile | undefined,
    /** VkDeviceMemory ids the host mapped. */
    private readonly mapped: ReadonlySet<number>,
  ) {}

  /** The subject of a create, reusing the one made early for an alias-group member. */
  take(e: CreateEvent): Subject | undefined {
    return this.members.get(e.id) ?? this.of(e);
  }

  /** The subject of an alias-group member, made once even when asked before its create. */
  member(m: CreateEvent): Subject | undefined {
    let sub = this.members.get(m.id);
    if (!sub) {
      sub = this.of(m);
      if (sub) this.members.set(m.id, sub);
    }
    return sub;
  }

  of(e: CreateEvent): Subject | undefined {
    const kind = e.kind as 'buffer' | 'image';
    const captureType = e.placement?.memoryType;
    const captureFlags = captureType !== undefined ? this.cap?.memoryTypes[captureType]?.propertyFlags : e.memoryFlags;
    if (e.placement === undefined && e.memoryFlags === undefined) {
      // Never bound in the capture: it held no memory, so there is nothing to place.
      this.unbound++;
      return undefined;
    }
    if (!(e.size > 0) && !e.buffer && !e.image) {
      this.noMemory++;
      return undefined;
    }
    const usage = e.buffer?.usage ?? e.image?.usage ?? 0;
    const tiling = kind === 'buffer' ? 1 : (e.image?.tiling ?? 0);
    const wrote = (e.hostWrites ?? 0) > 0;
    const hostAccessed = (e.placement?.memoryId !== undefined && this.mapped.has(e.placement.memoryId)) || wrote;
    const hostAccessOwn = wrote || (hostAccessed && e.placement?.dedicated === true);
    // Objects with the same inputs share one Intent (and its rule text): 100 k objects have a few dozen.
    const intentKey = `${kind}|${usage}|${tiling}|${captureType}|${captureFlags}|${hostAccessed}|${hostAccessOwn}`;
    let intent = this.intents.get(intentKey);
    if (!intent) {
      intent = inferIntent({ kind, usage, tiling, captureType, captureFlags, hostAccessed, hostAccessOwn }, this.cap);
      this.intents.set(intentKey, intent);
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
}
